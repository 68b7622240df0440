package store

import (
	"encoding/binary"
	"errors"
	"time"
	"unsafe"

	"github.com/earnlog/earnlog/ledger"
)

// Records are stored in a compact binary form: a leading record-format byte
// (so one record layout can change without a schema migration), then varints
// and length-prefixed strings. A scan of a million events decodes these in a
// fraction of a second, which JSON (schema version 1) could not.
//
// Strings come last, their lengths first, so that a decoder can turn all of a
// record's text into one Go string and slice it: one allocation per record
// instead of one per field.

// recordFormat is the leading byte of every record value written today.
const recordFormat = 1

// errShort and friends say why a value does not decode; check lists them.
var (
	errShort   = errors.New("value is truncated")
	errFormat  = errors.New("unknown record format")
	errRange   = errors.New("a number is out of range")
	errTrail   = errors.New("value has trailing bytes")
	errStream  = errors.New("stream number resolves to no stream")
	errCurText = errors.New("currency is not three letters")
)

// decoder reads one value. The first failure sticks, so a decode function can
// read every field and check err once. It keeps an index rather than
// reslicing so that its fast paths are cheap enough to be inlined.
type decoder struct {
	b   []byte
	i   int
	err error
}

func newDecoder(b []byte) decoder { return decoder{b: b} }

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.i = len(d.b) + 1 // past the end: every later read fails too
}

func (d *decoder) byte() byte {
	if i := d.i; uint(i) < uint(len(d.b)) {
		d.i = i + 1
		return d.b[i]
	}
	d.fail(errShort)
	return 0
}

func (d *decoder) uvarint() uint64 {
	// Most numbers in a record fit in one byte: skip the loop for them.
	if i := d.i; uint(i) < uint(len(d.b)) && d.b[i] < 0x80 {
		d.i = i + 1
		return uint64(d.b[i])
	}
	return d.uvarintSlow()
}

// uvarintSlow is apart so that uvarint's fast path is inlined.
func (d *decoder) uvarintSlow() uint64 {
	// Dates, amounts and IDs mostly take two or three bytes.
	if b, i := d.b, d.i; i >= 0 && i+2 < len(b) && b[i] >= 0x80 {
		if b[i+1] < 0x80 {
			d.i = i + 2
			return uint64(b[i]&0x7f) | uint64(b[i+1])<<7
		}
		if b[i+2] < 0x80 {
			d.i = i + 3
			return uint64(b[i]&0x7f) | uint64(b[i+1]&0x7f)<<7 | uint64(b[i+2])<<14
		}
	}
	if d.i > len(d.b) {
		d.fail(errShort)
		return 0
	}
	v, n := binary.Uvarint(d.b[d.i:])
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.i += n
	return v
}

func (d *decoder) varint() int64 {
	ux := d.uvarint()
	return int64(ux>>1) ^ -int64(ux&1)
}

func (d *decoder) date() ledger.Date {
	v := d.varint()
	if v != int64(int32(v)) {
		d.fail(errRange)
	}
	return ledger.Date(v)
}

// offsetDate reads a date stored as days from base.
func (d *decoder) offsetDate(base ledger.Date) ledger.Date {
	v := d.varint() + int64(base)
	if v != int64(int32(v)) {
		d.fail(errRange)
	}
	return ledger.Date(v)
}

// left is the number of bytes not read yet.
func (d *decoder) left() int {
	if d.i > len(d.b) {
		return 0
	}
	return len(d.b) - d.i
}

func (d *decoder) raw(n int) []byte {
	if n < 0 || d.left() < n {
		d.fail(errShort)
		return nil
	}
	p := d.b[d.i : d.i+n]
	d.i += n
	return p
}

// texts reads n lengths and then the n strings they measure. The strings are
// made in the arena when one is given (scans), else as slices of one new
// string.
func (d *decoder) texts(a *textArena, out ...*string) { d.someTexts(a, len(out), out...) }

// someTexts reads len(out) texts and keeps the first keep of them; the rest
// are skipped and left empty, so that a scan that never reads them copies
// nothing. It returns the lengths of all of them.
func (d *decoder) someTexts(a *textArena, keep int, out ...*string) (lens [4]int) {
	total := d.lengths(lens[:len(out)])
	kept := 0
	for i := range keep {
		kept += lens[i]
	}
	for _, p := range out {
		*p = ""
	}
	if d.err != nil || total == 0 {
		return lens
	}
	raw := d.raw(total)
	if d.err != nil || kept == 0 {
		return lens
	}
	var all string
	if a != nil {
		all = a.string(raw[:kept])
	} else {
		all = string(raw[:kept])
	}
	at := 0
	for i, p := range out[:keep] {
		*p = all[at : at+lens[i]]
		at += lens[i]
	}
	return lens
}

// lengths reads the lengths of len(lens) texts into lens and returns
// their sum; a length past the record's end fails the decoder.
func (d *decoder) lengths(lens []int) (total int) {
	for i := range lens {
		l := d.uvarint()
		if l > uint64(d.left()) {
			d.fail(errShort)
			return total
		}
		lens[i] = int(l)
		total += int(l)
	}
	return total
}

// textArena makes strings out of large blocks, so that a scan allocates once
// per block instead of once per record. Bytes in a block are written once,
// before any string refers to them, and never again; a string kept after
// the scan keeps its block alive like any other string.
type textArena struct{ buf []byte }

const arenaBlock = 64 << 10

func (a *textArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(arenaBlock, len(b)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}

func (d *decoder) time() time.Time {
	secs := d.varint()
	nanos := d.uvarint()
	if nanos >= 1e9 {
		d.fail(errRange)
		return time.Time{}
	}
	return time.Unix(secs, int64(nanos))
}

func (d *decoder) end() error {
	if d.err == nil && d.i != len(d.b) {
		d.err = errTrail
	}
	return d.err
}

// encoder builds one value in a fresh buffer: bbolt keeps a reference to what
// Put is given until the transaction commits.
type encoder struct{ b []byte }

func (e *encoder) byte(c byte)      { e.b = append(e.b, c) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) time(t time.Time) { e.varint(t.Unix()); e.uvarint(uint64(t.Nanosecond())) }
func (e *encoder) texts(ss ...string) {
	for _, s := range ss {
		e.uvarint(uint64(len(s)))
	}
	for _, s := range ss {
		e.b = append(e.b, s...)
	}
}

// streamTable resolves the stream numbers that records carry to names and
// back; it is read once per transaction from the streams bucket.
type streamTable struct {
	names []ledger.Stream // by number; "" where no stream has the number
	nums  map[ledger.Stream]uint64
}

func (s *streamTable) name(n uint64) (ledger.Stream, bool) {
	if n >= uint64(len(s.names)) || s.names[n] == "" {
		return "", false
	}
	return s.names[n], true
}

// currencies interns currency codes so that decoding an event does not
// allocate a string for them; the last code seen is checked first, as runs
// of one currency are the rule, then the few others a ledger holds one by
// one (comparing three bytes beats hashing them), and a map past those.
type currencies struct {
	last    [3]byte
	lastStr string
	few     []currencyCode
	codes   map[[3]byte]string
}

type currencyCode struct {
	k [3]byte
	s string
}

// fewCurrencies is how many codes currencies compares before it hashes.
const fewCurrencies = 8

func (c *currencies) code(k [3]byte) (string, bool) {
	if k == c.last && c.lastStr != "" {
		return c.lastStr, true
	}
	for _, x := range c.few {
		if x.k == k {
			c.last, c.lastStr = k, x.s
			return x.s, true
		}
	}
	s, ok := c.codes[k]
	if !ok {
		for _, x := range k {
			if x < 'A' || x > 'Z' {
				return "", false
			}
		}
		s = string(k[:])
		if len(c.few) < fewCurrencies {
			c.few = append(c.few, currencyCode{k, s})
		} else {
			if c.codes == nil {
				c.codes = map[[3]byte]string{}
			}
			c.codes[k] = s
		}
	}
	c.last, c.lastStr = k, s
	return s, true
}

func encodeEvent(e *ledger.Event, stream uint64) []byte {
	return appendEvent(make([]byte, 0, 32+len(e.Ref)+len(e.Link)+len(e.Note)+len(e.Key)), e, stream)
}

// appendEvent is encodeEvent into dst.
func appendEvent(dst []byte, e *ledger.Event, stream uint64) []byte {
	enc := encoder{b: dst}
	enc.byte(recordFormat)
	enc.varint(int64(e.Date))
	enc.uvarint(stream)
	enc.byte(byte(e.Kind))
	enc.varint(e.Amount)
	enc.b = append(enc.b, e.Currency[:3]...)
	enc.varint(e.Billed)
	// Periods lie next to the date: offsets take a byte where dates take three.
	enc.varint(int64(e.PeriodStart) - int64(e.Date))
	enc.varint(int64(e.PeriodEnd) - int64(e.Date))
	enc.texts(e.Ref, e.Link, e.Note, e.Key)
	return enc.b
}

// decodeEvent fills e (all fields but ID and the void ones) from v.
func decodeEvent(e *ledger.Event, v []byte, streams *streamTable, cur *currencies, arena *textArena) error {
	var h eventHead
	if err := h.event(e, v, streams, cur); err != nil {
		return err
	}
	e.Ref, e.Link, e.Note, e.Key = "", "", "", ""
	raw := v[h.texts:]
	if len(raw) == 0 {
		return nil
	}
	var all string
	if arena != nil {
		all = arena.string(raw)
	} else {
		all = string(raw)
	}
	at := 0
	for i, p := range [4]*string{&e.Ref, &e.Link, &e.Note, &e.Key} {
		*p = all[at : at+h.lens[i]]
		at += h.lens[i]
	}
	return nil
}

// event reads v into h and the fields of e before its texts; its stream
// and currency must be known.
func (h *eventHead) event(e *ledger.Event, v []byte, streams *streamTable, cur *currencies) error {
	if err := readEventHead(v, h); err != nil {
		return err
	}
	e.Date, e.Kind, e.Amount, e.Billed = h.date, h.kind, h.amount, h.billed
	e.PeriodStart, e.PeriodEnd = h.start, h.end
	var ok bool
	if e.Stream, ok = streams.name(h.num); !ok {
		return errStream
	}
	if e.Currency, ok = cur.code(h.cur); !ok {
		return errCurText
	}
	return nil
}

// decodeEventLean is the decoding of the reports' scans: it leaves Note
// empty, sets Key to ledger.KeyNotRead when the record has one (reports
// tell imported events apart without the key), and copies the reference
// and link when want, shown the event without them and a view of its
// reference that is valid during the call, says so; a nil want copies
// them always.
func decodeEventLean(e *ledger.Event, v []byte, streams *streamTable, cur *currencies, arena *textArena, want func(*ledger.Event, string) bool) error {
	var h eventHead
	if err := h.event(e, v, streams, cur); err != nil {
		return err
	}
	e.Note, e.Key, e.Ref, e.Link = "", "", "", ""
	if h.lens[3] > 0 {
		e.Key = ledger.KeyNotRead
	}
	n := h.lens[0] + h.lens[1]
	if n == 0 {
		return nil
	}
	raw := v[h.texts:]
	if want != nil {
		var ref string
		if h.lens[0] > 0 {
			ref = unsafe.String(&raw[0], h.lens[0])
		}
		if !want(e, ref) {
			return nil
		}
	}
	both := arena.string(raw[:n])
	e.Ref, e.Link = both[:h.lens[0]], both[h.lens[0]:]
	return nil
}

func encodeSession(w *ledger.WorkSession, stream uint64) []byte {
	return appendSession(make([]byte, 0, 24+len(w.Note)+len(w.Key)), w, stream)
}

// appendSession is encodeSession into dst.
func appendSession(dst []byte, w *ledger.WorkSession, stream uint64) []byte {
	enc := encoder{b: dst}
	enc.byte(recordFormat)
	enc.uvarint(stream)
	enc.varint(w.Start)
	var flags byte
	if w.HasTime {
		flags |= 1
	}
	if w.Tags != "" {
		flags |= sessionTagged
	}
	enc.byte(flags)
	enc.varint(w.Seconds)
	enc.texts(w.Note, w.Key)
	if w.Tags != "" {
		enc.texts(w.Tags)
	}
	return enc.b
}

// sessionTagged is the flag of a session record that ends with one more
// text, its tags. Records written before tags existed have no such flag and
// read as untagged: tags need no schema migration.
const sessionTagged = 2

// decodeSession decodes a session record; a lean decode leaves Note and Key
// empty (and keeps Tags: the passive rule can ignore tagged work).
func decodeSession(w *ledger.WorkSession, v []byte, streams *streamTable, arena *textArena, lean bool) error {
	var h sessionHead
	if err := readSessionHead(v, &h); err != nil {
		return err
	}
	var ok bool
	if w.Stream, ok = streams.name(h.num); !ok {
		return errStream
	}
	w.Start, w.HasTime, w.Seconds = h.start, h.flags&1 != 0, h.seconds
	w.Note, w.Key, w.Tags = "", "", ""
	text := func(b []byte) string {
		if arena != nil {
			return arena.string(b)
		}
		return string(b)
	}
	if n := h.lens[0] + h.lens[1]; n > 0 && !lean {
		all := text(v[h.texts : h.texts+n])
		w.Note, w.Key = all[:h.lens[0]], all[h.lens[0]:]
	}
	if h.tagsLen > 0 {
		w.Tags = text(v[h.tags : h.tags+h.tagsLen])
	}
	return nil
}

// voidRecord is the value of a voids entry.
type voidRecord struct {
	At     time.Time
	Reason string
}

func encodeVoid(v voidRecord) []byte {
	var enc encoder
	enc.byte(recordFormat)
	enc.time(v.At)
	enc.texts(v.Reason)
	return enc.b
}

func decodeVoid(b []byte) (voidRecord, error) {
	d := newDecoder(b)
	var v voidRecord
	if d.byte() != recordFormat && d.err == nil {
		return v, errFormat
	}
	v.At = d.time()
	d.texts(nil, &v.Reason)
	return v, d.end()
}

// streamRecord is the value of a streams entry (keyed by the stream name).
// An alias (a name renamed or merged into another stream) keeps the number
// its records carry and names its target; see stream_alias.go.
type streamRecord struct {
	Num      uint64
	Created  time.Time
	Alias    ledger.Stream // the stream this name was renamed or merged into
	Archived bool
	ClassSet bool
	Class    ledger.Class
}

// streamFormat2 is the form of a stream entry with an alias, an archive mark
// or a class; a plain stream keeps form 1.
const streamFormat2 = 2

func encodeStream(s streamRecord) []byte {
	var enc encoder
	plain := s.Alias == "" && !s.Archived && !s.ClassSet
	if plain {
		enc.byte(recordFormat)
	} else {
		enc.byte(streamFormat2)
	}
	enc.uvarint(s.Num)
	enc.time(s.Created)
	if plain {
		return enc.b
	}
	var flags byte
	if s.Archived {
		flags |= 1
	}
	if s.ClassSet {
		flags |= 2
	}
	enc.byte(flags)
	enc.byte(byte(s.Class))
	enc.texts(string(s.Alias))
	return enc.b
}

func decodeStream(b []byte) (streamRecord, error) {
	d := newDecoder(b)
	var s streamRecord
	format := d.byte()
	if format != recordFormat && format != streamFormat2 && d.err == nil {
		return s, errFormat
	}
	s.Num = d.uvarint()
	s.Created = d.time()
	if format == streamFormat2 {
		flags := d.byte()
		s.Archived, s.ClassSet = flags&1 != 0, flags&2 != 0
		s.Class = ledger.Class(d.byte())
		var alias string
		d.texts(nil, &alias)
		s.Alias = ledger.Stream(alias)
		if flags&^3 != 0 || (!s.ClassSet && s.Class != 0) || (s.ClassSet && !validClass(s.Class)) {
			d.fail(errRange)
		}
	}
	if err := d.end(); err != nil {
		return s, err
	}
	if s.Num == 0 || s.Num > maxStreamNum {
		return s, errRange
	}
	return s, nil
}

// maxStreamNum bounds stream numbers so that the per-transaction table stays
// a small slice even when a damaged file claims a huge number.
const maxStreamNum = 1 << 24

// The timer keeps the zone offset of its start, so that the session it turns
// into lands on the civil time the person saw when they started it.
func encodeTimer(t *ledger.Timer) []byte {
	var enc encoder
	enc.byte(recordFormat)
	enc.time(t.Start)
	_, off := t.Start.Zone()
	enc.varint(int64(off))
	enc.texts(string(t.Stream), t.Note)
	if t.Tags != "" {
		// Tags came later: a timer without them is the older layout.
		enc.texts(t.Tags)
	}
	return enc.b
}

func decodeTimer(b []byte) (*ledger.Timer, error) {
	d := newDecoder(b)
	if d.byte() != recordFormat && d.err == nil {
		return nil, errFormat
	}
	start := d.time()
	off := d.varint()
	var stream, note, tags string
	d.texts(nil, &stream, &note)
	if d.err == nil && d.left() > 0 {
		d.texts(nil, &tags)
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	if off < -24*3600 || off > 24*3600 {
		return nil, errRange
	}
	if _, localOff := start.In(time.Local).Zone(); int64(localOff) == off {
		start = start.In(time.Local)
	} else {
		start = start.In(time.FixedZone("", int(off)))
	}
	return &ledger.Timer{Stream: ledger.Stream(stream), Start: start, Note: note, Tags: tags}, nil
}

// Record references ("e" or "s" and a big-endian ID) key the voids bucket and
// are the values of the keys bucket.
const (
	refEvent   = 'e'
	refSession = 's'
)

func idKey(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id)
	return k
}

func recordRef(kind byte, id uint64) []byte {
	k := make([]byte, 9)
	k[0] = kind
	binary.BigEndian.PutUint64(k[1:], id)
	return k
}

func parseRecordRef(b []byte) (kind byte, id uint64, ok bool) {
	if len(b) != 9 || (b[0] != refEvent && b[0] != refSession) {
		return 0, 0, false
	}
	return b[0], binary.BigEndian.Uint64(b[1:]), true
}

// clip shortens a damaged key or value for a message: its first bytes say
// enough, and a damaged page can hold thousands.
func clip(b []byte) []byte {
	if len(b) > 16 {
		return b[:16]
	}
	return b
}
