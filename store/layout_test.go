package store_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// Records cross the blocks of 4096 IDs: in one transaction, and when a
// later one appends to the last block. Lookups, scans, voids and the key
// index see every record, and check finds the layout sound.
func TestBlocksAcrossBoundaries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	const first, second = 2*4096 + 10, 4096
	add := func(from, n int) {
		t.Helper()
		err := db.Update(func(tx ledger.Tx) error {
			for i := from; i < from+n; i++ {
				e := sampleEvent()
				e.Ref, e.Key = fmt.Sprint(i), fmt.Sprintf("upwork:%d", i)
				if added, err := tx.AddEvent(e); !added || err != nil {
					return fmt.Errorf("AddEvent %d = %v, %v", i, added, err)
				}
				if uint64(i+1) != e.ID {
					return fmt.Errorf("event %d got ID %d", i, e.ID)
				}
			}
			for i := from; i < from+n/8; i++ {
				w := sampleSession()
				w.Key = fmt.Sprintf("timeclock:%d", i)
				if added, err := tx.AddSession(w); !added || err != nil {
					return fmt.Errorf("AddSession %d = %v, %v", i, added, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	add(0, first)
	add(first, second)
	const n = first + second
	at := time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC)
	err := db.Update(func(tx ledger.Tx) error {
		for _, id := range []uint64{4096, 4097, n} {
			if err := tx.VoidEvent(id, fmt.Sprint("void ", id), at); err != nil {
				return err
			}
		}
		return tx.VoidSession(1024, "late", at)
	})
	if err != nil {
		t.Fatal(err)
	}

	err = db.View(func(tx ledger.Tx) error {
		for _, id := range []uint64{1, 4095, 4096, 4097, 8191, 8192, 8193, first, first + 1, n} {
			e, err := tx.Event(id)
			if err != nil {
				return err
			}
			if e.Ref != fmt.Sprint(id-1) {
				return fmt.Errorf("event %d has ref %q, want %d", id, e.Ref, id-1)
			}
		}
		if _, err := tx.Event(n + 1); ledger.ErrorCode(err) != ledger.ENOTFOUND {
			return fmt.Errorf("event %d past the end: %v, want not found", n+1, err)
		}
		if _, err := tx.Event(1 << 40); ledger.ErrorCode(err) != ledger.ENOTFOUND {
			return fmt.Errorf("event in a block that does not exist: %v, want not found", err)
		}
		for _, scan := range []func(func(*ledger.Event) error) error{tx.EachEvent, tx.EachEventLean} {
			next, voided := uint64(1), 0
			if err := scan(func(e *ledger.Event) error {
				if e.ID != next {
					return fmt.Errorf("scan gave event %d where %d was next", e.ID, next)
				}
				next++
				if e.Voided {
					voided++
				}
				return nil
			}); err != nil {
				return err
			}
			if next != n+1 || voided != 3 {
				return fmt.Errorf("scan saw %d events, %d voided; want %d, 3", next-1, voided, n)
			}
		}
		sessions := 0
		if err := tx.EachSession(func(w *ledger.WorkSession) error {
			sessions++
			if w.Voided != (w.ID == 1024) {
				return fmt.Errorf("session %d voided = %v", w.ID, w.Voided)
			}
			return nil
		}); err != nil {
			return err
		}
		if want := first/8 + second/8; sessions != want {
			return fmt.Errorf("%d sessions, want %d", sessions, want)
		}
		for _, i := range []int{0, 4095, 4096, first, n - 1} {
			if has, err := tx.HasKey(fmt.Sprintf("upwork:%d", i)); !has || err != nil {
				return fmt.Errorf("HasKey(upwork:%d) = %v, %v", i, has, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("Check = %q, %v", problems, err)
	}
}

// The parts of the key index are even for the keys importers make: one
// platform prefix and counting IDs, or hashes.
func TestKeyPartsSpread(t *testing.T) {
	for _, form := range []string{"upwork:%d", "etsy:order-%d-item", "sum:%x"} {
		var counts [256]int
		const n = 256 * 400
		for i := range n {
			counts[store.KeyPart(fmt.Sprintf(form, 100000000+i*7))]++
		}
		lo, hi := n, 0
		for _, c := range counts {
			lo, hi = min(lo, c), max(hi, c)
		}
		// 400 a part on average; a fair hash stays well within a quarter.
		if lo < 300 || hi > 500 {
			t.Errorf("%s: parts hold %d to %d keys of %d, want about 400 each", form, lo, hi, n)
		}
	}
}

// Check names each way the layout can break, and a read of a broken layout
// is damage, not a wrong answer.
func TestCheckFindsBrokenLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	err := db.Update(func(tx ledger.Tx) error {
		for i := range 10 {
			e := sampleEvent()
			e.Ref, e.Key = fmt.Sprint(i), fmt.Sprintf("upwork:%d", i)
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
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
		events := tx.Bucket([]byte("events"))
		block0 := events.Bucket(store.BlockName(1))
		// Event 9000 belongs in block 2.
		if err := block0.Put(be(9000), block0.Get(be(3))); err != nil {
			return err
		}
		if err := events.Put([]byte("stray"), []byte("value")); err != nil {
			return err
		}
		keys := tx.Bucket([]byte("keys"))
		// upwork:4 moved to a part where lookups never find it.
		right := keys.Bucket([]byte{store.KeyPart("upwork:4")})
		wrong, err := keys.CreateBucketIfNotExists([]byte{store.KeyPart("upwork:4") + 1})
		if err != nil {
			return err
		}
		if err := wrong.Put([]byte("upwork:4"), right.Get([]byte("upwork:4"))); err != nil {
			return err
		}
		return right.Delete([]byte("upwork:4"))
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
		`events: key 7374726179 is not a block of records`,
		`events: ID 9000 is in block 0, not in block 2`,
		fmt.Sprintf(`keys: import key "upwork:4" is in part %d of the keys index, not in part %d`, store.KeyPart("upwork:4")+1, store.KeyPart("upwork:4")),
		`event 5 has the import key "upwork:4", but the keys index does not point at it`,
	} {
		found := false
		for _, p := range problems {
			found = found || p == want
		}
		if !found {
			t.Errorf("CheckFile did not report %q; got %q", want, problems)
		}
	}

	db = open(t, path, store.Options{ReadOnly: true})
	for _, lean := range []bool{false, true} {
		err = db.View(func(tx ledger.Tx) error {
			if lean {
				return tx.EachEventLean(func(*ledger.Event) error { return nil })
			}
			return tx.EachEvent(func(*ledger.Event) error { return nil })
		})
		if err == nil || !strings.Contains(err.Error(), "is not an earnlog ledger or is damaged: events: ID 9000 is in block 0") {
			t.Errorf("lean %v: a scan of a broken layout = %v, want the damage named", lean, err)
		}
	}
}

// Keys that only append to their parts fill the pages (a first import);
// keys among old ones leave bbolt's room for more.
func TestAppendedKeysFillPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	addKeys := func(form string, n int) {
		t.Helper()
		err := db.Update(func(tx ledger.Tx) error {
			for i := range n {
				e := sampleEvent()
				e.Key = fmt.Sprintf(form, i)
				if _, err := tx.AddEvent(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	fill := func() float64 {
		t.Helper()
		db.Close()
		raw, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		var s bolt.BucketStats
		raw.View(func(tx *bolt.Tx) error {
			s = tx.Bucket([]byte("keys")).Stats()
			return nil
		})
		raw.Close()
		db = open(t, path, store.Options{})
		return float64(s.LeafInuse) / float64(s.LeafAlloc)
	}
	addKeys("upwork:%08d", 80000)
	first := fill()
	t.Logf("key pages after a first import: %.0f%% full", 100*first)
	if first < 0.75 {
		t.Errorf("after a first import the key pages are %.0f%% full, want at least 75%% (bbolt would leave them half empty)", 100*first)
	}
	addKeys("etsy:%08d", 20000) // before every upwork key of each part
	if f := fill(); f > first-0.1 {
		t.Errorf("after keys among old ones the key pages are %.0f%% full, want room left", 100*f)
	}
	countEvents(t, db, 100000)
	if problems, err := db.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("Check = %q, %v", problems, err)
	}
}
