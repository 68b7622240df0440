package report_test

import (
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// manySales streams n sales of amount on one storefront stream, one a day
// from 2020, without holding them.
func manySales(n int, amount int64) report.Input {
	return report.Input{
		Events: func(fn func(*ledger.Event) error) error {
			var e ledger.Event
			for i := 0; i < n; i++ {
				e = ledger.Event{ID: uint64(i + 1), Date: day("2020-01-01") + ledger.Date(i%2000), Stream: "etsy/s",
					Kind: ledger.KindSale, Amount: amount, Currency: "USD"}
				if err := fn(&e); err != nil {
					return err
				}
			}
			return nil
		},
		Sessions: report.Sessions(nil),
		Today:    day("2026-03-01"),
	}
}

// 922,340 sales of 100,000,000,000.00 once summed to
// -92,233,440,737,095,516.16: every report now refuses to print a sum that
// would wrap, naming the currency, with a runtime error (exit 1).
func TestReportsRefuseOverflow(t *testing.T) {
	in := manySales(922_340, ledger.MaxMinor)
	check := func(name string, err error) {
		t.Helper()
		if err == nil || ledger.ErrorCode(err) != ledger.EINTERNAL || !strings.Contains(err.Error(), "USD") || !strings.Contains(err.Error(), "92233720368547758.07") {
			t.Errorf("%s of 922,340 sales of 100,000,000,000.00: %v; want a runtime error naming USD and the limit", name, err)
		}
	}
	_, err := report.Monthly(in, report.MonthlyOptions{})
	check("monthly", err)
	_, err = report.Streams(in, report.StreamsOptions{})
	check("streams", err)
	_, err = report.Claim(in, report.ClaimOptions{})
	check("claim", err)

	// One sale fewer than wraps still adds up exactly.
	r, err := report.Monthly(manySales(922_337, ledger.MaxMinor), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tot := r.Totals()
	if len(tot) != 1 || tot[0].Income != 922_337*ledger.MaxMinor {
		t.Errorf("922,337 sales: totals %+v; want income %d", tot, int64(922_337*ledger.MaxMinor))
	}
}
