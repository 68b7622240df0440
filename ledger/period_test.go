package ledger_test

import (
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// Every day from 1970 to 2999 lies in the period its index names, the
// periods follow one another without gaps, and weeks agree with the time
// package's ISO weeks.
func TestPeriodsEveryDay(t *testing.T) {
	kinds := []ledger.PeriodKind{ledger.PeriodWeek, ledger.PeriodMonth, ledger.PeriodQuarter, ledger.PeriodYear}
	for fs := time.January; fs <= time.December; fs++ {
		c := ledger.Calendar{FiscalStart: fs}
		for _, k := range kinds {
			first := ledger.NewDate(1970, 1, 1)
			prev := c.PeriodIndex(k, first)
			for d := first; d <= ledger.NewDate(2100, 12, 31); d++ {
				i := c.PeriodIndex(k, d)
				if i != prev && i != prev+1 {
					t.Fatalf("fiscal %v %v: %s has index %d after %d", fs, k, d, i, prev)
				}
				a, b := c.PeriodBounds(k, i)
				if d < a || d > b {
					t.Fatalf("fiscal %v %v: %s is not in period %d (%s..%s)", fs, k, d, i, a, b)
				}
				if i != prev && a != d {
					t.Fatalf("fiscal %v %v: period %d starts %s, not on its first day %s", fs, k, i, a, d)
				}
				prev = i
			}
		}
	}
	c := ledger.Calendar{}
	for d := ledger.NewDate(1970, 1, 1); d <= ledger.NewDate(2999, 12, 31); d++ {
		y, w := d.Time().ISOWeek()
		i := c.PeriodIndex(ledger.PeriodWeek, d)
		if got := c.PeriodLabel(ledger.PeriodWeek, i); got != isoLabel(y, w) {
			t.Fatalf("%s: label %s, time says %s", d, got, isoLabel(y, w))
		}
		if a, _ := c.PeriodBounds(ledger.PeriodWeek, i); a.Time().Weekday() != time.Monday {
			t.Fatalf("%s: week starts on %s", d, a.Time().Weekday())
		}
	}
}

func isoLabel(y, w int) string {
	return itoa4(y) + "-W" + itoa2(w)
}

func itoa4(n int) string {
	return string([]byte{byte('0' + n/1000), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}
func itoa2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestParseBound(t *testing.T) {
	today := ledger.NewDate(2026, 3, 27)
	april := ledger.Calendar{FiscalStart: time.April}
	july := ledger.Calendar{FiscalStart: time.July}
	for _, tc := range []struct {
		c           ledger.Calendar
		in          string
		first, last string
	}{
		{ledger.Calendar{}, "2025", "2025-01-01", "2025-12-31"},
		{ledger.Calendar{}, "2025-Q2", "2025-04-01", "2025-06-30"},
		{ledger.Calendar{}, "2025-q4", "2025-10-01", "2025-12-31"},
		{ledger.Calendar{}, "2025-W14", "2025-03-31", "2025-04-06"},
		{ledger.Calendar{}, "2025-W01", "2024-12-30", "2025-01-05"},
		{ledger.Calendar{}, "2020-W53", "2020-12-28", "2021-01-03"},
		{ledger.Calendar{}, "2026-W01", "2025-12-29", "2026-01-04"},
		{ledger.Calendar{}, "2024-02", "2024-02-01", "2024-02-29"},
		{ledger.Calendar{}, "2025-06-15", "2025-06-15", "2025-06-15"},
		{ledger.Calendar{}, "today", "2026-03-27", "2026-03-27"},
		{april, "2025", "2025-04-01", "2026-03-31"},
		{april, "2025-Q1", "2025-04-01", "2025-06-30"},
		{april, "2025-Q4", "2026-01-01", "2026-03-31"},
		{july, "2025", "2025-07-01", "2026-06-30"},
		{july, "2025-Q2", "2025-10-01", "2025-12-31"},
		{july, "2025-W14", "2025-03-31", "2025-04-06"},
		{april, "2999", "2999-04-01", "2999-12-31"},
	} {
		a, b, err := tc.c.ParseBound(tc.in, today)
		if err != nil {
			t.Errorf("ParseBound(%q): %v", tc.in, err)
			continue
		}
		if a.String() != tc.first || b.String() != tc.last {
			t.Errorf("fiscal %v ParseBound(%q) = %s..%s; want %s..%s", tc.c.FiscalStart, tc.in, a, b, tc.first, tc.last)
		}
	}
	for _, s := range []string{"", "25", "20255", "2025-Q0", "2025-Q5", "2025-W00", "2025-W54", "2025-W53", "2025-13", "1969", "3000", "1969-Q4", "2025-QQ", "2025-W1", "2025-W1x", "abcd", "-2025"} {
		if a, b, err := (ledger.Calendar{}).ParseBound(s, today); err == nil {
			t.Errorf("ParseBound(%q) = %s..%s; want an error", s, a, b)
		} else if ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseBound(%q): %v is not EINVALID", s, err)
		}
	}
}

func TestYearAgo(t *testing.T) {
	c := ledger.Calendar{}
	w := func(s string) int {
		a, _, err := c.ParseBound(s, 0)
		if err != nil {
			t.Fatal(err)
		}
		return c.PeriodIndex(ledger.PeriodWeek, a)
	}
	if j, ok := c.YearAgo(ledger.PeriodWeek, w("2026-W14")); !ok || c.PeriodLabel(ledger.PeriodWeek, j) != "2025-W14" {
		t.Errorf("a year before 2026-W14: %v %v", c.PeriodLabel(ledger.PeriodWeek, j), ok)
	}
	if j, ok := c.YearAgo(ledger.PeriodWeek, w("2021-W01")); !ok || c.PeriodLabel(ledger.PeriodWeek, j) != "2020-W01" {
		t.Errorf("a year before 2021-W01 (2020 had 53 weeks): %v %v", c.PeriodLabel(ledger.PeriodWeek, j), ok)
	}
	if _, ok := c.YearAgo(ledger.PeriodWeek, w("2020-W53")); ok {
		t.Errorf("2019 had no week 53")
	}
	q := c.PeriodIndex(ledger.PeriodQuarter, ledger.NewDate(2026, 2, 1))
	if j, _ := c.YearAgo(ledger.PeriodQuarter, q); c.PeriodLabel(ledger.PeriodQuarter, j) != "2025-Q1" {
		t.Errorf("a year before 2026-Q1: %s", c.PeriodLabel(ledger.PeriodQuarter, j))
	}
}

func TestParseFiscalStart(t *testing.T) {
	for in, want := range map[string]time.Month{"04": time.April, "4": time.April, "7": time.July, "april": time.April, "Jul": time.July, "12": time.December, "01": time.January} {
		if got, err := ledger.ParseFiscalStart(in); err != nil || got != want {
			t.Errorf("ParseFiscalStart(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "13", "004", "ju", "-1", "apr1"} {
		if _, err := ledger.ParseFiscalStart(in); err == nil {
			t.Errorf("ParseFiscalStart(%q) accepted", in)
		}
	}
}

// FuzzParseBound: a bound either is refused as bad input or covers a
// non-empty run of days within the ledger's range that its own label reads
// back to.
func FuzzParseBound(f *testing.F) {
	for _, s := range []string{"2025", "2025-Q2", "2025-W14", "2020-W53", "2025-W53", "2025-04", "2025-04-30", "today", "2999", "1970-W01", "2025-q3", "x"} {
		f.Add(s, 1)
		f.Add(s, 4)
	}
	f.Fuzz(func(t *testing.T, s string, fs int) {
		c := ledger.Calendar{FiscalStart: time.Month((fs%12+12)%12 + 1)}
		today := ledger.NewDate(2026, 3, 27)
		a, b, err := c.ParseBound(s, today)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("ParseBound(%q): %v is not EINVALID", s, err)
			}
			return
		}
		if a > b || a < ledger.NewDate(1970, 1, 1)-6 || b > ledger.NewDate(2999, 12, 31)+6 {
			t.Fatalf("ParseBound(%q) = %s..%s", s, a, b)
		}
	})
}
