package report

import (
	"math"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

// Rows whose net (income + fees) or active income (income - passive) would
// wrap, or whose currency total would, are refused; rows that fit exactly
// at the limits are not.
func TestCheckMonthly(t *testing.T) {
	const top = math.MaxInt64
	row := func(cur string, f Figures) MonthlyRow { return MonthlyRow{Currency: cur, Figures: f} }
	for _, c := range []struct {
		name string
		rows []MonthlyRow
		ok   bool
	}{
		{"fits", []MonthlyRow{row("USD", Figures{Income: top, Passive: top}), row("EUR", Figures{Income: top})}, true},
		{"net wraps", []MonthlyRow{row("USD", Figures{Income: -top, Fees: -2})}, false},
		{"active wraps", []MonthlyRow{row("USD", Figures{Income: top/2 + 1, Passive: -(top/2 + 1)})}, false},
		{"active of MinInt64", []MonthlyRow{row("USD", Figures{Income: 0, Passive: math.MinInt64})}, false},
		{"total wraps", []MonthlyRow{row("USD", Figures{Income: top}), row("USD", Figures{Income: 1})}, false},
		{"totals are per currency", []MonthlyRow{row("EUR", Figures{Income: top}), row("USD", Figures{Income: top})}, true},
		{"total of fees wraps", []MonthlyRow{row("USD", Figures{Fees: -top}), row("USD", Figures{Fees: -top})}, false},
	} {
		err := checkMonthly(&MonthlyReport{Rows: c.rows})
		if (err == nil) != c.ok || (err != nil && ledger.ErrorCode(err) != ledger.EINTERNAL) {
			t.Errorf("%s: %v; want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestSumsAdd(t *testing.T) {
	var s sums
	v := int64(math.MaxInt64 - 1)
	s.add(&v, 1, 0)
	if s.bad || v != math.MaxInt64 {
		t.Fatalf("MaxInt64-1 + 1 = %d, bad %v", v, s.bad)
	}
	s.add(&v, 1, 3)
	s.add(&v, -5, 4)
	if !s.bad || s.cur != 3 {
		t.Errorf("MaxInt64 + 1: bad %v, cur %d; want the first overflow noted, in currency 3", s.bad, s.cur)
	}
}
