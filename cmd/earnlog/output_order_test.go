package main

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// TestEachRecordByID: a list in date order gives the same records, in the
// same order and with every field (voids, amendments, imports, held and
// released keys), whether it sorts the records it holds or, past
// keptLimit, sorts their IDs and reads them again.
func TestEachRecordByID(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db, _, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx ledger.Tx) error {
		rec := &ledger.Recorder{Tx: tx, Now: now}
		// Newest first, as UpWork exports: IDs against date order.
		for i := range 40 {
			d := ledger.NewDate(2025, 12, 31) - ledger.Date(3*i%50)
			if err := rec.Event(&ledger.Event{Date: d, Stream: "upwork/acme", Kind: ledger.KindFixed, Amount: int64(1000 + i),
				Currency: "USD", Ref: fmt.Sprint("R", i), Note: fmt.Sprint("n", i%3), Key: fmt.Sprint("upwork:", i)}); err != nil {
				return err
			}
			if err := rec.Session(&ledger.WorkSession{Stream: "upwork/acme", Start: int64(d)*86400 + int64(i%5)*3600, HasTime: true,
				Seconds: 1800, Key: fmt.Sprint("tc:", i)}); err != nil {
				return err
			}
		}
		if err := tx.RecordImport(rec.Import("history.csv", "upwork")); err != nil {
			return err
		}
		for _, id := range []uint64{3, 17} {
			if err := tx.VoidEvent(id, "duplicate", now); err != nil {
				return err
			}
			if err := tx.VoidSession(id, "typo", now); err != nil {
				return err
			}
		}
		if err := tx.ReleaseEventKey(17); err != nil {
			return err
		}
		if err := tx.AmendEvent(5, &ledger.Event{Date: ledger.NewDate(2025, 6, 1), Stream: "upwork/acme", Kind: ledger.KindFixed,
			Amount: 777, Currency: "USD"}, now); err != nil {
			return err
		}
		_, err := tx.AddEvent(&ledger.Event{Date: ledger.NewDate(2025, 1, 2), Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 500, Currency: "EUR"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	list := func(limit int, f ledger.Filter, work bool) []string {
		defer func(old int) { keptLimit = old }(keptLimit)
		keptLimit = limit
		var out []string
		err := db.View(func(tx ledger.Tx) error {
			return eachRecord(tx, &f, work,
				func(e *ledger.Event) error { out = append(out, fmt.Sprintf("%+v", *e)); return nil },
				func(w *ledger.WorkSession) error { out = append(out, fmt.Sprintf("%+v", *w)); return nil })
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	err = db.View(func(tx ledger.Tx) error {
		if err := tx.EachEventIn([]uint64{2, 999}, func(*ledger.Event) error { return nil }); ledger.ErrorCode(err) != ledger.ENOTFOUND {
			t.Errorf("EachEventIn of a missing ID: %v, want ENOTFOUND", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    ledger.Filter
	}{
		{"all", ledger.Filter{All: true, Order: ledger.OrderDate}},
		{"not voided", ledger.Filter{Order: ledger.OrderDate}},
		{"a stream", ledger.Filter{All: true, Stream: "upwork/acme", Order: ledger.OrderDate}},
	} {
		for _, work := range []bool{false, true} {
			held := list(1<<20, c.f, work)
			for _, limit := range []int{0, 1, 7} {
				if got := list(limit, c.f, work); !reflect.DeepEqual(got, held) {
					t.Errorf("%s (work %v), keptLimit %d:\n%q\nholding them all:\n%q", c.name, work, limit, got, held)
				}
			}
			if len(held) < 2 {
				t.Errorf("%s (work %v): only %d records", c.name, work, len(held))
			}
		}
	}
}
