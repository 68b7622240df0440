package store

import (
	"fmt"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

func (t *tx) voided(kind byte, id uint64, voided *bool, reason *string) error {
	v := t.bucket(bucketVoids).Get(recordRef(kind, id))
	if v == nil {
		return nil
	}
	rec, err := decodeVoid(v)
	if err != nil {
		return t.db.damaged(fmt.Errorf("void of %c%d: %v", kind, id, err))
	}
	*voided, *reason = true, rec.Reason
	return nil
}

// voids reads every void of one kind, in ID order: the voids bucket is small
// next to the records, and a scan in ID order walks this list alongside
// instead of looking each record up.
func (t *tx) voids(kind byte) ([]voidOf, error) {
	var out []voidOf
	c := t.bucket(bucketVoids).Cursor()
	for k, v := c.Seek([]byte{kind}); k != nil && k[0] == kind; k, v = c.Next() {
		_, id, ok := parseRecordRef(k)
		if !ok {
			return nil, t.db.damaged(fmt.Errorf("void key %x is not a record", clip(k)))
		}
		rec, err := decodeVoid(v)
		if err != nil {
			return nil, t.db.damaged(fmt.Errorf("void of %c%d: %v", kind, id, err))
		}
		out = append(out, voidOf{id, rec.Reason})
	}
	return out, nil
}

type voidOf struct {
	id     uint64
	reason string
}

// voidCursor answers "is this ID void?" for IDs asked in increasing order.
type voidCursor struct {
	voids []voidOf
	next  int
}

func (v *voidCursor) of(id uint64) (reason string, voided bool) {
	for v.next < len(v.voids) && v.voids[v.next].id < id {
		v.next++
	}
	if v.next < len(v.voids) && v.voids[v.next].id == id {
		return v.voids[v.next].reason, true
	}
	return "", false
}

// VoidEvent implements ledger.Tx.
func (t *tx) VoidEvent(id uint64, reason string, at time.Time) error {
	defer t.enter()()
	if t.records(refEvent).get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: earnlog list shows the IDs", id)
	}
	return t.void(refEvent, "event", id, reason, at)
}

// VoidSession implements ledger.Tx.
func (t *tx) VoidSession(id uint64, reason string, at time.Time) error {
	defer t.enter()()
	if t.records(refSession).get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: earnlog list --work shows the IDs", id)
	}
	return t.void(refSession, "work session", id, reason, at)
}

func (t *tx) void(kind byte, what string, id uint64, reason string, at time.Time) error {
	if err := checkText("reason", reason, ledger.MaxNote); err != nil {
		return err
	}
	b := t.bucket(bucketVoids)
	k := recordRef(kind, id)
	if v := b.Get(k); v != nil {
		was := ""
		if rec, err := decodeVoid(v); err == nil && rec.Reason != "" {
			was = fmt.Sprintf(" (%s)", rec.Reason)
		}
		return ledger.Errorf(ledger.ECONFLICT, "%s %d is already void%s", what, id, was)
	}
	t.change.voids++
	t.change.voided = recordID{kind, id}
	return b.Put(k, encodeVoid(voidRecord{At: at, Reason: reason}))
}
