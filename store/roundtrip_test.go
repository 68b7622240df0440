package store_test

import (
	"fmt"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/earnlog/earnlog/ledger"
)

var genStream = rapid.Custom(func(t *rapid.T) ledger.Stream {
	p := rapid.SampledFrom([]string{"upwork", "etsy", "gumroad", "kofi", "x"}).Draw(t, "platform")
	n := rapid.StringMatching(`[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}`).Draw(t, "name")
	return ledger.Stream(p + "/" + n)
})

var genEvent = rapid.Custom(func(t *rapid.T) ledger.Event {
	kind := rapid.SampledFrom(ledger.Kinds).Draw(t, "kind")
	amount := rapid.Int64Range(0, ledger.MaxMinor).Draw(t, "amount")
	switch kind.Sign() {
	case -1:
		amount = -amount
	case 0:
		if rapid.Bool().Draw(t, "negative") {
			amount = -amount
		}
	}
	date := ledger.Date(rapid.Int32Range(int32(ledger.MinDate), int32(ledger.MaxDate)).Draw(t, "date"))
	e := ledger.Event{
		Date: date, Stream: genStream.Draw(t, "stream"), Kind: kind, Amount: amount,
		Currency: rapid.SampledFrom(ledger.CurrencyCodes()).Draw(t, "currency"),
		Ref:      rapid.StringN(0, 40, ledger.MaxRef).Draw(t, "ref"),
		Link:     rapid.StringN(0, 40, ledger.MaxRef).Draw(t, "link"),
		Note:     rapid.StringN(0, 200, ledger.MaxNote).Draw(t, "note"),
		Key:      rapid.StringN(0, 60, 500).Draw(t, "key"),
	}
	if kind == ledger.KindHourly && rapid.Bool().Draw(t, "billed") {
		// Only an hourly payment bills hours, at most 24 a day of its period.
		e.PeriodStart = max(ledger.MinDate, date-ledger.Date(rapid.Int32Range(0, 400).Draw(t, "back")))
		e.PeriodEnd = min(ledger.MaxDate, e.PeriodStart+ledger.Date(rapid.Int32Range(0, 400).Draw(t, "span")))
		days := int64(e.PeriodEnd-e.PeriodStart) + 1
		e.Billed = rapid.Int64Range(1, min(ledger.MaxDuration, days*86400)).Draw(t, "seconds")
	}
	return e
})

var genSession = rapid.Custom(func(t *rapid.T) ledger.WorkSession {
	w := ledger.WorkSession{
		Stream:  genStream.Draw(t, "stream"),
		Start:   rapid.Int64Range(0, int64(ledger.MaxDate)*86400+86399).Draw(t, "start"),
		HasTime: rapid.Bool().Draw(t, "hasTime"),
		Tags:    rapid.SampledFrom([]string{"", "build", "admin,market", "maintain,support,x-1"}).Draw(t, "tags"),
	}
	longest := int64(ledger.MaxDuration)
	if !w.HasTime {
		longest = ledger.MaxDateOnlySession // a session on a date lies within it
	}
	w.Seconds = rapid.Int64Range(1, longest).Draw(t, "seconds")
	w.Note = rapid.StringN(0, 200, ledger.MaxNote).Draw(t, "note")
	w.Key = rapid.StringN(0, 60, 500).Draw(t, "key")
	return w
})

// Every field of every record comes back as it went in, through Event,
// Session and the Each scans alike.
func TestRecordsRoundTrip(t *testing.T) {
	db := newDB(t)
	run := 0
	rapid.Check(t, func(rt *rapid.T) {
		run++
		events := rapid.SliceOfN(genEvent, 1, 8).Draw(rt, "events")
		sessions := rapid.SliceOfN(genSession, 0, 4).Draw(rt, "sessions")
		// A key already in the ledger would make AddEvent skip the record.
		for i := range events {
			if events[i].Key != "" {
				events[i].Key = fmt.Sprintf("%s#e%d-%d", events[i].Key, i, run)
			}
		}
		for i := range sessions {
			if sessions[i].Key != "" {
				sessions[i].Key = fmt.Sprintf("%s#s%d-%d", sessions[i].Key, i, run)
			}
		}
		err := db.Update(func(tx ledger.Tx) error {
			for i := range events {
				if added, err := tx.AddEvent(&events[i]); !added || err != nil {
					return fmt.Errorf("AddEvent(%+v) = %v, %v", events[i], added, err)
				}
			}
			for i := range sessions {
				if added, err := tx.AddSession(&sessions[i]); !added || err != nil {
					return fmt.Errorf("AddSession(%+v) = %v, %v", sessions[i], added, err)
				}
			}
			return nil
		})
		if err != nil {
			rt.Fatal(err)
		}
		err = db.View(func(tx ledger.Tx) error {
			byID := map[uint64]ledger.Event{}
			if err := tx.EachEvent(func(e *ledger.Event) error { byID[e.ID] = *e; return nil }); err != nil {
				return err
			}
			for _, want := range events {
				got, err := tx.Event(want.ID)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(*got, want) {
					rt.Fatalf("Event(%d) = %+v, want %+v", want.ID, *got, want)
				}
				if scanned := byID[want.ID]; !reflect.DeepEqual(scanned, want) {
					rt.Fatalf("EachEvent gave %+v, want %+v", scanned, want)
				}
			}
			wByID := map[uint64]ledger.WorkSession{}
			if err := tx.EachSession(func(w *ledger.WorkSession) error { wByID[w.ID] = *w; return nil }); err != nil {
				return err
			}
			for _, want := range sessions {
				got, err := tx.Session(want.ID)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(*got, want) || !reflect.DeepEqual(wByID[want.ID], want) {
					rt.Fatalf("Session(%d) = %+v, scan %+v, want %+v", want.ID, *got, wByID[want.ID], want)
				}
			}
			return nil
		})
		if err != nil {
			rt.Fatal(err)
		}
	})
	problems, err := db.Check()
	for _, p := range problems {
		// Random links name refs that no event has: warnings, nothing else.
		if len(p) < len("warning: ") || p[:len("warning: ")] != "warning: " {
			t.Errorf("Check after round trips: %s", p)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
