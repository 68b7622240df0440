package report_test

import (
	"math"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// Periods and the dashboard add money with the same overflow check as
// Monthly: two sales that add up past int64 are refused, never wrapped.
func TestPeriodsAndDashboardRefuseOverflow(t *testing.T) {
	big := int64(math.MaxInt64/2 + 1)
	events := []ledger.Event{
		ev(1, "2026-03-10", "etsy/shop", ledger.KindSale, big),
		ev(2, "2026-03-10", "etsy/shop", ledger.KindSale, big),
	}
	if _, err := report.Monthly(input(events, nil), report.MonthlyOptions{}); err == nil {
		t.Fatal("monthly added past int64 without a word")
	}
	for _, k := range []ledger.PeriodKind{ledger.PeriodWeek, ledger.PeriodMonth, ledger.PeriodQuarter, ledger.PeriodYear} {
		if _, err := report.Periods(input(events, nil), report.PeriodOptions{Period: k}); err == nil || ledger.ErrorCode(err) != ledger.EINTERNAL {
			t.Errorf("periods %v: %v; want the overflow refused", k, err)
		}
	}
	if _, err := report.Dashboard(input(events, nil), report.DashboardOptions{}); err == nil || ledger.ErrorCode(err) != ledger.EINTERNAL {
		t.Errorf("dashboard: %v; want the overflow refused", err)
	}
}
