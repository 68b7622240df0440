package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// isoDateByTime is what ParseISODate replaces: time.Parse, then the length
// and the year range.
func isoDateByTime(s string) (ledger.Date, bool) {
	p, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != 10 || p.Year() < 1970 || p.Year() > 2999 {
		return 0, false
	}
	return ledger.DateOf(p), true
}

func TestParseISODateEveryDay(t *testing.T) {
	// Every day of the range, and the days around both ends.
	for d := time.Date(1969, 12, 1, 0, 0, 0, 0, time.UTC); d.Year() < 3001; d = d.AddDate(0, 0, 1) {
		s := d.Format("2006-01-02")
		got, ok := ledger.ParseISODate(s)
		want, wantOK := isoDateByTime(s)
		if got != want || ok != wantOK {
			t.Fatalf("ParseISODate(%q) = %d, %v; time.Parse gives %d, %v", s, got, ok, want, wantOK)
		}
	}
}

func TestParseISODateRefuses(t *testing.T) {
	for _, s := range []string{
		"", "2026-3-27", "2026-03-7", "2026-02-29", "2024-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
		"2026-01-00", "1969-12-31", "3000-01-01", "0000-01-01", "+026-01-01", "2026-+1-01", "2026-01-+1",
		"2026/01/01", "2026-01-01 ", " 2026-01-01", "2026-01-1x", "２０２６-01-01", "2026-01-01T00:00:00",
	} {
		if d, ok := ledger.ParseISODate(s); ok {
			t.Errorf("ParseISODate(%q) = %s; want a refusal", s, d)
		}
		if _, ok := isoDateByTime(s); ok {
			t.Errorf("time.Parse accepts %q: the test is wrong", s)
		}
	}
}

// FuzzParseISODate: ParseISODate and time.Parse agree on every string.
func FuzzParseISODate(f *testing.F) {
	for _, s := range []string{"2026-03-27", "2000-02-29", "1900-02-29", "2100-02-29", "1970-01-01", "2999-12-31", "2026-3-27", "+026-03-27", "2026-03-2a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ledger.ParseISODate(s)
		want, wantOK := isoDateByTime(s)
		if got != want || ok != wantOK {
			t.Fatalf("ParseISODate(%q) = %d, %v; time.Parse gives %d, %v", s, got, ok, want, wantOK)
		}
	})
}

// Records a year or more ahead are refused with the bound named, unless
// allowed; every way in (earn, work, import) uses FutureBound.
func TestFutureBound(t *testing.T) {
	today := ledger.NewDate(2026, 3, 27)
	b := ledger.FutureBound(today, false)
	if latest, ok := b.Latest(); !ok || latest != ledger.NewDate(2027, 3, 27) {
		t.Fatalf("bound of %s = %s, %v; want 2027-03-27", today, latest, ok)
	}
	if err := b.Check("the date", ledger.NewDate(2027, 3, 27)); err != nil {
		t.Errorf("the last day is refused: %v", err)
	}
	err := b.Check("the date", ledger.NewDate(2926, 3, 1))
	if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "2926-03-01") || !strings.Contains(err.Error(), "2027-03-27") || !strings.Contains(err.Error(), "--allow-future") {
		t.Errorf("2926-03-01: %v; want an input error naming the date, the bound and --allow-future", err)
	}
	if err := ledger.FutureBound(today, true).Check("the date", ledger.NewDate(2999, 12, 31)); err != nil {
		t.Errorf("allowed: %v", err)
	}
	e := ledger.Event{Date: today, Billed: 3600, PeriodStart: today, PeriodEnd: ledger.NewDate(2028, 1, 1)}
	if err := e.CheckDates(b); err == nil || !strings.Contains(err.Error(), "billing period") {
		t.Errorf("a billing period ending in 2028: %v", err)
	}
	w := ledger.WorkSession{Start: int64(ledger.NewDate(2027, 3, 27))*86400 + 23*3600, HasTime: true, Seconds: 2 * 3600}
	if err := w.CheckDates(b); err == nil || !strings.Contains(err.Error(), "2027-03-28") {
		t.Errorf("a session ending on 2027-03-28: %v", err)
	}
	leap := ledger.FutureBound(ledger.NewDate(2028, 2, 29), false)
	if latest, _ := leap.Latest(); latest != ledger.NewDate(2029, 3, 1) {
		t.Errorf("bound of 2028-02-29 = %s; want 2029-03-01", latest)
	}
}
