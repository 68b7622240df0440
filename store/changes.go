package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// Every write that changes records leaves two traces beside them: the last
// change (meta "change"), which undo reads, and, for an import, an entry in
// the imports bucket with the ranges of IDs it added: the records of one
// import are added in one transaction, so their IDs are consecutive, and a
// range stands for an import ID in every record at no cost to the records.
// Changes that lift a mark or rename (unvoid, stream rename and merge) also
// add a line to the history bucket, so the audit trail keeps what they
// changed.
//
//	imports  8-byte import ID -> importRecord
//	history  8-byte sequence  -> at, text
//	meta     "change"         -> changeRecord

var metaChange = []byte("change")

// txChange is what one transaction did to the records.
type txChange struct {
	events, sessions ledger.IDRange // records added by AddEvent and AddSession
	voids            int
	voided           recordID // the last record voided
	importID         uint64
	what             string // a change other than adds and voids
	undo             bool
}

type recordID struct {
	kind byte
	id   uint64
}

// added notes a record added. It is on the path of every imported row.
func (c *txChange) added(kind byte, id uint64) {
	r := &c.events
	if kind == refSession {
		r = &c.sessions
	}
	if r.First == 0 {
		r.First = id
	}
	r.Last = id
}

func (c *txChange) other(what string) {
	if c.what == "" {
		c.what = what
	} else {
		c.what = "several changes"
	}
}

// result is the Change to store, nil when the transaction changed no record.
func (c *txChange) result(at time.Time) *ledger.Change {
	ch := &ledger.Change{At: at, What: c.what}
	switch {
	case c.undo:
		ch.Kind = ledger.ChangeUndo
	case c.importID != 0:
		ch.Kind, ch.Import, ch.Events, ch.Sessions = ledger.ChangeImport, c.importID, c.events, c.sessions
	case c.what != "":
		ch.Kind = ledger.ChangeOther
	case c.events.First != 0 || c.sessions.First != 0:
		ch.Kind, ch.Events, ch.Sessions = ledger.ChangeAdd, c.events, c.sessions
	case c.voids == 1:
		ch.Kind, ch.Voided, ch.Session = ledger.ChangeVoid, c.voided.id, c.voided.kind == refSession
	case c.voids > 1:
		ch.Kind, ch.What = ledger.ChangeOther, fmt.Sprintf("voids of %d records", c.voids)
	default:
		return nil
	}
	return ch
}

// flushChange stores the transaction's change as the last one. Like
// flushKeys it runs once, when the caller's function returned without error.
func (t *tx) flushChange() error {
	ch := t.change.result(t.db.opts.Now())
	if ch == nil {
		return nil
	}
	return t.bucket(bucketMeta).Put(metaChange, encodeChange(ch))
}

// LastChange implements ledger.Tx.
func (t *tx) LastChange() (*ledger.Change, error) {
	defer t.enter()()
	v := t.bucket(bucketMeta).Get(metaChange)
	if v == nil {
		return nil, nil
	}
	ch, err := decodeChange(v)
	if err != nil {
		return nil, t.db.damaged(fmt.Errorf("the last change: %v", err))
	}
	return ch, nil
}

// MarkUndo implements ledger.Tx.
func (t *tx) MarkUndo(what string) {
	t.change.undo = true
	t.change.what = what
}

// RecordImport implements ledger.Tx.
func (t *tx) RecordImport(in *ledger.ImportInfo) error {
	defer t.enter()()
	if err := checkText("file name", in.File, ledger.MaxNote); err != nil {
		return err
	}
	b := t.bucket(bucketImports)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	in.ID, in.At = id, t.db.opts.Now()
	in.Events, in.Sessions = t.change.events, t.change.sessions
	t.change.importID = id
	return b.Put(idKey(id), encodeImport(in))
}

// Imports implements ledger.Tx.
func (t *tx) Imports() ([]ledger.ImportInfo, error) {
	defer t.enter()()
	return t.imports()
}

func (t *tx) imports() ([]ledger.ImportInfo, error) {
	var out []ledger.ImportInfo
	err := t.bucket(bucketImports).ForEach(func(k, v []byte) error {
		in, err := decodeImport(v)
		if err != nil || len(k) != 8 {
			return t.db.damaged(fmt.Errorf("import %x: %v", clip(k), err))
		}
		in.ID = binary.BigEndian.Uint64(k)
		out = append(out, in)
		return nil
	})
	return out, err
}

// importCursor answers "which import added this ID?" for IDs asked in
// increasing order.
type importCursor struct {
	ranges []importRange
	next   int
}

type importRange struct {
	r  ledger.IDRange
	id uint64
}

func (t *tx) importCursor(kind byte) (*importCursor, error) {
	ins, err := t.imports()
	if err != nil {
		return nil, err
	}
	c := &importCursor{}
	for _, in := range ins {
		r := in.Events
		if kind == refSession {
			r = in.Sessions
		}
		if r.First != 0 {
			c.ranges = append(c.ranges, importRange{r, in.ID})
		}
	}
	return c, nil
}

func (c *importCursor) of(id uint64) uint64 {
	for c.next < len(c.ranges) && c.ranges[c.next].r.Last < id {
		c.next++
	}
	if c.next < len(c.ranges) && c.ranges[c.next].r.Has(id) {
		return c.ranges[c.next].id
	}
	return 0
}

// importOf is the import that added one record, 0 if none.
func (t *tx) importOf(kind byte, id uint64) (uint64, error) {
	c, err := t.importCursor(kind)
	if err != nil {
		return 0, err
	}
	for _, r := range c.ranges {
		if r.r.Has(id) {
			return r.id, nil
		}
	}
	return 0, nil
}

// addHistory appends a line to the history bucket.
func (t *tx) addHistory(at time.Time, text string) error {
	b := t.bucket(bucketHistory)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	var enc encoder
	enc.byte(recordFormat)
	enc.time(at)
	enc.texts(text)
	return b.Put(idKey(seq), enc.b)
}

func decodeHistory(v []byte) (time.Time, string, error) {
	d := newDecoder(v)
	if d.byte() != recordFormat && d.err == nil {
		return time.Time{}, "", errFormat
	}
	at := d.time()
	var text string
	d.texts(nil, &text)
	return at, text, d.end()
}

func encodeImport(in *ledger.ImportInfo) []byte {
	var enc encoder
	enc.byte(recordFormat)
	enc.time(in.At)
	for _, n := range []uint64{uint64(in.New), uint64(in.Present), uint64(in.Skipped),
		in.Events.First, in.Events.Last, in.Sessions.First, in.Sessions.Last} {
		enc.uvarint(n)
	}
	enc.texts(in.File, in.Format)
	return enc.b
}

func decodeImport(v []byte) (ledger.ImportInfo, error) {
	d := newDecoder(v)
	var in ledger.ImportInfo
	if d.byte() != recordFormat && d.err == nil {
		return in, errFormat
	}
	in.At = d.time()
	counts := [3]int{}
	for i := range counts {
		n := d.uvarint()
		if n > 1<<40 {
			d.fail(errRange)
		}
		counts[i] = int(n)
	}
	in.New, in.Present, in.Skipped = counts[0], counts[1], counts[2]
	in.Events = ledger.IDRange{First: d.uvarint(), Last: d.uvarint()}
	in.Sessions = ledger.IDRange{First: d.uvarint(), Last: d.uvarint()}
	d.texts(nil, &in.File, &in.Format)
	if err := d.end(); err != nil {
		return in, err
	}
	if in.Events.Last < in.Events.First || in.Sessions.Last < in.Sessions.First {
		return in, errRange
	}
	return in, nil
}

func encodeChange(c *ledger.Change) []byte {
	var enc encoder
	enc.byte(recordFormat)
	enc.byte(byte(c.Kind))
	enc.time(c.At)
	var session byte
	if c.Session {
		session = 1
	}
	enc.byte(session)
	for _, n := range []uint64{c.Import, c.Events.First, c.Events.Last, c.Sessions.First, c.Sessions.Last, c.Voided} {
		enc.uvarint(n)
	}
	enc.texts(c.What)
	return enc.b
}

func decodeChange(v []byte) (*ledger.Change, error) {
	d := newDecoder(v)
	c := &ledger.Change{}
	if d.byte() != recordFormat && d.err == nil {
		return nil, errFormat
	}
	c.Kind = ledger.ChangeKind(d.byte())
	c.At = d.time()
	c.Session = d.byte() == 1
	c.Import = d.uvarint()
	c.Events = ledger.IDRange{First: d.uvarint(), Last: d.uvarint()}
	c.Sessions = ledger.IDRange{First: d.uvarint(), Last: d.uvarint()}
	c.Voided = d.uvarint()
	d.texts(nil, &c.What)
	if err := d.end(); err != nil {
		return nil, err
	}
	if c.Kind < ledger.ChangeAdd || c.Kind > ledger.ChangeUndo {
		return nil, errRange
	}
	return c, nil
}
