package earncsv_test

import (
	"fmt"

	"github.com/earnlog/earnlog/ledger"
)

// recorder is a ledger.Sink that keeps what it is given.
type recorder struct {
	events   []ledger.Event
	sessions []ledger.WorkSession
	skips    []string
}

func (r *recorder) Event(e *ledger.Event) error { r.events = append(r.events, *e); return nil }

func (r *recorder) Session(w *ledger.WorkSession) error {
	r.sessions = append(r.sessions, *w)
	return nil
}

func (r *recorder) Skip(line int, reason string) {
	r.skips = append(r.skips, fmt.Sprintf("%d:%s", line, reason))
}
