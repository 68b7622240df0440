package ledger

import (
	"fmt"
	"strings"
	"time"
)

// PeriodKind is the length of a reporting period.
type PeriodKind int8

// The periods a report can be cut into. Weeks are ISO weeks (Monday to
// Sunday, numbered in the ISO week-numbering year); quarters and years follow
// the fiscal year of a Calendar.
const (
	PeriodMonth PeriodKind = iota
	PeriodWeek
	PeriodQuarter
	PeriodYear
)

// String is the period's name as --period takes it.
func (k PeriodKind) String() string {
	switch k {
	case PeriodWeek:
		return "week"
	case PeriodQuarter:
		return "quarter"
	case PeriodYear:
		return "year"
	}
	return "month"
}

// PerYear is how many periods of the kind a year holds (weeks: 52; an ISO
// year of 53 weeks is the exception a comparison has to check).
func (k PeriodKind) PerYear() int {
	switch k {
	case PeriodWeek:
		return 52
	case PeriodQuarter:
		return 4
	case PeriodYear:
		return 1
	}
	return 12
}

// ParsePeriodKind reads a --period value.
func ParsePeriodKind(s string) (PeriodKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "week", "weekly", "w":
		return PeriodWeek, nil
	case "month", "monthly", "m", "":
		return PeriodMonth, nil
	case "quarter", "quarterly", "q":
		return PeriodQuarter, nil
	case "year", "yearly", "y":
		return PeriodYear, nil
	}
	return 0, Errorf(EINVALID, "%q is not a period: use week, month, quarter or year", s)
}

// Calendar says where years start. The zero Calendar is the calendar year.
//
// A fiscal year is named after the calendar year it starts in: with a fiscal
// year starting in April, "2025" runs from 2025-04-01 to 2026-03-31 and
// "2025-Q1" is April to June 2025. Months and ISO weeks do not depend on it.
type Calendar struct {
	// FiscalStart is the month (1-12) the year starts in; 0 means January.
	FiscalStart time.Month
}

func (c Calendar) start() int {
	if c.FiscalStart < 1 || c.FiscalStart > 12 {
		return 0
	}
	return int(c.FiscalStart) - 1
}

// ParseFiscalStart reads a fiscal-year start month: 1-12, 01-12 or an
// English month name or its first three letters.
func ParseFiscalStart(s string) (time.Month, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if n, ok := fixedDigits(t); ok && len(t) >= 1 && len(t) <= 2 && n >= 1 && n <= 12 {
		return time.Month(n), nil
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if t == name || (len(t) == 3 && t == name[:3]) {
			return m, nil
		}
	}
	return 0, Errorf(EINVALID, "%q is not a month to start the fiscal year: use 01 to 12 (04 for April) or a month name", s)
}

// floorDivInt is floor(a/b) for b > 0.
func floorDivInt(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// PeriodIndex numbers the period of kind k that d falls in. Indexes are
// dense and ordered: the next period has the next index.
//
//	month:   year*12 + month - 1 (as Date.MonthIndex)
//	quarter: fiscal year*4 + quarter - 1
//	year:    the fiscal year
//	week:    weeks since the Monday 1969-12-29
func (c Calendar) PeriodIndex(k PeriodKind, d Date) int {
	switch k {
	case PeriodWeek:
		return floorDivInt(int(d)+3, 7)
	case PeriodQuarter:
		return floorDivInt(d.MonthIndex()-c.start(), 3)
	case PeriodYear:
		return floorDivInt(d.MonthIndex()-c.start(), 12)
	}
	return d.MonthIndex()
}

// monthStart is the first day of a MonthIndex.
func monthStart(mi int) Date { return civilDays(floorDivInt(mi, 12), mi-floorDivInt(mi, 12)*12+1, 1) }

// PeriodBounds returns the first and last day of period i of kind k.
func (c Calendar) PeriodBounds(k PeriodKind, i int) (first, last Date) {
	switch k {
	case PeriodWeek:
		first = Date(i*7 - 3)
		return first, first + 6
	case PeriodQuarter:
		mi := i*3 + c.start()
		return monthStart(mi), monthStart(mi+3) - 1
	case PeriodYear:
		mi := i*12 + c.start()
		return monthStart(mi), monthStart(mi+12) - 1
	}
	return monthStart(i), monthStart(i+1) - 1
}

// isoWeek returns the ISO year and week number of the week with index i.
func isoWeek(i int) (year, week int) {
	thu := Date(i*7 - 3 + 3)
	year = thu.Time().Year()
	jan1 := civilDays(year, 1, 1)
	return year, int(thu-jan1)/7 + 1
}

// PeriodLabel names period i of kind k: 2025-W14, 2025-04, 2025-Q2, 2025.
func (c Calendar) PeriodLabel(k PeriodKind, i int) string {
	switch k {
	case PeriodWeek:
		y, w := isoWeek(i)
		return fmt.Sprintf("%04d-W%02d", y, w)
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", floorDivInt(i, 4), i-floorDivInt(i, 4)*4+1)
	case PeriodYear:
		return fmt.Sprintf("%04d", i)
	}
	return MonthString(i)
}

// YearAgo returns the index of the same period a year before period i, and
// false when there is none (week 53 of a year whose previous year had 52).
func (c Calendar) YearAgo(k PeriodKind, i int) (int, bool) {
	if k != PeriodWeek {
		return i - k.PerYear(), true
	}
	y, w := isoWeek(i)
	for _, j := range []int{i - 52, i - 53} {
		if py, pw := isoWeek(j); py == y-1 && pw == w {
			return j, true
		}
	}
	return 0, false
}

// boundForms are the accepted report bounds, quoted in every bound error.
const boundForms = "YYYY, YYYY-Qn, YYYY-Wnn, YYYY-MM, " + dateForms

// ParseBound reads a report bound as a person types it and returns the first
// and last day it covers: a year (2025), a quarter (2025-Q2), an ISO week
// (2025-W14), a month (2025-04), or a single day (anything ParseDate
// accepts). Years and quarters are fiscal ones of c. A --from bound takes
// first, a --to bound takes last.
func (c Calendar) ParseBound(s string, today Date) (first, last Date, err error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	bad := func() (Date, Date, error) {
		return 0, 0, Errorf(EINVALID, "%q is not a period or date: use %s", s, boundForms)
	}
	inRange := func(y int) bool { return y >= 1970 && y <= 2999 }
	switch {
	case len(t) == 4:
		y, ok := fixedDigits(t)
		if !ok || !inRange(y) {
			return bad()
		}
		first, last = clampBound(c.PeriodBounds(PeriodYear, y))
		return first, last, nil
	case len(t) == 7 && t[4] == '-' && t[5] == 'Q':
		y, ok1 := fixedDigits(t[:4])
		q, ok2 := fixedDigits(t[6:])
		if !ok1 || !ok2 || !inRange(y) || q < 1 || q > 4 {
			return bad()
		}
		first, last = clampBound(c.PeriodBounds(PeriodQuarter, y*4+q-1))
		return first, last, nil
	case len(t) == 8 && t[4] == '-' && t[5] == 'W':
		y, ok1 := fixedDigits(t[:4])
		w, ok2 := fixedDigits(t[6:])
		if !ok1 || !ok2 || !inRange(y) || w < 1 || w > 53 {
			return bad()
		}
		// Week 1 is the week with the year's first Thursday, so the one
		// holding January 4.
		i := c.PeriodIndex(PeriodWeek, civilDays(y, 1, 4)) + w - 1
		if gy, gw := isoWeek(i); gy != y || gw != w {
			return 0, 0, Errorf(EINVALID, "%q is not a week: %d has %d ISO weeks", s, y, w-1)
		}
		first, last = c.PeriodBounds(PeriodWeek, i)
		return first, last, nil
	case len(t) == 7 && t[4] == '-':
		y, ok1 := fixedDigits(t[:4])
		m, ok2 := fixedDigits(t[5:])
		if !ok1 || !ok2 || y < 1970 || y > 2999 || m < 1 || m > 12 {
			return bad()
		}
		first, last = c.PeriodBounds(PeriodMonth, y*12+m-1)
		return first, last, nil
	}
	d, err := ParseDate(s, today)
	if err != nil {
		return bad()
	}
	return d, d, nil
}

// lastDate is the last day a ledger date may be.
var lastDate = civilDays(2999, 12, 31)

// clampBound keeps a period that runs past the last date a ledger holds to
// that date (a fiscal 2999 ends in 3000).
func clampBound(first, last Date) (Date, Date) { return first, min(last, lastDate) }
