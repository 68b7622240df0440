package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Schema version 4 adds, beside the records of version 3, which do not
// change:
//
//	amends   amendment links (amend.go)
//	imports  past imports with the ranges of IDs each added (changes.go)
//	history  unvoids and stream renames and merges (changes.go)
//	meta     "change": the last change, for undo (changes.go)
//	rates    exchange rates (rates.go)
//
// and a second form of stream entries, for aliases, archived streams and
// streams' own classes (record.go, stream_alias.go).
//
// Records of a migrated ledger belong to no import, and it has no last
// change: undo says it cannot undo what was written before the migration.

// migrateV3 brings a version 3 file to version 4 inside the caller's
// transaction: a failure leaves the file as it was. Every stream entry is
// read first, as version 4 gives names a meaning by their entries (aliases)
// that a damaged entry would break.
func migrateV3(btx *bolt.Tx) error {
	if b := btx.Bucket(bucketStreams); b != nil {
		if err := b.ForEach(func(k, v []byte) error {
			rec, err := decodeStream(v)
			if err != nil {
				return fmt.Errorf("version 3 stream %q: %v", k, err)
			}
			if rec.Alias != "" || rec.Archived || rec.ClassSet {
				return fmt.Errorf("version 3 stream %q: the entry has the form of version 4", k)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bucketAmends, bucketImports, bucketHistory} {
		if _, err := btx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return migrateV3Rates(btx)
}
