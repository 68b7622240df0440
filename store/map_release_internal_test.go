package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The map a check gives back is the read-only transaction's file, whole
// pages of it, and what was read before reads the same after; a writable
// transaction gives back nothing.
func TestMapPagesGivenBackReadAgain(t *testing.T) {
	b, err := bolt.Open(filepath.Join(t.TempDir(), "ledger.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	want := bytes.Repeat([]byte("earnlog "), 2000)
	err = b.Update(func(btx *bolt.Tx) error {
		if m := mapPagesOf(b, btx); m != (mapPages{}) {
			t.Errorf("a writable transaction's map: %+v, want none", m)
		}
		bk, err := btx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		for i := range 50 {
			if err := bk.Put(fmt.Appendf(nil, "k%03d", i), want); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = b.View(func(btx *bolt.Tx) error {
		m := mapPagesOf(b, btx)
		if m.lo == 0 || m.hi-m.lo != uintptr(btx.Size()) {
			t.Errorf("map %#x..%#x, want the %d bytes of the file", m.lo, m.hi, btx.Size())
		}
		held := btx.Bucket([]byte("b")).Get([]byte("k007")) // a value in the map, held across
		stop := m.releaseWhile()
		for range 3 {
			m.release()
			for i := range 50 {
				if v := btx.Bucket([]byte("b")).Get(fmt.Appendf(nil, "k%03d", i)); !bytes.Equal(v, want) {
					t.Fatalf("k%03d after the pages went back: %d bytes, not the value written", i, len(v))
				}
			}
		}
		stop()
		if !bytes.Equal(held, want) {
			t.Error("a value read before the pages went back changed")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
