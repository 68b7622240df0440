package report_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// BenchmarkPeriods: report periods --period quarter --by stream --compare on
// the 100k-event ledger of BenchmarkMonthly.
func BenchmarkPeriods(b *testing.B) {
	in := bigLedger(100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Periods(in, report.PeriodOptions{Period: ledger.PeriodQuarter, By: report.ByStream, Compare: true}); err != nil {
			b.Fatal(err)
		}
	}
}
