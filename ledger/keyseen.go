package ledger

import "hash/maphash"

// seenKeys is the set of import keys a dry run has met, in little memory:
// a dry run of a two-million-row file would otherwise keep a map entry and
// a string for every key. The texts lie end to end in large blocks; an
// entry is one integer naming its text, and a table of 4-byte slots, at
// most half full, finds it by hash. A key costs its text and about 16
// bytes, and nothing in the set is a pointer for the collector to walk.
type seenKeys struct {
	seed    maphash.Seed
	text    [][]byte // blocks of seenBlock bytes
	entries []uint64 // block<<36 | offset<<16 | length
	slots   []uint32 // index into entries + 1, 0 when empty
	long    map[string]bool
}

const seenBlock = 1 << 20

// add adds key and reports whether it was there already.
func (s *seenKeys) add(key string) (had bool) {
	if len(key) >= 1<<16 || len(key) > seenBlock {
		if s.long == nil {
			s.long = map[string]bool{}
		}
		had = s.long[key]
		s.long[key] = true
		return had
	}
	if len(s.slots) == 0 {
		s.seed = maphash.MakeSeed()
	}
	h := maphash.String(s.seed, key)
	if len(s.slots) > 0 {
		mask := uint64(len(s.slots) - 1)
		for i := h & mask; s.slots[i] != 0; i = (i + 1) & mask {
			if string(s.bytes(s.entries[s.slots[i]-1])) == key {
				return true
			}
		}
	}
	if 2*(len(s.entries)+1) > len(s.slots) {
		s.grow()
	}
	last := len(s.text) - 1
	if last < 0 || len(s.text[last])+len(key) > seenBlock {
		s.text = append(s.text, make([]byte, 0, seenBlock))
		last++
	}
	s.entries = append(s.entries, uint64(last)<<36|uint64(len(s.text[last]))<<16|uint64(len(key)))
	s.text[last] = append(s.text[last], key...)
	s.place(h, uint32(len(s.entries)))
	return false
}

// bytes is the text of entry e.
func (s *seenKeys) bytes(e uint64) []byte {
	b := s.text[e>>36]
	off := e >> 16 & (1<<20 - 1)
	return b[off : off+e&(1<<16-1)]
}

func (s *seenKeys) grow() {
	s.slots = make([]uint32, max(1024, 2*len(s.slots)))
	for i, e := range s.entries {
		s.place(maphash.Bytes(s.seed, s.bytes(e)), uint32(i+1))
	}
}

func (s *seenKeys) place(h uint64, e uint32) {
	mask := uint64(len(s.slots) - 1)
	i := h & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = e
}
