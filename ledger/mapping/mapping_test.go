package mapping_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/mapping"
)

func load(t testing.TB, name string) *mapping.Mapping {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Load(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMappedImport(t *testing.T) {
	m := load(t, "tinkerpay.toml")
	var s ledgertest.Sink
	if err := s.ImportFile(t, m.Import, "tinkerpay.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	got := sum(&s)
	// 1.250,00 hourly + 50,00 tip + 19,00 e-book; charges 25,00 and 0,95;
	// the partial refund of 100,00; the payout and the pending row skipped.
	want := figures{income: 131900, fees: -2595, refunds: -10000, events: 6, skipped: map[string]int{"transfer": 1, "not settled": 1}}
	if got.income != want.income || got.fees != want.fees || got.refunds != want.refunds || got.events != want.events ||
		got.skipped["transfer"] != 1 || got.skipped["not settled"] != 1 || len(got.skipped) != 2 {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	h := s.Events[0]
	if h.Kind != ledger.KindHourly || h.Billed != 45000 || h.Stream != "tinkerpay/northwind-traders" || h.Key != "tinkerpay:TP-001" ||
		h.PeriodStart.String() != "2026-02-24" || h.PeriodEnd.String() != "2026-03-02" {
		t.Errorf("hourly event %+v", h)
	}
	if e := s.Events[3]; e.Stream != "tinkerpay/ebooks" || e.Kind != ledger.KindSale || e.Amount != 1900 {
		t.Errorf("e-book sale %+v", e)
	}
	if e := s.Events[5]; e.Kind != ledger.KindRefund || e.Link != "TP-001" || e.Amount != -10000 {
		t.Errorf("refund %+v", e)
	}
}

func TestLoadErrors(t *testing.T) {
	base := "name = \"acme\"\n[columns]\ndate = \"Date\"\namount = \"Amount\"\n"
	tests := []struct {
		name, text string
		line       int
		key, want  string
	}{
		{"syntax", "name = \"acme\"\n[columns\n", 2, "", "expected"},
		{"unknown key", base + "colour = \"red\"\n", 5, "columns.colour", "is not a mapping key"},
		{"unknown table key", base + "[stream]\nnme = \"x\"\n", 6, "stream.nme", "is not a mapping key"},
		{"no name", "[columns]\ndate = \"Date\"\namount = \"A\"\n", 1, "name", "is missing"},
		{"bad name", "name = \"Acme Pay\"\n[columns]\ndate = \"D\"\namount = \"A\"\n", 1, "name", `"Acme Pay" is not a format name`},
		{"no date", "name = \"acme\"\n[columns]\namount = \"A\"\n", 2, "columns", "has no date"},
		{"no money", "name = \"acme\"\n[columns]\ndate = \"D\"\n", 2, "columns", "has no money"},
		{"bad kind", base + "[kind]\ncolumn = \"T\"\n[kind.values]\n\"Sale\" = \"sales\"\n", 8, `kind.values.Sale`, `"sales" is not a kind`},
		{"bad default kind", base + "[kind]\ndefault = \"income\"\n", 6, "kind.default", `"income" is not a kind`},
		{"bad regexp", base + "[[skip]]\ncolumn = \"T\"\nvalues = [\"a\"]\nreason = \"x\"\n[[skip]]\ncolumn = \"T\"\nmatch = \"(unclosed\"\nreason = \"y\"\n", 11, "skip[1].match", "is not a regular expression"},
		{"skip without reason", base + "[[skip]]\ncolumn = \"T\"\nmatch = \"x\"\n", 5, "skip[0]", "has no reason"},
		{"bad date format", "name = \"acme\"\ndate_formats = [\"DD.MM.YYYY\", \"dd/mm/yy\"]\n[columns]\ndate = \"D\"\namount = \"A\"\n", 2, "date_formats", `"dd/mm/yy" is not a date format`},
		{"bad decimal", base + "decimal = \";\"\n", 5, "columns.decimal", "is not a mapping key"},
		{"decimal mark", "name = \"acme\"\ndecimal = \";\"\n[columns]\ndate = \"D\"\namount = \"A\"\n", 2, "decimal", "is not a decimal mark"},
		{"bad template", base + "[stream]\nname = \"{Client\"\n", 6, "stream.name", "without its }"},
		{"hours without group", base + "[hours]\ncolumn = \"Memo\"\nmatch = \"\\\\d+h\"\n", 7, "hours.match", "has no group"},
		{"wrong type", base + "[[skip]]\ncolumn = 3\n", 6, "skip.column", "incompatible types"},
		{"column list of numbers", "name = \"acme\"\n[columns]\ndate = [1]\namount = \"A\"\n", 3, "columns.date", "expected a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mapping.Load("m.toml", []byte(tt.text))
			var le *mapping.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *mapping.LoadError", err)
			}
			if le.Line != tt.line || le.Key != tt.key || !strings.Contains(le.Msg, tt.want) {
				t.Errorf("got line %d key %q msg %q\nwant line %d key %q msg containing %q", le.Line, le.Key, le.Msg, tt.line, tt.key, tt.want)
			}
			if !ledger.IsInputError(err) {
				t.Errorf("%v is not an input error", err)
			}
		})
	}
}

func TestMissingColumnNamesMappingLine(t *testing.T) {
	m := load(t, "tinkerpay.toml")
	csv := "Booked;Client;Kind;Gross;Charge;Payment ID\n"
	err := m.Import(strings.NewReader(csv), ledger.ImportOptions{Name: "t.csv"}, &ledgertest.Sink{})
	if err != nil {
		t.Fatal(err) // every column the header list names is there, so no row is read and nothing fails
	}
	m2, err := mapping.Load("m.toml", []byte("name = \"acme\"\n[columns]\ndate = \"Day\"\namount = \"Amount\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = m2.Import(strings.NewReader("Date,Amount\n2026-01-01,5\n"), ledger.ImportOptions{Name: "t.csv"}, &ledgertest.Sink{})
	if err == nil || !strings.Contains(err.Error(), "matches no") {
		t.Errorf("got %v", err)
	}
}

// FuzzLoad: whatever the text, Load does not panic, and fails only with a
// LoadError (an input error with a line or a key).
func FuzzLoad(f *testing.F) {
	ledgertest.AddFiles(f, "testdata/*.toml")
	ledgertest.AddFiles(f, "formats/*.toml")
	f.Add([]byte("name = \"x\"\n[columns]\ndate = \"D\"\namount = \"A\"\n[[skip]]\ncolumn = \"T\"\nmatch = \"(\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := mapping.Load("f.toml", data)
		if err != nil {
			var le *mapping.LoadError
			if !errors.As(err, &le) || !ledger.IsInputError(err) {
				t.Fatalf("not a LoadError: %v", err)
			}
			return
		}
		// A mapping that loads reads any CSV without panicking.
		var s ledgertest.Sink
		if err := m.Import(bytes.NewReader([]byte("Date,Amount\n2026-01-01,5\n")), ledger.ImportOptions{}, &s); err != nil && !ledger.IsInputError(err) {
			t.Fatalf("not an input error: %v", err)
		}
		s.Check(t)
	})
}

// FuzzMappedImport: the invented platform's mapping on any file.
func FuzzMappedImport(f *testing.F) {
	m := load(f, "tinkerpay.toml")
	ledgertest.Fuzz(f, "testdata/tinkerpay.csv", ledger.ImportOptions{}, m.Import)
}

// FuzzBuiltin: every built-in format on any file, seeded with the fixtures.
func FuzzBuiltin(f *testing.F) {
	imports := mapping.Formats()
	ledgertest.AddFiles(f, "testdata/*.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, bf := range imports {
			var s ledgertest.Sink
			if err := bf.Import(bytes.NewReader(data), ledger.ImportOptions{}, &s); err != nil && !ledger.IsInputError(err) {
				t.Fatalf("%s: not an input error: %v", bf.Name, err)
			}
			s.Check(t)
		}
	})
}

// The README's complete mapping is this package's tinkerpay.toml, so the
// example people copy is the one the tests import.
func TestReadmeMappingIsTheFixture(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```toml\n# TinkerPay")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README has no TinkerPay mapping")
	}
	fixture, err := os.ReadFile(filepath.Join("testdata", "tinkerpay.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if "# TinkerPay"+block != string(fixture) {
		t.Error("README's TinkerPay mapping differs from testdata/tinkerpay.toml")
	}
}

// Rows without an ID: two identical rows are two records; a re-import of
// the file adds nothing.
func TestIdenticalRowsWithoutID(t *testing.T) {
	m, err := mapping.Load("m.toml", []byte("name = \"acme\"\n[columns]\ndate = \"Date\"\namount = \"Amount\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	csv := "Date,Amount\n2026-01-05,5.00\n2026-01-05,5.00\n2026-01-06,5.00\n"
	s := ledgertest.Sink{Dedupe: true}
	for range 2 {
		if err := m.Import(strings.NewReader(csv), ledger.ImportOptions{}, &s); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.Events) != 3 || s.Dups != 3 || s.Events[0].Stream != "acme/acme" {
		t.Errorf("%d events, %d already present, stream %q; want 3, 3, acme/acme", len(s.Events), s.Dups, s.Events[0].Stream)
	}
}
