package ledger

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// AddRatesOptions are the choices of adding rates to a ledger.
type AddRatesOptions struct {
	// Replace lets a rate replace the stored rate of its pair and day when
	// the two differ; without it, such a difference refuses the whole set.
	Replace bool
}

// RatesAdded is what adding a set of rates did.
type RatesAdded struct {
	Added, Present, Replaced int
	First, Last              Date     // the dates of the set; valid when it is not empty
	Pairs                    []string // "EUR/USD", in order
}

// Summary says it in one line: "12 new, 3 already present (2 pairs, 2025-03-03..2025-03-14)".
func (r RatesAdded) Summary() string {
	s := itoa(r.Added) + " new, " + itoa(r.Present) + " already present"
	if r.Replaced > 0 {
		s += ", " + itoa(r.Replaced) + " replaced"
	}
	if len(r.Pairs) > 0 {
		pairs := "1 pair"
		if len(r.Pairs) > 1 {
			pairs = itoa(len(r.Pairs)) + " pairs"
		}
		s += " (" + pairs + ", " + r.First.String() + ".." + r.Last.String() + ")"
	}
	return s
}

// AddRates stores a set of rates, as one import: a rate equal to the stored
// one of its pair and day is already present (importing a file twice adds
// nothing); one that differs is refused, naming both, unless opt.Replace.
// Two rates of one pair and day within the set must agree. The caller runs
// it in one transaction, so a refusal writes nothing.
func AddRates(s RateStore, rates []Rate, opt AddRatesOptions) (RatesAdded, error) {
	var out RatesAdded
	sorted := slices.Clone(rates)
	// Key order: the store appends instead of inserting.
	slices.SortStableFunc(sorted, func(a, b Rate) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To), cmp.Compare(a.Date, b.Date))
	})
	for i := range sorted {
		r := &sorted[i]
		if err := r.Validate(); err != nil {
			return RatesAdded{}, err
		}
		if i > 0 {
			p := &sorted[i-1]
			if p.From == r.From && p.To == r.To && p.Date == r.Date {
				if !p.Value.Equal(r.Value) {
					return RatesAdded{}, Errorf(EINVALID, "two %s→%s rates for %s disagree: %s and %s; give one rate per pair and day", r.From, r.To, r.Date, FormatRate(p.Value), FormatRate(r.Value))
				}
				out.Present++
				continue
			}
		}
		if len(out.Pairs) == 0 || out.Pairs[len(out.Pairs)-1] != Pair(r.From, r.To) {
			out.Pairs = append(out.Pairs, Pair(r.From, r.To))
		}
		if out.Added+out.Present+out.Replaced == 0 || r.Date < out.First {
			out.First = r.Date
		}
		if r.Date > out.Last {
			out.Last = r.Date
		}
		old, err := s.Rate(r.From, r.To, r.Date)
		if err != nil {
			return RatesAdded{}, err
		}
		switch {
		case old == nil:
			out.Added++
		case old.Value.Equal(r.Value):
			out.Present++
			continue
		case !opt.Replace:
			return RatesAdded{}, Errorf(EINVALID, "the ledger has %s→%s %s for %s (from %s), and this says %s: give --replace to replace stored rates, or leave the rate out",
				r.From, r.To, FormatRate(old.Value), r.Date, sourceName(old.Source), FormatRate(r.Value))
		default:
			out.Replaced++
		}
		if err := s.SetRate(r); err != nil {
			return RatesAdded{}, err
		}
	}
	return out, nil
}

func sourceName(s string) string {
	if s == "" {
		return "no source"
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
