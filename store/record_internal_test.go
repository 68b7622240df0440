package store

import (
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func fuzzStreams() *streamTable {
	return &streamTable{
		names: []ledger.Stream{"", "upwork/acme-logo", "etsy/pixelshop"},
		nums:  map[ledger.Stream]uint64{"upwork/acme-logo": 1, "etsy/pixelshop": 2},
	}
}

// FuzzDecodeEvent feeds the event decoder arbitrary bytes: it must never
// panic, and whatever it accepts must encode back to a value that decodes to
// the same event.
func FuzzDecodeEvent(f *testing.F) {
	seeds := []ledger.Event{
		{Date: ledger.NewDate(2026, 3, 2), Stream: "upwork/acme-logo", Kind: ledger.KindHourly, Amount: 125000,
			Currency: "USD", Billed: 36000, PeriodStart: ledger.NewDate(2026, 2, 23), PeriodEnd: ledger.NewDate(2026, 3, 1),
			Ref: "T100", Note: "week 9", Key: "upwork:T100"},
		{Date: 0, Stream: "etsy/pixelshop", Kind: ledger.KindFee, Amount: -ledger.MaxMinor, Currency: "JPY", Link: "1234"},
	}
	for _, e := range seeds {
		num := fuzzStreams().nums[e.Stream]
		f.Add(encodeEvent(&e, num))
	}
	f.Add([]byte{})
	f.Add([]byte{recordFormat})
	f.Add([]byte{2, 0, 0})
	f.Fuzz(func(t *testing.T, v []byte) {
		st := fuzzStreams()
		var e ledger.Event
		err := decodeEvent(&e, v, st, &currencies{}, nil)
		// The decoders of the reports' scans refuse what decodeEvent
		// refuses, with its error, and agree with the reference decoder
		// written with the decoder's methods, field by field.
		var ref ledger.Event
		if rerr := refDecodeEvent(&ref, v, st); rerr != err {
			t.Fatalf("decodeEvent says %v, the reference decoder %v", err, rerr)
		} else if err == nil && !reflect.DeepEqual(ref, e) {
			t.Fatalf("decodeEvent read %+v, the reference decoder %+v", e, ref)
		}
		var facts ledger.EventFacts
		if ferr := decodeFacts(&facts, v, st, &currencies{}); ferr != err {
			t.Fatalf("decodeEvent says %v, decodeFacts %v", err, ferr)
		}
		var lean ledger.Event
		if lerr := decodeEventLean(&lean, v, st, &currencies{}, &textArena{}, nil); lerr != err {
			t.Fatalf("decodeEvent says %v, decodeEventLean %v", err, lerr)
		}
		if err != nil {
			return
		}
		if want := e.Facts(); facts != want {
			t.Fatalf("decodeFacts read %+v, decodeEvent %+v", facts, want)
		}
		if lean.Ref != e.Ref || lean.Link != e.Link || lean.Amount != e.Amount || lean.Currency != e.Currency {
			t.Fatalf("decodeEventLean read %+v, decodeEvent %+v", lean, e)
		}
		again := encodeEvent(&e, st.nums[e.Stream])
		var back ledger.Event
		if err := decodeEvent(&back, again, st, &currencies{}, nil); err != nil {
			t.Fatalf("re-encoded %+v does not decode: %v", e, err)
		}
		if !reflect.DeepEqual(back, e) {
			t.Fatalf("round trip changed %+v into %+v", e, back)
		}
	})
}

func TestDecodeEventErrors(t *testing.T) {
	good := encodeEvent(&ledger.Event{Date: 5, Stream: "etsy/pixelshop", Kind: ledger.KindSale, Amount: 100, Currency: "EUR", Note: "mug"}, 2)
	tests := []struct {
		name string
		v    []byte
		want error
	}{
		{"empty", nil, errShort},
		{"unknown format", append([]byte{9}, good[1:]...), errFormat},
		{"truncated", good[:len(good)-1], errShort},
		{"trailing", append(append([]byte(nil), good...), 0), errTrail},
		{"unknown stream", encodeEvent(&ledger.Event{Stream: "etsy/pixelshop", Currency: "EUR"}, 7), errStream},
		{"bad currency", encodeEvent(&ledger.Event{Stream: "etsy/pixelshop", Currency: "e1r"}, 2), errCurText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e ledger.Event
			if err := decodeEvent(&e, tt.v, fuzzStreams(), &currencies{}, nil); err != tt.want {
				t.Errorf("decodeEvent = %v, want %v", err, tt.want)
			}
		})
	}
}

// refDecodeEvent is decodeEvent as it was written before readEventHead:
// field by field with the decoder's methods, whose first failure sticks.
func refDecodeEvent(e *ledger.Event, v []byte, streams *streamTable) error {
	d := newDecoder(v)
	if d.byte() != recordFormat && d.err == nil {
		return errFormat
	}
	e.Date = d.date()
	num := d.uvarint()
	e.Kind = ledger.Kind(d.byte())
	e.Amount = d.varint()
	c := d.raw(3)
	e.Billed = d.varint()
	e.PeriodStart = d.offsetDate(e.Date)
	e.PeriodEnd = d.offsetDate(e.Date)
	d.texts(nil, &e.Ref, &e.Link, &e.Note, &e.Key)
	if err := d.end(); err != nil {
		return err
	}
	var ok bool
	if e.Stream, ok = streams.name(num); !ok {
		return errStream
	}
	var k [3]byte
	copy(k[:], c)
	if e.Currency, ok = (&currencies{}).code(k); !ok {
		return errCurText
	}
	return nil
}

// FuzzDecodeSession holds the session decoder to the reference written
// with the decoder's methods, as decodeSession was before readSessionHead:
// the same error, the same fields, lean or not; and what it accepts
// encodes back to the same session.
func FuzzDecodeSession(f *testing.F) {
	for _, w := range []ledger.WorkSession{
		{Stream: "upwork/acme-logo", Start: 1767225600, HasTime: true, Seconds: 5400, Note: "logo", Key: "toggl:1"},
		{Stream: "etsy/pixelshop", Start: -5, Seconds: 0, Tags: "admin,billing"},
	} {
		f.Add(encodeSession(&w, fuzzStreams().nums[w.Stream]))
	}
	f.Add([]byte{})
	f.Add([]byte{recordFormat, 1})
	f.Fuzz(func(t *testing.T, v []byte) {
		st := fuzzStreams()
		for _, lean := range []bool{false, true} {
			var w, ref ledger.WorkSession
			err := decodeSession(&w, v, st, &textArena{}, lean)
			if rerr := refDecodeSession(&ref, v, st, lean); rerr != err {
				t.Fatalf("lean %v: decodeSession says %v, the reference decoder %v", lean, err, rerr)
			}
			if err != nil {
				return
			}
			if !reflect.DeepEqual(w, ref) {
				t.Fatalf("lean %v: decodeSession read %+v, the reference decoder %+v", lean, w, ref)
			}
			if lean {
				continue
			}
			var back ledger.WorkSession
			if err := decodeSession(&back, encodeSession(&w, st.nums[w.Stream]), st, nil, false); err != nil || !reflect.DeepEqual(back, w) {
				t.Fatalf("round trip changed %+v into %+v (%v)", w, back, err)
			}
		}
	})
}

func refDecodeSession(w *ledger.WorkSession, v []byte, streams *streamTable, lean bool) error {
	d := newDecoder(v)
	if d.byte() != recordFormat && d.err == nil {
		return errFormat
	}
	num := d.uvarint()
	w.Start = d.varint()
	flags := d.byte()
	w.HasTime = flags&1 != 0
	w.Seconds = d.varint()
	keep := 2
	if lean {
		keep = 0
	}
	d.someTexts(nil, keep, &w.Note, &w.Key)
	w.Tags = ""
	if flags&sessionTagged != 0 {
		d.texts(nil, &w.Tags)
	}
	if err := d.end(); err != nil {
		return err
	}
	if flags&^(1|sessionTagged) != 0 {
		return errRange
	}
	var ok bool
	if w.Stream, ok = streams.name(num); !ok {
		return errStream
	}
	return nil
}
