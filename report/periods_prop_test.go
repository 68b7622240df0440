package report_test

import (
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

type periodSum struct {
	period     int
	group, cur string
}

func periodSums(t *rapid.T, in report.Input, opt report.PeriodOptions) map[periodSum]report.Figures {
	r, err := report.Periods(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	out := map[periodSum]report.Figures{}
	for _, row := range r.Rows {
		k := periodSum{row.Period, row.Group, row.Currency}
		if _, dup := out[k]; dup {
			t.Fatalf("%s: two rows for %v", opt.Period, k)
		}
		out[k] = row.Figures
	}
	return out
}

func addFig(m map[periodSum]report.Figures, k periodSum, f report.Figures) {
	s := m[k]
	s.Income += f.Income
	s.Fees += f.Fees
	s.Passive += f.Passive
	s.Seconds += f.Seconds
	m[k] = s
}

// rollUp sums finer rows into the coarser period that holds each.
func rollUp(fine map[periodSum]report.Figures, c ledger.Calendar, from, to ledger.PeriodKind) map[periodSum]report.Figures {
	out := map[periodSum]report.Figures{}
	for k, f := range fine {
		first, _ := c.PeriodBounds(from, k.period)
		addFig(out, periodSum{c.PeriodIndex(to, first), k.group, k.cur}, f)
	}
	return out
}

func sameSums(t *rapid.T, what string, got, want map[periodSum]report.Figures) {
	for k, w := range want {
		if got[k] != w {
			t.Fatalf("%s: %v is %+v, want %+v", what, k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && g != (report.Figures{}) {
			t.Fatalf("%s: %v is %+v, want no row", what, k, g)
		}
	}
}

// TestPropPeriodsAddUp: for every fiscal start, months add up to quarters
// and quarters to years exactly; the month rows are report monthly's rows;
// and every kind of period (weeks too) adds up to report monthly's totals
// per currency and group, with or without bounds.
func TestPropPeriodsAddUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		// Spread the ledger over three years, so that fiscal years cross.
		for i := range events {
			events[i].Date += ledger.Date(rapid.IntRange(0, 2).Draw(t, "year") * 365)
			if events[i].Billed > 0 {
				events[i].PeriodEnd = events[i].Date - 2
				events[i].PeriodStart = events[i].PeriodEnd - 6
			}
		}
		in := input(events, sessions)
		cal := ledger.Calendar{FiscalStart: time.Month(rapid.IntRange(1, 12).Draw(t, "fiscalStart"))}
		by := rapid.SampledFrom([]string{report.ByNone, report.ByStream, report.ByClass}).Draw(t, "by")
		opt := report.PeriodOptions{Rule: genRule(t), Calendar: cal, By: by}
		if rapid.Bool().Draw(t, "bounded") {
			opt.From = genBase + ledger.Date(rapid.IntRange(0, 400).Draw(t, "from"))
			opt.To = opt.From + ledger.Date(rapid.IntRange(0, 400).Draw(t, "span"))
		}
		opt.Compare = rapid.Bool().Draw(t, "compare")
		sums := map[ledger.PeriodKind]map[periodSum]report.Figures{}
		for _, k := range []ledger.PeriodKind{ledger.PeriodWeek, ledger.PeriodMonth, ledger.PeriodQuarter, ledger.PeriodYear} {
			o := opt
			o.Period = k
			sums[k] = periodSums(t, in, o)
		}
		sameSums(t, "months to quarters", rollUp(sums[ledger.PeriodMonth], cal, ledger.PeriodMonth, ledger.PeriodQuarter), sums[ledger.PeriodQuarter])
		sameSums(t, "quarters to years", rollUp(sums[ledger.PeriodQuarter], cal, ledger.PeriodQuarter, ledger.PeriodYear), sums[ledger.PeriodYear])

		mr, err := report.Monthly(in, report.MonthlyOptions{Rule: opt.Rule, By: by, From: opt.From, To: opt.To})
		if err != nil {
			t.Fatal(err)
		}
		monthly := map[periodSum]report.Figures{}
		total := map[periodSum]report.Figures{}
		for _, r := range mr.Rows {
			monthly[periodSum{r.Month, r.Group, r.Currency}] = r.Figures
			addFig(total, periodSum{0, r.Group, r.Currency}, r.Figures)
		}
		sameSums(t, "month rows against report monthly", sums[ledger.PeriodMonth], monthly)
		for k, s := range sums {
			tot := map[periodSum]report.Figures{}
			for p, f := range s {
				addFig(tot, periodSum{0, p.group, p.cur}, f)
			}
			sameSums(t, k.String()+" totals against report monthly", tot, total)
		}
	})
}

// TestPropPeriodsCompare: a row's previous and year-ago figures are the
// rows of those periods in an unbounded report.
func TestPropPeriodsCompare(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		in := input(events, sessions)
		kind := rapid.SampledFrom([]ledger.PeriodKind{ledger.PeriodWeek, ledger.PeriodMonth, ledger.PeriodQuarter}).Draw(t, "kind")
		cal := ledger.Calendar{FiscalStart: time.Month(rapid.IntRange(1, 12).Draw(t, "fiscalStart"))}
		all := periodSums(t, in, report.PeriodOptions{Period: kind, Calendar: cal})
		from := genBase + ledger.Date(rapid.IntRange(0, 200).Draw(t, "from"))
		r, err := report.Periods(in, report.PeriodOptions{Period: kind, Calendar: cal, From: from, Compare: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range r.Rows {
			if want := all[periodSum{row.Period - 1, "", row.Currency}]; row.Previous != want {
				t.Fatalf("%s %s: previous %+v, want %+v", r.Label(row), row.Currency, row.Previous, want)
			}
			if j, ok := cal.YearAgo(kind, row.Period); ok != row.HasYearAgo || (ok && row.YearAgo != all[periodSum{j, "", row.Currency}]) {
				t.Fatalf("%s %s: year ago %+v", r.Label(row), row.Currency, row.YearAgo)
			}
		}
	})
}
