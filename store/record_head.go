package store

import (
	"encoding/binary"

	"github.com/earnlog/earnlog/ledger"
)

// eventHead is an event record read up to its texts: the fields before
// them, their lengths, and where they begin. Every decoder of events starts
// here, so that a record one of them refuses the others refuse with the
// same error.
type eventHead struct {
	date, start, end ledger.Date
	kind             ledger.Kind
	amount, billed   int64
	num              uint64 // the stream's number
	cur              [3]byte
	lens             [4]int // Ref, Link, Note and Key
	texts            int    // where the texts begin in the record
}

// readEventHead reads v into h and checks that v is one event record: the
// texts end where the record does. It is the reports' inner loop: one
// function with its index in a register, where the decoder's methods
// (kept for the other records) store theirs at every field. The first
// failure is the error, as the decoder's sticky one: errFormat, errShort,
// errRange, then errTrail.
func readEventHead(v []byte, h *eventHead) error {
	if err := recordFormatOf(v); err != nil {
		return err
	}
	// Each varint's one-byte form is read here; the longer ones, and the
	// ends of the record, in uvAt. After a read cut short, i is past
	// the end of v.
	var u uint64
	i := 1
	if i < len(v) && v[i] < 0x80 {
		u, i = uint64(v[i]), i+1
	} else {
		u, i = uvAt(v, i)
	}
	date := unzig(u)
	if i > len(v) {
		return errShort
	}
	if date != int64(int32(date)) {
		return errRange
	}
	h.date = ledger.Date(date)
	if i < len(v) && v[i] < 0x80 {
		u, i = uint64(v[i]), i+1
	} else {
		u, i = uvAt(v, i)
	}
	h.num = u
	if i >= len(v) {
		return errShort // the kind byte is missing too
	}
	h.kind = ledger.Kind(v[i])
	i++
	if i < len(v) && v[i] < 0x80 {
		u, i = uint64(v[i]), i+1
	} else {
		u, i = uvAt(v, i)
	}
	h.amount = unzig(u)
	if i > len(v)-3 {
		return errShort
	}
	h.cur = [3]byte{v[i], v[i+1], v[i+2]}
	i += 3
	// Billed hours, then the period as two offsets from the date.
	if i < len(v) && v[i] < 0x80 {
		u, i = uint64(v[i]), i+1
	} else {
		u, i = uvAt(v, i)
	}
	h.billed = unzig(u)
	for _, p := range [2]*ledger.Date{&h.start, &h.end} {
		if i < len(v) && v[i] < 0x80 {
			u, i = uint64(v[i]), i+1
		} else {
			u, i = uvAt(v, i)
		}
		if i > len(v) {
			return errShort
		}
		d := unzig(u) + date
		if d != int64(int32(d)) {
			return errRange
		}
		*p = ledger.Date(d)
	}
	var total int
	if total, i = lengthsAt(v, i, h.lens[:]); i > len(v) {
		return errShort
	}
	h.texts = i
	switch {
	case total > len(v)-i:
		return errShort
	case total < len(v)-i:
		return errTrail
	}
	return nil
}

// recordFormatOf checks the record-format byte that every record begins with.
func recordFormatOf(v []byte) error {
	switch {
	case len(v) == 0:
		return errShort
	case v[0] != recordFormat:
		return errFormat
	}
	return nil
}

// lengthsAt reads at v[i:] the lengths of len(lens) texts into lens, and
// returns their sum and the index after them: an index past the end of v
// when one is cut short or longer than what is left of v after it. Callers
// refuse a sum longer than what is left after the lengths, so four
// one-byte lengths (texts are mostly shorter than 128 bytes) are read at
// once, and one of them too long shows in their sum.
func lengthsAt(v []byte, i int, lens []int) (total, next int) {
	if len(lens) == 4 && i >= 0 && i+4 <= len(v) {
		if w := binary.LittleEndian.Uint32(v[i:]); w&0x80808080 == 0 {
			lens[0], lens[1], lens[2], lens[3] = int(w&0x7f), int(w>>8&0x7f), int(w>>16&0x7f), int(w>>24)
			return lens[0] + lens[1] + lens[2] + lens[3], i + 4
		}
	}
	for k := range lens {
		var u uint64
		if i < len(v) && v[i] < 0x80 {
			u, i = uint64(v[i]), i+1
		} else {
			u, i = uvAt(v, i)
		}
		if i > len(v) || u > uint64(len(v)-i) {
			return total, len(v) + 1
		}
		lens[k] = int(u)
		total += int(u)
	}
	return total, i
}

// uvAt reads the uvarint at v[i:] and returns it and the index after it,
// or an index past the end of v when it is cut short (or i already is). The
// heads read one-byte varints before they call it: those cost no call.
func uvAt(v []byte, i int) (uint64, int) {
	if uint(i) < uint(len(v)) && v[i] < 0x80 {
		return uint64(v[i]), i + 1
	}
	// Dates, amounts and IDs mostly take two or three bytes.
	if i >= 0 && i+2 < len(v) {
		if v[i+1] < 0x80 {
			return uint64(v[i]&0x7f) | uint64(v[i+1])<<7, i + 2
		}
		if v[i+2] < 0x80 {
			return uint64(v[i]&0x7f) | uint64(v[i+1]&0x7f)<<7 | uint64(v[i+2])<<14, i + 3
		}
	}
	if i < 0 || i >= len(v) {
		return 0, len(v) + 1
	}
	x, n := binary.Uvarint(v[i:])
	if n <= 0 {
		return 0, len(v) + 1
	}
	return x, i + n
}

// unzig undoes the zig-zag encoding of a signed varint.
func unzig(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// sessionHead is a session record read as readEventHead reads an event:
// its fields, and where its texts lie.
type sessionHead struct {
	num, flags     uint64
	start, seconds int64
	lens           [2]int // Note and Key
	texts          int    // where Note begins
	tags, tagsLen  int    // where Tags begin and their length
}

// readSessionHead reads v into h and checks that v is one session record,
// with decodeSession's errors in its order: errFormat, errShort, errTrail,
// then errRange for flags it does not know.
func readSessionHead(v []byte, h *sessionHead) error {
	if err := recordFormatOf(v); err != nil {
		return err
	}
	u, i := uvAt(v, 1)
	h.num = u
	u, i = uvAt(v, i) // a Unix time: five bytes
	h.start = unzig(u)
	if i >= len(v) {
		return errShort // the flags byte is missing too
	}
	h.flags = uint64(v[i])
	if u, i = uvAt(v, i+1); i > len(v) {
		return errShort
	}
	h.seconds = unzig(u)
	var total int
	if total, i = lengthsAt(v, i, h.lens[:]); i > len(v) || total > len(v)-i {
		return errShort
	}
	h.texts = i
	i += total
	h.tags, h.tagsLen = i, 0
	if h.flags&sessionTagged != 0 {
		if u, i = uvAt(v, i); i > len(v) || u > uint64(len(v)-i) {
			return errShort
		}
		h.tags, h.tagsLen = i, int(u)
		i += int(u)
	}
	if i != len(v) {
		return errTrail
	}
	if h.flags&^(1|sessionTagged) != 0 {
		return errRange
	}
	return nil
}
