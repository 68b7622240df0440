package store

import "unsafe"

// keySet holds the import keys a transaction (or a chunked import, all of
// its chunks) added, in the order added, with an open-addressing table over
// their hashes. A Go map of a million keys cost an import about a second in
// hashing, growth and lookups; here a key is hashed once (the hash also
// picks its part of the keys index), a lookup compares 64-bit hashes before
// text, and growth moves 4-byte slots. Nothing in it is a pointer: the key
// texts lie end to end in large blocks and entries name them by offset, so
// the garbage collector never walks two million keys, and a key costs its
// text and 32 bytes.
type keySet struct {
	entries []keyEntry
	slots   []uint32 // index into entries + 1, 0 when empty; a power of two long
	text    [][]byte // blocks of keyBlock bytes
}

// keyEntry is one key for the index, its hash and what it points at.
type keyEntry struct {
	hash uint64
	id   uint64
	at   uint32 // block<<keyBlockShift | offset of the text
	n    uint16
	kind byte
}

// keyRef is what the keys index holds for a key: a record reference.
type keyRef struct {
	kind byte
	id   uint64
}

const (
	keyBlockShift = 20
	keyBlock      = 1 << keyBlockShift // bigger than maxKey
)

func (s *keySet) len() int { return len(s.entries) }

// key is the text of e, valid as long as s.
func (s *keySet) key(e *keyEntry) string {
	b := s.text[e.at>>keyBlockShift]
	off := e.at & (keyBlock - 1)
	return unsafe.String(unsafe.SliceData(b[off:]), int(e.n))
}

// has reports whether key, whose keyHash is h, was added.
func (s *keySet) has(key string, h uint64) bool {
	if len(s.slots) == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := s.slots[i]
		if e == 0 {
			return false
		}
		if x := &s.entries[e-1]; x.hash == h && int(x.n) == len(key) && s.key(x) == key {
			return true
		}
	}
}

// add adds key, whose keyHash is h; the caller checked it is not there. The
// text is copied.
func (s *keySet) add(key string, h uint64, ref keyRef) {
	if 2*(len(s.entries)+1) > len(s.slots) {
		s.grow()
	}
	last := len(s.text) - 1
	if last < 0 || len(s.text[last])+len(key) > keyBlock {
		s.text = append(s.text, make([]byte, 0, keyBlock))
		last++
	}
	at := uint32(last<<keyBlockShift | len(s.text[last]))
	s.text[last] = append(s.text[last], key...)
	s.entries = append(s.entries, keyEntry{hash: h, id: ref.id, at: at, n: uint16(len(key)), kind: ref.kind})
	s.place(h, uint32(len(s.entries)))
}

// grow doubles the table, keeping it at most half full.
func (s *keySet) grow() {
	s.slots = make([]uint32, max(1024, 2*len(s.slots)))
	for i := range s.entries {
		s.place(s.entries[i].hash, uint32(i+1))
	}
}

func (s *keySet) place(h uint64, e uint32) {
	mask := uint64(len(s.slots) - 1)
	i := h & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = e
}
