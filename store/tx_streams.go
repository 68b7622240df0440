package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

func loadStreams(b *bolt.Bucket) (*streamTable, error) {
	st := &streamTable{nums: map[ledger.Stream]uint64{}}
	var aliases []aliasOf
	err := b.ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return fmt.Errorf("stream %q: %v", k, err)
		}
		name := ledger.Stream(k)
		if rec.Num >= uint64(len(st.names)) {
			grown := make([]ledger.Stream, rec.Num+1, 2*rec.Num+1)
			copy(grown, st.names)
			st.names = grown
		}
		if rec.Alias != "" {
			aliases = append(aliases, aliasOf{name, rec})
			return nil
		}
		if st.names[rec.Num] != "" {
			return fmt.Errorf("streams %q and %q have the same number %d", st.names[rec.Num], name, rec.Num)
		}
		st.names[rec.Num] = name
		st.nums[name] = rec.Num
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, st.addAliases(aliases)
}

// streamNum returns the number of s, recording s on first use.
func (t *tx) streamNum(s ledger.Stream) (uint64, error) {
	st, err := t.table()
	if err != nil {
		return 0, err
	}
	if n, ok := st.nums[s]; ok {
		return n, nil
	}
	if _, err := t.ensureStream(s, t.db.opts.Now()); err != nil {
		return 0, err
	}
	return st.nums[s], nil
}

// Streams implements ledger.Tx. Streams come in name order, each with its
// aliases; aliases are not streams of their own.
func (t *tx) Streams() ([]ledger.StreamInfo, error) {
	defer t.enter()()
	var out []ledger.StreamInfo
	at := map[ledger.Stream]int{}
	var aliases []aliasOf
	err := t.bucket(bucketStreams).ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return t.db.damaged(fmt.Errorf("stream %q: %v", k, err))
		}
		if rec.Alias != "" {
			aliases = append(aliases, aliasOf{ledger.Stream(k), rec})
			return nil
		}
		at[ledger.Stream(k)] = len(out)
		out = append(out, ledger.StreamInfo{Stream: ledger.Stream(k), Created: rec.Created,
			Archived: rec.Archived, Class: rec.Class, ClassSet: rec.ClassSet})
		return nil
	})
	for _, a := range aliases {
		if i, ok := at[a.rec.Alias]; ok {
			out[i].Aliases = append(out[i].Aliases, a.name)
		}
	}
	return out, err
}

// EnsureStream implements ledger.Tx.
func (t *tx) EnsureStream(s ledger.Stream, at time.Time) (bool, error) {
	defer t.enter()()
	return t.ensureStream(s, at)
}

func (t *tx) ensureStream(s ledger.Stream, at time.Time) (bool, error) {
	st, err := t.table()
	if err != nil {
		return false, err
	}
	// Importers ask for every row: a known stream was checked when stored.
	if _, ok := st.nums[s]; ok {
		return false, nil
	}
	if p, err := ledger.ParseStream(string(s)); err != nil || p != s {
		return false, ledger.Errorf(ledger.EINVALID, "%q is not a stream name: use platform/name in lower case, letters, digits and '-'", s)
	}
	b := t.bucket(bucketStreams)
	num, err := b.NextSequence()
	if err != nil {
		return false, err
	}
	if num > maxStreamNum {
		return false, ledger.Errorf(ledger.EINTERNAL, "the ledger has run out of stream numbers (%d streams)", maxStreamNum)
	}
	if err := b.Put([]byte(s), encodeStream(streamRecord{Num: num, Created: at})); err != nil {
		return false, err
	}
	for uint64(len(st.names)) <= num {
		st.names = append(st.names, "")
	}
	st.names[num] = s
	st.nums[s] = num
	return true, nil
}
