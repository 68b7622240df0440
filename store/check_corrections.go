package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// The invariants of version 4's corrections: aliases name streams, every
// amendment is linked both ways and voids what it replaced, imports cover
// records that exist and do not overlap, the history and the last change
// decode.

func checkAliases(st *streamTable, aliases []aliasOf, c *checker) {
	for _, a := range aliases {
		if err := st.addAliases([]aliasOf{a}); err != nil {
			c.add("stream %v", err)
		}
	}
}

// checkChains verifies the corrections' links; has reports whether a record
// exists.
func checkChains(btx *bolt.Tx, has func(kind byte, id uint64) bool, c *checker) {
	amends := btx.Bucket(bucketAmends)
	_ = amends.ForEach(func(k, v []byte) error {
		kind, id, other, ok := amendLinkOf(k, v)
		if !ok {
			c.add("amendment link %x is not a link", clip(k))
			return nil
		}
		if !has(kind, id) {
			c.add("amendment link of %s: there is no such record", describe(kind, id))
		}
		if !has(kind, other) {
			c.add("amendment link of %s names %s, which does not exist", describe(kind, id), describe(kind, other))
		}
		return nil
	})
	// Each link and the one that should lead back, looked up in the bucket.
	back := func(dir, kind byte, id uint64) (uint64, bool) {
		k := amendKey(dir, kind, id)
		_, _, other, ok := amendLinkOf(k, amends.Get(k))
		return other, ok
	}
	voids := btx.Bucket(bucketVoids)
	_ = amends.ForEach(func(k, v []byte) error {
		kind, id, other, ok := amendLinkOf(k, v)
		if !ok {
			return nil
		}
		if k[0] == amendsOf {
			if b, ok := back(amendedBy, kind, other); !ok || b != id {
				c.add("%s amends %s, which does not link back to it", describe(kind, id), describe(kind, other))
			}
			if other >= id {
				c.add("%s amends %s, which is not older", describe(kind, id), describe(kind, other))
			}
			return nil
		}
		if b, ok := back(amendsOf, kind, other); !ok || b != id {
			c.add("%s was amended by %s, which does not link back to it", describe(kind, id), describe(kind, other))
		}
		void := voids.Get(recordRef(kind, id))
		if void == nil {
			c.add("%s was amended by %s but is not void", describe(kind, id), describe(kind, other))
		} else if rec, err := decodeVoid(void); err == nil && rec.Reason != fmt.Sprintf(amendedWhy, other) {
			c.add("%s was amended by %s but is void for another reason (%s)", describe(kind, id), describe(kind, other), rec.Reason)
		}
		return nil
	})

	var last [2]uint64 // the last ID of an import, events and sessions
	_ = btx.Bucket(bucketImports).ForEach(func(k, v []byte) error {
		in, err := decodeImport(v)
		if err != nil || len(k) != 8 {
			c.add("import %x does not decode: %v", clip(k), err)
			return nil
		}
		id := binary.BigEndian.Uint64(k)
		for i, r := range []ledger.IDRange{in.Events, in.Sessions} {
			kind, what := byte(refEvent), "event"
			if i == 1 {
				kind, what = refSession, "work session"
			}
			if r.First == 0 {
				continue
			}
			if r.First <= last[i] {
				c.add("import %d: its %ss %d-%d overlap an earlier import's", id, what, r.First, r.Last)
			}
			last[i] = r.Last
			for _, end := range []uint64{r.First, r.Last} {
				if !has(kind, end) {
					c.add("import %d names %s, which does not exist", id, describe(kind, end))
				}
			}
		}
		return nil
	})
	_ = btx.Bucket(bucketHistory).ForEach(func(k, v []byte) error {
		if _, _, err := decodeHistory(v); err != nil {
			c.add("history entry %x does not decode: %v", clip(k), err)
		}
		return nil
	})
	if v := btx.Bucket(bucketMeta).Get(metaChange); v != nil {
		if _, err := decodeChange(v); err != nil {
			c.add("the last change does not decode: %v", err)
		}
	}
}

// amendLinkOf reads an entry of the amends bucket: the record of the key
// and the ID the value names; ok is false unless both are well formed.
func amendLinkOf(k, v []byte) (kind byte, id, other uint64, ok bool) {
	if len(k) != 10 || (k[0] != amendsOf && k[0] != amendedBy) || len(v) != 8 {
		return 0, 0, 0, false
	}
	kind, id, ok = parseRecordRef(k[1:])
	return kind, id, binary.BigEndian.Uint64(v), ok
}
