package tabular_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// rows opens a CSV text and returns its reader and data rows.
func rows(t *testing.T, name, csv string) (*tabular.Reader, []tabular.Row) {
	t.Helper()
	r, err := tabular.Open(strings.NewReader(csv), name, "fallback.csv")
	if err != nil {
		t.Fatal(err)
	}
	var out []tabular.Row
	for {
		row, err := r.Next()
		if err != nil {
			return r, out
		}
		out = append(out, row)
	}
}

func TestOpenNamesTheFile(t *testing.T) {
	for _, c := range []struct{ name, want string }{{"", "fallback.csv"}, {"june.csv", "june.csv"}} {
		r, _ := rows(t, c.name, "A,B\n")
		if r.File != c.want {
			t.Errorf("Open(name %q): File %q, want %q", c.name, r.File, c.want)
		}
		err := r.UnknownHeader("Acme", "X,Y", "Z")
		want := c.want + ": the header matches no Acme export earnlog knows.\n  found:  A,B\n  known:  X,Y\n  known:  Z"
		if err == nil || err.Error() != want || ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("UnknownHeader = %q, want EINVALID %q", err, want)
		}
	}
	if _, err := tabular.Open(strings.NewReader(""), "", "empty.csv"); err == nil || !strings.HasPrefix(err.Error(), "empty.csv: the file is empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestRowEventAndSession(t *testing.T) {
	r, rs := rows(t, "in.csv", "Note,Amount\nok,1\n")
	row := rs[0]
	sink := &ledgertest.Sink{}
	good := &ledger.Event{Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 100, Currency: "USD", Key: "k"}
	if err := row.Event(sink, -1, good); err != nil || len(sink.Events) != 1 {
		t.Fatalf("good event: %v, %d kept", err, len(sink.Events))
	}
	bad := *good
	bad.Amount = -100
	err := row.Event(sink, r.Col("Amount"), &bad)
	var re *ledger.RowError
	if !errors.As(err, &re) || re.Line != 2 || re.Column != "Amount" || ledger.ErrorCode(err) != ledger.EINVALID || len(sink.Events) != 1 {
		t.Errorf("bad event: %v (%d kept): want a RowError at line 2, column Amount, nothing passed on", err, len(sink.Events))
	}
	w := &ledger.WorkSession{Stream: "etsy/shop", Seconds: 60, Key: "w"}
	if err := row.Session(sink, -1, w); err != nil || len(sink.Sessions) != 1 {
		t.Fatalf("good session: %v", err)
	}
	w.Seconds = 0
	if err := row.Session(sink, r.Col("Note"), w); !errors.As(err, &re) || re.Column != "Note" || len(sink.Sessions) != 1 {
		t.Errorf("bad session: %v: want a RowError for column Note", err)
	}
}

func TestRowCurrency(t *testing.T) {
	r, rs := rows(t, "in.csv", "Currency\nEUR\n\n--\neuro\n")
	col := r.Col("Currency")
	// The blank line is skipped, so rs is EUR, --, euro.
	for _, c := range []struct {
		row  int
		opts ledger.ImportOptions
		want string
	}{
		{0, ledger.ImportOptions{Currency: "JPY"}, "EUR"},
		{1, ledger.ImportOptions{Currency: "JPY"}, "JPY"},
		{1, ledger.ImportOptions{}, "USD"},
	} {
		if got, err := rs[c.row].Currency(col, c.opts); err != nil || got != c.want {
			t.Errorf("row %d, opts %+v: %q, %v; want %q", c.row, c.opts, got, err, c.want)
		}
	}
	if _, err := rs[2].Currency(col, ledger.ImportOptions{}); err == nil || !strings.HasPrefix(err.Error(), `in.csv:5: column "Currency": `) {
		t.Errorf("bad currency: %v", err)
	}
	if got := tabular.FallbackCurrency(ledger.ImportOptions{}); got != ledger.DefaultCurrency {
		t.Errorf("FallbackCurrency = %q", got)
	}
}

func TestNote(t *testing.T) {
	if got := tabular.Note("blue mug"); got != "blue mug" {
		t.Errorf("short note changed: %q", got)
	}
	if got := tabular.Note("a\xffb"); got != "a\uFFFDb" {
		t.Errorf("invalid UTF-8: %q", got)
	}
	long := strings.Repeat("a", ledger.MaxNote-1) + "€€"
	got := tabular.Note(long)
	if got != strings.Repeat("a", ledger.MaxNote-1) || !utf8.ValidString(got) {
		t.Errorf("long note cut to %d bytes, ends %q: want %d bytes, cut before the euro sign", len(got), got[len(got)-3:], ledger.MaxNote-1)
	}
}

func TestRows(t *testing.T) {
	r, err := tabular.Open(strings.NewReader("A\n1\n\n2\n\"3\n"), "in.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var last error
	for row, err := range r.Rows() {
		if err != nil {
			last = err
			continue // Rows ends after an error all the same
		}
		lines = append(lines, row.Line)
	}
	if len(lines) != 2 || lines[0] != 2 || lines[1] != 4 || last == nil || ledger.ErrorCode(last) != ledger.EINVALID {
		t.Errorf("lines %v, error %v: want rows at lines 2 and 4, then the bad quote as EINVALID", lines, last)
	}
	r, _ = tabular.Open(strings.NewReader("A\n1\n2\n"), "in.csv", "")
	for range r.Rows() {
		break
	}
	if row, err := r.Next(); err != nil || row.Get(0) != "2" {
		t.Errorf("after a break, Next = %v, %v: want the row after the one the loop read", row.Fields, err)
	}
}

func TestReuseFields(t *testing.T) {
	const in = "A,B\n1,x\n\n2\n3,y,z\n"
	_, want := rows(t, "in.csv", in)
	r, err := tabular.Open(strings.NewReader(in), "in.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	r.ReuseFields()
	var got []string
	var kept []string // strings outlive their row
	for row, err := range r.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join(row.Fields, "|")+"@"+string(rune('0'+row.Line)))
		kept = append(kept, row.Fields[0])
	}
	var w []string
	for _, row := range want {
		w = append(w, strings.Join(row.Fields, "|")+"@"+string(rune('0'+row.Line)))
	}
	if strings.Join(got, " ") != strings.Join(w, " ") || strings.Join(kept, "") != "123" {
		t.Errorf("with ReuseFields rows are %v (first fields %v); want %v (123)", got, kept, w)
	}
}

func TestOccurrences(t *testing.T) {
	var o tabular.Occurrences
	got := []string{o.Key("a"), o.Key("b"), o.Key("a"), o.Key("a")}
	if want := "a:1 b:1 a:2 a:3"; strings.Join(got, " ") != want {
		t.Errorf("keys %q; want %s", got, want)
	}
	var p tabular.Occurrences
	if p.Next("a") != 1 || p.Next("a") != 2 {
		t.Error("a fresh Occurrences counts from 1 again")
	}
}
