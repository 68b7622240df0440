package store

import (
	"fmt"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// Streams are renamed and merged without rewriting a record. Records carry
// a stream number, and the streams bucket maps names to numbers: a rename
// gives the number a new name, and keeps the old name as an alias entry (its
// number, and the name of its target); a merge turns the merged stream's
// entry into an alias of the other stream, so that the number of its records
// reads as the other's name. A later record or import naming an alias lands
// on its target. Aliases always name a stream, never another alias: a rename
// of a stream points its aliases at the new name.

// aliasOf is one alias entry of the streams bucket.
type aliasOf struct {
	name ledger.Stream
	rec  streamRecord
}

// addAliases enters aliases into the table: their names resolve to their
// target's number, and the number of their own records to their target's
// name.
func (st *streamTable) addAliases(aliases []aliasOf) error {
	for _, a := range aliases {
		num, ok := st.nums[a.rec.Alias]
		if !ok {
			return fmt.Errorf("alias %q names %q, which is not a stream", a.name, a.rec.Alias)
		}
		switch st.names[a.rec.Num] {
		case "":
			st.names[a.rec.Num] = a.rec.Alias
		case a.rec.Alias:
		default:
			return fmt.Errorf("alias %q of %q has the number %d of stream %q", a.name, a.rec.Alias, a.rec.Num, st.names[a.rec.Num])
		}
		st.nums[a.name] = num
	}
	return nil
}

// streamEntry reads the streams bucket's entry for s; ok is false if none.
func (t *tx) streamEntry(s ledger.Stream) (streamRecord, bool, error) {
	v := t.bucket(bucketStreams).Get([]byte(s))
	if v == nil {
		return streamRecord{}, false, nil
	}
	rec, err := decodeStream(v)
	if err != nil {
		return rec, false, t.db.damaged(fmt.Errorf("stream %q: %v", s, err))
	}
	return rec, true, nil
}

// realStream resolves s, a stream or an alias, to the stream and its entry.
func (t *tx) realStream(s ledger.Stream) (ledger.Stream, streamRecord, error) {
	rec, ok, err := t.streamEntry(s)
	if err != nil {
		return "", rec, err
	}
	if !ok {
		return "", rec, ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: earnlog streams --all lists them", s)
	}
	if rec.Alias == "" {
		return s, rec, nil
	}
	target := rec.Alias
	rec, ok, err = t.streamEntry(target)
	if err == nil && (!ok || rec.Alias != "") {
		err = t.db.damaged(fmt.Errorf("alias %q names %q, which is not a stream", s, target))
	}
	return target, rec, err
}

func (t *tx) putStream(s ledger.Stream, rec streamRecord) error {
	t.streams = nil // read again on next use
	return t.bucket(bucketStreams).Put([]byte(s), encodeStream(rec))
}

// RenameStream implements ledger.Tx.
func (t *tx) RenameStream(from, to ledger.Stream, at time.Time) error {
	defer t.enter()()
	return t.moveStream(from, to, false, at)
}

// MergeStream implements ledger.Tx.
func (t *tx) MergeStream(from, into ledger.Stream, at time.Time) error {
	defer t.enter()()
	return t.moveStream(from, into, true, at)
}

// moveStream is a rename, or with merge a merge, of from into to.
func (t *tx) moveStream(from, to ledger.Stream, merge bool, at time.Time) error {
	if from == to {
		return ledger.Errorf(ledger.EINVALID, "%s and %s are the same stream: give two names", from, to)
	}
	src, ok, err := t.streamEntry(from)
	if err != nil {
		return err
	}
	if !ok {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: earnlog streams --all lists them", from)
	}
	if src.Alias != "" {
		return ledger.Errorf(ledger.ECONFLICT, "%s was renamed or merged into %s already: name %s instead", from, src.Alias, src.Alias)
	}
	dst, exists, err := t.streamEntry(to)
	if err != nil {
		return err
	}
	verb := "rename"
	switch {
	case merge && !exists:
		return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s to merge into: use earnlog stream rename %s %s", to, from, to)
	case merge && dst.Alias != "":
		return ledger.Errorf(ledger.ECONFLICT, "%s is an alias of %s: merge into %s", to, dst.Alias, dst.Alias)
	case merge:
		verb = "merge"
	case exists && dst.Alias == "":
		return ledger.Errorf(ledger.ECONFLICT, "stream %s exists: use earnlog stream merge %s %s to move the records of %s onto it", to, from, to, from)
	case exists && (dst.Alias != from || dst.Num != src.Num):
		return ledger.Errorf(ledger.ECONFLICT, "%s is an alias of %s: choose a name no stream has had", to, dst.Alias)
	}
	if !merge {
		// The number, and so every record, takes the new name; a rename
		// back to a former name turns that alias into the stream again.
		renamed := src
		if err := t.putStream(to, renamed); err != nil {
			return err
		}
	}
	if err := t.putStream(from, streamRecord{Num: src.Num, Created: src.Created, Alias: to}); err != nil {
		return err
	}
	// Aliases of from now name to.
	var moved []aliasOf
	err = t.bucket(bucketStreams).ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return t.db.damaged(fmt.Errorf("stream %q: %v", k, err))
		}
		if rec.Alias == from {
			rec.Alias = to
			moved = append(moved, aliasOf{ledger.Stream(k), rec})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range moved {
		if err := t.putStream(a.name, a.rec); err != nil {
			return err
		}
	}
	if _, err := t.table(); err != nil {
		return err
	}
	t.change.other(fmt.Sprintf("stream %s of %s into %s", verb, from, to))
	return t.addHistory(at, fmt.Sprintf("stream %s: %s into %s", verb, from, to))
}

// SetStreamClass implements ledger.Tx.
func (t *tx) SetStreamClass(s ledger.Stream, c ledger.Class) error {
	defer t.enter()()
	return t.streamClass(s, c, true)
}

// ClearStreamClass implements ledger.Tx.
func (t *tx) ClearStreamClass(s ledger.Stream) error {
	defer t.enter()()
	return t.streamClass(s, 0, false)
}

func (t *tx) streamClass(s ledger.Stream, c ledger.Class, set bool) error {
	if set && !validClass(c) {
		return ledger.Errorf(ledger.EINVALID, "class %d is not a class", c)
	}
	name, rec, err := t.realStream(s)
	if err != nil {
		return err
	}
	rec.ClassSet, rec.Class = set, c
	if !set {
		rec.Class = 0
	}
	return t.putStream(name, rec)
}

// ArchiveStream implements ledger.Tx.
func (t *tx) ArchiveStream(s ledger.Stream, archived bool) error {
	defer t.enter()()
	name, rec, err := t.realStream(s)
	if err != nil {
		return err
	}
	rec.Archived = archived
	return t.putStream(name, rec)
}

// validClass reports whether c is a class ledger knows by name.
func validClass(c ledger.Class) bool {
	p, err := ledger.ParseClass(c.String())
	return err == nil && p == c
}

// streamClasses adds the streams' own classes to out, by stream name, and
// the same class under each alias of such a stream.
func (t *tx) streamClasses(out map[string]ledger.Class) error {
	var aliases []aliasOf
	err := t.bucket(bucketStreams).ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return t.db.damaged(fmt.Errorf("stream %q: %v", k, err))
		}
		switch {
		case rec.Alias != "":
			aliases = append(aliases, aliasOf{ledger.Stream(k), rec})
		case rec.ClassSet:
			out[string(k)] = rec.Class
		}
		return nil
	})
	for _, a := range aliases {
		if c, ok := out[string(a.rec.Alias)]; ok {
			out[string(a.name)] = c
		}
	}
	return err
}
