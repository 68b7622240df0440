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
	const n = 100_000
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
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var sum int64
		count := 0
		err := db.View(func(tx ledger.Tx) error {
			return tx.EachEvent(func(e *ledger.Event) error {
				if !e.Voided {
					sum += e.Amount
				}
				count++
				return nil
			})
		})
		if err != nil || count != n {
			b.Fatalf("scan: %d events, %v", count, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/event")
}
