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

func checkChains(btx *bolt.Tx, byRef map[string]record, c *checker) {
	links := map[string]uint64{}
	_ = btx.Bucket(bucketAmends).ForEach(func(k, v []byte) error {
		if len(k) != 10 || (k[0] != amendsOf && k[0] != amendedBy) || len(v) != 8 {
			c.add("amendment link %x is not a link", clip(k))
			return nil
		}
		kind, id, ok := parseRecordRef(k[1:])
		if !ok {
			c.add("amendment link %x is not a link", clip(k))
			return nil
		}
		links[string(k)] = binary.BigEndian.Uint64(v)
		other := binary.BigEndian.Uint64(v)
		if _, ok := byRef[string(k[1:])]; !ok {
			c.add("amendment link of %s: there is no such record", describe(kind, id))
		}
		if _, ok := byRef[string(recordRef(kind, other))]; !ok {
			c.add("amendment link of %s names %s, which does not exist", describe(kind, id), describe(kind, other))
		}
		return nil
	})
	voids := btx.Bucket(bucketVoids)
	for k, other := range links {
		kind, id, _ := parseRecordRef([]byte(k[1:]))
		if k[0] == amendsOf {
			if back, ok := links[string(amendKey(amendedBy, kind, other))]; !ok || back != id {
				c.add("%s amends %s, which does not link back to it", describe(kind, id), describe(kind, other))
			}
			if other >= id {
				c.add("%s amends %s, which is not older", describe(kind, id), describe(kind, other))
			}
			continue
		}
		if back, ok := links[string(amendKey(amendsOf, kind, other))]; !ok || back != id {
			c.add("%s was amended by %s, which does not link back to it", describe(kind, id), describe(kind, other))
		}
		v := voids.Get(recordRef(kind, id))
		if v == nil {
			c.add("%s was amended by %s but is not void", describe(kind, id), describe(kind, other))
		} else if rec, err := decodeVoid(v); err == nil && rec.Reason != fmt.Sprintf(amendedWhy, other) {
			c.add("%s was amended by %s but is void for another reason (%s)", describe(kind, id), describe(kind, other), rec.Reason)
		}
	}

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
				if _, ok := byRef[string(recordRef(kind, end))]; !ok {
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
