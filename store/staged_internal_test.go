package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

var stagedNow = time.Date(2026, 3, 27, 9, 30, 0, 0, time.UTC)

// stagedDB opens a ledger with chunks of chunk records and one event and
// one session of its own, so that "the import is gone" is told apart from
// "the ledger is empty".
func stagedDB(t *testing.T, path string, chunk int) *DB {
	t.Helper()
	db := openStaged(t, path, chunk, false)
	err := db.Update(func(tx ledger.Tx) error {
		if _, err := tx.AddEvent(&ledger.Event{Date: ledger.NewDate(2026, 1, 5), Stream: "upwork/acme", Kind: ledger.KindFixed,
			Amount: 25000, Currency: "USD", Key: "upwork:base"}); err != nil {
			return err
		}
		_, err := tx.AddSession(&ledger.WorkSession{Stream: "upwork/acme", Start: 1767000000, Seconds: 3600, Key: "tc:base"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func openStaged(t *testing.T, path string, chunk int, readOnly bool) *DB {
	t.Helper()
	db, _, err := Open(path, Options{Now: func() time.Time { return stagedNow }, ImportChunk: chunk, ReadOnly: readOnly})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// importRows is an import of n rows: sales over three new streams, every
// seventh voided, a session for every fifth, the same key twice in the
// file now and then (present the second time), and its import record.
func importRows(n int, fail error) func(ledger.Tx) error {
	return func(tx ledger.Tx) error {
		rec := &ledger.Recorder{Tx: tx, Now: stagedNow}
		for i := range n {
			k := i
			if i%11 == 10 {
				k = i - 3 // a row the file has already given
			}
			e := &ledger.Event{Date: ledger.NewDate(2025, time.Month(i%12+1), i%28+1), Stream: ledger.Stream(fmt.Sprintf("etsy/shop-%d", i%3)),
				Kind: ledger.KindSale, Amount: int64(100 + i), Currency: "USD", Ref: fmt.Sprint("o", k), Key: fmt.Sprint("etsy:o", k)}
			if i%7 == 3 {
				e.Voided, e.VoidReason = true, "test"
			}
			if err := rec.Event(e); err != nil {
				return err
			}
			if i%5 == 0 {
				if err := rec.Session(&ledger.WorkSession{Stream: "etsy/shop-0", Start: int64(1760000000 + 3600*i), Seconds: 1800, Key: fmt.Sprint("tc:", k)}); err != nil {
					return err
				}
			}
		}
		if fail != nil {
			return fail
		}
		return tx.RecordImport(rec.Import("rows.csv", "csv"))
	}
}

// ledgerText is everything a reader sees of the ledger, as text, and the
// IDs the next records get.
func ledgerText(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	err := db.View(func(tx ledger.Tx) error {
		if err := tx.EachEvent(func(e *ledger.Event) error { fmt.Fprintf(&b, "%+v\n", *e); return nil }); err != nil {
			return err
		}
		if err := tx.EachSession(func(w *ledger.WorkSession) error { fmt.Fprintf(&b, "%+v\n", *w); return nil }); err != nil {
			return err
		}
		infos, err := tx.Streams()
		fmt.Fprintf(&b, "streams %+v\n", infos)
		if err != nil {
			return err
		}
		ins, err := tx.Imports()
		fmt.Fprintf(&b, "imports %+v\n", ins)
		if err != nil {
			return err
		}
		ch, err := tx.LastChange()
		fmt.Fprintf(&b, "change %+v\n", ch)
		for _, k := range []string{"etsy:o1", "etsy:o40", "tc:0", "upwork:base"} {
			has, _ := tx.HasKey(k)
			fmt.Fprintf(&b, "key %s %v\n", k, has)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check()
	if err != nil || len(problems) > 0 {
		for _, p := range problems {
			if !strings.HasPrefix(p, WarningPrefix) || !strings.Contains(p, "links to ref") {
				t.Fatalf("check: %v %q", err, problems)
			}
		}
	}
	return b.String()
}

// nextIDs adds one event and one session and returns the text of their IDs:
// a ledger whose import was undone hands out the IDs it had before.
func nextIDs(t *testing.T, db *DB) string {
	t.Helper()
	var out string
	err := db.Update(func(tx ledger.Tx) error {
		e := &ledger.Event{Date: ledger.NewDate(2026, 2, 1), Stream: "etsy/late", Kind: ledger.KindSale, Amount: 500, Currency: "USD"}
		if _, err := tx.AddEvent(e); err != nil {
			return err
		}
		w := &ledger.WorkSession{Stream: "etsy/late", Start: 1769900000, Seconds: 60}
		if _, err := tx.AddSession(w); err != nil {
			return err
		}
		infos, err := tx.Streams()
		out = fmt.Sprintf("event %d, session %d, streams %d", e.ID, w.ID, len(infos))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An import in chunks of 7 records leaves exactly what one transaction
// leaves: records, IDs, keys, voids, streams, its import record and the
// last change.
func TestImportInChunksIsOneTransaction(t *testing.T) {
	dir := t.TempDir()
	one := stagedDB(t, filepath.Join(dir, "one.db"), 0)
	chunked := stagedDB(t, filepath.Join(dir, "chunked.db"), 7)
	if err := one.Update(importRows(200, nil)); err != nil {
		t.Fatal(err)
	}
	if err := chunked.Import(importRows(200, nil)); err != nil {
		t.Fatal(err)
	}
	want, got := ledgerText(t, one), ledgerText(t, chunked)
	if got != want {
		t.Fatalf("chunked import differs from one transaction:\n%s\nwant\n%s", got, want)
	}
	if has, err := chunked.hasStaged(); has || err != nil {
		t.Fatalf("a published import left its marker (%v)", err)
	}
	// Again: every row is present, in chunks as in one.
	if err := chunked.Import(importRows(200, nil)); err != nil {
		t.Fatal(err)
	}
	if err := one.Update(importRows(200, nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := ledgerText(t, chunked), ledgerText(t, one); got != want {
		t.Fatalf("second chunked import differs:\n%s\nwant\n%s", got, want)
	}
}

// An import that fails after chunks committed leaves the ledger as it was:
// what a reader sees, and the IDs and stream numbers the next records get.
func TestFailedChunkedImportLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	ref := stagedDB(t, filepath.Join(dir, "ref.db"), 7)
	db := stagedDB(t, filepath.Join(dir, "db.db"), 7)
	before := ledgerText(t, db)
	bad := ledger.Errorf(ledger.EINVALID, "row 201 is bad")
	err := db.Import(importRows(200, bad))
	if !errors.Is(err, bad) && ledger.ErrorCode(err) != ledger.EINVALID {
		t.Fatalf("Import: %v, want the row's error", err)
	}
	if got := ledgerText(t, db); got != before {
		t.Fatalf("after a failed import:\n%s\nwant\n%s", got, before)
	}
	if got, want := nextIDs(t, db), nextIDs(t, ref); got != want {
		t.Fatalf("after a failed import the next records get %s, want %s", got, want)
	}
}

// errKilled stands for a kill: a panic in the import's own code unwinds
// through Import without its clean-up, as a process that dies mid-way
// leaves its last committed chunk.
var errKilled = errors.New("killed")

func abandon(t *testing.T, db *DB, fn func(ledger.Tx) error) {
	t.Helper()
	defer func() {
		if r := recover(); r != errKilled {
			t.Fatalf("recovered %v, want the kill", r)
		}
	}()
	_ = db.Import(func(tx ledger.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		panic(errKilled)
	})
}

// A process killed between chunks leaves a staged import: check warns of
// it, a read-only open sees none of it (and removes it), and the import run
// again gives what an uninterrupted one gives, IDs and all.
func TestKilledImportIsRemovedOnOpen(t *testing.T) {
	for _, readOnly := range []bool{true, false} {
		t.Run(fmt.Sprintf("read-only %v", readOnly), func(t *testing.T) {
			dir := t.TempDir()
			ref := stagedDB(t, filepath.Join(dir, "ref.db"), 7)
			before := ledgerText(t, ref)
			if err := ref.Import(importRows(200, nil)); err != nil {
				t.Fatal(err)
			}
			want := ledgerText(t, ref)

			path := filepath.Join(dir, "db.db")
			db := stagedDB(t, path, 7)
			abandon(t, db, importRows(200, nil))
			db.Close()
			problems, err := CheckFile(path)
			if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "an import was interrupted") || !strings.HasPrefix(problems[0], WarningPrefix) {
				t.Fatalf("check of a staged import: %v %q; want one warning", err, problems)
			}

			db = openStaged(t, path, 7, readOnly)
			if got := ledgerText(t, db); got != before {
				t.Fatalf("a reader of a staged import sees:\n%s\nwant\n%s", got, before)
			}
			db.Close()
			db = openStaged(t, path, 7, false)
			if has, err := db.hasStaged(); has || err != nil {
				t.Fatalf("the marker is still there after an open (%v)", err)
			}
			if err := db.Import(importRows(200, nil)); err != nil {
				t.Fatal(err)
			}
			if got := ledgerText(t, db); got != want {
				t.Fatalf("import after the kill:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// A kill during the clean-up leaves a marker and fewer records, and a file
// that checks clean: the next open finishes the job.
func TestClearStagedResumes(t *testing.T) {
	dir := t.TempDir()
	ref := stagedDB(t, filepath.Join(dir, "ref.db"), 7)
	before := ledgerText(t, ref)
	path := filepath.Join(dir, "db.db")
	db := stagedDB(t, path, 7)
	// Killed in the publication: the import's record is in the file.
	abandon(t, db, func(ltx ledger.Tx) error {
		if err := importRows(200, nil)(ltx); err != nil {
			return err
		}
		return ltx.(*tx).commitChunk()
	})
	// One bounded step of the clean-up, as a process killed after it.
	if err := db.bolt.Update(func(btx *bolt.Tx) error {
		done, err := clearSome(btx, 5)
		if done {
			t.Error("clearSome of 5 records removed all of an import of more")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	problems, err := CheckFile(path)
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0], WarningPrefix) {
		t.Fatalf("check part way through the clean-up: %v %q; want one warning", err, problems)
	}
	db = openStaged(t, path, 7, false)
	if got := ledgerText(t, db); got != before {
		t.Fatalf("after the clean-up resumed:\n%s\nwant\n%s", got, before)
	}
	if got, want := nextIDs(t, db), nextIDs(t, ref); got != want {
		t.Fatalf("after the clean-up the next records get %s, want %s", got, want)
	}
}

// The key set groups its entries by part, in key order, in place.
func TestKeySetSorted(t *testing.T) {
	var s keySet
	for i := range 5000 {
		k := fmt.Sprintf("k%d", (i*7919)%5000)
		s.add(k, keyHash(k), keyRef{refEvent, uint64(i)})
	}
	got := s.sorted()
	if len(got) != 5000 {
		t.Fatalf("%d entries, want 5000", len(got))
	}
	seen := map[string]bool{}
	for i := range got {
		k := s.key(&got[i])
		seen[k] = true
		if keyPart(k) != partOf(got[i].hash) {
			t.Fatalf("entry %d: key %q with the hash of another", i, k)
		}
		if i == 0 {
			continue
		}
		prev := s.key(&got[i-1])
		if pp, p := partOf(got[i-1].hash), partOf(got[i].hash); pp > p || (pp == p && prev >= k) {
			t.Fatalf("entries %d and %d out of order: %q (part %d), %q (part %d)", i-1, i, prev, pp, k, p)
		}
	}
	if len(seen) != 5000 || !reflect.DeepEqual(seen["k0"], true) {
		t.Fatalf("%d distinct keys after sorting, want 5000", len(seen))
	}
}
