package ledger_test

import (
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
