package report_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"github.com/shopspring/decimal"
)

// valueLedger is bigLedger with a third of its events in USD, a third in
// EUR and a third in GBP, and a daily history of ECB-style rates (working
// days, every rate against the euro) over its five years: valuing in USD
// converts EUR directly and GBP through the euro.
func valueLedger(n int) (report.Input, *ledger.RateTable) {
	in := bigLedger(n)
	var events []ledger.Event
	_ = in.Events(func(e *ledger.Event) error {
		x := *e
		x.Currency = [...]string{"USD", "EUR", "GBP"}[x.ID%3]
		events = append(events, x)
		return nil
	})
	var sessions []ledger.WorkSession
	_ = in.Sessions(func(w *ledger.WorkSession) error { sessions = append(sessions, *w); return nil })
	var rates []ledger.Rate
	for d, i := day("2020-12-28"), int64(0); d <= day("2026-01-10"); d, i = d+1, i+1 {
		if wd := (int(d) + 4) % 7; wd == 0 || wd == 6 { // 1970-01-01 was a Thursday
			continue
		}
		rates = append(rates,
			ledger.Rate{Date: d, From: "EUR", To: "USD", Value: decimal.New(10500+i%700, -4)},
			ledger.Rate{Date: d, From: "EUR", To: "GBP", Value: decimal.New(83000+i%3000, -5)},
			ledger.Rate{Date: d, From: "EUR", To: "JPY", Value: decimal.New(15000+i%2000, -2)})
	}
	return input(events, sessions), ledger.NewRateTable(rates)
}

// BenchmarkMonthlyValue compares report monthly with and without --value
// USD on the same ledger, in the same run: the target is at most 1.3x.
func BenchmarkMonthlyValue(b *testing.B) {
	in, rates := valueLedger(100_000)
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.Monthly(in, report.MonthlyOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("valued", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			// A command builds its valuer (and its cache) once per run.
			v, err := report.NewValuer(report.Valuation{Currency: "USD", Rates: rates, MaxAge: ledger.DefaultMaxRateAge})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := report.Monthly(v.Input(in), report.MonthlyOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMonthlyValueRatio runs the two reports in turn in every
// iteration, so that a busy machine slows both alike, and reports the ratio
// of their total times (valued/plain), by the wall clock and by the CPU
// time the process used (which other processes on the machine disturb
// less).
func BenchmarkMonthlyValueRatio(b *testing.B) { benchValueRatio(b, 100_000) }

// BenchmarkMonthlyValueRatio1M is the same on a million events (a few
// hundred megabytes of ledger in memory, a minute or more): it runs only
// with EARNLOG_BENCH_1M=1, so that make bench stays quick.
func BenchmarkMonthlyValueRatio1M(b *testing.B) {
	if os.Getenv("EARNLOG_BENCH_1M") == "" {
		b.Skip("set EARNLOG_BENCH_1M=1 to run on a million events")
	}
	benchValueRatio(b, 1_000_000)
}

func benchValueRatio(b *testing.B, n int) {
	in, rates := valueLedger(n)
	var plain, valued, plainCPU, valuedCPU time.Duration
	for b.Loop() {
		runtime.GC()
		t0, c0 := time.Now(), cpuTime()
		if _, err := report.Monthly(in, report.MonthlyOptions{}); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		t1, c1 := time.Now(), cpuTime()
		v, _ := report.NewValuer(report.Valuation{Currency: "USD", Rates: rates, MaxAge: ledger.DefaultMaxRateAge})
		if _, err := report.Monthly(v.Input(in), report.MonthlyOptions{}); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		plain += t1.Sub(t0)
		valued += time.Since(t1)
		plainCPU += c1 - c0
		valuedCPU += cpuTime() - c1
	}
	b.ReportMetric(float64(valued)/float64(plain), "wall-valued/plain")
	b.ReportMetric(float64(valuedCPU)/float64(plainCPU), "cpu-valued/plain")
	b.ReportMetric(float64(plain.Microseconds())/1000/float64(b.N), "plain-ms/op")
	b.ReportMetric(float64(valued.Microseconds())/1000/float64(b.N), "valued-ms/op")
}

// The valued benchmark ledger values without a refusal (a weekend is at
// most 3 days from a Friday's rate), and its rows stay in one currency.
func TestValueLedgerValues(t *testing.T) {
	in, rates := valueLedger(3000)
	v, _ := report.NewValuer(report.Valuation{Currency: "USD", Rates: rates, MaxAge: ledger.DefaultMaxRateAge})
	r, err := report.Monthly(v.Input(in), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tot := r.Totals(); len(tot) != 1 || tot[0].Currency != "USD" {
		t.Errorf("totals: %+v", tot)
	}
	s := v.Summary()
	if len(s.Pairs) != 2 || s.Pairs[1].Routes[0] != "via EUR" || s.Pairs[0].MaxAge > 3 {
		t.Errorf("summary: %+v", s)
	}
}
