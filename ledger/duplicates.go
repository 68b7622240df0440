package ledger

import "sort"

// PaymentAccounts are the platforms that hold money paid through them for
// other platforms: a Ko-fi tip or a Gumroad payout shows up in PayPal too.
var PaymentAccounts = map[string]bool{"paypal": true, "stripe": true, "wise": true, "payoneer": true}

// DuplicateWindow is how many days apart the two records of one payment may
// be dated: a payment account books a payment a day or two after the
// platform that took it.
const DuplicateWindow = 3

// DuplicatePair is two income events that may be the same money: equal
// amount and currency, at most DuplicateWindow days apart, on two platforms
// of which one is a payment account.
type DuplicatePair struct {
	A, B Event
}

// LikelyDuplicates returns the pairs among events (voided ones and
// non-income ignored) that may be the same money recorded from two files
// without a shared transaction ID, in date order of their first event. A
// person decides, and voids one of each real pair.
func LikelyDuplicates(events []Event) []DuplicatePair {
	type key struct {
		cur    string
		amount int64
	}
	groups := map[key][]Event{}
	for _, e := range events {
		if e.Voided || !e.Kind.IsIncome() {
			continue
		}
		k := key{e.Currency, e.Amount}
		groups[k] = append(groups[k], e)
	}
	var out []DuplicatePair
	for _, g := range groups {
		sort.Slice(g, func(i, j int) bool {
			if g[i].Date != g[j].Date {
				return g[i].Date < g[j].Date
			}
			return g[i].ID < g[j].ID
		})
		for i := range g {
			for j := i + 1; j < len(g) && g[j].Date-g[i].Date <= DuplicateWindow; j++ {
				pa, pb := g[i].Stream.Platform(), g[j].Stream.Platform()
				if pa != pb && (PaymentAccounts[pa] || PaymentAccounts[pb]) {
					out = append(out, DuplicatePair{A: g[i], B: g[j]})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A.Date != out[j].A.Date {
			return out[i].A.Date < out[j].A.Date
		}
		if out[i].A.ID != out[j].A.ID {
			return out[i].A.ID < out[j].A.ID
		}
		return out[i].B.ID < out[j].B.ID
	})
	return out
}
