package store

import (
	"fmt"

	"github.com/earnlog/earnlog/ledger"
)

// AddEvent implements ledger.Tx.
func (t *tx) AddEvent(e *ledger.Event) (bool, error) {
	defer t.enter()()
	if err := e.Validate(); err != nil {
		return false, err
	}
	if err := checkText("key", e.Key, maxKey); err != nil {
		return false, err
	}
	if dup, err := t.hasKey(e.Key); dup || err != nil {
		return false, err
	}
	if err := t.nextRecord(); err != nil {
		return false, err
	}
	num, err := t.streamNum(e.Stream)
	if err != nil {
		return false, err
	}
	r := t.records(refEvent)
	id, err := r.b.NextSequence()
	if err != nil {
		return false, err
	}
	t.scratch = appendEvent(t.scratch[:0], e, num)
	if err := r.put(id, t.puts.id(id), t.puts.copy(t.scratch)); err != nil {
		return false, err
	}
	if err := t.putKey(e.Key, refEvent, id); err != nil {
		return false, err
	}
	e.ID = id
	e.Stream = t.streams.names[num] // an alias lands on its stream
	t.change.added(refEvent, id)
	return true, nil
}

// AddSession implements ledger.Tx.
func (t *tx) AddSession(w *ledger.WorkSession) (bool, error) {
	defer t.enter()()
	if err := w.Validate(); err != nil {
		return false, err
	}
	if err := checkText("key", w.Key, maxKey); err != nil {
		return false, err
	}
	if dup, err := t.hasKey(w.Key); dup || err != nil {
		return false, err
	}
	if err := t.nextRecord(); err != nil {
		return false, err
	}
	num, err := t.streamNum(w.Stream)
	if err != nil {
		return false, err
	}
	r := t.records(refSession)
	id, err := r.b.NextSequence()
	if err != nil {
		return false, err
	}
	t.scratch = appendSession(t.scratch[:0], w, num)
	if err := r.put(id, t.puts.id(id), t.puts.copy(t.scratch)); err != nil {
		return false, err
	}
	if err := t.putKey(w.Key, refSession, id); err != nil {
		return false, err
	}
	w.ID = id
	w.Stream = t.streams.names[num] // an alias lands on its stream
	t.change.added(refSession, id)
	return true, nil
}

// Event implements ledger.Tx.
func (t *tx) Event(id uint64) (*ledger.Event, error) {
	defer t.enter()()
	v := t.records(refEvent).get(id)
	if v == nil {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: earnlog list shows the IDs", id)
	}
	st, err := t.table()
	if err != nil {
		return nil, err
	}
	e := &ledger.Event{ID: id}
	if err := decodeEvent(e, v, st, &t.cur, nil); err != nil {
		return nil, t.db.damaged(fmt.Errorf("event %d: %v", id, err))
	}
	if err := t.voided(refEvent, id, &e.Voided, &e.VoidReason); err != nil {
		return nil, err
	}
	if err := t.links(refEvent, id, &e.Amends, &e.AmendedBy, &e.Import); err != nil {
		return nil, err
	}
	e.Key = t.heldKey(refEvent, id, e.Voided, e.Key)
	return e, nil
}

// Session implements ledger.Tx.
func (t *tx) Session(id uint64) (*ledger.WorkSession, error) {
	defer t.enter()()
	v := t.records(refSession).get(id)
	if v == nil {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: earnlog list --work shows the IDs", id)
	}
	st, err := t.table()
	if err != nil {
		return nil, err
	}
	w := &ledger.WorkSession{ID: id}
	if err := decodeSession(w, v, st, nil, false); err != nil {
		return nil, t.db.damaged(fmt.Errorf("session %d: %v", id, err))
	}
	if err := t.voided(refSession, id, &w.Voided, &w.VoidReason); err != nil {
		return nil, err
	}
	if err := t.links(refSession, id, &w.Amends, &w.AmendedBy, &w.Import); err != nil {
		return nil, err
	}
	w.Key = t.heldKey(refSession, id, w.Voided, w.Key)
	return w, nil
}

// EachEvent implements ledger.Tx. It is a plain cursor loop decoding into one
// reused Event: reports scan every event on every run.
func (t *tx) EachEvent(fn func(*ledger.Event) error) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	voids, err := t.voids(refEvent)
	if err != nil {
		return err
	}
	vc := voidCursor{voids: voids}
	lc, err := t.linkCursor(refEvent)
	if err != nil {
		return err
	}
	var arena textArena
	var e ledger.Event
	return t.scan(refEvent).each(func(id uint64, v []byte) error {
		if err := decodeEvent(&e, v, st, &t.cur, &arena); err != nil {
			return t.db.damaged(fmt.Errorf("event %d: %v", id, err))
		}
		e.ID = id
		e.VoidReason, e.Voided = vc.of(id)
		lc.fill(id, &e.Amends, &e.AmendedBy, &e.Import)
		e.Key = t.heldKey(refEvent, id, e.Voided, e.Key)
		t.inStore = false
		err := fn(&e)
		t.inStore = true
		return err
	}, t.badLayout("events"))
}

// EachEventLean implements ledger.Tx; see scan.go.
func (t *tx) EachEventLean(fn func(*ledger.Event) error) error { return t.eachEventLean(fn) }

// EachSession implements ledger.Tx.
func (t *tx) EachSession(fn func(*ledger.WorkSession) error) error { return t.eachSession(fn, false) }

// EachSessionLean implements ledger.Tx.
func (t *tx) EachSessionLean(fn func(*ledger.WorkSession) error) error {
	return t.eachSessionLean(fn)
}

func (t *tx) eachSession(fn func(*ledger.WorkSession) error, lean bool) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	voids, err := t.voids(refSession)
	if err != nil {
		return err
	}
	vc := voidCursor{voids: voids}
	lc := &linkCursor{imports: &importCursor{}}
	if !lean {
		if lc, err = t.linkCursor(refSession); err != nil {
			return err
		}
	}
	var arena textArena
	var w ledger.WorkSession
	return t.scan(refSession).each(func(id uint64, v []byte) error {
		if err := decodeSession(&w, v, st, &arena, lean); err != nil {
			return t.db.damaged(fmt.Errorf("session %d: %v", id, err))
		}
		w.ID = id
		w.VoidReason, w.Voided = vc.of(id)
		lc.fill(id, &w.Amends, &w.AmendedBy, &w.Import)
		if !lean {
			w.Key = t.heldKey(refSession, id, w.Voided, w.Key)
		}
		t.inStore = false
		err := fn(&w)
		t.inStore = true
		return err
	}, t.badLayout("sessions"))
}
