package store

// keySet holds the import keys a transaction added, in the order added,
// with an open-addressing table over their hashes. A Go map of a million
// keys cost an import about a second in hashing, growth and lookups; here a
// key is hashed once (the hash also picks its part of the keys index), a
// lookup compares 64-bit hashes before text, and growth moves 4-byte slots.
type keySet struct {
	entries []keyEntry
	slots   []uint32 // index into entries + 1, 0 when empty; a power of two long
}

// keyEntry is one key for the index, its hash and what it points at.
type keyEntry struct {
	key  string
	hash uint64
	ref  keyRef
}

// keyRef is what the keys index holds for a key: a record reference.
type keyRef struct {
	kind byte
	id   uint64
}

func (s *keySet) len() int { return len(s.entries) }

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
		if x := &s.entries[e-1]; x.hash == h && x.key == key {
			return true
		}
	}
}

// add adds key, whose keyHash is h; the caller checked it is not there.
func (s *keySet) add(key string, h uint64, ref keyRef) {
	if 2*(len(s.entries)+1) > len(s.slots) {
		s.grow()
	}
	s.entries = append(s.entries, keyEntry{key, h, ref})
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
