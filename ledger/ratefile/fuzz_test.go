package ratefile_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ratefile"
)

// fuzzFormat checks one parser: it never panics, fails only with input
// errors, every rate it accepts is valid, and its rates written as a plain
// date,from,to,rate CSV read back to the same rates.
func fuzzFormat(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		b, err := os.ReadFile(filepath.Join("testdata", s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ratefile.Parse(bytes.NewReader(data), format, "fuzz")
		if err != nil {
			if !ledger.IsInputError(err) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.Write([]string{"date", "from", "to", "rate"})
		for i := range got.Rates {
			r := &got.Rates[i]
			if err := r.Validate(); err != nil {
				t.Fatalf("accepted an invalid rate %+v: %v", r, err)
			}
			_ = w.Write([]string{r.Date.String(), r.From, r.To, ledger.FormatRate(r.Value)})
		}
		w.Flush()
		again, err := ratefile.Parse(bytes.NewReader(b.Bytes()), ratefile.FormatCSV, "again")
		if err != nil {
			t.Fatalf("re-reading the rates as CSV: %v\n%s", err, b.Bytes())
		}
		if len(again.Rates) != len(got.Rates) {
			t.Fatalf("re-read %d rates, want %d", len(again.Rates), len(got.Rates))
		}
		for i := range again.Rates {
			a, g := again.Rates[i], got.Rates[i]
			if a.Date != g.Date || a.From != g.From || a.To != g.To || !a.Value.Equal(g.Value) {
				t.Fatalf("rate %d re-read as %+v, want %+v", i, a, g)
			}
		}
	})
}

func FuzzECB(f *testing.F) { fuzzFormat(f, ratefile.FormatECB, "ecb_hist.csv", "ecb_daily.csv") }

func FuzzPriceDB(f *testing.F) { fuzzFormat(f, ratefile.FormatPriceDB, "prices.journal") }

func FuzzRatesCSV(f *testing.F) { fuzzFormat(f, ratefile.FormatCSV, "rates.csv") }
