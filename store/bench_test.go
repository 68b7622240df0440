package store_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// BenchmarkEachEvent scans a ledger of 100k events; one op is one full scan.
// Reports read every event on every run, so this is their floor.
func BenchmarkEachEvent(b *testing.B) {
	db := scanLedger(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		scanOnce(b, db, func(tx ledger.Tx, fn func(*ledger.Event) error) error { return tx.EachEvent(fn) })
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scanEvents, "ns/event")
}

// BenchmarkEachEventLean and BenchmarkEachEventWanted are the reports'
// second pass over the same ledger: the lean scan, which copies every
// event's reference and link, and the scan that copies them only where
// asked (here: never, as for a ledger without refunds).
func BenchmarkEachEventLean(b *testing.B) {
	db := scanLedger(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		scanOnce(b, db, func(tx ledger.Tx, fn func(*ledger.Event) error) error { return tx.EachEventLean(fn) })
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scanEvents, "ns/event")
}

func BenchmarkEachEventWanted(b *testing.B) {
	db := scanLedger(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		scanOnce(b, db, func(tx ledger.Tx, fn func(*ledger.Event) error) error {
			return tx.(interface {
				EachEventWanted(func(*ledger.Event, string) bool, func(*ledger.Event) error) error
			}).EachEventWanted(func(*ledger.Event, string) bool { return false }, fn)
		})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scanEvents, "ns/event")
}

const scanEvents = 100_000

// scanLedger is the ledger of the scan benchmarks: 100k sales on four
// streams, each with a reference and an import key, a note on one in ten,
// a void in a hundred.
func scanLedger(b *testing.B) *store.DB {
	path := filepath.Join(b.TempDir(), "ledger.db")
	db := open(b, path, store.Options{})
	streams := []ledger.Stream{"upwork/acme-logo", "etsy/pixelshop", "gumroad/icon-pack", "upwork/northwind"}
	err := db.Update(func(tx ledger.Tx) error {
		for i := range scanEvents {
			e := &ledger.Event{
				Date: ledger.NewDate(2020, 1, 1) + ledger.Date(i%2000), Stream: streams[i%len(streams)],
				Kind: ledger.KindSale, Amount: int64(1000 + i%5000), Currency: "USD",
				Ref: fmt.Sprintf("R%07d", i), Key: fmt.Sprintf("etsy:%07d", i),
			}
			if i%10 == 0 {
				e.Note = "bundle discount"
			}
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
			if i%100 == 0 {
				if err := tx.VoidEvent(e.ID, "duplicate", fixedNow); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// scanOnce runs one scan of db and checks it saw every event.
func scanOnce(b *testing.B, db *store.DB, scan func(ledger.Tx, func(*ledger.Event) error) error) {
	var sum int64
	count := 0
	err := db.View(func(tx ledger.Tx) error {
		return scan(tx, func(e *ledger.Event) error {
			if !e.Voided {
				sum += e.Amount
			}
			count++
			return nil
		})
	})
	if err != nil || count != scanEvents {
		b.Fatalf("scan: %d events, %v", count, err)
	}
}

// BenchmarkCheckFile checks a ledger of 100k events (earnings, their fees
// linked by ref, a void in a hundred) and 20k work sessions, every record
// with an import key; one op is one whole check, as 'earnlog check' runs it.
func BenchmarkCheckFile(b *testing.B) {
	const n, sessions = 100_000, 20_000
	path := filepath.Join(b.TempDir(), "ledger.db")
	db := open(b, path, store.Options{})
	streams := []ledger.Stream{"upwork/acme-logo", "etsy/pixelshop", "gumroad/icon-pack", "upwork/northwind"}
	err := db.Update(func(tx ledger.Tx) error {
		for i := range n {
			e := &ledger.Event{
				Date: ledger.NewDate(2020, 1, 1) + ledger.Date(i%2000), Stream: streams[i%len(streams)],
				Kind: ledger.KindSale, Amount: int64(1000 + i%5000), Currency: "USD",
				Ref: fmt.Sprintf("R%07d", i), Key: fmt.Sprintf("etsy:%07d", i),
			}
			if i%4 == 3 {
				e.Kind, e.Amount, e.Link = ledger.KindFee, -100, fmt.Sprintf("R%07d", i-1)
				e.Stream = streams[(i-1)%len(streams)]
			}
			if _, err := tx.AddEvent(e); err != nil {
				return err
			}
			if i%100 == 0 {
				if err := tx.VoidEvent(e.ID, "duplicate", fixedNow); err != nil {
					return err
				}
			}
		}
		for i := range sessions {
			w := &ledger.WorkSession{Stream: streams[i%len(streams)], Start: ledger.CivilSeconds(fixedNow) - int64(i)*3600,
				HasTime: true, Seconds: 1800, Key: fmt.Sprintf("timeclock:%07d", i)}
			if _, err := tx.AddSession(w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		problems, counts, err := store.CheckFileCounts(path)
		if err != nil || len(problems) != 0 || counts.Events != n || counts.Sessions != sessions {
			b.Fatalf("CheckFileCounts = %q, %+v, %v", problems, counts, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(n+sessions), "ns/record")
}
