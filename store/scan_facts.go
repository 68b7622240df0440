package store

import (
	"github.com/earnlog/earnlog/ledger"
)

// decodeFacts is decodeEvent reading only the facts: it checks the record
// as far as decodeEvent does, so that a record one refuses the other
// refuses with the same error.
func decodeFacts(f *ledger.EventFacts, v []byte, streams *streamTable, cur *currencies) error {
	d := newDecoder(v)
	if d.byte() != recordFormat && d.err == nil {
		return errFormat
	}
	f.Date = d.date()
	num := d.uvarint()
	f.Kind = ledger.Kind(d.byte())
	d.varint() // amount
	c := d.raw(3)
	f.Billed = d.varint()
	f.PeriodStart = d.offsetDate(f.Date)
	f.PeriodEnd = d.offsetDate(f.Date)
	// The texts: Ref, Link, Note and Key, their lengths first.
	var lens [4]int
	total := d.lengths(lens[:])
	f.Link = ""
	if d.err == nil && total > 0 {
		raw := d.raw(total)
		if d.err == nil && lens[1] > 0 && f.Kind.Links() {
			f.Link = string(raw[lens[0] : lens[0]+lens[1]])
		}
	}
	f.Imported = lens[3] > 0
	if err := d.end(); err != nil {
		return err
	}
	var ok bool
	if f.Stream, ok = streams.name(num); !ok {
		return errStream
	}
	if f.Currency, ok = cur.code(c); !ok {
		return errCurText
	}
	return nil
}
