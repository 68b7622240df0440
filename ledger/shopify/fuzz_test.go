package shopify_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/shopify"
)

// FuzzShopify feeds arbitrary files to Import: it must never panic, every
// event it hands over must validate, and every error must be the file's
// fault (EINVALID), never an internal one.
func FuzzShopify(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r recorder
		err := shopify.Import(bytes.NewReader(data), ledger.ImportOptions{Name: "fuzz.csv", Stream: shop}, &r)
		if err != nil && !ledger.IsInputError(err) {
			t.Fatalf("error is not an input error: %v", err)
		}
		for _, e := range r.events {
			if err := e.Validate(); err != nil {
				t.Fatalf("event %+v does not validate: %v", e, err)
			}
			if e.Key == "" {
				t.Fatalf("event %+v has no key", e)
			}
		}
	})
}
