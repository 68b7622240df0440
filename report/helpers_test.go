package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func day(s string) ledger.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return ledger.DateOf(t)
}

// input builds an Input whose Events stream copies through one reused
// *Event, as the store does, so that a report keeping the pointer fails.
func input(events []ledger.Event, sessions []ledger.WorkSession) report.Input {
	for i := range events {
		if events[i].ID == 0 {
			events[i].ID = uint64(i + 1)
		}
	}
	return report.Input{
		Events: func(fn func(*ledger.Event) error) error {
			var e ledger.Event
			for i := range events {
				e = events[i]
				if err := fn(&e); err != nil {
					return err
				}
			}
			e = ledger.Event{Stream: "zzz/garbage", Amount: 999999}
			return nil
		},
		Sessions: report.Sessions(sessions),
		Today:    day("2026-03-01"),
	}
}

func ev(id uint64, date, stream string, kind ledger.Kind, amount int64) ledger.Event {
	return ledger.Event{ID: id, Date: day(date), Stream: ledger.Stream(stream), Kind: kind, Amount: amount, Currency: "USD"}
}

func sess(id uint64, date, stream string, secs int64) ledger.WorkSession {
	return ledger.WorkSession{ID: id, Stream: ledger.Stream(stream), Start: int64(day(date)) * 86400, Seconds: secs}
}

// sample is the hand-built ledger of the unit and golden tests:
//
//	upwork/acme: an hourly invoice billing 10h over 2025-12-29..2026-01-04,
//	  a fee; 9h logged on 2026-01-02 (logged wins over billed).
//	etsy/shop: sales on 01-15 (ref o1), 01-20 (o2), 01-25; 2h logged on
//	  01-18; a refund on 02-03 linked to o1; a fee; a voided sale.
func sample() ([]ledger.Event, []ledger.WorkSession) {
	hourly := ev(1, "2026-01-05", "upwork/acme", ledger.KindHourly, 50000)
	hourly.Billed, hourly.PeriodStart, hourly.PeriodEnd = 10*3600, day("2025-12-29"), day("2026-01-04")
	hourly.Ref = "u1"
	fee := ev(2, "2026-01-10", "upwork/acme", ledger.KindFee, -5000)
	fee.Link = "u1"
	s1 := ev(3, "2026-01-15", "etsy/shop", ledger.KindSale, 10000)
	s1.Ref = "o1"
	s2 := ev(4, "2026-01-20", "etsy/shop", ledger.KindSale, 4000)
	s2.Ref = "o2"
	refund := ev(5, "2026-02-03", "etsy/shop", ledger.KindRefund, -3000)
	refund.Link = "o1"
	voided := ev(7, "2026-02-11", "etsy/shop", ledger.KindSale, 100000)
	voided.Voided = true
	events := []ledger.Event{
		hourly, fee, s1, s2, refund,
		ev(6, "2026-02-10", "etsy/shop", ledger.KindFee, -500),
		voided,
		ev(8, "2026-01-25", "etsy/shop", ledger.KindSale, 6000),
	}
	vs := sess(3, "2026-01-20", "etsy/shop", 5*3600)
	vs.Voided = true
	sessions := []ledger.WorkSession{
		sess(1, "2026-01-18", "etsy/shop", 2*3600),
		sess(2, "2026-01-02", "upwork/acme", 9*3600),
		vs,
	}
	return events, sessions
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
