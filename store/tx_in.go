package store

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/earnlog/earnlog/ledger"
)

// EachEventIn implements ledger.Tx: the events ids names, in that order,
// each as EachEvent reads it. The voids, amendment links and import ranges
// are read once, and the pages of the records read are given back as it
// goes, so that a walk in another order than the file's holds no more than
// its IDs.
func (t *tx) EachEventIn(ids []uint64, fn func(*ledger.Event) error) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	in, err := t.recordsIn(refEvent)
	if err != nil {
		return err
	}
	var arena textArena
	var e ledger.Event
	for _, id := range ids {
		v := in.recs.get(id)
		if v == nil {
			return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: earnlog list shows the IDs", id)
		}
		in.recs.fetched(v)
		if err := decodeEvent(&e, v, st, &t.cur, &arena); err != nil {
			return t.db.damaged(fmt.Errorf("event %d: %v", id, err))
		}
		e.ID = id
		e.VoidReason, e.Voided = in.void(id)
		in.fill(id, &e.Amends, &e.AmendedBy, &e.Import)
		e.Key = t.heldKey(refEvent, id, e.Voided, e.Key)
		t.inStore = false
		err := fn(&e)
		t.inStore = true
		if err != nil {
			return err
		}
	}
	return in.recs.gave(nil)
}

// EachSessionIn implements ledger.Tx: EachEventIn for work sessions.
func (t *tx) EachSessionIn(ids []uint64, fn func(*ledger.WorkSession) error) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	in, err := t.recordsIn(refSession)
	if err != nil {
		return err
	}
	var arena textArena
	var w ledger.WorkSession
	for _, id := range ids {
		v := in.recs.get(id)
		if v == nil {
			return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: earnlog list --work shows the IDs", id)
		}
		in.recs.fetched(v)
		if err := decodeSession(&w, v, st, &arena, false); err != nil {
			return t.db.damaged(fmt.Errorf("session %d: %v", id, err))
		}
		w.ID = id
		w.VoidReason, w.Voided = in.void(id)
		in.fill(id, &w.Amends, &w.AmendedBy, &w.Import)
		w.Key = t.heldKey(refSession, id, w.Voided, w.Key)
		t.inStore = false
		err := fn(&w)
		t.inStore = true
		if err != nil {
			return err
		}
	}
	return in.recs.gave(nil)
}

// recordsIn is what EachEventIn and EachSessionIn look records up in, for
// IDs in any order.
type recordsIn struct {
	recs       *records
	voids      []voidOf
	amends, by map[uint64]uint64
	imports    []importRange // by first ID
}

func (t *tx) recordsIn(kind byte) (*recordsIn, error) {
	voids, err := t.voids(kind)
	if err != nil {
		return nil, err
	}
	lc, err := t.linkCursor(kind)
	if err != nil {
		return nil, err
	}
	imports := slices.Clone(lc.imports.ranges)
	slices.SortFunc(imports, func(a, b importRange) int { return cmp.Compare(a.r.First, b.r.First) })
	return &recordsIn{recs: t.textRecords(kind), voids: voids, amends: lc.amends, by: lc.by, imports: imports}, nil
}

func (in *recordsIn) void(id uint64) (string, bool) {
	i, ok := slices.BinarySearchFunc(in.voids, id, func(v voidOf, id uint64) int { return cmp.Compare(v.id, id) })
	if !ok {
		return "", false
	}
	return in.voids[i].reason, true
}

// fill is linkCursor.fill for an ID in any order: the import is the last
// range that starts at or before id, if it holds id.
func (in *recordsIn) fill(id uint64, amends, by, imp *uint64) {
	*amends, *by, *imp = in.amends[id], in.by[id], 0
	i, _ := slices.BinarySearchFunc(in.imports, id, func(r importRange, id uint64) int { return cmp.Compare(r.r.First, id+1) })
	if i > 0 && in.imports[i-1].r.Has(id) {
		*imp = in.imports[i-1].id
	}
}

// textRecords are records read one by one, in any order, with their pages
// given back every few reads: the records of such a walk lie all over the
// file, and each would stay in the process's memory.
func (t *tx) textRecords(kind byte) *records {
	name := bucketEvents
	if kind == refSession {
		name = bucketSessions
	}
	return &records{b: t.bucket(name), release: newPageRelease(t.db.bolt, t.btx)}
}

// fetched notes a record read by textRecords' walk, and gives back the
// pages of the last few.
func (r *records) fetched(v []byte) {
	if r.release == nil {
		return
	}
	r.release.saw(v)
	if r.reads++; r.reads%fetchReleaseEvery == 0 {
		r.release.release()
	}
}

// gave is err, once the pages of the records read are given back.
func (r *records) gave(err error) error {
	if r.release != nil {
		r.release.release()
	}
	return err
}

// fetchReleaseEvery is how many records such a walk reads between giving
// pages back: each time is a system call.
const fetchReleaseEvery = 1024
