package ledger

// LineSink is a Sink that is told the line of the file each record came
// from, so that an import can list what every row became. Importers hand
// records over through EventAt and SessionAt, which use it when the sink
// has it and fall back to Event and Session otherwise.
type LineSink interface {
	Sink
	EventAt(line int, e *Event) error
	SessionAt(line int, w *WorkSession) error
}

// EventAt hands e, read from line, to s.
func EventAt(s Sink, line int, e *Event) error {
	if ls, ok := s.(LineSink); ok {
		return ls.EventAt(line, e)
	}
	return s.Event(e)
}

// SessionAt hands w, read from line, to s.
func SessionAt(s Sink, line int, w *WorkSession) error {
	if ls, ok := s.(LineSink); ok {
		return ls.SessionAt(line, w)
	}
	return s.Session(w)
}

// Outcome is what one row of an imported file became: an event or a work
// session (new, or already in the ledger), or nothing (skipped, with the
// reason). A row may give several outcomes: a Gumroad purchase is a sale, a
// tip and a fee.
type Outcome struct {
	Line int
	// What is "event", "session" or "skipped".
	What string
	// Present is true for a record whose import key the ledger (or, in a
	// dry run, an earlier row of the file) already holds: it adds nothing.
	Present bool
	Reason  string // why the row was skipped
	Event   Event
	Session WorkSession
}

// Outcome kinds.
const (
	OutcomeEvent   = "event"
	OutcomeSession = "session"
	OutcomeSkipped = "skipped"
)

// EventAt is Event for a record read from line.
func (r *Recorder) EventAt(line int, e *Event) error {
	r.line = line
	defer func() { r.line = 0 }()
	return r.Event(e)
}

// SessionAt is Session for a record read from line.
func (r *Recorder) SessionAt(line int, w *WorkSession) error {
	r.line = line
	defer func() { r.line = 0 }()
	return r.Session(w)
}

// trace reports an outcome to r.Trace, if set.
func (r *Recorder) trace(o Outcome) {
	if r.Trace != nil {
		o.Line = r.line
		r.Trace(o)
	}
}
