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
func Pipeline(read func(Sink) error, sink Sink) error {
	p := &pipe{batches: make(chan []piped, 4), stop: make(chan struct{}), free: make(chan []piped, 4)}
	for range 4 {
		p.free <- make([]piped, 0, pipeBatch)
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
		for i := range batch {
			if sinkErr != nil {
				break
			}
			if sinkErr = batch[i].deliver(sink); sinkErr != nil {
				close(p.stop) // the importer stops at its next record
			}
		}
		p.free <- batch[:0]
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

const pipeBatch = 512

var errPipeStopped = errors.New("import stopped")

type pipePanic struct{ value any }

func (p pipePanic) Error() string { return fmt.Sprint(p.value) }

// piped is one thing an importer handed its sink.
type piped struct {
	event   *Event
	session *WorkSession
	line    int
	reason  string
}

func (x *piped) deliver(sink Sink) error {
	switch {
	case x.event != nil:
		return sink.Event(x.event)
	case x.session != nil:
		return sink.Session(x.session)
	}
	sink.Skip(x.line, x.reason)
	return nil
}

// pipe is the Sink the importer's goroutine writes to.
type pipe struct {
	batches chan []piped
	free    chan []piped
	stop    chan struct{}
	cur     []piped
}

// Event copies e: importers may reuse theirs.
func (p *pipe) Event(e *Event) error {
	c := *e
	return p.add(piped{event: &c})
}

// Session copies w, as Event does.
func (p *pipe) Session(w *WorkSession) error {
	c := *w
	return p.add(piped{session: &c})
}

// Skip passes a skipped row on.
func (p *pipe) Skip(line int, reason string) { _ = p.add(piped{line: line, reason: reason}) }

func (p *pipe) add(x piped) error {
	p.cur = append(p.cur, x)
	if len(p.cur) < pipeBatch {
		return nil
	}
	return p.flush()
}

func (p *pipe) flush() error {
	if len(p.cur) == 0 {
		return nil
	}
	select {
	case p.batches <- p.cur:
	case <-p.stop:
		return errPipeStopped
	}
	select {
	case p.cur = <-p.free:
	case <-p.stop:
		return errPipeStopped
	}
	return nil
}
