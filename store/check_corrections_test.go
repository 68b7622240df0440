package store_test

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// check follows every chain that corrections leave: amendment links both
// ways, aliases, imports' ranges; a clean ledger with all of them passes.
func TestCheckFindsBrokenChains(t *testing.T) {
	dir := t.TempDir()
	db, path := filled(t, dir)
	err := db.Update(func(tx ledger.Tx) error {
		e := sampleEvent()
		e.Key = "upwork:K1"
		if _, err := tx.AddEvent(e); err != nil { // 51
			return err
		}
		in := &ledger.ImportInfo{File: "a.csv", Format: "csv", New: 1}
		return tx.RecordImport(in)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx ledger.Tx) error {
		e := sampleEvent()
		e.Amount = 777
		if err := tx.AmendEvent(51, e, fixedNow); err != nil { // 52
			return err
		}
		if err := tx.RenameStream(e.Stream, "upwork/renamed", fixedNow); err != nil {
			return err
		}
		return tx.SetStreamClass("upwork/renamed", ledger.ClassStorefront)
	})
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("Check of a ledger with an amendment, an import and an alias: %q, %v", problems, err)
	}
	// A re-import of the amended record's key finds it present.
	err = db.View(func(tx ledger.Tx) error {
		has, err := tx.HasKey("upwork:K1")
		if err != nil || !has {
			t.Errorf("HasKey of an amended record's key = %v, %v", has, err)
		}
		e, err := tx.Event(52)
		if err != nil || e.Amends != 51 || e.Import != 0 || e.Key != "upwork:K1" || e.Stream != "upwork/renamed" {
			t.Errorf("Event(52) = %+v, %v", e, err)
		}
		old, err := tx.Event(51)
		if err != nil || old.AmendedBy != 52 || !old.Voided || old.VoidReason != "amended by #52" || old.Import != 1 {
			t.Errorf("Event(51) = %+v, %v", old, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		am := tx.Bucket([]byte("amends"))
		am.Delete(append([]byte{'b'}, ref('e', 51)...))      // 52 amends 51, which no longer links back
		am.Put(append([]byte{'a'}, ref('e', 10)...), be(30)) // 10 "amends" the newer 30
		tx.Bucket([]byte("imports")).Put(be(2), tx.Bucket([]byte("imports")).Get(be(1)))
		st := tx.Bucket([]byte("streams"))
		st.Put([]byte("upwork/ghost"), st.Get([]byte("upwork/acme-logo"))) // an alias whose target is gone
		return st.Delete([]byte("upwork/renamed"))
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	problems, err := store.CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"event 52 amends event 51, which does not link back to it",
		"event 10 amends event 30, which is not older",
		"import 2: its events 51-51 overlap an earlier import's",
		`alias "upwork/acme-logo" names "upwork/renamed", which is not a stream`,
	} {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p, want)
		}
		if !found {
			t.Errorf("CheckFile did not report %q; got %q", want, problems)
		}
	}
}
