package store

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// Schema version 3 splits the big buckets so that no bbolt node a
// transaction touches grows past a few thousand entries:
//
//	events, sessions  8-byte block number (ID >> blockShift) -> bucket of
//	                  8-byte ID -> record
//	keys              1-byte part (keyPart of the key) -> bucket of
//	                  import key -> 'e'|'s' + 8-byte ID
//
// bbolt splits nodes only when it commits. Within one transaction every
// record appended to a flat bucket lands in the same in-memory node, so an
// import of a million rows searched and regrew (by a quarter at a time) one
// slice of a million entries, and spent seconds doing it. With blocks and
// parts the node a Put touches holds at most 4096 records, or about a 256th
// of the keys.

// blockShift sets the records per block: 4096.
const blockShift = 12

// blockName is the name of the block bucket holding id.
func blockName(id uint64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, id>>blockShift)
	return k
}

// records is a record bucket (events or sessions) of the block layout.
type records struct {
	b *bolt.Bucket
	// The last block used: imports and scans stay in one block for
	// thousands of records.
	blockNo uint64
	block   *bolt.Bucket
	// release, when set, gives back the pages of the blocks walked past
	// (every releaseBlocks of them, and at the end of the walk).
	release *pageRelease
	// reads counts the records read one by one (fetched), blocks those
	// walked by eachOf.
	reads, blocks int
}

// releaseBlocks is how many blocks a walk reads between giving their
// pages back. Each time is a system call that also makes the kernel
// flush the page tables of every core the process runs on: after every
// block, that cost a report on the hard benchmark ledger about 6% of its
// CPU time; after every eight, each walker holds up to eight blocks
// (about 4 MB) of pages.
const releaseBlocks = 8

func (r *records) blockOf(id uint64, create bool) (*bolt.Bucket, error) {
	no := id >> blockShift
	if r.block != nil && r.blockNo == no {
		return r.block, nil
	}
	name := blockName(id)
	blk := r.b.Bucket(name)
	if blk == nil {
		if !create {
			return nil, nil
		}
		var err error
		r.b.FillPercent = appendFill // blocks, too, only append
		if blk, err = r.b.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	// Records are only ever appended, under growing IDs: full pages.
	blk.FillPercent = appendFill
	r.blockNo, r.block = no, blk
	return blk, nil
}

// get returns the record id, nil if there is none.
func (r *records) get(id uint64) []byte {
	blk, _ := r.blockOf(id, false)
	if blk == nil {
		return nil
	}
	return blk.Get(idKey(id))
}

// put stores the record id; k is idKey(id), which bbolt keeps until the
// commit.
func (r *records) put(id uint64, k, v []byte) error {
	blk, err := r.blockOf(id, true)
	if err != nil {
		return err
	}
	return blk.Put(k, v)
}

// each calls fn for every record in ID order. A key that breaks the layout
// (a value where a block belongs, a record in the wrong block) goes to bad,
// which returns the error that ends the walk, or nil to go on without it.
func (r *records) each(fn func(id uint64, v []byte) error, bad func(problem string) error) error {
	return r.eachOf(0, 1, fn, bad, nil)
}

// eachOf is each over a share of the blocks: the keys of the bucket whose
// position (counting from 0, whatever the key) is k modulo n. blockEnd, when
// set, is called after each of them, so that n walkers can hand their
// shares to one reader in order: position j comes from walker j%n.
func (r *records) eachOf(k, n int, fn func(id uint64, v []byte) error, bad func(problem string) error, blockEnd func() error) error {
	c := r.b.Cursor()
	j := 0
	for bk, bv := c.First(); bk != nil; bk, bv = c.Next() {
		j++
		if (j-1)%n != k {
			continue
		}
		if err := r.block1(bk, bv, fn, bad); err != nil {
			return err
		}
		if r.release != nil {
			if r.blocks++; r.blocks%releaseBlocks == 0 {
				r.release.release()
			}
		}
		if blockEnd != nil {
			if err := blockEnd(); err != nil {
				return err
			}
		}
	}
	if r.release != nil {
		r.release.release()
	}
	return nil
}

// block1 walks the block named bk (bv is its value, nil for a bucket).
func (r *records) block1(bk, bv []byte, fn func(id uint64, v []byte) error, bad func(problem string) error) error {
	if len(bk) != 8 || bv != nil {
		return bad(fmt.Sprintf("key %x is not a block of records", clip(bk)))
	}
	no := binary.BigEndian.Uint64(bk)
	blk := r.b.Bucket(bk)
	if blk == nil {
		return bad(fmt.Sprintf("block %d is not a bucket", no))
	}
	rc := blk.Cursor()
	for k, v := rc.First(); k != nil; k, v = rc.Next() {
		if len(k) != 8 || v == nil {
			if err := bad(fmt.Sprintf("key %x in block %d is not an ID", clip(k), no)); err != nil {
				return err
			}
			continue
		}
		id := binary.BigEndian.Uint64(k)
		if id>>blockShift != no {
			if err := bad(fmt.Sprintf("ID %d is in block %d, not in block %d", id, no, id>>blockShift)); err != nil {
				return err
			}
			continue
		}
		if r.release != nil {
			r.release.saw(v)
		}
		if err := fn(id, v); err != nil {
			return err
		}
	}
	return nil
}

// keyPart is the part of the keys index that holds key: the top byte of its
// hash. It is part of the file format: changing it needs a new schema
// version.
func keyPart(key string) byte { return partOf(keyHash(key)) }

func partOf(h uint64) byte { return byte(h >> 56) }

// keyHash is the 64-bit FNV-1a hash of key, mixed by murmur3's finaliser:
// FNV alone leaves the keys of one platform (one prefix, counting IDs)
// unevenly spread over the top byte; the finaliser spreads them within a
// few percent.
func keyHash(key string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// keyIndex is the keys bucket of the part layout.
type keyIndex struct {
	b     *bolt.Bucket
	parts [256]*bolt.Bucket // opened on first use
}

func (x *keyIndex) part(p byte, create bool) (*bolt.Bucket, error) {
	if x.parts[p] != nil {
		return x.parts[p], nil
	}
	name := []byte{p}
	b := x.b.Bucket(name)
	if b == nil {
		if !create {
			return nil, nil
		}
		var err error
		if b, err = x.b.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	x.parts[p] = b
	return b, nil
}

// get returns what the index holds for key, whose keyHash is h; nil if
// nothing.
func (x *keyIndex) get(key string, h uint64) []byte {
	b, _ := x.part(partOf(h), false)
	if b == nil {
		return nil
	}
	return b.Get(unsafe.Slice(unsafe.StringData(key), len(key)))
}

// putAll adds the keys of s to the index (see sorted and putSorted).
func (x *keyIndex) putAll(s *keySet) error {
	grouped := s.sorted()
	return x.putSorted(s, grouped, 0, len(grouped))
}

// sorted orders the entries of s by part, each part in key order, and
// returns them: put in that order, bbolt only appends to a node (an
// unsorted Put shifts half of it). The entries are grouped in place, so
// that two million keys are not held twice, which leaves s good for
// nothing but putSorted. The parts are sorted on every core, since nothing
// else runs at the end of an import.
func (s *keySet) sorted() []keyEntry {
	keys := s.entries
	s.slots = nil
	var counts [256]int
	for i := range keys {
		counts[partOf(keys[i].hash)]++
	}
	var starts [257]int
	for p := range 256 {
		starts[p+1] = starts[p] + counts[p]
	}
	// Each entry is swapped straight into the next free place of its
	// part: every swap settles one entry for good.
	var next [256]int
	copy(next[:], starts[:256])
	for p := range 256 {
		for next[p] < starts[p+1] {
			q := partOf(keys[next[p]].hash)
			if int(q) == p {
				next[p]++
				continue
			}
			keys[next[p]], keys[next[q]] = keys[next[q]], keys[next[p]]
			next[q]++
		}
	}
	work := make(chan int, 256)
	for p := range 256 {
		work <- p
	}
	close(work)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 8) {
		wg.Go(func() {
			for p := range work {
				slices.SortFunc(keys[starts[p]:starts[p+1]], func(a, b keyEntry) int { return strings.Compare(s.key(&a), s.key(&b)) })
			}
		})
	}
	wg.Wait()
	return keys
}

// putSorted adds grouped[from:to] to the index, grouped being s.sorted().
func (x *keyIndex) putSorted(s *keySet, grouped []keyEntry, from, to int) error {
	// One block for every value: bbolt holds on to the values Put is given
	// until the commit. It copies keys, which are read straight from the
	// set's text.
	vb := make([]byte, 9*(to-from))
	var b *bolt.Bucket
	part := -1
	for i := from; i < to; i++ {
		k := &grouped[i]
		key := s.key(k)
		if p := int(partOf(k.hash)); p != part {
			part = p
			var err error
			if b, err = x.part(byte(p), true); err != nil {
				return err
			}
			// Keys that all sort after the part's last one only append:
			// fill its pages (a first import fills a ledger's parts this
			// way; at bbolt's default of a half they took as much room as
			// the records). Keys among the old ones keep the default,
			// which leaves room.
			b.FillPercent = bolt.DefaultFillPercent
			if last, _ := b.Cursor().Last(); last == nil || string(last) < key {
				b.FillPercent = appendFill
			}
		}
		v := vb[9*(i-from) : 9*(i-from)+9 : 9*(i-from)+9]
		v[0] = k.kind
		binary.BigEndian.PutUint64(v[1:], k.id)
		if err := b.Put(unsafe.Slice(unsafe.StringData(key), len(key)), v); err != nil {
			return err
		}
	}
	return nil
}

// eachKey calls fn for every key of the index. A key in the wrong part, or
// a part that is not a bucket, goes to bad as in records.each.
func (x *keyIndex) eachKey(fn func(key, v []byte) error, bad func(problem string) error) error {
	c := x.b.Cursor()
	for pk, pv := c.First(); pk != nil; pk, pv = c.Next() {
		var b *bolt.Bucket
		if len(pk) == 1 && pv == nil {
			b = x.b.Bucket(pk)
		}
		if b == nil {
			if err := bad(fmt.Sprintf("key %x of the keys index is not a part", clip(pk))); err != nil {
				return err
			}
			continue
		}
		err := b.ForEach(func(k, v []byte) error {
			if p := keyPart(string(k)); p != pk[0] {
				return bad(fmt.Sprintf("import key %q is in part %d of the keys index, not in part %d", k, pk[0], p))
			}
			return fn(k, v)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// pageRelease lets a read-only scan give back the pages of the ledger file
// it has finished with. bbolt maps the whole file, and every page a scan
// touched counted in the process's memory until it exited: a report over a
// million events held a hundred megabytes of pages it would never read
// again, and its memory grew with the ledger, not with what it computes.
// Released after every few blocks (releaseBlocks), the pages a scan holds
// stay at a few blocks' worth.
type pageRelease struct {
	lo, hi   uintptr // the file as mapped for the transaction
	page     uintptr
	min, max uintptr // the values seen since the last release
}

// newPageRelease returns nil for a writable transaction: its values can be
// in memory bbolt allocated, which must never be released.
func newPageRelease(db *bolt.DB, btx *bolt.Tx) *pageRelease {
	if btx.Writable() {
		return nil
	}
	lo := db.Info().Data
	return &pageRelease{lo: lo, hi: lo + uintptr(btx.Size()), page: uintptr(os.Getpagesize())}
}

// saw notes a value the scan read.
func (r *pageRelease) saw(v []byte) {
	if len(v) == 0 {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	if r.max == 0 || p < r.min {
		r.min = p
	}
	r.max = max(r.max, p+uintptr(len(v)))
}

// release gives back the pages of the values seen since the last call.
// Only addresses inside the mapped file are ever given: a value bbolt
// copied out of the map (an unaligned inline bucket) lies outside it.
func (r *pageRelease) release() {
	if from, to, ok := r.span(); ok {
		dropPages(from, to)
	}
	r.min, r.max = 0, 0
}

// span is the whole pages around the values seen, cut to the mapped file.
func (r *pageRelease) span() (from, to uintptr, ok bool) {
	if r.max == 0 {
		return 0, 0, false
	}
	from = max(r.min&^(r.page-1), r.lo)
	to = min((r.max+r.page-1)&^(r.page-1), r.hi)
	return from, to, from < to
}
