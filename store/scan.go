package store

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// A lean scan (the report path) decodes on goroutines of their own while the
// caller's function works on what they decoded before: each of scanWorkers
// decoders walks every other block (blocks are 4096 IDs), and the caller's
// goroutine takes their batches in ID order. On two cores a report over a
// million events then takes about half the decoding plus its own work,
// rather than the longer of the two. The caller's function must not use the
// transaction (reports never do). The decoders share the read-only
// transaction: bbolt's read paths write nothing shared but atomic counters,
// and each decoder has its own cursors, buffers and caches. For the same
// reasons two lean scans (of events and of sessions, say) may run at once
// on one read-only transaction, each called on a goroutine of its own: a
// report reads its sessions beside its first look at the events. A lean
// scan keeps its own mark of whether the store's code or the caller's
// runs, for the panics of a damaged file (tx.leave).
const (
	scanBatch   = 1024
	scanBuffers = 4
	scanWorkers = 2
)

type scanChunk[T any] struct {
	events []T
	err    error
	// blockEnd marks the last batch of a block: the next batch comes from
	// the next decoder.
	blockEnd bool
}

// scanWorker is one decoder's pair of queues.
type scanWorker[T any] struct {
	free chan []T
	full chan scanChunk[T]
}

// ScansAtOnce reports whether the lean scans (EachEventLean, EachEventFacts,
// EachEventWanted, EachSessionLean) may run at once on this transaction,
// each called on a goroutine of its own: on a read-only one, they may.
func (t *tx) ScansAtOnce() bool { return !t.btx.Writable() }

// eachEventLean is EachEventLean: batches of decoded events handed from the
// decoders to fn, in ID order.
func (t *tx) eachEventLean(fn func(*ledger.Event) error) error { return t.EachEventWanted(nil, fn) }

// EachEventFacts hands fn the facts of every event in ID order (voided ones
// marked): what a report's first look at the ledger needs, decoded without
// the event's texts, with Stream and Currency strings shared by every fact
// of their stream and currency, on the lean scan's decoders.
func (t *tx) EachEventFacts(fn func(*ledger.EventFacts) error) error {
	return eachLean(t, refEvent, func() decodeFunc[ledger.EventFacts] {
		var cur currencies
		return func(f *ledger.EventFacts, id uint64, v []byte, st *streamTable, vc *voidCursor) error {
			f.ID = id
			_, f.Voided = vc.of(id)
			return decodeFacts(f, v, st, &cur)
		}
	}, fn)
}

// EachEventWanted is EachEventLean that copies an event's Ref and Link
// only when want, shown the event without them and a view of its
// reference that is valid during the call, says the caller needs them (a
// nil want: always). want runs on the scan's decoders, concurrently with
// fn: it must only read what does not change while the scan runs.
func (t *tx) EachEventWanted(want func(e *ledger.Event, ref string) bool, fn func(*ledger.Event) error) error {
	return eachLean(t, refEvent, func() decodeFunc[ledger.Event] {
		var arena textArena
		var cur currencies
		return func(e *ledger.Event, id uint64, v []byte, st *streamTable, vc *voidCursor) error {
			e.ID = id
			e.VoidReason, e.Voided = vc.of(id)
			return decodeEventLean(e, v, st, &cur, &arena, want)
		}
	}, fn)
}

// eachSessionLean is EachSessionLean: the sessions as the lean scan of
// events reads those, on two decoders.
func (t *tx) eachSessionLean(fn func(*ledger.WorkSession) error) error {
	return eachLean(t, refSession, func() decodeFunc[ledger.WorkSession] {
		var arena textArena
		return func(w *ledger.WorkSession, id uint64, v []byte, st *streamTable, vc *voidCursor) error {
			w.ID = id
			w.VoidReason, w.Voided = vc.of(id)
			w.Amends, w.AmendedBy, w.Import = 0, 0, 0
			return decodeSession(w, v, st, &arena, true)
		}
	}, fn)
}

// decodeFunc decodes record id into *x, and marks it voided from vc; each
// decoder has its own.
type decodeFunc[T any] func(x *T, id uint64, v []byte, st *streamTable, vc *voidCursor) error

// eachLean is the lean scan of events or sessions (kind): batches decoded
// by newDecode's decoders, handed to fn in ID order.
func eachLean[T any](t *tx, kind byte, newDecode func() decodeFunc[T], fn func(*T) error) error {
	// A lean scan may run on a goroutine of the caller's own (a report's
	// sessions, beside its events): a damaged page it reads there is a
	// panic, as on the goroutine the transaction runs on, not a fault
	// that ends the program.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	inStore := true
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(storePanic); !ok && inStore {
				r = storePanic{r}
			}
			panic(r)
		}
	}()
	st, err := t.table()
	if err != nil {
		return err
	}
	voids, err := t.voids(kind)
	if err != nil {
		return err
	}
	events := t.scan(kind).b
	n := max(1, min(scanWorkers, runtime.GOMAXPROCS(0)))
	stop := make(chan struct{})
	workers := make([]scanWorker[T], n)
	for k := range workers {
		w := scanWorker[T]{free: make(chan []T, scanBuffers), full: make(chan scanChunk[T], scanBuffers)}
		for range scanBuffers {
			w.free <- make([]T, 0, scanBatch)
		}
		workers[k] = w
		go decodeRecords(t, kind, events, st, voids, k, n, w, stop, newDecode())
	}

	var ferr error
	stopped := false
	halt := func(err error) {
		if ferr == nil {
			ferr = err
		}
		if !stopped {
			stopped = true
			close(stop)
		}
	}
	// Every decoder ends before the scan returns, or unwinds from a panic:
	// they read the transaction's pages, which may be unmapped once it
	// ends. They end at stop, or at the last block.
	defer func() {
		if !stopped {
			close(stop)
		}
		for _, w := range workers {
			for ch := range w.full {
				select {
				case w.free <- ch.events[:0]:
				default:
				}
			}
		}
	}()
	// Block j comes from decoder j%n; a decoder that has closed its queue
	// has no more blocks, and then no decoder has.
	live := n
	for j := 0; live == n && !stopped; j++ {
		w := workers[j%n]
		for {
			ch, ok := <-w.full
			if !ok {
				live--
				break
			}
			if ch.err != nil {
				halt(ch.err)
			}
			if !stopped {
				inStore = false
				for i := range ch.events {
					if err := fn(&ch.events[i]); err != nil {
						halt(err)
						break
					}
				}
				inStore = true
			}
			w.free <- ch.events[:0]
			if ch.blockEnd || stopped {
				break
			}
		}
	}
	return ferr
}

// decodeEvents decodes the blocks of events at positions k, k+n, k+2n...
// into w's free buffers until they end, a record is damaged, or stop
// closes; it closes w.full when done.
func decodeRecords[T any](t *tx, kind byte, events *bolt.Bucket, st *streamTable, voids []voidOf, k, n int, w scanWorker[T], stop <-chan struct{}, decode decodeFunc[T]) {
	defer close(w.full)
	// bbolt panics on damaged pages; SetPanicOnFault is per goroutine.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			w.full <- scanChunk[T]{err: t.db.damaged(r)}
		}
	}()
	vc := voidCursor{voids: voids}
	var buf []T
	errStopped := errors.New("stopped")
	take := func() error {
		select {
		case buf = <-w.free:
			return nil
		case <-stop:
			return errStopped
		}
	}
	send := func(ch scanChunk[T]) error {
		select {
		case w.full <- ch:
		case <-stop:
			return errStopped
		}
		if ch.err != nil {
			return ch.err
		}
		return take()
	}
	if take() != nil {
		return
	}
	recs := &records{b: events, release: newPageRelease(t.db.bolt, t.btx)}
	err := recs.eachOf(k, n, func(id uint64, v []byte) error {
		buf = buf[:len(buf)+1]
		e := &buf[len(buf)-1]
		if err := decode(e, id, v, st, &vc); err != nil {
			buf = buf[:len(buf)-1]
			return t.db.damaged(fmt.Errorf("%s %d: %v", recordName(kind), id, err))
		}
		if len(buf) == cap(buf) {
			return send(scanChunk[T]{events: buf})
		}
		return nil
	}, t.badLayout(recordName(kind)+"s"), func() error {
		return send(scanChunk[T]{events: buf, blockEnd: true})
	})
	if err != nil && err != errStopped {
		// A damaged record or layout: what was decoded before it first.
		_ = send(scanChunk[T]{events: buf, err: err})
	}
}

func recordName(kind byte) string {
	if kind == refSession {
		return "session"
	}
	return "event"
}
