package ledger

import (
	"fmt"
	"time"
)

// Corrector is the part of Tx that corrects mistakes. The ledger stays
// append-only: no event or session is deleted or rewritten. An amendment is
// a new record plus a void of the old one, linked both ways; a stream rename
// renames the stream's number, which records carry, and keeps the old name
// as an alias; an unvoid lifts a void mark and the store keeps a history
// entry of what it lifted.
type Corrector interface {
	// AmendEvent voids event id with the reason "amended by #NEW" and stores
	// e, its corrected copy, as NEW (set in e.ID), in one step. The copy
	// takes over the old event's import key, so that importing the file
	// again does not bring the old event back. Amending a void event is
	// ECONFLICT.
	AmendEvent(id uint64, e *Event, at time.Time) error
	// AmendSession is AmendEvent for work sessions.
	AmendSession(id uint64, w *WorkSession, at time.Time) error
	// UnvoidEvent lifts the void of event id. It is ECONFLICT when the event
	// is not void, when an amendment replaced it, or when another record
	// has taken its import key since (ReleaseEventKey).
	UnvoidEvent(id uint64, at time.Time) error
	// UnvoidSession is UnvoidEvent for work sessions.
	UnvoidSession(id uint64, at time.Time) error

	// RenameStream gives stream from, and every record of it, the new name
	// to, which no stream has. from stays as an alias of to: a record or
	// import naming from lands on to.
	RenameStream(from, to Stream, at time.Time) error
	// MergeStream moves every record of from onto the stream into; from
	// stays as an alias of into.
	MergeStream(from, into Stream, at time.Time) error
	// SetStreamClass gives s its own class; ClearStreamClass removes it.
	SetStreamClass(s Stream, c Class) error
	ClearStreamClass(s Stream) error
	// ArchiveStream hides s from completion and `streams` (or shows it
	// again); its records and reports are not affected.
	ArchiveStream(s Stream, archived bool) error

	// RecordImport notes that this transaction is the import described by
	// in (file, format, counts): the store sets in.ID, in.At and the ranges
	// of the records added, and stores it. Records then carry its ID.
	RecordImport(in *ImportInfo) error
	// Imports returns every recorded import, oldest first.
	Imports() ([]ImportInfo, error)
	// LastChange returns the last write that changed records, or nil when
	// the ledger has none recorded (a ledger from before this record was
	// kept, or a new one).
	LastChange() (*Change, error)
	// MarkUndo makes this transaction's change an undo of what.
	MarkUndo(what string)
	// ReleaseEventKey takes the import key of a void record out of the keys
	// index, so that importing its file again brings the record anew (undo
	// of an import). The record keeps its key; unvoiding it puts the key
	// back, unless another record has taken it.
	ReleaseEventKey(id uint64) error
	// ReleaseSessionKey is ReleaseEventKey for work sessions.
	ReleaseSessionKey(id uint64) error
}

// IDRange is the IDs First..Last (inclusive); empty when First is 0.
type IDRange struct{ First, Last uint64 }

// Has reports whether id lies in r.
func (r IDRange) Has(id uint64) bool { return r.First != 0 && id >= r.First && id <= r.Last }

// Len is the number of IDs in r.
func (r IDRange) Len() int {
	if r.First == 0 {
		return 0
	}
	return int(r.Last - r.First + 1)
}

// ImportInfo is one past import, as `earnlog imports` lists it.
type ImportInfo struct {
	ID               uint64
	At               time.Time
	File, Format     string
	New, Present     int
	Skipped          int
	Events, Sessions IDRange // the records it added
}

// ChangeKind is what a write did to the records.
type ChangeKind uint8

// Kinds of change. Only additions, imports and single voids can be undone.
const (
	ChangeAdd    ChangeKind = iota + 1 // records added by hand (earn, work, timer stop)
	ChangeImport                       // an import
	ChangeVoid                         // one record voided
	ChangeOther                        // amend, unvoid, several voids, stream changes
	ChangeUndo                         // an undo
)

// Change is the last write that changed records, kept so that undo knows
// what to take back.
type Change struct {
	Kind             ChangeKind
	At               time.Time
	Import           uint64  // ChangeImport: the import's ID
	Events, Sessions IDRange // ChangeAdd and ChangeImport: the records added
	Session          bool    // ChangeVoid: the record is a session
	Voided           uint64  // ChangeVoid: the record voided
	What             string  // ChangeOther and ChangeUndo: what it was
}

// Describe says what c did, for undo's messages.
func (c *Change) Describe() string {
	switch c.Kind {
	case ChangeAdd, ChangeImport:
		s := ""
		if c.Kind == ChangeImport {
			s = fmt.Sprintf("import #%d: ", c.Import)
		}
		return s + describeAdded(c.Events.Len(), c.Sessions.Len())
	case ChangeVoid:
		if c.Session {
			return fmt.Sprintf("void of work session #%d", c.Voided)
		}
		return fmt.Sprintf("void of event #%d", c.Voided)
	}
	return c.What
}

func describeAdded(events, sessions int) string {
	switch {
	case events > 0 && sessions > 0:
		return fmt.Sprintf("added %s and %s", countOf(events, "event"), countOf(sessions, "work session"))
	case sessions > 0:
		return "added " + countOf(sessions, "work session")
	}
	return "added " + countOf(events, "event")
}

func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
