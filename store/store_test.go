package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

var fixedNow = time.Date(2026, 3, 27, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// open opens (creating) a ledger in a fresh folder and closes it at the end.
func open(t testing.TB, path string, opts store.Options) *store.DB {
	t.Helper()
	if opts.Now == nil {
		opts.Now = clock
	}
	db, _, err := store.Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	if !opts.ReadOnly {
		// A new ledger takes its name at its first commit.
		if err := db.Update(func(ledger.Tx) error { return nil }); err != nil {
			t.Fatalf("Update on %s: %v", path, err)
		}
	}
	return db
}

func newDB(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "ledger.db"), store.Options{})
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := ledger.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func sampleEvent() *ledger.Event {
	return &ledger.Event{
		Date: ledger.NewDate(2026, 3, 2), Stream: "upwork/acme-logo", Kind: ledger.KindHourly,
		Amount: 125000, Currency: "USD", Billed: 10 * 3600,
		PeriodStart: ledger.NewDate(2026, 2, 23), PeriodEnd: ledger.NewDate(2026, 3, 1),
		Ref: "T100", Note: "week 9", Key: "upwork:T100",
	}
}

func sampleSession() *ledger.WorkSession {
	return &ledger.WorkSession{Stream: "upwork/acme-logo", Start: ledger.CivilSeconds(fixedNow), HasTime: true,
		Seconds: 5400, Note: "logo drafts", Key: "timeclock:1"}
}

func TestOpenCreatesPrivateFileAndFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "earnlog", "ledger.db")
	db, warnings, err := store.Open(path, store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if len(warnings) != 0 {
		t.Errorf("warnings on a new ledger: %q", warnings)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	// The file takes its name at the first commit, not before.
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("a ledger file is there before anything was committed: %v", err)
	}
	if err := db.Update(func(ledger.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("mode of %s = %04o, want %04o", filepath.Base(p), got, want)
		}
	}
	problems, err := db.Check()
	if err != nil || len(problems) != 0 {
		t.Errorf("Check of a new ledger = %q, %v", problems, err)
	}
}

func TestOpenTightensPermissions(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "ledger.db")
		db := open(t, path, store.Options{})
		db.Close()
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		db, warnings, err := store.Open(path, store.Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		// A read-only open changes no file: it says what a writer will do.
		want, mode := []string{"tightened permissions of " + path + " from 0644 to 0600"}, os.FileMode(0o600)
		if readOnly {
			want, mode = []string{path + " is readable by others (mode 0644); the next earnlog command that writes tightens it to 0600"}, 0o644
		}
		if !reflect.DeepEqual(warnings, want) {
			t.Errorf("readOnly=%v: warnings = %q, want %q", readOnly, warnings, want)
		}
		fi, _ := os.Stat(path)
		if fi.Mode().Perm() != mode {
			t.Errorf("readOnly=%v: mode %04o after open, want %04o", readOnly, fi.Mode().Perm(), mode)
		}
	}
}

// TestFailedFirstCommandLeavesNothing: a writer on a path where no ledger
// is whose transaction fails leaves no file and none of the folders it
// made; one that commits puts the ledger in place.
func TestFailedFirstCommandLeavesNothing(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "a", "b", "ledger.db")
	db, _, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(ledger.Tx) error { return ledger.Errorf(ledger.EINVALID, "refused") }); err == nil {
		t.Fatal("the failing update succeeded")
	}
	db.Close()
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("a failed first command left %d entries in the folder (%s ...)", len(entries), entries[0].Name())
	}
	db = open(t, path, store.Options{})
	db.Close()
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 || entries[0].Name() != "ledger.db" {
		t.Errorf("after a commit the folder holds %v; want ledger.db alone", entries)
	}
}

// TestNotALedgerKeepsItsMode: a file that is not a ledger is refused
// before anything changes it, its mode included.
func TestNotALedgerKeepsItsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "script.sh")
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho hello\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		if _, _, err := store.Open(path, store.Options{ReadOnly: ro, LockTimeout: 50 * time.Millisecond}); err == nil {
			t.Fatalf("readOnly=%v: a shell script opened as a ledger", ro)
		}
		fi, _ := os.Stat(path)
		if fi.Mode().Perm() != 0o755 {
			t.Errorf("readOnly=%v: mode %04o after a refused open, want 0755", ro, fi.Mode().Perm())
		}
	}
}

func TestReadOnlyMissingLedgerIsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none", "ledger.db")
	db, warnings, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Open = %q, %v", warnings, err)
	}
	defer db.Close()
	err = db.View(func(tx ledger.Tx) error {
		n := 0
		if err := tx.EachEvent(func(*ledger.Event) error { n++; return nil }); err != nil {
			return err
		}
		if err := tx.EachSession(func(*ledger.WorkSession) error { n++; return nil }); err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("%d records in a missing ledger", n)
		}
		if s, err := tx.Streams(); err != nil || len(s) != 0 {
			t.Errorf("Streams = %v, %v", s, err)
		}
		if tm, err := tx.Timer(); err != nil || tm != nil {
			t.Errorf("Timer = %v, %v", tm, err)
		}
		if v, err := tx.Setting("currency"); err != nil || v != "" {
			t.Errorf("Setting = %q, %v", v, err)
		}
		_, err := tx.Event(1)
		wantCode(t, err, ledger.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(ledger.Tx) error { return nil }); err == nil {
		t.Error("Update on a read-only open succeeded")
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read-only open created the folder: %v", err)
	}
}

func TestUpdateOnReadOnlyFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	open(t, path, store.Options{}).Close()
	db := open(t, path, store.Options{ReadOnly: true})
	err := db.Update(func(tx ledger.Tx) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("Update on a read-only ledger: %v", err)
	}
}

func TestEventAndSessionStored(t *testing.T) {
	db := newDB(t)
	e, w := sampleEvent(), sampleSession()
	err := db.Update(func(tx ledger.Tx) error {
		if added, err := tx.AddEvent(e); !added || err != nil {
			t.Fatalf("AddEvent = %v, %v", added, err)
		}
		if added, err := tx.AddSession(w); !added || err != nil {
			t.Fatalf("AddSession = %v, %v", added, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != 1 || w.ID != 1 {
		t.Errorf("IDs %d, %d; want 1, 1", e.ID, w.ID)
	}
	err = db.View(func(tx ledger.Tx) error {
		got, err := tx.Event(e.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("Event = %+v, want %+v", got, e)
		}
		gw, err := tx.Session(w.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(gw, w) {
			t.Errorf("Session = %+v, want %+v", gw, w)
		}
		_, err = tx.Event(99)
		wantCode(t, err, ledger.ENOTFOUND)
		_, err = tx.Session(99)
		wantCode(t, err, ledger.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAddRefusesInvalid(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*ledger.Event)
	}{
		{"bad stream", func(e *ledger.Event) { e.Stream = "Acme" }},
		{"upper-case stream", func(e *ledger.Event) { e.Stream = "UpWork/acme" }},
		{"bad currency", func(e *ledger.Event) { e.Currency = "XXX" }},
		{"negative income", func(e *ledger.Event) { e.Amount = -5 }},
		{"long key", func(e *ledger.Event) { e.Key = strings.Repeat("k", 600) }},
	}
	db := newDB(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sampleEvent()
			tt.mod(e)
			err := db.Update(func(tx ledger.Tx) error {
				_, err := tx.AddEvent(e)
				return err
			})
			wantCode(t, err, ledger.EINVALID)
		})
	}
}

func TestUpdateErrorWritesNothing(t *testing.T) {
	db := newDB(t)
	boom := errors.New("boom")
	err := db.Update(func(tx ledger.Tx) error {
		if _, err := tx.AddEvent(sampleEvent()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	countEvents(t, db, 0)
}

func countEvents(t *testing.T, db *store.DB, want int) {
	t.Helper()
	n := 0
	if err := db.View(func(tx ledger.Tx) error {
		return tx.EachEvent(func(*ledger.Event) error { n++; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("%d events, want %d", n, want)
	}
}

func TestImportKeysDedupe(t *testing.T) {
	db := newDB(t)
	err := db.Update(func(tx ledger.Tx) error {
		if has, _ := tx.HasKey("upwork:T100"); has {
			t.Error("HasKey before any record")
		}
		if added, err := tx.AddEvent(sampleEvent()); !added || err != nil {
			t.Fatalf("first AddEvent = %v, %v", added, err)
		}
		again := sampleEvent()
		if added, err := tx.AddEvent(again); added || err != nil || again.ID != 0 {
			t.Errorf("second AddEvent = %v, %v (ID %d); want not added", added, err, again.ID)
		}
		w := sampleSession()
		w.Key = "upwork:T100"
		if added, err := tx.AddSession(w); added || err != nil {
			t.Errorf("session with an event's key = %v, %v; want not added", added, err)
		}
		noKey := sampleEvent()
		noKey.Key = ""
		for range 2 {
			if added, err := tx.AddEvent(noKey); !added || err != nil {
				t.Errorf("keyless AddEvent = %v, %v; want added every time", added, err)
			}
		}
		if has, _ := tx.HasKey("upwork:T100"); !has {
			t.Error("HasKey false after AddEvent")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The dedupe survives the transaction.
	err = db.Update(func(tx ledger.Tx) error {
		added, err := tx.AddEvent(sampleEvent())
		if added {
			t.Error("AddEvent in a later transaction added a duplicate")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	countEvents(t, db, 3)
}

func TestVoids(t *testing.T) {
	db := newDB(t)
	at := fixedNow
	err := db.Update(func(tx ledger.Tx) error {
		for range 3 {
			e := sampleEvent()
			e.Key = ""
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
		}
		if _, err := tx.AddSession(sampleSession()); err != nil {
			return err
		}
		if err := tx.VoidEvent(2, "typo in amount", at); err != nil {
			return err
		}
		wantCode(t, tx.VoidEvent(2, "again", at), ledger.ECONFLICT)
		wantCode(t, tx.VoidEvent(9, "none", at), ledger.ENOTFOUND)
		wantCode(t, tx.VoidEvent(1, strings.Repeat("x", ledger.MaxNote+1), at), ledger.EINVALID)
		if err := tx.VoidSession(1, "double logged", at); err != nil {
			return err
		}
		wantCode(t, tx.VoidSession(1, "again", at), ledger.ECONFLICT)
		wantCode(t, tx.VoidSession(5, "none", at), ledger.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx ledger.Tx) error {
		var got []string
		if err := tx.EachEvent(func(e *ledger.Event) error {
			got = append(got, strings.TrimSpace(e.VoidReason+" "+map[bool]string{true: "void", false: "live"}[e.Voided]))
			return nil
		}); err != nil {
			return err
		}
		want := []string{"live", "typo in amount void", "live"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("EachEvent voids = %q, want %q", got, want)
		}
		e, err := tx.Event(2)
		if err != nil || !e.Voided || e.VoidReason != "typo in amount" {
			t.Errorf("Event(2) = %+v, %v; want voided", e, err)
		}
		var sessions []ledger.WorkSession
		if err := tx.EachSession(func(w *ledger.WorkSession) error { sessions = append(sessions, *w); return nil }); err != nil {
			return err
		}
		if len(sessions) != 1 || !sessions[0].Voided || sessions[0].VoidReason != "double logged" {
			t.Errorf("EachSession = %+v; want one voided session", sessions)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStreams(t *testing.T) {
	db := newDB(t)
	t1 := time.Date(2026, 1, 5, 10, 0, 0, 123, time.UTC)
	err := db.Update(func(tx ledger.Tx) error {
		for _, tt := range []struct {
			s    ledger.Stream
			want bool
		}{{"etsy/pixelshop", true}, {"etsy/pixelshop", false}, {"upwork/acme", true}} {
			if created, err := tx.EnsureStream(tt.s, t1); created != tt.want || err != nil {
				t.Errorf("EnsureStream(%s) = %v, %v; want %v", tt.s, created, err, tt.want)
			}
		}
		_, err := tx.EnsureStream("Etsy/Shop", t1)
		wantCode(t, err, ledger.EINVALID)
		// AddEvent records a stream it has not seen, at the store's clock.
		e := sampleEvent()
		e.Stream = "gumroad/icon-pack"
		e.Kind, e.Billed, e.PeriodStart, e.PeriodEnd = ledger.KindSale, 0, 0, 0
		_, err = tx.AddEvent(e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx ledger.Tx) error {
		got, err := tx.Streams()
		if err != nil {
			return err
		}
		want := []ledger.StreamInfo{
			{Stream: "etsy/pixelshop", Created: t1},
			{Stream: "gumroad/icon-pack", Created: fixedNow},
			{Stream: "upwork/acme", Created: t1},
		}
		if len(got) != len(want) {
			t.Fatalf("Streams = %v, want %v", got, want)
		}
		for i := range want {
			if got[i].Stream != want[i].Stream || !got[i].Created.Equal(want[i].Created) {
				t.Errorf("Streams[%d] = %v, want %v", i, got[i], want[i])
			}
		}
		e, err := tx.Event(1)
		if err != nil || e.Stream != "gumroad/icon-pack" {
			t.Errorf("Event(1) = %+v, %v", e, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestClassesTimerSettings(t *testing.T) {
	db := newDB(t)
	zone := time.FixedZone("", -5*3600)
	start := time.Date(2026, 3, 27, 8, 15, 0, 0, zone)
	err := db.Update(func(tx ledger.Tx) error {
		if err := tx.SetPlatformClass("kofi", ledger.ClassStorefront); err != nil {
			return err
		}
		if err := tx.SetPlatformClass("upwork", ledger.ClassOther); err != nil {
			return err
		}
		wantCode(t, tx.SetPlatformClass("Ko Fi", ledger.ClassStorefront), ledger.EINVALID)
		wantCode(t, tx.SetPlatformClass("kofi", ledger.Class(7)), ledger.EINVALID)
		if err := tx.SetTimer(&ledger.Timer{Stream: "upwork/acme", Start: start, Note: "calls"}); err != nil {
			return err
		}
		wantCode(t, tx.SetTimer(&ledger.Timer{Stream: "nope", Start: start}), ledger.EINVALID)
		if err := tx.SetSetting("currency", "EUR"); err != nil {
			return err
		}
		wantCode(t, tx.SetSetting("", "x"), ledger.EINVALID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx ledger.Tx) error {
		classes, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		want := map[string]ledger.Class{"kofi": ledger.ClassStorefront, "upwork": ledger.ClassOther}
		if !reflect.DeepEqual(classes, want) {
			t.Errorf("PlatformClasses = %v, want %v", classes, want)
		}
		tm, err := tx.Timer()
		if err != nil {
			return err
		}
		if tm == nil || tm.Stream != "upwork/acme" || tm.Note != "calls" || !tm.Start.Equal(start) ||
			ledger.CivilSeconds(tm.Start) != ledger.CivilSeconds(start) {
			t.Errorf("Timer = %+v, want %v started %v", tm, "upwork/acme", start)
		}
		for name, want := range map[string]string{"currency": "EUR", "window": ""} {
			if v, err := tx.Setting(name); err != nil || v != want {
				t.Errorf("Setting(%s) = %q, %v; want %q", name, v, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx ledger.Tx) error {
		if err := tx.SetTimer(nil); err != nil {
			return err
		}
		return tx.SetSetting("currency", "")
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx ledger.Tx) error {
		if tm, err := tx.Timer(); tm != nil || err != nil {
			t.Errorf("Timer after clearing = %v, %v", tm, err)
		}
		if v, _ := tx.Setting("currency"); v != "" {
			t.Errorf("Setting after clearing = %q", v)
		}
		return nil
	})
}

func TestLocking(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	writer := open(t, path, store.Options{})
	short := store.Options{LockTimeout: 50 * time.Millisecond}

	_, _, err := store.Open(path, short)
	wantCode(t, err, ledger.EBUSY)
	if err == nil || !strings.Contains(err.Error(), "in use by another earnlog process") {
		t.Errorf("second writer: %v", err)
	}
	// bbolt's writer holds an exclusive flock for as long as it is open, so
	// a reader waits for it too, and gives up the same way.
	short.ReadOnly = true
	_, _, err = store.Open(path, short)
	wantCode(t, err, ledger.EBUSY)

	writer.Close()
	r1 := open(t, path, short)
	r2 := open(t, path, short) // readers share the lock
	for _, r := range []*store.DB{r1, r2} {
		if err := r.View(func(ledger.Tx) error { return nil }); err != nil {
			t.Error(err)
		}
	}
	short.ReadOnly = false
	_, _, err = store.Open(path, short)
	wantCode(t, err, ledger.EBUSY)
}

func TestNotALedger(t *testing.T) {
	dir := t.TempDir()
	tests := map[string][]byte{
		"text":  []byte("date,amount\n2026-01-01,12.50\n"),
		"zeros": make([]byte, 3*4096),
		"short": []byte{1, 2, 3},
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, ro := range []bool{false, true} {
				_, _, err := store.Open(path, store.Options{ReadOnly: ro})
				if err == nil || !strings.Contains(err.Error(), "is not an earnlog ledger or is damaged") {
					t.Errorf("Open(readOnly=%v) = %v; want the damaged error", ro, err)
				}
				wantCode(t, err, ledger.EINTERNAL)
			}
			problems, err := store.CheckFile(path)
			if err != nil || len(problems) == 0 {
				t.Errorf("CheckFile = %q, %v; want problems", problems, err)
			}
		})
	}
}

func TestCallerPanicIsNotDamage(t *testing.T) {
	db := newDB(t)
	defer func() {
		if r := recover(); r != "caller bug" {
			t.Errorf("recovered %v; want the caller's own panic", r)
		}
	}()
	_ = db.View(func(ledger.Tx) error { panic("caller bug") })
}

// TestCutShortLedger: a file shorter than its header says is named as cut
// short by Open and CheckFile, not as a Go runtime error.
func TestCutShortLedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	if err := db.Update(func(tx ledger.Tx) error { _, err := tx.AddEvent(sampleEvent()); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.db")
	if err := os.WriteFile(cut, b[:8192], 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		_, _, err := store.Open(cut, store.Options{ReadOnly: ro})
		if err == nil || !strings.Contains(err.Error(), "is damaged: it is cut short, 8192 bytes") || strings.Contains(err.Error(), "runtime error") {
			t.Errorf("readOnly=%v: %v; want the file named as cut short", ro, err)
		}
	}
	problems, err := store.CheckFile(cut)
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0], "the file is cut short") {
		t.Errorf("CheckFile = %q, %v", problems, err)
	}
}
