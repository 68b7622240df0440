package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// The lean scans give what the full ones give, less Note and Key, in the
// same order, across many batches; an error from the caller stops them.
func TestLeanScans(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db := open(t, path, store.Options{})
	const n = 3*4096 + 100 // blocks for both decoders, several batches each
	if err := db.Update(func(tx ledger.Tx) error {
		for i := range n {
			e := &ledger.Event{Date: ledger.Date(19000 + i%400), Stream: ledger.Stream(fmt.Sprintf("etsy/shop%d", i%7)), Kind: ledger.KindSale,
				Amount: int64(100 + i), Currency: []string{"USD", "EUR", "JPY"}[i%3], Ref: fmt.Sprint("r", i), Link: fmt.Sprint("l", i%11),
				Note: fmt.Sprint("note ", i), Key: fmt.Sprint("k", i)}
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
			if i%5 == 0 {
				w := &ledger.WorkSession{Stream: e.Stream, Start: int64(e.Date) * 86400, Seconds: 60, Note: "w", Key: fmt.Sprint("w", i)}
				if _, err := tx.AddSession(w); err != nil {
					return err
				}
			}
		}
		if err := tx.VoidEvent(17, "typo", fixedNow); err != nil {
			return err
		}
		return tx.VoidSession(3, "twice", fixedNow)
	}); err != nil {
		t.Fatal(err)
	}
	err := db.View(func(tx ledger.Tx) error {
		var full, lean []ledger.Event
		if err := tx.EachEvent(func(e *ledger.Event) error {
			c := *e
			c.Note = ""
			if c.Key != "" {
				c.Key = ledger.KeyNotRead
			}
			full = append(full, c)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.EachEventLean(func(e *ledger.Event) error { lean = append(lean, *e); return nil }); err != nil {
			return err
		}
		if len(full) != n || len(lean) != n {
			t.Fatalf("full scan %d events, lean %d; want %d", len(full), len(lean), n)
		}
		for i := range full {
			if full[i] != lean[i] {
				t.Fatalf("event %d: lean %+v, full %+v", i, lean[i], full[i])
			}
		}
		var fullS, leanS []ledger.WorkSession
		if err := tx.EachSession(func(w *ledger.WorkSession) error {
			c := *w
			c.Note, c.Key = "", ""
			fullS = append(fullS, c)
			return nil
		}); err != nil {
			return err
		}
		if err := tx.EachSessionLean(func(w *ledger.WorkSession) error { leanS = append(leanS, *w); return nil }); err != nil {
			return err
		}
		if len(fullS) != (n+4)/5 || fmt.Sprint(fullS) != fmt.Sprint(leanS) {
			t.Fatalf("lean sessions differ from full ones (%d, %d)", len(fullS), len(leanS))
		}
		// An error from the caller ends the scan, and is the scan's error,
		// in a block of either decoder.
		for _, at := range []int{1500, 5000, n} {
			stop := errors.New("enough")
			seen := 0
			err := tx.EachEventLean(func(*ledger.Event) error {
				seen++
				if seen == at {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || seen != at {
				t.Fatalf("stopped scan: %v after %d events; want %v after %d", err, seen, stop, at)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
