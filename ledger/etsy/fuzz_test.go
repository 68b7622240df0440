package etsy_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/etsy"
	"github.com/earnlog/earnlog/ledger/ledgertest"
)

// FuzzEtsy feeds arbitrary files to Import: ledgertest.Fuzz says what it
// must hold to.
func FuzzEtsy(f *testing.F) {
	ledgertest.Fuzz(f, "testdata/*.csv", ledger.ImportOptions{Name: "fuzz.csv", Stream: shop}, etsy.Import)
}
