package report_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// bigLedger generates a ledger of n events and n/5 sessions over 200
// streams and five years, reproducibly.
func bigLedger(n int) report.Input {
	rng := rand.New(rand.NewPCG(1, 2))
	streams := make([]ledger.Stream, 200)
	for i := range streams {
		p := []string{"upwork", "etsy", "gumroad", "shopify", "misc"}[i%5]
		streams[i] = ledger.Stream(fmt.Sprintf("%s/s%d", p, i))
	}
	base := day("2021-01-01")
	events := make([]ledger.Event, n)
	for i := range events {
		e := &events[i]
		e.ID = uint64(i + 1)
		e.Stream = streams[rng.IntN(len(streams))]
		e.Date = base + ledger.Date(rng.IntN(5*365))
		e.Currency = "USD"
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
	}
	sessions := make([]ledger.WorkSession, n/5)
	for i := range sessions {
		sessions[i] = ledger.WorkSession{
			ID: uint64(i + 1), Stream: streams[rng.IntN(len(streams))],
			Start: int64(base+ledger.Date(rng.IntN(5*365)))*86400 + int64(rng.IntN(86400)), HasTime: true,
			Seconds: int64(600 + rng.IntN(8*3600)),
		}
	}
	return input(events, sessions)
}

func BenchmarkMonthly(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Monthly(in, report.MonthlyOptions{By: report.ByStream}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMonthlySinceLast(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Monthly(in, report.MonthlyOptions{Rule: report.Rule{Name: report.RuleSinceLast}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClaim(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Claim(in, report.ClaimOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStreams(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Streams(in, report.StreamsOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHours(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Hours(in, report.HoursOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvents is report events on the same ledger: every income event
// judged with its reason and evidence (the engine keeps each session and
// billing period to name them).
func BenchmarkEvents(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Events(in, report.EventsOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
