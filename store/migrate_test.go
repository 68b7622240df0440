package store_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

var updateFixture = flag.Bool("update-fixture", false, "rewrite testdata/ledger-v1.db")

const fixtureV1 = "testdata/ledger-v1.db"

func be(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return k
}

func ref(kind byte, id uint64) []byte { return append([]byte{kind}, be(id)...) }

// v1Content is the fixture: a schema version 1 ledger as an earlier earnlog
// wrote it, JSON values in the buckets of today.
var v1Content = map[string]map[string]string{
	"meta": {
		"schema":           "1",
		"timer":            `{"stream":"etsy/pixelshop","start":"2026-03-27T08:00:00+01:00","note":"photos"}`,
		"setting/currency": "EUR",
	},
	"events": {
		string(be(1)): `{"date":"2026-01-05","stream":"upwork/acme-logo","kind":"hourly","amount":"1250.00","currency":"USD","hours":"10","ref":"T100","note":"week 1"}`,
		string(be(2)): `{"date":"2026-01-06","stream":"upwork/acme-logo","kind":"fee","amount":"-125.00","currency":"USD","hours":"","ref":"T101","note":""}`,
		string(be(3)): `{"date":"2026-02-14","stream":"etsy/pixelshop","kind":"sale","amount":"18.50","currency":"EUR","note":"mug"}`,
		// A stream the streams bucket never recorded.
		string(be(4)): `{"date":"2026-02-20","stream":"gumroad/icon-pack","kind":"sale","amount":"1200","currency":"JPY"}`,
	},
	"sessions": {
		string(be(1)): `{"stream":"upwork/acme-logo","start":"2026-01-05T09:00:00","hours":"2.5","note":"drafts"}`,
		string(be(2)): `{"stream":"etsy/pixelshop","start":"2026-02-01","hours":"1","note":""}`,
	},
	"voids": {
		string(ref('e', 3)): `{"reason":"duplicate","at":"2026-02-15T10:00:00Z"}`,
	},
	"keys": {
		"upwork:T100":  string(ref('e', 1)),
		"upwork:T101":  string(ref('e', 2)),
		"timeclock:17": string(ref('s', 1)),
	},
	"streams": {
		"upwork/acme-logo": `{"created":"2026-01-05T12:00:00Z"}`,
		"etsy/pixelshop":   `{"created":"2026-02-14T12:00:00Z"}`,
	},
	"classes": {
		"kofi": "storefront",
	},
}

func writeV1(t *testing.T, path string, content map[string]map[string]string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for name, kvs := range content {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			for k, v := range kvs {
				if err := b.Put([]byte(k), []byte(v)); err != nil {
					return err
				}
			}
			if name == "events" || name == "sessions" {
				if err := b.SetSequence(uint64(len(kvs))); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteFixtureV1(t *testing.T) {
	if !*updateFixture {
		t.Skip("run with -update-fixture to rewrite " + fixtureV1)
	}
	os.Remove(fixtureV1)
	writeV1(t, fixtureV1, v1Content)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateV1Fixture(t *testing.T) {
	d := ledger.NewDate
	wantEvents := []ledger.Event{
		{ID: 1, Date: d(2026, 1, 5), Stream: "upwork/acme-logo", Kind: ledger.KindHourly, Amount: 125000, Currency: "USD",
			Billed: 36000, PeriodStart: d(2025, 12, 30), PeriodEnd: d(2026, 1, 5), Ref: "T100", Note: "week 1", Key: "upwork:T100"},
		{ID: 2, Date: d(2026, 1, 6), Stream: "upwork/acme-logo", Kind: ledger.KindFee, Amount: -12500, Currency: "USD",
			Ref: "T101", Key: "upwork:T101"},
		{ID: 3, Date: d(2026, 2, 14), Stream: "etsy/pixelshop", Kind: ledger.KindSale, Amount: 1850, Currency: "EUR",
			Note: "mug", Voided: true, VoidReason: "duplicate"},
		{ID: 4, Date: d(2026, 2, 20), Stream: "gumroad/icon-pack", Kind: ledger.KindSale, Amount: 1200, Currency: "JPY"},
	}
	wantSessions := []ledger.WorkSession{
		{ID: 1, Stream: "upwork/acme-logo", Start: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC).Unix(), HasTime: true,
			Seconds: 9000, Note: "drafts", Key: "timeclock:17"},
		{ID: 2, Stream: "etsy/pixelshop", Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Unix(), Seconds: 3600},
	}
	for _, readOnly := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "ledger.db")
		copyFile(t, fixtureV1, path)
		db := open(t, path, store.Options{ReadOnly: readOnly})
		var events []ledger.Event
		var sessions []ledger.WorkSession
		err := db.View(func(tx ledger.Tx) error {
			if err := tx.EachEvent(func(e *ledger.Event) error { events = append(events, *e); return nil }); err != nil {
				return err
			}
			if err := tx.EachSession(func(w *ledger.WorkSession) error { sessions = append(sessions, *w); return nil }); err != nil {
				return err
			}
			streams, err := tx.Streams()
			if err != nil {
				return err
			}
			var names []string
			for _, s := range streams {
				names = append(names, string(s.Stream))
			}
			if got := strings.Join(names, " "); got != "etsy/pixelshop gumroad/icon-pack upwork/acme-logo" {
				t.Errorf("streams after migration: %s", got)
			}
			if c, _ := tx.PlatformClasses(); c["kofi"] != ledger.ClassStorefront {
				t.Errorf("classes after migration: %v", c)
			}
			tm, err := tx.Timer()
			if err != nil || tm == nil || tm.Stream != "etsy/pixelshop" || tm.Note != "photos" ||
				!tm.Start.Equal(time.Date(2026, 3, 27, 7, 0, 0, 0, time.UTC)) || ledger.CivilSeconds(tm.Start)%86400 != 8*3600 {
				t.Errorf("timer after migration: %+v, %v", tm, err)
			}
			if v, _ := tx.Setting("currency"); v != "EUR" {
				t.Errorf("setting after migration: %q", v)
			}
			if has, _ := tx.HasKey("timeclock:17"); !has {
				t.Error("import key lost in migration")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(events, wantEvents) {
			t.Errorf("readOnly=%v: events after migration:\n%+v\nwant\n%+v", readOnly, events, wantEvents)
		}
		if !reflect.DeepEqual(sessions, wantSessions) {
			t.Errorf("readOnly=%v: sessions after migration:\n%+v\nwant\n%+v", readOnly, sessions, wantSessions)
		}
		db.Close()
		problems, err := store.CheckFile(path)
		if err != nil || len(problems) != 0 {
			t.Errorf("CheckFile after migration = %q, %v", problems, err)
		}
	}
}

func TestCheckFileDoesNotMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	copyFile(t, fixtureV1, path)
	before, _ := os.ReadFile(path)
	problems, err := store.CheckFile(path)
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0], store.WarningPrefix+"the schema version 1 is older") {
		t.Errorf("CheckFile(v1) = %q, %v; want one warning", problems, err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("CheckFile changed the file")
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	bad := map[string]map[string]string{}
	for name, kvs := range v1Content {
		bad[name] = map[string]string{}
		for k, v := range kvs {
			bad[name][k] = v
		}
	}
	bad["events"][string(be(5))] = `{"date":"2026-13-45","stream":"upwork/acme-logo","kind":"fixed","amount":"1","currency":"USD"}`
	path := filepath.Join(t.TempDir(), "ledger.db")
	writeV1(t, path, bad)
	before, _ := os.ReadFile(path)
	_, _, err := store.Open(path, store.Options{})
	if err == nil || !strings.Contains(err.Error(), "version 1 event 5") || !strings.Contains(err.Error(), "2026-13-45") {
		t.Fatalf("Open of a v1 file with a bad event: %v", err)
	}
	problems, _ := store.CheckFile(path)
	if len(problems) != 1 || !strings.Contains(problems[0], "schema version 1") {
		t.Errorf("after a failed migration the file is not version 1 any more: %q", problems)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a failed migration changed the file")
	}
}

// A version 2 file migrates to the block layout in one transaction: a key
// index entry that names no record stops it, and the file stays as it was.
func TestFailedV2MigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	copyFile(t, "testdata/ledger-v2.db", path)
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("keys")).Put([]byte("ghost"), []byte{1, 2})
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, _, err = store.Open(path, store.Options{})
	if err == nil || !strings.Contains(err.Error(), `version 2 import key "ghost": value 0102 is not a record`) {
		t.Fatalf("Open of a v2 file with a bad key: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a failed migration changed the file")
	}
}

func setSchema(t *testing.T, path, version string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte(version))
	}); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	open(t, path, store.Options{}).Close()
	setSchema(t, path, "5")
	for _, ro := range []bool{false, true} {
		_, _, err := store.Open(path, store.Options{ReadOnly: ro})
		wantCode(t, err, ledger.ECONFLICT)
		want := path + " was written by a newer earnlog (schema version 5; this earnlog reads up to 4): upgrade to an earnlog that reads schema version 5"
		if err == nil || err.Error() != want {
			t.Errorf("readOnly=%v: %v\nwant %s", ro, err, want)
		}
	}
	problems, err := store.CheckFile(path)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "newer") {
		t.Errorf("CheckFile of a newer ledger = %q, %v", problems, err)
	}
}
