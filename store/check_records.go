package store

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"slices"
	"unsafe"
)

// What check keeps of the records, so that a ledger of a million events is
// checked in a few tens of megabytes rather than a map entry per record
// (which took 600 MB and most of eight seconds). Records come in ID order
// (blocks by number, the IDs of a block in order), so everything here is
// appended to, and the questions asked in ID order walk it in step:
//
//   - which IDs are records, which of them are void, which the keys index
//     points at: bits, per block of the layout (4096 IDs, 512 bytes);
//   - the import keys of the records: a slot of 24 bytes each, by the
//     record's place in ID order (longer keys apart);
//   - the refs of events on each platform: a hash table over their bytes;
//   - the events that link to a ref: their IDs and the ref's entry.

const (
	blockIDs   = 1 << blockShift
	blockWords = blockIDs / 64
)

// idBlock is what a record set knows of the IDs of one block.
type idBlock struct {
	no    uint64
	first int // the ordinal of the block's first record
	// has is the IDs that are records (that decode); void and keyed are
	// records that are void, and that the keys index points at with their
	// own key.
	has, void, keyed [blockWords]uint64
	// before counts the records in the words before each: a record's
	// ordinal is first, before and the bits below it in its word.
	before [blockWords]uint16
}

// recordSet is the records of one kind that decoded, in ID order.
type recordSet struct {
	kind   byte
	blocks []idBlock
	nos    []uint64 // the blocks' numbers, apart so that a search reads few cache lines
	n      int
	keyOf  chunks[keySlot] // by ordinal: the record's import key
	long   textStore       // the keys too long for their slot
}

// keySlot holds an import key of up to keyInline bytes after its length;
// a longer key's slot holds keyLong, then where it is in the set's long
// store. Keys are looked up by record in the order of the keys index, at
// random: a key in its slot costs one read from memory, not two.
type keySlot [keyInline + 1]byte

const (
	keyInline = 23
	keyLong   = 0xff
)

// add enters record id, which is above every ID added before.
func (s *recordSet) add(id uint64, void bool, key string) {
	no := id >> blockShift
	if len(s.blocks) == 0 || s.blocks[len(s.blocks)-1].no != no {
		s.blocks = append(s.blocks, idBlock{no: no, first: s.n})
		s.nos = append(s.nos, no)
	}
	b := &s.blocks[len(s.blocks)-1]
	w, bit := (id&(blockIDs-1))>>6, uint64(1)<<(id&63)
	b.has[w] |= bit
	if void {
		b.void[w] |= bit
	}
	var slot keySlot
	if len(key) <= keyInline {
		slot[0] = byte(len(key))
		copy(slot[1:], key)
	} else {
		slot[0] = keyLong
		binary.LittleEndian.PutUint64(slot[1:], uint64(s.long.add(unsafe.Slice(unsafe.StringData(key), len(key)))))
	}
	s.keyOf.add(slot)
	s.n++
}

// done counts each block's records once they are all added.
func (s *recordSet) done() {
	for i := range s.blocks {
		b := &s.blocks[i]
		n := 0
		for w, x := range b.has {
			b.before[w] = uint16(n)
			n += bits.OnesCount64(x)
		}
	}
}

// find returns the block of id and its place there; ok is false unless id
// is a record.
func (s *recordSet) find(id uint64) (b *idBlock, w int, bit uint64, ok bool) {
	no := id >> blockShift
	var i int
	if n := len(s.nos); n > 0 && s.nos[n-1]-s.nos[0] == uint64(n-1) {
		// Blocks without a gap, as a ledger's are: the number says where.
		if no < s.nos[0] || no > s.nos[n-1] {
			return nil, 0, 0, false
		}
		i = int(no - s.nos[0])
	} else if i, _ = slices.BinarySearch(s.nos, no); i == n || s.nos[i] != no {
		return nil, 0, 0, false
	}
	b, w, bit = &s.blocks[i], int((id&(blockIDs-1))>>6), uint64(1)<<(id&63)
	return b, w, bit, b.has[w]&bit != 0
}

func (s *recordSet) has(id uint64) bool {
	_, _, _, ok := s.find(id)
	return ok
}

// ordinal is the place of record id among the set's records.
func (b *idBlock) ordinal(w int, bit uint64) int {
	return b.first + int(b.before[w]) + bits.OnesCount64(b.has[w]&(bit-1))
}

// key returns the import key of the record at ordinal i; it is valid while
// the set is.
func (s *recordSet) key(i int) []byte {
	slot := s.keyOf.ptr(i)
	if slot[0] == keyLong {
		return s.long.text(textRef(binary.LittleEndian.Uint64(slot[1:])))
	}
	return slot[1 : 1+slot[0]]
}

// each calls fn for every record in ID order, with its ordinal.
func (s *recordSet) each(fn func(id uint64, i int, void, keyed bool)) {
	for bi := range s.blocks {
		b := &s.blocks[bi]
		i := b.first
		for w, x := range b.has {
			for x != 0 {
				bit := x & -x
				x &^= bit
				id := b.no<<blockShift | uint64(w)<<6 | uint64(bits.TrailingZeros64(bit))
				fn(id, i, b.void[w]&bit != 0, b.keyed[w]&bit != 0)
				i++
			}
		}
	}
}

// chunks is an append-only list kept in fixed chunks: it grows without the
// copies (and the moment of twice the memory) of a doubling slice.
type chunks[T any] struct {
	parts [][]T
	n     int
}

const chunkLen = 1 << 14

func (c *chunks[T]) add(v T) {
	if c.n%chunkLen == 0 {
		c.parts = append(c.parts, make([]T, 0, chunkLen))
	}
	p := &c.parts[len(c.parts)-1]
	*p = append(*p, v)
	c.n++
}

func (c *chunks[T]) at(i int) T { return c.parts[i/chunkLen][i%chunkLen] }

// ptr is where item i is; it stays there.
func (c *chunks[T]) ptr(i int) *T { return &c.parts[i/chunkLen][i%chunkLen] }

// textStore keeps byte strings one after another in large blocks, each
// behind its length; a textRef names one by its block and offset.
type textStore struct {
	blocks [][]byte
}

type textRef uint64

const textBlock = 1 << 20

func (s *textStore) add(b []byte) textRef {
	need := binary.MaxVarintLen64 + len(b)
	if len(s.blocks) == 0 || cap(s.blocks[len(s.blocks)-1])-len(s.blocks[len(s.blocks)-1]) < need {
		s.blocks = append(s.blocks, make([]byte, 0, max(textBlock, need)))
	}
	i := len(s.blocks) - 1
	blk := s.blocks[i]
	at := len(blk)
	blk = binary.AppendUvarint(blk, uint64(len(b)))
	s.blocks[i] = append(blk, b...)
	return textRef(uint64(i)<<32 | uint64(at))
}

func (s *textStore) text(r textRef) []byte {
	blk := s.blocks[r>>32][uint32(r):]
	n, w := binary.Uvarint(blk)
	return blk[w : w+int(n)]
}

// refTable is the set of (platform, ref) pairs of the events, with what the
// invariants ask of each: does an event have it, does a live earning. An
// entry is its text in the table's store (two flags, the platform's number,
// the ref), named by its textRef; a link to a ref no event has enters it
// without flags. A slot holds a byte of the entry's hash above its textRef,
// so that a probe reads the text of nothing but likely matches.
type refTable struct {
	seed  maphash.Seed
	slots []uint64 // tag<<56 | textRef+1, 0 for none; a power of two, at most half full
	n     int
	text  textStore
	key   []byte // the entry being looked up: flags 0, platform, ref
	// dead holds, for the refs of voided earnings, the first such event.
	dead map[textRef]uint64
}

const (
	refHeld   = 1 << iota // an event has the ref
	refEarned             // a live earning has it
)

// refSlotRef is the part of a slot that is the textRef (and one): a
// textStore holds fewer than 1<<24 blocks.
const refSlotRef = 1<<56 - 1

func newRefTable() *refTable {
	return &refTable{seed: maphash.MakeSeed(), slots: make([]uint64, 1<<10), dead: map[textRef]uint64{}}
}

// entry returns the entry of (plat, ref), entered if new.
func (t *refTable) entry(plat uint32, ref string) textRef {
	t.key = append(t.key[:0], 0)
	t.key = binary.AppendUvarint(t.key, uint64(plat))
	t.key = append(t.key, ref...)
	h := maphash.Bytes(t.seed, t.key[1:])
	tag := h >> 56 << 56
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		slot := t.slots[i]
		if slot == 0 {
			r := t.text.add(t.key)
			t.slots[i] = tag | (uint64(r) + 1)
			if t.n++; 2*t.n > len(t.slots) {
				t.grow()
			}
			return r
		}
		if slot&^refSlotRef == tag {
			r := textRef(slot&refSlotRef - 1)
			if bytes.Equal(t.text.text(r)[1:], t.key[1:]) {
				return r
			}
		}
	}
}

func (t *refTable) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, slot := range old {
		if slot == 0 {
			continue
		}
		i := maphash.Bytes(t.seed, t.text.text(textRef(slot&refSlotRef - 1))[1:]) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = slot
	}
}

func (t *refTable) mark(r textRef, flags uint8) { t.text.text(r)[0] |= flags }

func (t *refTable) flags(r textRef) uint8 { return t.text.text(r)[0] }

// ref is the platform number and the ref of entry r.
func (t *refTable) ref(r textRef) (plat uint32, ref string) {
	b := t.text.text(r)[1:]
	p, w := binary.Uvarint(b)
	return uint32(p), string(b[w:])
}

// link is an event that links to a ref: its ID, and the ref's entry in
// the refTable with linkIncome set for an event of an income kind.
type link struct {
	id  uint64
	ref textRef
}

const linkIncome = 1 << 63
