package tabular_test

import (
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

func TestParseDate(t *testing.T) {
	jun7 := ledger.NewDate(2024, time.June, 7)
	for _, c := range []struct {
		in   string
		want ledger.Date
	}{
		{"Jun 7, 2024", jun7},
		{"June 7, 2024", jun7},
		{"  june 7 2024 ", jun7},
		{"JUN 07, 2024", jun7},
		{"Jun. 7, 2024", jun7},
		{"7 June, 2024", jun7},
		{"7 Jun 2024", jun7},
		{"January 27, 2022", ledger.NewDate(2022, time.January, 27)},
		{"31 July, 2026", ledger.NewDate(2026, time.July, 31)},
		{"Sept 1, 2024", ledger.NewDate(2024, time.September, 1)},
		{"Feb 29, 2024", ledger.NewDate(2024, time.February, 29)},
		{"06/07/2024", jun7},
		{"6/7/2024", jun7},
		{"06/07/24", jun7},
		{"6/7/24", jun7},
		{"01/27/22", ledger.NewDate(2022, time.January, 27)},
		{"12/31/99", ledger.NewDate(1999, time.December, 31)},
		{"2024-06-07", jun7},
		{"2024/06/07", jun7},
		{"2024/6/7", jun7},
		{"1970-01-01", 0},
		{"2999-12-31", ledger.NewDate(2999, time.December, 31)},
	} {
		got, err := tabular.ParseDate(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, in := range []string{
		"",
		"today",
		"31/07/2026", // day first: slashed dates are month first
		"13/01/2024",
		"2024-6-7", // ISO is zero-padded
		"2024-06-07T10:00:00",
		"07.06.2024",
		"Jun 31, 2024", // no such day
		"Feb 29, 2023",
		"Jun 7, 24", // a named month takes a four-digit year
		"Jun 0, 2024",
		"June 2024",
		"Jun 7 2024 extra",
		"Juno 7, 2024",
		"1969-12-31", // before the ledger's range
		"3000-01-01",
		"12/31/69", // a two-digit 69 is 1969
		"Jan 1, 1969",
	} {
		d, err := tabular.ParseDate(in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v; want an error", in, d)
			continue
		}
		if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), `is not a date: use "Jun 7, 2024"`) {
			t.Errorf("ParseDate(%q) error %q (code %s): want EINVALID naming the accepted forms", in, err, ledger.ErrorCode(err))
		}
	}
}

func TestRowDate(t *testing.T) {
	r, err := tabular.NewReader(strings.NewReader("Date,Amount\nJun 7 2024,1\nnope,2\n"), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	row, _ := r.Next()
	if d, err := row.Date(r.Col("Date")); err != nil || d != ledger.NewDate(2024, time.June, 7) {
		t.Errorf("row 2: %v, %v", d, err)
	}
	row, _ = r.Next()
	_, err = row.Date(r.Col("Date"))
	want := `in.csv:3: column "Date": "nope" is not a date: use "Jun 7, 2024"`
	if err == nil || !strings.HasPrefix(err.Error(), want) || ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("row 3: error %v; want %s...", err, want)
	}
}

// FuzzParseDate: ParseDate never panics, what it accepts is in the ledger's
// range and reads back from its own YYYY-MM-DD, and what it refuses is the
// input's fault.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Jun 7, 2024", "31 July, 2026", "06/07/24", "06/07/2024", "2024-06-07", "2024/06/07", "Sept. 1 2024", "13/45/23", ""} {
		f.Add(s)
	}
	lo, hi := ledger.NewDate(1970, time.January, 1), ledger.NewDate(2999, time.December, 31)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := tabular.ParseDate(s)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("ParseDate(%q): %v is not EINVALID", s, err)
			}
			return
		}
		if d < lo || d > hi {
			t.Fatalf("ParseDate(%q) = %v: out of range", s, d)
		}
		if again, err := tabular.ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v, but its own form reads as %v, %v", s, d, again, err)
		}
	})
}
