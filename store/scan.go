package store

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/earnlog/earnlog/ledger"
)

// A lean scan (the report path) decodes on a goroutine of its own while the
// caller's function works on the previous batch: on two cores a report over
// a million events takes about the longer of the two instead of their sum.
// The caller's function must not use the transaction (reports never do):
// bbolt's read transactions are not meant for two goroutines at once, and
// only the decoder touches this one while the scan runs.
const (
	scanBatch   = 1024
	scanBuffers = 4
)

type scanChunk struct {
	events []ledger.Event
	err    error
}

// eachEventLean is EachEventLean: batches of decoded events handed from a
// decoding goroutine to fn, in ID order.
func (t *tx) eachEventLean(fn func(*ledger.Event) error) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	voids, err := t.voids(refEvent)
	if err != nil {
		return err
	}
	free := make(chan []ledger.Event, scanBuffers)
	for range scanBuffers {
		free <- make([]ledger.Event, 0, scanBatch)
	}
	full := make(chan scanChunk, scanBuffers)
	stop := make(chan struct{})
	go t.decodeEvents(st, voids, free, full, stop)

	var ferr error
	for ch := range full {
		if ferr == nil && ch.err != nil {
			ferr = ch.err
		}
		if ferr == nil {
			t.inStore = false
			for i := range ch.events {
				if ferr = fn(&ch.events[i]); ferr != nil {
					close(stop) // the decoder ends; drain what it sent
					break
				}
			}
			t.inStore = true
		}
		free <- ch.events[:0]
	}
	return ferr
}

// decodeEvents runs the cursor and decodes into the free buffers until the
// bucket ends, a record is damaged, or stop closes; it closes full when done.
func (t *tx) decodeEvents(st *streamTable, voids []voidOf, free chan []ledger.Event, full chan<- scanChunk, stop <-chan struct{}) {
	defer close(full)
	// bbolt panics on damaged pages; SetPanicOnFault is per goroutine.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			full <- scanChunk{err: t.db.damaged(r)}
		}
	}()
	vc := voidCursor{voids: voids}
	var arena textArena
	var cur currencies
	var buf []ledger.Event
	take := func() bool {
		select {
		case buf = <-free:
			return true
		case <-stop:
			return false
		}
	}
	if !take() {
		return
	}
	stopped := errors.New("stopped")
	err := t.scan(refEvent).each(func(id uint64, v []byte) error {
		buf = buf[:len(buf)+1]
		e := &buf[len(buf)-1]
		if err := decodeEvent(e, v, st, &cur, &arena, true); err != nil {
			buf = buf[:len(buf)-1]
			return t.db.damaged(fmt.Errorf("event %d: %v", id, err))
		}
		e.ID = id
		e.VoidReason, e.Voided = vc.of(id)
		if len(buf) == cap(buf) {
			full <- scanChunk{events: buf}
			if !take() {
				return stopped
			}
		}
		return nil
	}, t.badLayout("events"))
	switch {
	case err == stopped:
		return
	case err != nil:
		full <- scanChunk{events: buf, err: err}
		return
	}
	if len(buf) > 0 {
		full <- scanChunk{events: buf}
	}
}
