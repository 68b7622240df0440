package store

import (
	"github.com/earnlog/earnlog/ledger"
)

// decodeFacts is decodeEvent reading only the facts: it checks the record
// as decodeEvent does (readEventHead), so that a record one refuses the
// other refuses with the same error.
func decodeFacts(f *ledger.EventFacts, v []byte, streams *streamTable, cur *currencies) error {
	var h eventHead
	if err := readEventHead(v, &h); err != nil {
		return err
	}
	f.Date, f.Kind, f.Billed, f.PeriodStart, f.PeriodEnd = h.date, h.kind, h.billed, h.start, h.end
	f.Link = ""
	if h.lens[1] > 0 && f.Kind.Links() {
		at := h.texts + h.lens[0]
		f.Link = string(v[at : at+h.lens[1]])
	}
	f.Imported = h.lens[3] > 0
	var ok bool
	if f.Stream, ok = streams.name(h.num); !ok {
		return errStream
	}
	if f.Currency, ok = cur.code(h.cur); !ok {
		return errCurText
	}
	return nil
}
