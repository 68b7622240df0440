package shopify_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/shopify"
)

// FuzzShopify feeds arbitrary files to Import: ledgertest.Fuzz says what it
// must hold to.
func FuzzShopify(f *testing.F) {
	ledgertest.Fuzz(f, "testdata/*.csv", ledger.ImportOptions{Name: "fuzz.csv", Stream: shop}, shopify.Import)
}
