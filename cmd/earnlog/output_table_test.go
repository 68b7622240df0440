package main

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWriteTableIsTabwriter: writeTable writes, line by line, what
// text/tabwriter made of the same table, for random cells: empty ones,
// wide runes, trailing blanks, tabs, line breaks and escapes, invalid
// UTF-8; and tables whose rows differ in length go through tabwriter.
func TestWriteTableIsTabwriter(t *testing.T) {
	pieces := []string{"", " ", "a", "upwork/acme", "1,234.50", "é", "日本", "  x  ", "\t", "\n", "\x1b[31m", "\xff", "\u202e", "—"}
	r := rand.New(rand.NewPCG(1, 2))
	cell := func() string {
		var b strings.Builder
		for range r.IntN(4) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	for i := range 2000 {
		n := 1 + r.IntN(6)
		header := make([]string, n)
		for j := range header {
			header[j] = strings.Repeat("h", r.IntN(8))
		}
		rows := make([][]string, r.IntN(6))
		for k := range rows {
			m := n
			if i%5 == 0 && r.IntN(3) == 0 {
				m = r.IntN(n + 2)
			}
			rows[k] = make([]string, m)
			for j := range rows[k] {
				rows[k][j] = cell()
			}
		}
		var got, want strings.Builder
		if err := writeTable(&got, header, rows); err != nil {
			t.Fatal(err)
		}
		if err := writeTabwriter(&want, header, rows); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("table %d (header %q, rows %q):\n%q\ntabwriter:\n%q", i, header, rows, got.String(), want.String())
		}
	}
}

// A table without columns is a line for its header and for each row, as
// tabwriter makes it, ragged or not.
func TestTableWithoutColumns(t *testing.T) {
	for _, rows := range [][][]string{nil, {{}, {}}, {{}, {"x"}}} {
		var got, want strings.Builder
		if err := writeTable(&got, nil, rows); err != nil {
			t.Fatal(err)
		}
		if err := writeTabwriter(&want, nil, rows); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("rows %q: %q, tabwriter %q", rows, got.String(), want.String())
		}
	}
}

// Adding a row leaves the caller's cells as they were.
func TestTableKeepsCells(t *testing.T) {
	row := []string{"a\tb", "\x1b[31m", "plain"}
	tb := newTable("x", "y", "z")
	tb.add(row...)
	if row[0] != "a\tb" || row[1] != "\x1b[31m" {
		t.Fatalf("add changed the row into %q", row)
	}
}
