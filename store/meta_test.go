package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// Damage to one meta page is invisible to bbolt (it uses the other copy);
// check must still report it. (Damage to the root page is covered end to
// end by cmd/earnlog's reliability test.)
func TestCheckFindsMetaAndRootDamage(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	db, _, err := store.Open(good, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx ledger.Tx) error {
		_, err := tx.AddEvent(&ledger.Event{Date: 20000, Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 500, Currency: "USD"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	orig, _ := os.ReadFile(good)
	if ps, err := store.CheckFile(good); err != nil || len(ps) != 0 {
		t.Fatalf("clean ledger: %v, %v", ps, err)
	}
	pageSize := 4096
	for i, off := range []int{16 + 20, pageSize + 16 + 20} {
		bad := filepath.Join(dir, "meta.db")
		b := append([]byte(nil), orig...)
		b[off] ^= 0xFF
		if err := os.WriteFile(bad, b, 0o600); err != nil {
			t.Fatal(err)
		}
		ps, err := store.CheckFile(bad)
		if err != nil || len(ps) == 0 || !strings.Contains(ps[0], "meta page") {
			t.Errorf("meta page %d flipped: check says %v, %v; want the damage reported", i, ps, err)
		}
	}

	// The txid rule for foreign files must not refuse a new, empty ledger.
	empty := filepath.Join(dir, "fresh.db")
	db, _, err = store.Open(empty, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, _, err := store.Open(empty, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a new, empty ledger opens read-only: %v", err)
	}
	ro.Close()
}
