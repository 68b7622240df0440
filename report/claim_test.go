package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// claimLedger has n months (from 2025-01) of one marketplace payment and
// one storefront sale each; work is logged on a stream's payment day when
// the worked function says so.
func claimLedger(n int, mkWorked, sfWorked func(m int) bool) report.Input {
	var events []ledger.Event
	var sessions []ledger.WorkSession
	start := day("2025-01-15")
	for m := 0; m < n; m++ {
		d := start + ledger.Date(m*30)
		mk := ledger.Event{Date: d, Stream: "upwork/acme", Kind: ledger.KindFixed, Amount: 100000 + int64(m)*1000, Currency: "USD"}
		sf := ledger.Event{Date: d, Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 20000 + int64(m)*500, Currency: "USD"}
		events = append(events, mk, sf)
		if mkWorked(m) {
			sessions = append(sessions, ledger.WorkSession{Stream: "upwork/acme", Start: int64(d) * 86400, Seconds: 3600})
		}
		if sfWorked(m) {
			sessions = append(sessions, ledger.WorkSession{Stream: "etsy/shop", Start: int64(d) * 86400, Seconds: 3600})
		}
	}
	return input(events, sessions)
}

func always(int) bool   { return true }
func never(int) bool    { return false }
func oneIn3(m int) bool { return m%3 != 0 }

func TestClaimVerdicts(t *testing.T) {
	tests := []struct {
		name    string
		in      report.Input
		opt     report.ClaimOptions
		verdict string
		line    string
	}{
		{"marketplace worked, storefront never", claimLedger(8, always, never), report.ClaimOptions{}, report.VerdictSupported,
			"verdict: supported: marketplace share at most 0.1000 (95% interval up to 0.0000) and storefront share at least 0.2000 (95% interval from 1.0000)"},
		{"marketplace income without work", claimLedger(8, never, never), report.ClaimOptions{}, report.VerdictContradicted,
			"verdict: contradicted: marketplace share is above 0.1000 (95% interval from 1.0000)"},
		{"storefront always worked", claimLedger(8, always, always), report.ClaimOptions{}, report.VerdictContradicted,
			"verdict: contradicted: storefront share is below 0.2000 (95% interval up to 0.0000)"},
		{"too few months", claimLedger(3, always, never), report.ClaimOptions{}, report.VerdictInconclusive,
			"verdict: inconclusive: about 3 more months of marketplace income (6 in all); about 3 more months of storefront income (6 in all)"},
		{"a lower floor settles it", claimLedger(3, always, never), report.ClaimOptions{MinMonths: 3}, report.VerdictSupported, ""},
		{"a noisy marketplace share", claimLedger(12, oneIn3, never), report.ClaimOptions{MarketplaceMax: 0.3, Rule: report.Rule{Name: "window", WindowDays: 7}}, report.VerdictInconclusive,
			"verdict: inconclusive: about"},
		{"no storefront at all", claimLedger(8, always, never), report.ClaimOptions{Currency: "eur"}, report.VerdictInconclusive,
			"verdict: inconclusive: about 6 more months of marketplace income (6 in all); about 6 more months of storefront income (6 in all)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := report.Claim(tt.in, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s (%s)", r.Verdict, tt.verdict, r.VerdictLine())
			}
			if !strings.HasPrefix(r.VerdictLine(), tt.line) {
				t.Errorf("line = %q, want prefix %q", r.VerdictLine(), tt.line)
			}
		})
	}
}

func TestClaimFigures(t *testing.T) {
	// Marketplace worked in months 1,2,4,5,...: months 0,3,6,9 are passive.
	r, err := report.Claim(claimLedger(12, oneIn3, never), report.ClaimOptions{MarketplaceMax: 0.3, Rule: report.Rule{Name: "window", WindowDays: 7}})
	if err != nil {
		t.Fatal(err)
	}
	mk := r.Marketplace
	// income = sum of 100000+1000m for m<12 = 1266000; passive m=0,3,6,9: 418000.
	if mk.Income != 1266000 || mk.Passive != 418000 || mk.Events != 12 || mk.Months != 12 {
		t.Fatalf("marketplace = %+v", mk)
	}
	if got := mk.Share.StringFixed(4); got != "0.3302" {
		t.Errorf("share = %s, want 0.3302", got)
	}
	if !(mk.Low.LessThan(mk.Share) && mk.High.GreaterThan(mk.Share)) {
		t.Errorf("interval %s..%s does not surround %s", mk.Low, mk.High, mk.Share)
	}
	if mk.NeededMonths <= mk.Months {
		t.Errorf("needed months %d, want more than %d", mk.NeededMonths, mk.Months)
	}
}

func TestClaimReproducible(t *testing.T) {
	out := func() string {
		r, err := report.Claim(claimLedger(12, oneIn3, oneIn3), report.ClaimOptions{Sweep: true})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteTable(&b, report.TableOptions{}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	first := out()
	for range 3 {
		if again := out(); again != first {
			t.Fatalf("output differs run to run:\n%s\n---\n%s", first, again)
		}
	}
}

func TestClaimSweepMovesWithWindow(t *testing.T) {
	// Marketplace work 10 days before each payment: passive at windows
	// under 10 days, active from 14 days up.
	var events []ledger.Event
	var sessions []ledger.WorkSession
	for m := 0; m < 8; m++ {
		d := day("2025-01-15") + ledger.Date(m*30)
		events = append(events, ledger.Event{Date: d, Stream: "upwork/acme", Kind: ledger.KindFixed, Amount: 1000, Currency: "USD"},
			ledger.Event{Date: d, Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 1000, Currency: "USD"})
		sessions = append(sessions, ledger.WorkSession{Stream: "upwork/acme", Start: int64(d-10) * 86400, Seconds: 3600})
	}
	r, err := report.Claim(input(events, sessions), report.ClaimOptions{Sweep: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{0: "contradicted", 7: "contradicted", 14: "supported", 30: "supported", 180: "supported"}
	for _, p := range r.Sweep {
		if w, ok := want[p.WindowDays]; ok && p.Verdict != w {
			t.Errorf("window %d: verdict %s, want %s", p.WindowDays, p.Verdict, w)
		}
	}
	if len(r.Sweep) != len(report.SweepWindows) {
		t.Errorf("sweep has %d points", len(r.Sweep))
	}
}

func TestClaimBadOptions(t *testing.T) {
	tests := []struct {
		opt  report.ClaimOptions
		want string
	}{
		{report.ClaimOptions{MarketplaceMax: 1.5}, "marketplace maximum share of 1.5 is out of range"},
		{report.ClaimOptions{StorefrontMin: -0.2}, "storefront minimum share of -0.2 is out of range"},
		{report.ClaimOptions{MinMonths: -1}, "-1 months"},
		{report.ClaimOptions{Currency: "dollars"}, `"dollars" is not an ISO 4217 currency code`},
	}
	for _, tt := range tests {
		_, err := report.Claim(input(nil, nil), tt.opt)
		if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Claim(%+v) error = %v, want EINVALID with %q", tt.opt, err, tt.want)
		}
	}
}

// A refund of a passive January sale, booked in a month with only active
// income, must not drag the interval below zero.
func TestClaimIntervalWithinZeroAndOne(t *testing.T) {
	var evs []ledger.Event
	var sessions []ledger.WorkSession
	id := uint64(0)
	add := func(d ledger.Date, s ledger.Stream, k ledger.Kind, amt int64, ref, link string) {
		id++
		evs = append(evs, ledger.Event{ID: id, Date: d, Stream: s, Kind: k, Amount: amt, Currency: "USD", Ref: ref, Link: link})
	}
	// Jan: a passive sale; Feb: an active sale and a refund of January's
	// sale; Mar: a passive sale on another stream. A resample of February
	// alone has passive -5 of income 55.
	add(ledger.NewDate(2026, 1, 20), "etsy/shop", ledger.KindSale, 4000, "o1", "")
	add(ledger.NewDate(2026, 2, 20), "etsy/shop", ledger.KindSale, 6000, "", "")
	sessions = append(sessions, ledger.WorkSession{ID: 1, Stream: "etsy/shop", Start: int64(ledger.NewDate(2026, 2, 18)) * 86400, Seconds: 3600})
	add(ledger.NewDate(2026, 2, 22), "etsy/shop", ledger.KindRefund, -500, "", "o1")
	add(ledger.NewDate(2026, 3, 3), "gumroad/icons", ledger.KindSale, 2500, "", "")
	in := report.Input{Events: func(fn func(*ledger.Event) error) error {
		for i := range evs {
			e := evs[i]
			if err := fn(&e); err != nil {
				return err
			}
		}
		return nil
	}, Sessions: report.Sessions(sessions)}
	rep, err := report.Claim(in, report.ClaimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []report.ClassResult{rep.Marketplace, rep.Storefront} {
		if c.Low.IsNegative() || c.High.GreaterThan(decimal.NewFromInt(1)) || c.Low.GreaterThan(c.High) {
			t.Errorf("%s interval [%s, %s] is not within [0, 1]", c.Class, c.Low, c.High)
		}
	}
}
