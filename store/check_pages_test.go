package store

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestCheckSurvivesWildPages: a page whose element places its key far
// outside the file, and a branch page that points back at itself, are
// damage that check reports; neither reaches bbolt's own check, which
// walks pages in a goroutine where the first is a crash and the second an
// endless recursion.
func TestCheckSurvivesWildPages(t *testing.T) {
	for _, c := range []struct {
		name string
		hurt func(page []byte, id uint64)
		want string
	}{
		{"key outside the file", func(p []byte, _ uint64) {
			binary.LittleEndian.PutUint32(p[16+4:], 0x7fff0000) // the first element's pos
		}, "lies outside the page"},
		{"page below itself", func(p []byte, id uint64) {
			binary.LittleEndian.PutUint16(p[8:], boltBranchPage)
			binary.LittleEndian.PutUint16(p[10:], 1)
			binary.LittleEndian.PutUint64(p[16:], 16)   // pos 16, ksize 0
			binary.LittleEndian.PutUint64(p[16+8:], id) // the page below is this one
		}, "is reached twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			db := stagedDB(t, path, 0)
			if err := db.Update(importRows(3000, nil)); err != nil {
				t.Fatal(err)
			}
			db.Close()
			// The root page of the first block of events: a bucket of its own.
			bdb, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			var root uint64
			size := bdb.Info().PageSize
			err = bdb.View(func(btx *bolt.Tx) error {
				return btx.Bucket(bucketEvents).ForEachBucket(func(k []byte) error {
					if root == 0 {
						root = uint64(btx.Bucket(bucketEvents).Bucket(k).Root())
					}
					return nil
				})
			})
			bdb.Close()
			if err != nil || root == 0 {
				t.Fatalf("no block of events with a page of its own: %v", err)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c.hurt(raw[root*uint64(size):], root)
			if err := os.WriteFile(path, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			problems, err := CheckFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Errorf("check found %q, want a problem saying %q", problems, c.want)
			}
		})
	}
}
