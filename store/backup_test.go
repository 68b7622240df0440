package store_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// filled returns a ledger with a few events, a session and a void.
func filled(t *testing.T, dir string) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(dir, "ledger.db")
	db := open(t, path, store.Options{})
	err := db.Update(func(tx ledger.Tx) error {
		for i := range 50 {
			e := sampleEvent()
			e.Key = ""
			e.Amount = int64(1000 + i)
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
		}
		if _, err := tx.AddSession(sampleSession()); err != nil {
			return err
		}
		return tx.VoidEvent(3, "typo", fixedNow)
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, path
}

// amounts opens the ledger at path read-only and lists its amounts.
func amounts(t *testing.T, path string) []int64 {
	t.Helper()
	db := open(t, path, store.Options{ReadOnly: true})
	defer db.Close()
	return amountsOf(t, db)
}

func amountsOf(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	var out []int64
	if err := db.View(func(tx ledger.Tx) error {
		return tx.EachEvent(func(e *ledger.Event) error { out = append(out, e.Amount); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db, path := filled(t, dir)
	want := amountsOf(t, db)
	target := filepath.Join(dir, "backup.db")

	if err := db.Backup(target, false); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", fi, err)
	}
	if got := amounts(t, target); !reflect.DeepEqual(got, want) {
		t.Errorf("backup holds %v, want %v", got, want)
	}
	if problems, err := store.CheckFile(target); err != nil || len(problems) != 0 {
		t.Errorf("CheckFile(backup) = %q, %v", problems, err)
	}

	err = db.Backup(target, false)
	wantCode(t, err, ledger.ECONFLICT)
	if err == nil || !strings.Contains(err.Error(), target) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if err := db.Backup(target, true); err != nil {
		t.Errorf("backup --force: %v", err)
	}

	// A symlink is refused even with force, and what it points to is untouched.
	victim := filepath.Join(dir, "victim.txt")
	os.WriteFile(victim, []byte("keep me"), 0o600)
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		err := db.Backup(link, force)
		wantCode(t, err, ledger.EINVALID)
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("backup to a symlink (force=%v): %v", force, err)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Error("backup wrote through a symlink")
	}
	wantCode(t, db.Backup(dir, true), ledger.EINVALID)
	wantCode(t, db.Backup(path, true), ledger.EINVALID)

	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	db, path := filled(t, dir)
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(backup, false); err != nil {
		t.Fatal(err)
	}
	want := amountsOf(t, db)
	// A change after the backup, which the restore undoes.
	if err := db.Update(func(tx ledger.Tx) error {
		e := sampleEvent()
		e.Key, e.Amount = "", 777
		_, err := tx.AddEvent(e)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	changed := amountsOf(t, db)
	db.Close()

	aside, err := store.Restore(path, backup, store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if wantAside := path + ".before-restore-20260327T093000"; aside != wantAside {
		t.Errorf("kept aside as %q, want %q", aside, wantAside)
	}
	if got := amounts(t, path); !reflect.DeepEqual(got, want) {
		t.Errorf("restored ledger holds %v, want %v", got, want)
	}
	if got := amounts(t, aside); !reflect.DeepEqual(got, changed) {
		t.Errorf("the ledger kept aside holds %v, want %v", got, changed)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("restored ledger mode %04o", fi.Mode().Perm())
	}
	// A second restore in the same second keeps the first one's file.
	aside2, err := store.Restore(path, backup, store.Options{Now: clock})
	if err != nil || aside2 == aside {
		t.Errorf("second restore: %q, %v", aside2, err)
	}
	if _, err := os.Stat(aside); err != nil {
		t.Errorf("first kept-aside ledger lost: %v", err)
	}

	// Restoring where there is no ledger yet.
	fresh := filepath.Join(dir, "new", "ledger.db")
	aside, err = store.Restore(fresh, backup, store.Options{})
	if err != nil || aside != "" {
		t.Errorf("restore to a new place: %q, %v", aside, err)
	}

	// A damaged backup is refused and the ledger left as it was.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a ledger at all, just text"), 0o600)
	_, err = store.Restore(path, bad, store.Options{})
	wantCode(t, err, ledger.EINVALID)
	if got := amounts(t, path); !reflect.DeepEqual(got, want) {
		t.Errorf("a refused restore changed the ledger: %v", got)
	}

	// The ledger in use by a writer: busy.
	w := open(t, path, store.Options{})
	_, err = store.Restore(path, backup, store.Options{LockTimeout: 50 * 1e6})
	wantCode(t, err, ledger.EBUSY)
	w.Close()
}

func TestCheckFindsBrokenInvariants(t *testing.T) {
	dir := t.TempDir()
	db, path := filled(t, dir)
	if err := db.Update(func(tx ledger.Tx) error {
		fee := sampleEvent()
		fee.Kind, fee.Amount, fee.Billed, fee.PeriodStart, fee.PeriodEnd = ledger.KindFee, -100, 0, 0, 0
		fee.Key, fee.Ref, fee.Link = "upwork:F1", "F1", "T999"
		_, err := tx.AddEvent(fee)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	problems, err := store.CheckFile(path)
	want := []string{store.WarningPrefix + `event 51 links to ref "T999", which no event on upwork has`}
	if err != nil || !reflect.DeepEqual(problems, want) {
		t.Fatalf("CheckFile = %q, %v; want %q", problems, err, want)
	}

	// Break the indexes behind the store's back.
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		tx.Bucket([]byte("voids")).Put(ref('e', 400), tx.Bucket([]byte("voids")).Get(ref('e', 3)))
		keys := tx.Bucket([]byte("keys"))
		ghost, _ := keys.CreateBucketIfNotExists([]byte{store.KeyPart("ghost")})
		ghost.Put([]byte("ghost"), ref('s', 9))
		keys.Bucket([]byte{store.KeyPart("timeclock:1")}).Delete([]byte("timeclock:1"))
		tx.Bucket([]byte("events")).Bucket(store.BlockName(60)).Put(be(60), []byte{1, 2, 3})
		return nil
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	problems, err = store.CheckFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"event 60 does not decode",
		"void of event 400: there is no such record",
		`import key "ghost" points at work session 9, which does not exist`,
		`work session 1 has the import key "timeclock:1", but the keys index does not point at it`,
	} {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p, want)
		}
		if !found {
			t.Errorf("CheckFile did not report %q; got %q", want, problems)
		}
	}
	// Reading the undecodable event is an error for a person, not a crash.
	db = open(t, path, store.Options{ReadOnly: true})
	err = db.View(func(tx ledger.Tx) error { return tx.EachEvent(func(*ledger.Event) error { return nil }) })
	if err == nil || !strings.Contains(err.Error(), "run earnlog check") {
		t.Errorf("EachEvent over a damaged record: %v", err)
	}
}

// Flipping bytes anywhere in a ledger never crashes Open, View, Check or
// CheckFile: each either works or reports.
func TestCorruptedCopiesNeverPanic(t *testing.T) {
	dir := t.TempDir()
	db, path := filled(t, dir)
	db.Close()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	reported := 0
	for i := range 200 {
		b := append([]byte(nil), orig...)
		for range 1 + rng.Intn(8) {
			b[rng.Intn(len(b))] ^= byte(1 + rng.Intn(255))
		}
		if i%10 == 0 { // truncated copies too
			b = b[:rng.Intn(len(b))]
		}
		// A file of its own each time: a damaged file that makes bbolt panic
		// inside its Open keeps its mapping, and so its lock, until the
		// process ends.
		bad := filepath.Join(dir, fmt.Sprintf("bad%d.db", i))
		if err := os.WriteFile(bad, b, 0o600); err != nil {
			t.Fatal(err)
		}
		problems, err := store.CheckFile(bad)
		if err != nil || len(problems) > 0 {
			reported++
		}
		db, _, err := store.Open(bad, store.Options{ReadOnly: true, LockTimeout: 10 * time.Millisecond})
		if err != nil {
			if !strings.Contains(err.Error(), "is not an earnlog ledger or is damaged") && !strings.Contains(err.Error(), "is cut short") {
				t.Errorf("copy %d: Open: %v", i, err)
			}
			continue
		}
		db.View(func(tx ledger.Tx) error {
			tx.EachEvent(func(*ledger.Event) error { return nil })
			tx.EachSession(func(*ledger.WorkSession) error { return nil })
			tx.Streams()
			return nil
		})
		// The reports' lean scans, the sessions' beside the events' facts
		// as a report runs them (report.beside): waited for before the
		// transaction ends, a panic raised again on the View's goroutine.
		// The damage is an error, not a crash or a race.
		db.View(func(tx ledger.Tx) error {
			lean := tx.(interface {
				EachEventFacts(func(*ledger.EventFacts) error) error
				ScansAtOnce() bool
			})
			if !lean.ScansAtOnce() {
				t.Fatal("a read-only transaction does not run its lean scans at once")
			}
			var wg sync.WaitGroup
			var panicked any
			wg.Go(func() {
				defer func() { panicked = recover() }()
				tx.EachSessionLean(func(*ledger.WorkSession) error { return nil })
			})
			func() {
				defer wg.Wait() // before the transaction ends, even in a panic
				lean.EachEventFacts(func(*ledger.EventFacts) error { return nil })
			}()
			if panicked != nil {
				panic(panicked)
			}
			return tx.EachEventLean(func(*ledger.Event) error { return nil })
		})
		db.Check()
		db.Close()
	}
	if reported < 20 {
		t.Errorf("CheckFile reported only %d of 200 corrupted copies", reported)
	}
	t.Logf("%d of 200 corrupted copies reported", reported)
}
