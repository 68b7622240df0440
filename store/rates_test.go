package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
	"github.com/shopspring/decimal"
)

func rate(d ledger.Date, from, to, v, source string) ledger.Rate {
	return ledger.Rate{Date: d, From: from, To: to, Value: decimal.RequireFromString(v), Source: source}
}

func allRates(t *testing.T, db *store.DB) []ledger.Rate {
	t.Helper()
	var out []ledger.Rate
	if err := db.View(func(tx ledger.Tx) error {
		return tx.EachRate(func(r *ledger.Rate) error { out = append(out, *r); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRatesStoredByPairAndDate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	d := ledger.NewDate
	in := []ledger.Rate{
		rate(d(2025, 3, 3), "EUR", "USD", "1.0842", "ecb:x.csv"),
		rate(d(1999, 1, 4), "EUR", "USD", "1.1789", "ecb:x.csv"),
		rate(d(2025, 3, 1), "EUR", "GBP", "0.8312", "manual"),
		rate(d(2025, 3, 1), "USD", "JPY", "150.25", "pricedb:prices.journal"),
	}
	if err := db.Update(func(tx ledger.Tx) error {
		for i := range in {
			if err := tx.SetRate(&in[i]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = open(t, path, store.Options{ReadOnly: true})
	defer db.Close()
	got := allRates(t, db)
	want := []ledger.Rate{in[2], in[1], in[0], in[3]} // EUR/GBP, EUR/USD by date, USD/JPY
	if len(got) != len(want) {
		t.Fatalf("got %d rates, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Date != want[i].Date || got[i].From != want[i].From || got[i].To != want[i].To ||
			!got[i].Value.Equal(want[i].Value) || got[i].Source != want[i].Source {
			t.Errorf("rate %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if err := db.View(func(tx ledger.Tx) error {
		r, err := tx.Rate("EUR", "USD", d(2025, 3, 3))
		if err != nil || r == nil || r.Value.String() != "1.0842" {
			t.Errorf("Rate(EUR, USD, 2025-03-03) = %+v, %v", r, err)
		}
		r, err = tx.Rate("USD", "EUR", d(2025, 3, 3))
		if err != nil || r != nil {
			t.Errorf("Rate(USD, EUR) = %+v, %v; want none (the inverse is not stored)", r, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(); err != nil || len(problems) != 0 {
		t.Errorf("Check = %q, %v", problems, err)
	}
}

func TestSetRateReplacesAndRefusesInvalid(t *testing.T) {
	db := newDB(t)
	d := ledger.NewDate(2025, 3, 3)
	for _, v := range []string{"1.0842", "1.09"} {
		r := rate(d, "EUR", "USD", v, "manual")
		if err := db.Update(func(tx ledger.Tx) error { return tx.SetRate(&r) }); err != nil {
			t.Fatal(err)
		}
	}
	if got := allRates(t, db); len(got) != 1 || got[0].Value.String() != "1.09" {
		t.Errorf("after replacing: %+v", got)
	}
	for _, bad := range []ledger.Rate{
		rate(d, "EUR", "EUR", "1", "manual"),
		rate(d, "EUR", "XXX", "1", "manual"),
		{Date: d, From: "EUR", To: "USD", Value: decimal.Zero},
		rate(d, "EUR", "USD", "1.23456789012", "manual"),
	} {
		err := db.Update(func(tx ledger.Tx) error { return tx.SetRate(&bad) })
		wantCode(t, err, ledger.EINVALID)
	}
	if got := allRates(t, db); len(got) != 1 {
		t.Errorf("invalid rates were stored: %+v", got)
	}
}

// A version 3 ledger (written by earnlog at schema version 3) gains the
// rates bucket in its migration; its records are as they were.
func TestMigrateV3RatesFixture(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "ledger.db")
		copyFile(t, "testdata/ledger-v3-rates.db", path)
		problems, err := store.CheckFile(path)
		if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "the schema version 3 is older than 4") {
			t.Fatalf("CheckFile(v3) = %q, %v", problems, err)
		}
		db := open(t, path, store.Options{ReadOnly: readOnly})
		var events, voided int
		var eur, gbp int64
		err = db.View(func(tx ledger.Tx) error {
			return tx.EachEvent(func(e *ledger.Event) error {
				events++
				if e.Voided {
					voided++
				}
				switch e.Currency {
				case "EUR":
					eur += e.Amount
				case "GBP":
					gbp += e.Amount
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if events != 221 || voided != 1 || eur != 1850 || gbp != 1200 {
			t.Errorf("readOnly=%v: after migration %d events (%d voided), EUR %d, GBP %d; want 221 (1), 1850, 1200", readOnly, events, voided, eur, gbp)
		}
		if got := allRates(t, db); len(got) != 0 {
			t.Errorf("a migrated ledger has rates: %+v", got)
		}
		db.Close()
		if problems, err := store.CheckFile(path); err != nil || len(problems) != 0 {
			t.Errorf("CheckFile after migration = %q, %v", problems, err)
		}
		if !readOnly {
			db = open(t, path, store.Options{})
			r := rate(ledger.NewDate(2026, 2, 14), "EUR", "USD", "1.0842", "manual")
			if err := db.Update(func(tx ledger.Tx) error { return tx.SetRate(&r) }); err != nil {
				t.Fatal(err)
			}
			db.Close()
		}
	}
}

// plantRate puts an entry into a rates bucket of a file of an older schema,
// which no earnlog of that schema writes.
func plantRate(t *testing.T, path string) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("rates"))
		if err != nil {
			return err
		}
		return b.Put([]byte("EURUSD\x80\x00\x50\x00"), []byte("foreign"))
	}); err != nil {
		t.Fatal(err)
	}
}

// A failed version 3 migration leaves the file byte for byte as it was, and
// so does a failure in the version 3 step of a version 2 file's migration,
// after the version 2 step has rewritten every record in the same
// transaction.
func TestFailedV3RatesMigrationChangesNothing(t *testing.T) {
	for _, fixture := range []string{"testdata/ledger-v3-rates.db", "testdata/ledger-v2.db"} {
		path := filepath.Join(t.TempDir(), "ledger.db")
		copyFile(t, fixture, path)
		plantRate(t, path)
		before, _ := os.ReadFile(path)
		for _, ro := range []bool{false, true} {
			_, _, err := store.Open(path, store.Options{ReadOnly: ro})
			if err == nil || !strings.Contains(err.Error(), `version 3 ledger already has entries in a "rates" bucket`) {
				t.Fatalf("%s: Open with a foreign rates bucket: %v", fixture, err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("%s: a failed migration changed the file", fixture)
			}
		}
	}
}

// A damaged rate is named by check and by the scan that meets it.
func TestDamagedRateReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	r := rate(ledger.NewDate(2025, 3, 3), "EUR", "USD", "1.0842", "manual")
	if err := db.Update(func(tx ledger.Tx) error { return tx.SetRate(&r) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("rates")).Put([]byte("EURGBP\x80\x00\x50\x00"), []byte{1, 0, 0, 0}) // a rate of 0
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	problems, err := store.CheckFile(path)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "rate 455552474250") || !strings.Contains(problems[0], `value 0e0 is not a rate`) {
		t.Errorf("CheckFile with a damaged rate = %q, %v", problems, err)
	}
	db = open(t, path, store.Options{ReadOnly: true})
	defer db.Close()
	err = db.View(func(tx ledger.Tx) error { return tx.EachRate(func(*ledger.Rate) error { return nil }) })
	wantCode(t, err, ledger.EINTERNAL)
	if !reflect.DeepEqual(ledger.ErrorCode(err), ledger.EINTERNAL) || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("EachRate over a damaged rate: %v", err)
	}
}
