package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// An amendment is a new record and a void of the old one ("amended by
// #NEW"), linked both ways in the amends bucket:
//
//	amends  'a' + ref(NEW) -> 8-byte OLD   (NEW amends OLD)
//	        'b' + ref(OLD) -> 8-byte NEW   (OLD was amended by NEW)
//
// The new record takes over the old one's import key: the keys index points
// at it, so a re-import finds the key present and adds nothing, and check
// accepts an old record whose key has moved along its amendment chain.

const (
	amendsOf   = 'a'
	amendedBy  = 'b'
	amendedWhy = "amended by #%d"
)

func amendKey(dir, kind byte, id uint64) []byte {
	return append([]byte{dir}, recordRef(kind, id)...)
}

// amendLink reads one link of the amends bucket: 0 when none.
func (t *tx) amendLink(dir, kind byte, id uint64) (uint64, error) {
	v := t.bucket(bucketAmends).Get(amendKey(dir, kind, id))
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, t.db.damaged(fmt.Errorf("amendment link of %s is %x, not an ID", describe(kind, id), clip(v)))
	}
	return binary.BigEndian.Uint64(v), nil
}

// amendLinks reads every link of one direction and kind, by ID.
func (t *tx) amendLinks(dir, kind byte) (map[uint64]uint64, error) {
	out := map[uint64]uint64{}
	c := t.bucket(bucketAmends).Cursor()
	prefix := []byte{dir, kind}
	for k, v := c.Seek(prefix); len(k) >= 2 && k[0] == dir && k[1] == kind; k, v = c.Next() {
		_, id, ok := parseRecordRef(k[1:])
		if !ok || len(v) != 8 {
			return nil, t.db.damaged(fmt.Errorf("amendment link %x is not a link", clip(k)))
		}
		out[id] = binary.BigEndian.Uint64(v)
	}
	return out, nil
}

// links fills the amendment and import fields of one record read by ID.
func (t *tx) links(kind byte, id uint64, amends, by, imp *uint64) error {
	var err error
	if *amends, err = t.amendLink(amendsOf, kind, id); err != nil {
		return err
	}
	if *by, err = t.amendLink(amendedBy, kind, id); err != nil {
		return err
	}
	*imp, err = t.importOf(kind, id)
	return err
}

// canAmend refuses to amend a void record.
func canAmend(what string, id uint64, voided bool, reason string, by uint64) error {
	switch {
	case by != 0:
		return ledger.Errorf(ledger.ECONFLICT, "%s %d was amended by #%d already: amend #%d instead", what, id, by, by)
	case voided:
		return ledger.Errorf(ledger.ECONFLICT, "%s %d is void (%s): earnlog unvoid %d first, if it should count again", what, id, reason, id)
	}
	return nil
}

// AmendEvent implements ledger.Tx.
func (t *tx) AmendEvent(id uint64, e *ledger.Event, at time.Time) error {
	old, err := t.Event(id)
	if err != nil {
		return err
	}
	defer t.enter()()
	if err := canAmend("event", id, old.Voided, old.VoidReason, old.AmendedBy); err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	num, err := t.streamNum(e.Stream)
	if err != nil {
		return err
	}
	e.Key = old.Key
	r := t.records(refEvent)
	nid, err := r.b.NextSequence()
	if err != nil {
		return err
	}
	if err := r.put(nid, idKey(nid), encodeEvent(e, num)); err != nil {
		return err
	}
	e.ID = nid
	e.Stream, _ = t.streams.name(num)
	return t.amended(refEvent, "event", id, nid, old.Key, at)
}

// AmendSession implements ledger.Tx.
func (t *tx) AmendSession(id uint64, w *ledger.WorkSession, at time.Time) error {
	old, err := t.Session(id)
	if err != nil {
		return err
	}
	defer t.enter()()
	if err := canAmend("work session", id, old.Voided, old.VoidReason, old.AmendedBy); err != nil {
		return err
	}
	if err := w.Validate(); err != nil {
		return err
	}
	num, err := t.streamNum(w.Stream)
	if err != nil {
		return err
	}
	w.Key = old.Key
	r := t.records(refSession)
	nid, err := r.b.NextSequence()
	if err != nil {
		return err
	}
	if err := r.put(nid, idKey(nid), encodeSession(w, num)); err != nil {
		return err
	}
	w.ID = nid
	w.Stream, _ = t.streams.name(num)
	return t.amended(refSession, "work session", id, nid, old.Key, at)
}

// amended voids old, links old and new, and moves the import key to new.
func (t *tx) amended(kind byte, what string, old, nid uint64, key string, at time.Time) error {
	if err := t.void(kind, what, old, fmt.Sprintf(amendedWhy, nid), at); err != nil {
		return err
	}
	b := t.bucket(bucketAmends)
	if err := b.Put(amendKey(amendsOf, kind, nid), idKey(old)); err != nil {
		return err
	}
	if err := b.Put(amendKey(amendedBy, kind, old), idKey(nid)); err != nil {
		return err
	}
	if key != "" {
		part, err := t.keyIndex().part(keyPart(key), true)
		if err != nil {
			return err
		}
		if err := part.Put([]byte(key), recordRef(kind, nid)); err != nil {
			return err
		}
	}
	t.change.voids-- // the void is part of the amendment
	t.change.other(fmt.Sprintf("amendment of %s #%d by #%d", what, old, nid))
	return nil
}

// UnvoidEvent implements ledger.Tx.
func (t *tx) UnvoidEvent(id uint64, at time.Time) error {
	defer t.enter()()
	if t.records(refEvent).get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: earnlog list --all shows the IDs", id)
	}
	return t.unvoid(refEvent, "event", id, at)
}

// UnvoidSession implements ledger.Tx.
func (t *tx) UnvoidSession(id uint64, at time.Time) error {
	defer t.enter()()
	if t.records(refSession).get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: earnlog list --work --all shows the IDs", id)
	}
	return t.unvoid(refSession, "work session", id, at)
}

func (t *tx) unvoid(kind byte, what string, id uint64, at time.Time) error {
	by, err := t.amendLink(amendedBy, kind, id)
	if err != nil {
		return err
	}
	if by != 0 {
		return ledger.Errorf(ledger.ECONFLICT, "%s %d was replaced by its amendment #%d: unvoiding it would count both; amend #%d again to change it", what, id, by, by)
	}
	b := t.bucket(bucketVoids)
	k := recordRef(kind, id)
	v := b.Get(k)
	if v == nil {
		return ledger.Errorf(ledger.ECONFLICT, "%s %d is not void: there is nothing to unvoid", what, id)
	}
	if err := t.reclaimKey(kind, what, id); err != nil {
		return err
	}
	rec, err := decodeVoid(v)
	if err != nil {
		return t.db.damaged(fmt.Errorf("void of %s: %v", describe(kind, id), err))
	}
	if err := b.Delete(k); err != nil {
		return err
	}
	t.change.other(fmt.Sprintf("unvoid of %s #%d", what, id))
	return t.addHistory(at, fmt.Sprintf("unvoid of %s %d, void since %s: %s", what, id, rec.At.UTC().Format(time.RFC3339), rec.Reason))
}

// linkCursor fills the amendment and import fields of a scan's records.
type linkCursor struct {
	amends, by map[uint64]uint64
	imports    *importCursor
}

func (t *tx) linkCursor(kind byte) (*linkCursor, error) {
	var c linkCursor
	var err error
	if c.amends, err = t.amendLinks(amendsOf, kind); err != nil {
		return nil, err
	}
	if c.by, err = t.amendLinks(amendedBy, kind); err != nil {
		return nil, err
	}
	c.imports, err = t.importCursor(kind)
	return &c, err
}

// fill is for IDs in increasing order.
func (c *linkCursor) fill(id uint64, amends, by, imp *uint64) {
	*amends, *by, *imp = c.amends[id], c.by[id], c.imports.of(id)
}

// recordKey reads the import key a record was stored with, held or not.
func (t *tx) recordKey(kind byte, id uint64) (string, error) {
	v := t.records(kind).get(id)
	if v == nil {
		return "", ledger.Errorf(ledger.ENOTFOUND, "there is no %s", describe(kind, id))
	}
	st, err := t.table()
	if err != nil {
		return "", err
	}
	if kind == refSession {
		var w ledger.WorkSession
		if err := decodeSession(&w, v, st, nil, false); err != nil {
			return "", t.db.damaged(fmt.Errorf("%s: %v", describe(kind, id), err))
		}
		return w.Key, nil
	}
	var e ledger.Event
	if err := decodeEvent(&e, v, st, &t.cur, nil); err != nil {
		return "", t.db.damaged(fmt.Errorf("%s: %v", describe(kind, id), err))
	}
	return e.Key, nil
}

// heldKey is the import key a reader sees: a void record that gave its key
// to an amendment, or let go of it in an undo, holds none, as an import key
// names one record of the ledger (and export csv must not hand it to two).
func (t *tx) heldKey(kind byte, id uint64, voided bool, key string) string {
	if !voided || key == "" || len(key) > maxKey {
		return key
	}
	h := keyHash(key)
	if t.newKeys.has(key, h) {
		return key // added in this transaction, and not yet in the index
	}
	if string(t.keyIndex().get(key, h)) != string(recordRef(kind, id)) {
		return ""
	}
	return key
}

// ReleaseEventKey implements ledger.Tx.
func (t *tx) ReleaseEventKey(id uint64) error { return t.releaseKey(refEvent, id) }

// ReleaseSessionKey implements ledger.Tx.
func (t *tx) ReleaseSessionKey(id uint64) error { return t.releaseKey(refSession, id) }

func (t *tx) releaseKey(kind byte, id uint64) error {
	key, err := t.recordKey(kind, id)
	if err != nil || key == "" {
		return err
	}
	defer t.enter()()
	if t.bucket(bucketVoids).Get(recordRef(kind, id)) == nil {
		return ledger.Errorf(ledger.ECONFLICT, "%s is not void: its import key stays", describe(kind, id))
	}
	part, err := t.keyIndex().part(keyPart(key), false)
	if err != nil || part == nil {
		return err
	}
	if string(part.Get([]byte(key))) != string(recordRef(kind, id)) {
		return nil // released already, or taken by another record
	}
	t.absentKey = ""
	return part.Delete([]byte(key))
}

// reclaimKey puts back the import key of a record being unvoided, which
// releaseKey may have taken out; another record holding it since is a
// conflict, as both would count.
func (t *tx) reclaimKey(kind byte, what string, id uint64) error {
	key, err := t.recordKey(kind, id)
	if err != nil || key == "" {
		return err
	}
	ref := recordRef(kind, id)
	got := t.keyIndex().get(key, keyHash(key))
	switch {
	case got == nil:
		part, err := t.keyIndex().part(keyPart(key), true)
		if err != nil {
			return err
		}
		return part.Put([]byte(key), ref)
	case string(got) != string(ref):
		other, oid, _ := parseRecordRef(got)
		return ledger.Errorf(ledger.ECONFLICT, "%s %d came from an import that was undone, and %s has come in with the same import key since: unvoiding it would count both", what, id, describe(other, oid))
	}
	return nil
}
