package store_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// Check follows voids, keys, amendment links and imports to records by
// their ID, across blocks of IDs: to a missing ID in a block that holds
// others, and to a block there is none of. The records either side of a
// block's edge are found; nothing else is reported.
func TestCheckFollowsReferencesAcrossBlocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	const events = 4200 // two blocks: IDs 1-4095 and 4096-4200
	err := db.Update(func(tx ledger.Tx) error {
		for i := 1; i <= events; i++ {
			e := sampleEvent()
			e.Kind, e.Billed, e.PeriodStart, e.PeriodEnd = ledger.KindSale, 0, 0, 0
			e.Ref, e.Key = fmt.Sprint("T", i), fmt.Sprint("upwork:T", i)
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
		}
		for _, id := range []uint64{4095, 4096} {
			if err := tx.VoidEvent(id, "typo", fixedNow); err != nil {
				return err
			}
		}
		return tx.RecordImport(&ledger.ImportInfo{File: "a.csv", Format: "csv", New: events})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if problems, err := store.CheckFile(path); err != nil || len(problems) != 0 {
		t.Fatalf("CheckFile of the ledger as written = %q, %v", problems, err)
	}

	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		// Events 4100 and 4200 (the import's last) go from the second
		// block, their keys with them.
		keys := tx.Bucket([]byte("keys"))
		for _, id := range []uint64{4100, 4200} {
			if err := tx.Bucket([]byte("events")).Bucket(store.BlockName(id)).Delete(be(id)); err != nil {
				return err
			}
			key := fmt.Sprint("upwork:T", id)
			if err := keys.Bucket([]byte{store.KeyPart(key)}).Delete([]byte(key)); err != nil {
				return err
			}
		}
		voids := tx.Bucket([]byte("voids"))
		aVoid := voids.Get(ref('e', 4095))
		for _, id := range []uint64{4100, 9000} { // a gap in a block; no block at all
			if err := voids.Put(ref('e', id), aVoid); err != nil {
				return err
			}
		}
		for key, id := range map[string]uint64{"ghost:1": 4100, "ghost:2": 20000} {
			part, err := keys.CreateBucketIfNotExists([]byte{store.KeyPart(key)})
			if err != nil {
				return err
			}
			if err := part.Put([]byte(key), ref('e', id)); err != nil {
				return err
			}
		}
		// Event 4101 loses its key from the index: the live record's key
		// leads nowhere.
		if err := keys.Bucket([]byte{store.KeyPart("upwork:T4101")}).Delete([]byte("upwork:T4101")); err != nil {
			return err
		}
		// Event 4097 is amended by an event that is not there (the links
		// lead both ways).
		amends := tx.Bucket([]byte("amends"))
		if err := amends.Put(append([]byte{'b'}, ref('e', 4097)...), be(4100)); err != nil {
			return err
		}
		if err := amends.Put(append([]byte{'a'}, ref('e', 4100)...), be(4097)); err != nil {
			return err
		}
		return voids.Put(ref('e', 4097), voids.Get(ref('e', 4095)))
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	problems, err := store.CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"void of event 4100: there is no such record",
		"void of event 9000: there is no such record",
		`import key "ghost:1" points at event 4100, which does not exist`,
		`import key "ghost:2" points at event 20000, which does not exist`,
		"amendment link of event 4100: there is no such record",
		"amendment link of event 4097 names event 4100, which does not exist",
		"event 4097 was amended by event 4100 but is void for another reason (typo)",
		"import 1 names event 4200, which does not exist",
		`event 4101 has the import key "upwork:T4101", but the keys index does not point at it`,
	}
	// The keys index is walked part by part: the two ghosts come in the
	// order of their parts.
	if store.KeyPart("ghost:1") > store.KeyPart("ghost:2") {
		want[2], want[3] = want[3], want[2]
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("CheckFile =\n%q\nwant\n%q", problems, want)
	}
}
