package earncsv_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
)

func benchEvents(n int) []ledger.Event {
	streams := []ledger.Stream{"upwork/acme-logo", "etsy/pixelshop", "gumroad/icon-pack", "shopify/store"}
	events := make([]ledger.Event, n)
	for i := range events {
		e := &events[i]
		e.ID, e.Date, e.Stream = uint64(i+1), ledger.NewDate(2020, 1, 1)+ledger.Date(i%3650), streams[i%len(streams)]
		e.Kind, e.Amount, e.Currency = ledger.KindSale, int64(300+i%5000), "USD"
		e.Ref = fmt.Sprint(100000000 + i)
		e.Key = e.Stream.Platform() + ":" + e.Ref
		if i%8 == 0 {
			e.Note = "Order of 2 items"
		}
	}
	return events
}

// BenchmarkWriteList is `earnlog list -o csv` without the store: 100k
// events through the list layout.
func BenchmarkWriteList(b *testing.B) {
	events := benchEvents(100_000)
	b.ReportAllocs()
	for b.Loop() {
		w := earncsv.NewEventWriter(io.Discard, false, false, ledger.Classes{})
		for i := range events {
			if err := w.Event(&events[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport reads 100k rows of the export layout into a sink that
// keeps nothing: the parsing half of `earnlog import csv`.
func BenchmarkImport(b *testing.B) {
	data := benchExport(b, 100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var s countSink
		if err := earncsv.Import(bytes.NewReader(data), ledger.ImportOptions{Name: "bench.csv"}, &s); err != nil {
			b.Fatal(err)
		}
		if s.events != 100_000 {
			b.Fatalf("%d events read, want %d", s.events, 100_000)
		}
	}
}

// BenchmarkImportPipeline is BenchmarkImport through ledger.Pipeline, as
// `earnlog import csv` runs it: the parse on one goroutine, handing its
// events to a sink on another.
func BenchmarkImportPipeline(b *testing.B) {
	data := benchExport(b, 100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var s countSink
		read := func(sink ledger.Sink) error {
			return earncsv.Import(bytes.NewReader(data), ledger.ImportOptions{Name: "bench.csv"}, sink)
		}
		if err := ledger.Pipeline(read, &s); err != nil {
			b.Fatal(err)
		}
		if s.events != 100_000 {
			b.Fatalf("%d events read, want %d", s.events, 100_000)
		}
	}
}

// benchExport is n events written in the export layout.
func benchExport(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	w := earncsv.NewEventWriter(&buf, true, true, ledger.Classes{})
	events := benchEvents(n)
	for i := range events {
		if err := w.Event(&events[i]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

type countSink struct{ events, sessions int }

func (s *countSink) Event(*ledger.Event) error         { s.events++; return nil }
func (s *countSink) Session(*ledger.WorkSession) error { s.sessions++; return nil }
func (s *countSink) Skip(line int, reason string)      {}
