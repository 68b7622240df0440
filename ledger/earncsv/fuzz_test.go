package earncsv_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/ledger/ledgertest"
)

// FuzzEarnCSV: Import never panics, fails only with input errors, and what
// it accepts is written back and read again to the same records.
func FuzzEarnCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := &ledgertest.Sink{}
		err := earncsv.Import(bytes.NewReader(data), ledger.ImportOptions{Name: "fuzz.csv"}, rec)
		if err != nil {
			if !ledger.IsInputError(err) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		var b bytes.Buffer
		w := earncsv.NewEventWriter(&b, true, false, nil)
		for i := range rec.Events {
			if err := w.Event(&rec.Events[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		again := &ledgertest.Sink{}
		if err := earncsv.Import(bytes.NewReader(b.Bytes()), ledger.ImportOptions{}, again); err != nil {
			t.Fatalf("re-import of own export: %v\n%s", err, b.Bytes())
		}
		if len(again.Events) != len(rec.Events) {
			t.Fatalf("re-import read %d events, want %d", len(again.Events), len(rec.Events))
		}
	})
}
