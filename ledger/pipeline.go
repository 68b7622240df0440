package ledger

import (
	"errors"
	"fmt"
)

// Pipeline runs read (an importer reading a foreign file into the Sink it is
// given) on a goroutine of its own and hands what it reads to sink, in the
// same order, on the caller's goroutine: parsing a file and storing its
// records then share two cores, which a million-row import feels. sink runs
// only on the caller's goroutine, so it may use a transaction. The first
// error, the importer's or the sink's, is returned; after a sink error the
// importer is stopped.
//
// The importer may reuse the Event or WorkSession it hands over, since
// Pipeline copies it. sink may change what it is handed, but must not keep
// the pointer after its call returns: the copies live in batches that are
// reused, so that the records of a large file are not each allocated twice.
func Pipeline(read func(Sink) error, sink Sink) error {
	p := &pipe{batches: make(chan *pipeBatch, 4), stop: make(chan struct{}), free: make(chan *pipeBatch, 4)}
	for range 4 {
		p.free <- &pipeBatch{items: make([]piped, 0, pipeBatchLen)}
	}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- pipePanic{r}
			}
			close(p.batches)
		}()
		p.cur = <-p.free
		err := read(p)
		if err == nil {
			err = p.flush()
		}
		done <- err
	}()
	var sinkErr error
	for batch := range p.batches {
		for i := range batch.items {
			if sinkErr != nil {
				break
			}
			if sinkErr = batch.deliver(i, sink); sinkErr != nil {
				close(p.stop) // the importer stops at its next record
			}
		}
		batch.reset()
		p.free <- batch
	}
	readErr := <-done
	if pp, ok := readErr.(pipePanic); ok {
		panic(pp.value)
	}
	if sinkErr != nil {
		return sinkErr
	}
	return readErr
}

const pipeBatchLen = 512

var errPipeStopped = errors.New("import stopped")

type pipePanic struct{ value any }

func (p pipePanic) Error() string { return fmt.Sprint(p.value) }

// pipeBatch is what an importer handed its sink, in order, with the events
// and sessions held by value in slices that are reused from batch to batch.
type pipeBatch struct {
	items    []piped
	events   []Event
	sessions []WorkSession
}

// piped is one thing an importer handed its sink: an event or a session (by
// its index in the batch, with the line it came from when the importer said)
// or a skipped row.
type piped struct {
	what   pipedKind
	index  int
	line   int
	reason string
}

type pipedKind uint8

const (
	pipedSkip pipedKind = iota
	pipedEvent
	pipedSession
)

func (b *pipeBatch) deliver(i int, sink Sink) error {
	x := &b.items[i]
	switch x.what {
	case pipedEvent:
		if x.line > 0 {
			return EventAt(sink, x.line, &b.events[x.index])
		}
		return sink.Event(&b.events[x.index])
	case pipedSession:
		if x.line > 0 {
			return SessionAt(sink, x.line, &b.sessions[x.index])
		}
		return sink.Session(&b.sessions[x.index])
	}
	sink.Skip(x.line, x.reason)
	return nil
}

// reset empties b for reuse; the slices keep their room.
func (b *pipeBatch) reset() {
	b.items = b.items[:0]
	b.events = b.events[:0]
	b.sessions = b.sessions[:0]
}

// pipe is the Sink the importer's goroutine writes to.
type pipe struct {
	batches chan *pipeBatch
	free    chan *pipeBatch
	stop    chan struct{}
	cur     *pipeBatch
}

// Event copies e: importers may reuse theirs.
func (p *pipe) Event(e *Event) error { return p.EventAt(0, e) }

// EventAt is Event with the line e came from, passed on to the sink.
func (p *pipe) EventAt(line int, e *Event) error {
	b := p.cur
	if b == nil {
		return errPipeStopped
	}
	b.events = append(b.events, *e)
	return p.add(piped{what: pipedEvent, index: len(b.events) - 1, line: line})
}

// Session copies w, as Event does.
func (p *pipe) Session(w *WorkSession) error { return p.SessionAt(0, w) }

// SessionAt is Session with the line w came from.
func (p *pipe) SessionAt(line int, w *WorkSession) error {
	b := p.cur
	if b == nil {
		return errPipeStopped
	}
	b.sessions = append(b.sessions, *w)
	return p.add(piped{what: pipedSession, index: len(b.sessions) - 1, line: line})
}

// Skip passes a skipped row on.
func (p *pipe) Skip(line int, reason string) { _ = p.add(piped{line: line, reason: reason}) }

func (p *pipe) add(x piped) error {
	if p.cur == nil {
		return errPipeStopped
	}
	p.cur.items = append(p.cur.items, x)
	if len(p.cur.items) < pipeBatchLen {
		return nil
	}
	return p.flush()
}

// flush hands the current batch over and takes a free one. Once the sink
// has failed it returns errPipeStopped; if the batch went over by then, cur
// is nil, since the batch is no longer the importer's to write to.
func (p *pipe) flush() error {
	if p.cur == nil {
		return errPipeStopped
	}
	if len(p.cur.items) == 0 {
		return nil
	}
	select {
	case p.batches <- p.cur:
	case <-p.stop:
		return errPipeStopped
	}
	p.cur = nil
	select {
	case p.cur = <-p.free:
	case <-p.stop:
		return errPipeStopped
	}
	return nil
}
