package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// A large import is written in chunks, each its own bbolt transaction: bbolt
// holds every page a transaction dirties in memory until it commits, and one
// transaction for two million rows held more than a gigabyte. The import
// stays all or nothing for the person:
//
//   - The first chunk to commit writes a marker into the meta bucket, the
//     staged import: the sequences of the events, sessions, streams and
//     imports buckets before the import. Records above them belong to it.
//   - The chunks hold records, voids and streams; the import keys stay in
//     memory, in a compact set that answers the lookups of the chunks to
//     come. When the file is read to its end they go into the keys index in
//     key order, a chunk's worth per transaction (put chunk by chunk, each
//     chunk's keys land among the last one's all over the index, and every
//     commit rewrote most of it). check knows that the records of a staged
//     import have no keys in the index yet.
//   - The last transaction holds the last keys, the last change, the
//     import's record (RecordImport) and deletes the marker: that commit
//     publishes the import.
//   - A write open holds bbolt's exclusive file lock from Open to Close, so
//     no other process sees the chunks while the import runs. A process
//     killed between chunks leaves the marker: every later Open (a
//     read-only one takes the write lock for it, as for a migration) first
//     removes what the marker covers, in bounded transactions of its own,
//     and sets the sequences back, so that the import run again gets the
//     same IDs. The first of those transactions removes the import's record,
//     each removes records together with their keys and voids, and all but
//     the last leave the marker, so a kill during the clean-up leaves a
//     ledger that checks clean and a marker that the next Open finishes.
//   - An import that fails (a bad row) after chunks committed removes them
//     the same way before it returns its error.
//
// An import that fits in one chunk never writes a marker: it is one
// transaction, as every other command, and a refused one leaves the file's
// bytes as they were. A refused import larger than a chunk leaves the
// ledger as it was, not the file: bbolt's free pages and the file's size
// keep the trace of the chunks it removed.
//
//	meta  "staged" -> format byte, uvarint events, sessions, streams, imports

var metaStaged = []byte("staged")

// DefaultImportChunk is the records an import writes per transaction when
// Options.ImportChunk is zero: a chunk of them holds some tens of megabytes
// of dirty pages, and committing more often costs an import more syncs.
const DefaultImportChunk = 64 << 10

// stagedImport is the marker of an import not yet published: the bucket
// sequences before it, so the IDs and stream numbers it took are those
// above.
type stagedImport struct {
	events, sessions, streams, imports uint64
}

func encodeStaged(s stagedImport) []byte {
	var enc encoder
	enc.byte(recordFormat)
	enc.uvarint(s.events)
	enc.uvarint(s.sessions)
	enc.uvarint(s.streams)
	enc.uvarint(s.imports)
	return enc.b
}

func decodeStaged(v []byte) (stagedImport, error) {
	d := newDecoder(v)
	var s stagedImport
	if d.byte() != recordFormat && d.err == nil {
		return s, errFormat
	}
	s.events, s.sessions, s.streams, s.imports = d.uvarint(), d.uvarint(), d.uvarint(), d.uvarint()
	return s, d.end()
}

// stagedOf reads the marker: ok is false when there is none.
func stagedOf(btx *bolt.Tx) (s stagedImport, ok bool, err error) {
	meta := btx.Bucket(bucketMeta)
	if meta == nil {
		return s, false, nil
	}
	v := meta.Get(metaStaged)
	if v == nil {
		return s, false, nil
	}
	s, err = decodeStaged(v)
	if err != nil {
		return s, false, fmt.Errorf("the staged import: %v", err)
	}
	return s, true, nil
}

// startOf is the marker of an import starting now, in btx.
func startOf(btx *bolt.Tx) stagedImport {
	return stagedImport{
		events:   btx.Bucket(bucketEvents).Sequence(),
		sessions: btx.Bucket(bucketSessions).Sequence(),
		streams:  btx.Bucket(bucketStreams).Sequence(),
		imports:  btx.Bucket(bucketImports).Sequence(),
	}
}

// chunking is the state of an import written in chunks.
type chunking struct {
	size      int          // records per chunk
	n         int          // records added in the current chunk
	start     stagedImport // the marker, written with the first chunk
	committed bool         // a chunk has committed: the marker is in the file
}

// Import runs fn like Update, for an import: the records it adds are
// committed every Options.ImportChunk records, and published all at once
// when fn returns nil (see the top of this file). When fn fails, what it
// wrote is removed before Import returns its error.
func (db *DB) Import(fn func(ledger.Tx) error) error {
	if db.opts.ReadOnly || db.bolt == nil {
		return ledger.Errorf(ledger.EINTERNAL, "the ledger %s was opened read-only", db.path)
	}
	size := db.opts.ImportChunk
	if size <= 0 {
		size = DefaultImportChunk
	}
	t := &tx{db: db, inStore: true, chunk: &chunking{size: size}}
	err := db.runImport(t, fn)
	// A new ledger that never took its name goes whole when the DB closes.
	if err != nil && t.chunk.committed && db.pending == nil {
		if cerr := db.clearStaged(); cerr != nil {
			return fmt.Errorf("%w (and removing what the import wrote failed: %v; the next earnlog command removes it)", err, cerr)
		}
	}
	if err != nil {
		return err
	}
	if db.pending != nil {
		return db.publish()
	}
	return nil
}

// runImport is run for Import: bbolt transactions begun and committed by
// hand, one per chunk.
func (db *DB) runImport(t *tx, fn func(ledger.Tx) error) (err error) {
	defer func() {
		if t.btx != nil && t.btx.DB() != nil {
			_ = t.btx.Rollback()
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			err = db.panicked(t, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	if t.btx, err = db.bolt.Begin(true); err != nil {
		return db.commitError(err)
	}
	t.chunk.start = startOf(t.btx)
	t.inStore = false
	err = fn(t)
	t.inStore = true
	if err != nil {
		return err
	}
	if !t.chunk.committed {
		// One chunk: one transaction, as Update.
		if err := t.flushKeys(); err != nil {
			return err
		}
		if err := t.flushChange(); err != nil {
			return err
		}
		return db.commitError(t.btx.Commit())
	}
	// The keys of every chunk, in part and key order, a chunk's worth per
	// transaction; the last also holds the change and deletes the marker.
	keys := &t.newKeys
	grouped := keys.sorted()
	for from := 0; ; {
		to := min(from+t.chunk.size, len(grouped))
		if err := t.keyIndex().putSorted(keys, grouped, from, to); err != nil {
			return err
		}
		if from = to; from == len(grouped) {
			break
		}
		if err := t.commitChunk(); err != nil {
			return err
		}
	}
	t.newKeys = keySet{}
	if err := t.flushChange(); err != nil {
		return err
	}
	if err := t.bucket(bucketMeta).Delete(metaStaged); err != nil {
		return err
	}
	return db.commitError(t.btx.Commit())
}

// commitError is the error of a failed commit, as run gives it.
func (db *DB) commitError(err error) error {
	if full := diskFull(err); full != "" {
		return ledger.Errorf(ledger.EINTERNAL, "cannot write the ledger %s: %s; nothing was written", db.path, full)
	}
	return err
}

// nextRecord is called before every record an import adds: when the chunk
// is full it commits it and begins the next. The chunk's import keys stay
// in memory (keySet), for the lookups of the chunks to come and to be put
// in the index in key order when the import is done: put chunk by chunk,
// the keys of one chunk would land among those of the last all over the
// index, and every commit would write most of it again.
func (t *tx) nextRecord() error {
	c := t.chunk
	if c == nil {
		return nil
	}
	if c.n < c.size {
		c.n++
		return nil
	}
	if err := t.commitChunk(); err != nil {
		return err
	}
	c.n = 1
	return nil
}

// commitChunk commits the transaction of a chunked import, with the marker
// if it is the first, and begins the next.
func (t *tx) commitChunk() error {
	c := t.chunk
	if !c.committed {
		if err := t.bucket(bucketMeta).Put(metaStaged, encodeStaged(c.start)); err != nil {
			return err
		}
	}
	if err := t.btx.Commit(); err != nil {
		return t.db.commitError(err)
	}
	c.committed = true
	btx, err := t.db.bolt.Begin(true)
	if err != nil {
		return err
	}
	t.btx = btx
	// What the last transaction's buckets and buffers held goes with it.
	t.events, t.sessions, t.keys = nil, nil, nil
	t.puts = putArena{}
	return nil
}

// clearStaged removes a staged import, if the file holds one, in
// transactions of at most ImportChunk records each.
func (db *DB) clearStaged() (err error) {
	defer db.recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	limit := db.opts.ImportChunk
	if limit <= 0 {
		limit = DefaultImportChunk
	}
	for done := false; !done; {
		err := db.bolt.Update(func(btx *bolt.Tx) error {
			var err error
			done, err = clearSome(btx, limit)
			return err
		})
		if err != nil {
			return db.wrapDamage(db.commitError(err))
		}
	}
	return nil
}

// clearSome removes up to limit records of the staged import, with their
// keys and voids; once none is left it removes the streams the import made,
// sets the sequences back and deletes the marker, and reports done.
func clearSome(btx *bolt.Tx, limit int) (done bool, err error) {
	s, ok, err := stagedOf(btx)
	if err != nil || !ok {
		return true, err
	}
	// The import's own record, written in its publication, goes first:
	// check would find it naming records already removed.
	imports := btx.Bucket(bucketImports)
	var recorded [][]byte
	ic := imports.Cursor()
	for k, _ := ic.Seek(idKey(s.imports + 1)); k != nil; k, _ = ic.Next() {
		recorded = append(recorded, append([]byte(nil), k...))
	}
	for _, k := range recorded {
		if err := imports.Delete(k); err != nil {
			return false, err
		}
	}
	left := limit
	for _, kind := range []byte{refEvent, refSession} {
		from := s.events
		if kind == refSession {
			from = s.sessions
		}
		n, err := removeAbove(btx, kind, from, left)
		if err != nil {
			return false, err
		}
		if left -= n; left <= 0 {
			return false, nil
		}
	}
	streams := btx.Bucket(bucketStreams)
	var made [][]byte
	err = streams.ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return fmt.Errorf("stream %q: %v", k, err)
		}
		if rec.Num > s.streams {
			made = append(made, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	for _, k := range made {
		if err := streams.Delete(k); err != nil {
			return false, err
		}
	}
	for _, set := range []struct {
		b   *bolt.Bucket
		seq uint64
	}{{btx.Bucket(bucketEvents), s.events}, {btx.Bucket(bucketSessions), s.sessions}, {streams, s.streams}, {imports, s.imports}} {
		if err := set.b.SetSequence(set.seq); err != nil {
			return false, err
		}
	}
	return true, btx.Bucket(bucketMeta).Delete(metaStaged)
}

// removeAbove removes up to limit records of one kind with IDs above from,
// each with its import key and its void, and empty blocks; it returns how
// many it removed.
func removeAbove(btx *bolt.Tx, kind byte, from uint64, limit int) (int, error) {
	name := bucketEvents
	if kind == refSession {
		name = bucketSessions
	}
	recs := btx.Bucket(name)
	keys := &keyIndex{b: btx.Bucket(bucketKeys)}
	voids := btx.Bucket(bucketVoids)
	type doomed struct {
		id  uint64
		key string
	}
	removed := 0
	// Blocks from the one holding from+1 on; collected before deleting,
	// since a cursor that deletes as it walks may skip.
	var blocks [][]byte
	c := recs.Cursor()
	for bk, bv := c.Seek(blockName(from + 1)); bk != nil; bk, bv = c.Next() {
		if len(bk) != 8 || bv != nil {
			return 0, fmt.Errorf("events: key %x is not a block of records", clip(bk))
		}
		blocks = append(blocks, append([]byte(nil), bk...))
	}
	for _, bk := range blocks {
		blk := recs.Bucket(bk)
		if blk == nil {
			return 0, fmt.Errorf("block %x is not a bucket", bk)
		}
		var gone []doomed
		rc := blk.Cursor()
		for k, v := rc.Seek(idKey(from + 1)); k != nil && len(gone) < limit-removed; k, v = rc.Next() {
			if len(k) != 8 || v == nil {
				return 0, fmt.Errorf("key %x in block %x is not an ID", clip(k), bk)
			}
			key, err := recordKey(kind, v)
			if err != nil {
				return 0, fmt.Errorf("record %c%d: %v", kind, binary.BigEndian.Uint64(k), err)
			}
			gone = append(gone, doomed{binary.BigEndian.Uint64(k), key})
		}
		for _, g := range gone {
			ref := recordRef(kind, g.id)
			if g.key != "" {
				part, err := keys.part(keyPart(g.key), false)
				if err != nil {
					return 0, err
				}
				if part != nil && string(part.Get([]byte(g.key))) == string(ref) {
					if err := part.Delete([]byte(g.key)); err != nil {
						return 0, err
					}
				}
			}
			if err := voids.Delete(ref); err != nil {
				return 0, err
			}
			if err := blk.Delete(idKey(g.id)); err != nil {
				return 0, err
			}
		}
		removed += len(gone)
		if k, _ := blk.Cursor().First(); k == nil {
			if err := recs.DeleteBucket(bk); err != nil {
				return 0, err
			}
		}
		if removed >= limit {
			break
		}
	}
	return removed, nil
}

// recordKey reads the import key out of a stored event or session.
func recordKey(kind byte, v []byte) (string, error) {
	d := newDecoder(v)
	if d.byte() != recordFormat && d.err == nil {
		return "", errFormat
	}
	var a, b, note, key string
	if kind == refEvent {
		d.varint()  // date
		d.uvarint() // stream
		d.byte()    // kind
		d.varint()  // amount
		d.raw(3)    // currency
		d.varint()  // billed
		d.varint()  // period start
		d.varint()  // period end
		d.texts(nil, &a, &b, &note, &key)
	} else {
		d.uvarint() // stream
		d.varint()  // start
		d.byte()    // flags
		d.varint()  // seconds
		d.texts(nil, &note, &key)
	}
	if d.err != nil {
		return "", d.err
	}
	return key, nil
}

// hasStaged reports whether the open file holds a staged import.
func (db *DB) hasStaged() (has bool, err error) {
	err = db.bolt.View(func(btx *bolt.Tx) error {
		_, has, err = stagedOf(btx)
		return err
	})
	return has, err
}

// stagedRecords reports, for check, which records belong to a staged
// import: their keys go into the index only when it is published.
func stagedRecords(btx *bolt.Tx) func(kind byte, id uint64) bool {
	s, ok, err := stagedOf(btx)
	if err != nil || !ok {
		return func(byte, uint64) bool { return false }
	}
	return func(kind byte, id uint64) bool {
		if kind == refSession {
			return id > s.sessions
		}
		return id > s.events
	}
}

// checkStaged is check's word on a staged import: a warning, since every
// earnlog command that opens the ledger removes it before anything else.
func checkStaged(btx *bolt.Tx, c *checker) {
	s, ok, err := stagedOf(btx)
	switch {
	case err != nil:
		c.add("%v", err)
	case ok:
		c.warn("an import was interrupted before it finished (the records after event %d and session %d are its): they are not part of the ledger, and the next earnlog command that opens it removes them", s.events, s.sessions)
	}
}

var errStagedReadOnly = errors.New("an import was interrupted before it finished, and removing what it wrote needs to write the file")
