package store_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// Import keys added in a transaction are held back and written in key order
// when it ends; these tests pin what a caller sees meanwhile and after.
func TestKeysWrittenAtCommitInAnyOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	rng := rand.New(rand.NewPCG(7, 7))
	const n = 5000
	keys := make([]string, n)
	for i := range keys {
		// Random order, shared prefixes, different lengths.
		keys[i] = fmt.Sprintf("etsy:%d", rng.IntN(1<<40))
	}
	err := db.Update(func(tx ledger.Tx) error {
		for i, k := range keys {
			// An importer asks first; the answer must not be stale after
			// the add (the store remembers the last absent key).
			if has, err := tx.HasKey(k); has || err != nil {
				return fmt.Errorf("HasKey(%s) before adding = %v, %v", k, has, err)
			}
			e := sampleEvent()
			e.Key, e.Ref = k, fmt.Sprint(i)
			if added, err := tx.AddEvent(e); !added || err != nil {
				return fmt.Errorf("AddEvent %d = %v, %v", i, added, err)
			}
			if added, err := tx.AddEvent(e); added || err != nil {
				return fmt.Errorf("AddEvent %d again = %v, %v; want not added", i, added, err)
			}
			if has, err := tx.HasKey(k); !has || err != nil {
				return fmt.Errorf("HasKey(%s) after adding = %v, %v", k, has, err)
			}
		}
		w := sampleSession()
		w.Key = keys[n/2]
		if added, err := tx.AddSession(w); added || err != nil {
			return fmt.Errorf("session with an event's key = %v, %v; want not added", added, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	countEvents(t, db, n)
	// Every key reached the file, and points at the right record: check
	// verifies both ways.
	if problems, err := db.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("Check = %v, %v", problems, err)
	}
	db.Close()

	db = open(t, path, store.Options{})
	err = db.Update(func(tx ledger.Tx) error {
		for _, k := range []string{keys[0], keys[n-1], keys[n/3]} {
			if has, err := tx.HasKey(k); !has || err != nil {
				return fmt.Errorf("HasKey(%s) in a later transaction = %v, %v", k, has, err)
			}
			e := sampleEvent()
			e.Key = k
			if added, err := tx.AddEvent(e); added || err != nil {
				return fmt.Errorf("AddEvent(%s) in a later transaction = %v, %v; want not added", k, added, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	countEvents(t, db, n)
}

// A failed transaction writes none of its keys.
func TestKeysOfFailedUpdateNotWritten(t *testing.T) {
	db := newDB(t)
	boom := fmt.Errorf("stop")
	err := db.Update(func(tx ledger.Tx) error {
		if _, err := tx.AddEvent(sampleEvent()); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update = %v, want the function's error", err)
	}
	err = db.View(func(tx ledger.Tx) error {
		if has, _ := tx.HasKey(sampleEvent().Key); has {
			t.Error("the key of a failed transaction is in the ledger")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
