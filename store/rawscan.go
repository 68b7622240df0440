package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// RawScan is the floor a report's time is measured against: one cursor over
// every event record of the ledger at path, opened read-only, decoding its
// date and amount with the store's own decoder and summing the amounts per
// month (year*12+month-1), in minor units whatever the currency. It reads
// no voids, streams or work sessions and classifies nothing: no report can
// read a ledger faster than this, so the benchmark prints each report's
// ratio to it.
func RawScan(path string) (map[int]int64, int, error) {
	db, _, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	sums := map[int]int64{}
	n := 0
	err = db.bolt.View(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketEvents)
		if b == nil {
			return fmt.Errorf("%s: no events bucket", path)
		}
		recs := &records{b: b, release: newPageRelease(db.bolt, btx)}
		// Runs of one month are summed apart and added to the map when
		// the month changes: a map update per event would be most of it.
		lastDate, month, run := ledger.Date(0), 0, int64(0)
		err := recs.each(func(id uint64, v []byte) error {
			d := newDecoder(v)
			if d.byte() != recordFormat && d.err == nil {
				return fmt.Errorf("event %d: %v", id, errFormat)
			}
			date := d.date()
			d.uvarint() // stream
			d.byte()    // kind
			amount := d.varint()
			if d.err != nil {
				return fmt.Errorf("event %d: %v", id, d.err)
			}
			if date != lastDate || n == 0 {
				if m := date.MonthIndex(); m != month || n == 0 {
					if n > 0 {
						sums[month] += run
					}
					month, run = m, 0
				}
				lastDate = date
			}
			run += amount
			n++
			return nil
		}, func(problem string) error { return fmt.Errorf("events: %s", problem) })
		if n > 0 {
			sums[month] += run
		}
		return err
	})
	return sums, n, err
}
