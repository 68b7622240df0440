package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// A version 3 file migrates in one transaction: a stream entry it cannot
// read stops it, and the file stays as it was.
func TestFailedV3MigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	copyFile(t, "testdata/ledger-v3.db", path)
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("streams")).Put([]byte("upwork/ghost"), []byte{9, 9})
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, _, err = store.Open(path, store.Options{})
	if err == nil || !strings.Contains(err.Error(), `version 3 stream "upwork/ghost"`) {
		t.Fatalf("Open of a v3 file with a bad stream: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a failed migration changed the file")
	}
}

// The migration keeps every record, gives none an import, and leaves no
// change to undo.
func TestMigrateV3Fixture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	copyFile(t, "testdata/ledger-v3.db", path)
	db := open(t, path, store.Options{})
	defer db.Close()
	var events, imported int
	err := db.View(func(tx ledger.Tx) error {
		if err := tx.EachEvent(func(e *ledger.Event) error {
			events++
			if e.Import != 0 || e.Amends != 0 || e.AmendedBy != 0 {
				imported++
			}
			return nil
		}); err != nil {
			return err
		}
		ch, err := tx.LastChange()
		if err != nil || ch != nil {
			t.Errorf("LastChange of a migrated ledger = %+v, %v; want none", ch, err)
		}
		ins, err := tx.Imports()
		if err != nil || len(ins) != 0 {
			t.Errorf("Imports of a migrated ledger = %+v, %v; want none", ins, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if events != 222 || imported != 0 {
		t.Errorf("migrated ledger: %d events, %d with links or an import; want 222 and 0", events, imported)
	}
	problems, err := db.Check()
	if err != nil || len(problems) != 0 {
		t.Errorf("Check after the migration: %q, %v", problems, err)
	}
}
