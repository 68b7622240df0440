package store

import (
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// mapPages is the file as a read-only transaction maps it, for a check to
// give its pages back. A check reads the whole file three times (its own
// walk, bbolt's check, the ledger's passes), and every page it read counted
// in the process's memory until it ended: 160 MB for a ledger of a million
// events, more than all else a check holds. bbolt only ever reads its map,
// so a page given back is mapped again from the page cache when next
// touched. The zero mapPages gives back nothing.
type mapPages struct{ lo, hi uintptr }

// mapPagesOf returns the map of btx; nothing for a writable transaction,
// whose values can lie in memory bbolt allocated.
func mapPagesOf(db *bolt.DB, btx *bolt.Tx) mapPages {
	if btx.Writable() || btx.Size() == 0 {
		return mapPages{}
	}
	lo := db.Info().Data
	return mapPages{lo: lo &^ uintptr(os.Getpagesize()-1), hi: lo + uintptr(btx.Size())}
}

// release gives back every page of the map. The ledger's passes call it
// after each block of records and each few thousand keys.
func (m mapPages) release() {
	if m.lo < m.hi {
		dropPages(m.lo, m.hi)
	}
}

// mapReleaseEvery is how often releaseWhile gives the map's pages back.
const mapReleaseEvery = 5 * time.Millisecond

// releaseWhile gives back the map's pages every few milliseconds until the
// function it returns is called: bbolt's check runs in a goroutine of its
// own, out of reach of calls after each block. The returned function must
// be called before the transaction ends: after it, the addresses may
// belong to another mapping.
func (m mapPages) releaseWhile() (stop func()) {
	if m.lo >= m.hi {
		return func() {}
	}
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
				m.release()
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}
