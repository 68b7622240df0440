package main

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/upwork"
)

// TestWriteUpwork reads the generated history with the UpWork importer:
// every invoice is hourly income with its billed hours and week, every fee
// is linked to its invoice, and the same size gives the same bytes.
// EARNLOG_BENCH_UPWORK=FILE writes a history of EARNLOG_BENCH_INVOICES
// invoices (default 1M) to FILE as well, for timing an import by hand.
func TestWriteUpwork(t *testing.T) {
	const invoices = 500
	var a, b bytes.Buffer
	if err := writeUpwork(&a, invoices); err != nil {
		t.Fatal(err)
	}
	if err := writeUpwork(&b, invoices); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two histories of the same size differ")
	}
	sink := &ledgertest.Sink{}
	if err := upwork.Import(bytes.NewReader(a.Bytes()), ledger.ImportOptions{Name: "upwork.csv"}, sink); err != nil {
		t.Fatal(err)
	}
	refs := map[string]bool{}
	var hourly, fees int
	for _, e := range sink.Events {
		if e.Kind == ledger.KindHourly {
			hourly++
			refs[e.Ref] = true
			if e.Billed <= 0 || e.PeriodEnd-e.PeriodStart != 6 || e.Amount <= 0 {
				t.Errorf("invoice %s: billed %d s over %s-%s, amount %d; want hours over one week", e.Ref, e.Billed, e.PeriodStart, e.PeriodEnd, e.Amount)
			}
		}
	}
	for _, e := range sink.Events {
		if e.Kind == ledger.KindFee {
			fees++
			if !refs[e.Link] || e.Amount >= 0 {
				t.Errorf("fee %s links %q, amount %d; want a negative fee of an invoice", e.Ref, e.Link, e.Amount)
			}
		}
	}
	if hourly != invoices || fees != invoices || len(sink.Events) != 2*invoices {
		t.Errorf("%d events, %d hourly, %d fees; want %d invoices and their fees", len(sink.Events), hourly, fees, invoices)
	}
	for i := 1; i < len(sink.Events); i++ {
		if sink.Events[i].Date > sink.Events[i-1].Date {
			t.Fatalf("row %d is newer than the row before it: UpWork lists newest first", i+2)
		}
	}

	if path := os.Getenv("EARNLOG_BENCH_UPWORK"); path != "" {
		n := 1_000_000
		if s := os.Getenv("EARNLOG_BENCH_INVOICES"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := writeFile(path, func(w io.Writer) error { return writeUpwork(w, n) }); err != nil {
			t.Fatal(err)
		}
	}
}
