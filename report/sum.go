package report

import (
	"math"

	"github.com/earnlog/earnlog/ledger"
)

// Sums of money are int64 minor units. One amount is at most
// ledger.MaxMinor (10^13), so a sum of fewer than 922,337 amounts cannot
// wrap; a ledger with more amounts near that bound could, and a wrapped sum
// is money silently wrong (922,340 sales of 100,000,000,000.00 once read
// as -92,233,440,737,095,516.16). Every report therefore adds money with
// sums, which notes the first sum that would not fit; the report then fails
// with overflowError (exit 1: the command and the ledger are valid, but
// their figures exceed what earnlog can add) instead of printing it.
// Hours are not checked: a session is at most 1000 hours, and it would take
// 2.5 trillion of them to wrap.

// sums is an overflow-checked adder shared by one report's accumulations.
type sums struct {
	bad bool
	cur int32 // the currency index of the first sum that did not fit
}

// add adds v to *dst, or notes the overflow (leaving *dst as it was).
func (s *sums) add(dst *int64, v int64, cur int32) {
	c, ok := ledger.AddMinor(*dst, v)
	if !ok {
		if !s.bad {
			s.bad, s.cur = true, cur
		}
		return
	}
	*dst = c
}

// err is overflowError for the currency of the first overflow, or nil.
func (s *sums) err(g *engine) error {
	if !s.bad {
		return nil
	}
	cur := ""
	if s.cur >= 0 && int(s.cur) < len(g.currencies) {
		cur = g.currencies[s.cur]
	}
	return overflowError(cur)
}

// overflowError says that a sum in cur would not fit, and what to do.
func overflowError(cur string) error {
	if cur == "" {
		cur = "one currency"
	}
	return ledger.Errorf(ledger.EINTERNAL, "the figures in %s add up beyond what earnlog can sum (%s): the ledger holds more or larger amounts than any real income; report a shorter span with --from and --to, or void the records that are wrong",
		cur, ledger.FormatAmount(math.MaxInt64, cur)+" "+cur)
}

// fits reports whether the figures derived from f (net income and active
// income) fit as well.
func (f Figures) fits() bool {
	if _, ok := ledger.AddMinor(f.Income, f.Fees); !ok {
		return false
	}
	if f.Passive == math.MinInt64 {
		return false
	}
	_, ok := ledger.AddMinor(f.Income, -f.Passive)
	return ok
}

// addChecked is add that reports whether every sum fitted; on false, f is
// left partly added and must not be shown.
func (f *Figures) addChecked(o Figures) bool {
	var s sums
	s.add(&f.Income, o.Income, 0)
	s.add(&f.Fees, o.Fees, 0)
	s.add(&f.Passive, o.Passive, 0)
	f.Seconds += o.Seconds
	return !s.bad && f.fits()
}

// checkMonthly fails when a row, or the total of a currency, would wrap:
// Totals and the renderers then add without checking again.
func checkMonthly(r *MonthlyReport) error {
	var tot Figures
	for i, row := range r.Rows {
		if i == 0 || r.Rows[i-1].Currency != row.Currency {
			tot = Figures{}
		}
		if !row.fits() || !tot.addChecked(row.Figures) {
			return overflowError(row.Currency)
		}
	}
	return nil
}
