package store

import (
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// mapReleaseEvery is how often releaseMapWhile gives the map's pages back.
const mapReleaseEvery = 5 * time.Millisecond

// releaseMapWhile gives back, every few milliseconds until the function it
// returns is called, every page of the file that the read-only transaction
// btx maps. A check reads the whole file three times (its own walk, bbolt's
// check, the ledger's passes), and every page it read counted in the
// process's memory until it ended: 160 MB for a ledger of a million events,
// more than all else a check holds. bbolt's check runs in a goroutine of
// its own, out of reach of the block-by-block release of the scans
// (pageRelease); given back on a clock, the pages stay at what a few
// milliseconds of reading touch. bbolt only ever reads its map, so a page
// given back is mapped again from the page cache when next touched.
//
// The returned function must be called before the transaction ends: after
// it, the addresses may belong to another mapping.
func releaseMapWhile(db *bolt.DB, btx *bolt.Tx) (stop func()) {
	if btx.Writable() || btx.Size() == 0 {
		return func() {}
	}
	lo := db.Info().Data
	hi := lo + uintptr(btx.Size())
	lo &^= uintptr(os.Getpagesize() - 1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(mapReleaseEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				dropPages(lo, hi)
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}
