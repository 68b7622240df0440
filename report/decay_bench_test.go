package report_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// stoppingLedger is n events and n/5 sessions over 200 streams and five
// years, as bigLedger, except that the work on every other storefront
// stream stops on a day in its second to fourth year and its sales then
// thin out with a half-life of 30 to 360 days: decay and runway have 40
// residual curves to fit and bootstrap.
func stoppingLedger(n int) report.Input {
	rng := rand.New(rand.NewPCG(3, 4))
	streams := make([]ledger.Stream, 200)
	stop := make([]int, 200) // the day work stops; 0 = never
	half := make([]float64, 200)
	for i := range streams {
		p := []string{"upwork", "etsy", "gumroad", "shopify", "misc"}[i%5]
		streams[i] = ledger.Stream(fmt.Sprintf("%s/s%d", p, i))
		if (p == "etsy" || p == "gumroad" || p == "shopify") && i%2 == 0 {
			stop[i] = 365 + rng.IntN(3*365)
			half[i] = float64(30 + rng.IntN(331))
		}
	}
	base := day("2021-01-01")
	events := make([]ledger.Event, 0, n)
	for i := 0; len(events) < n; i++ {
		si := rng.IntN(len(streams))
		d := rng.IntN(5 * 365)
		if s := stop[si]; s > 0 && d > s && rng.Float64() >= math.Exp2(-float64(d-s)/half[si]) {
			continue
		}
		e := ledger.Event{ID: uint64(len(events) + 1), Stream: streams[si], Date: base + ledger.Date(d), Currency: "USD"}
		if i%10 == 0 {
			e.Currency = "EUR"
		}
		switch r := rng.IntN(20); {
		case r < 2:
			e.Kind, e.Amount = ledger.KindFee, -int64(rng.IntN(1000))
		case r < 3:
			e.Kind, e.Amount, e.Link = ledger.KindRefund, -int64(rng.IntN(5000)), fmt.Sprintf("o%d", rng.IntN(n))
		case r < 6 && e.Stream.Platform() == "upwork":
			e.Kind, e.Amount = ledger.KindHourly, int64(rng.IntN(100000))
			e.Billed, e.PeriodStart, e.PeriodEnd = int64(rng.IntN(40*3600)), e.Date-13, e.Date-7
		default:
			e.Kind, e.Amount = ledger.KindSale, int64(rng.IntN(10000))
		}
		e.Ref = fmt.Sprintf("o%d", i)
		events = append(events, e)
	}
	sessions := make([]ledger.WorkSession, 0, n/5)
	for len(sessions) < n/5 {
		si := rng.IntN(len(streams))
		d := rng.IntN(5 * 365)
		if stop[si] > 0 && d > stop[si] {
			continue
		}
		sessions = append(sessions, ledger.WorkSession{
			ID: uint64(len(sessions) + 1), Stream: streams[si],
			Start: int64(base+ledger.Date(d))*86400 + int64(rng.IntN(86400)), HasTime: true,
			Seconds: int64(600 + rng.IntN(8*3600)),
		})
	}
	return input(events, sessions)
}

// BenchmarkEstimates runs report monthly, decay and runway on the same
// 1M-event ledger in one run, so that their times compare (-benchtime 3x
// is plenty: each takes about a second).
func BenchmarkEstimates(b *testing.B) {
	in := stoppingLedger(1_000_000)
	b.Run("monthly", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.Monthly(in, report.MonthlyOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decay", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.Decay(in, report.DecayOptions{ByStream: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("runway", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.Runway(in, report.RunwayOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestStoppingLedgerHasCurves keeps the benchmark honest: its ledger has
// stopped streams with fitted curves.
func TestStoppingLedgerHasCurves(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20k events")
	}
	r, err := report.Decay(stoppingLedger(20_000), report.DecayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fitted := 0
	for _, c := range r.Curves {
		if c.HasFit {
			fitted++
		}
	}
	if fitted < 20 {
		t.Errorf("%d fitted curves, want 20 or more", fitted)
	}
}
