package store_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/store"
)

// importCSV writes n events shaped like an export (hourly invoices with
// their fees, storefront sales, linked refunds), as `earnlog import csv`
// reads them.
func importCSV(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := earncsv.NewEventWriter(&buf, true, true, ledger.Classes{})
	streams := []ledger.Stream{"upwork/acme-logo", "etsy/pixelshop", "gumroad/icon-pack", "shopify/store", "etsy/paper"}
	for i := range n {
		s := streams[i%len(streams)]
		e := &ledger.Event{
			ID: uint64(i + 1), Date: ledger.NewDate(2016, 1, 4) + ledger.Date(i*3650/n), Stream: s,
			Kind: ledger.KindSale, Amount: int64(300 + i%5000), Currency: "USD",
			Ref: fmt.Sprintf("%d", 100000000+i),
		}
		switch {
		case s.Platform() == "upwork" && i%2 == 0:
			e.Kind, e.Billed = ledger.KindHourly, int64(3600*(5+i%30))
			e.PeriodStart, e.PeriodEnd = e.Date-7, e.Date-1
		case s.Platform() == "upwork":
			e.Kind, e.Amount, e.Link, e.Note = ledger.KindFee, -int64(30+i%500), fmt.Sprintf("%d", 100000000+i-5), "Service Fee"
		case i%50 == 1:
			e.Kind, e.Amount, e.Link, e.Note = ledger.KindRefund, -int64(300+i%5000), fmt.Sprintf("%d", 100000000+i-5), "Refund"
		}
		e.Key = s.Platform() + ":" + e.Ref
		if err := w.Event(e); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportCSV imports 100k earnlog CSV rows through the Recorder
// into a fresh ledger in one transaction, as `earnlog import csv` does; one
// op is one whole import, commit included.
func BenchmarkImportCSV(b *testing.B) {
	const n = 100_000
	data := importCSV(b, n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		b.StopTimer()
		db, _, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("ledger%d.db", i)), store.Options{Now: clock})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rec := &ledger.Recorder{Now: fixedNow}
		err = db.Update(func(tx ledger.Tx) error {
			rec.Tx = tx
			return earncsv.Import(bytes.NewReader(data), ledger.ImportOptions{Name: "bench.csv"}, rec)
		})
		if err != nil || rec.New != n {
			b.Fatalf("import: %d new, %v", rec.New, err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
}
