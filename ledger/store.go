package ledger

import "time"

// Store is the ledger on disk. Every command runs in exactly one transaction:
// View for commands that only read, Update for those that write. An Update
// whose function returns an error writes nothing.
type Store interface {
	View(fn func(Tx) error) error
	Update(fn func(Tx) error) error
	Close() error
}

// Tx is one transaction on the ledger. Records handed to callbacks are valid
// only during the callback.
type Tx interface {
	// AddEvent stores e with a new ID (set in e.ID). When e.Key is not empty
	// and an event with that key exists, nothing is stored and added is false.
	AddEvent(e *Event) (added bool, err error)
	// AddSession is AddEvent for work sessions.
	AddSession(w *WorkSession) (added bool, err error)
	// HasKey reports whether an event or session with this import key exists.
	HasKey(key string) (bool, error)

	// Event returns one event by ID, voided or not; ENOTFOUND if none.
	Event(id uint64) (*Event, error)
	// Session returns one session by ID; ENOTFOUND if none.
	Session(id uint64) (*WorkSession, error)
	// EachEvent calls fn for every event in ID order, voided ones included
	// (with Voided set). The *Event is reused between calls: copy what you keep.
	EachEvent(fn func(*Event) error) error
	// EachSession calls fn for every session in ID order, voided ones included.
	EachSession(fn func(*WorkSession) error) error
	// EachEventLean and EachSessionLean are EachEvent and EachSession for
	// reports: Note and Key are left empty (events keep Ref and Link, for
	// links, and an event with an import key gets the Key KeyNotRead). Reports read none of that text, and not copying it out of a
	// million records is much of a report's time and memory.
	EachEventLean(fn func(*Event) error) error
	EachSessionLean(fn func(*WorkSession) error) error
	// EachEventIn and EachSessionIn are EachEvent and EachSession over the
	// records ids names, in that order (ENOTFOUND for an ID with none): a
	// list in date order sorts the IDs, not the records.
	EachEventIn(ids []uint64, fn func(*Event) error) error
	EachSessionIn(ids []uint64, fn func(*WorkSession) error) error

	// VoidEvent and VoidSession mark a record void with a reason; the record
	// itself stays. Voiding twice is ECONFLICT.
	VoidEvent(id uint64, reason string, at time.Time) error
	VoidSession(id uint64, reason string, at time.Time) error

	// Streams returns every stream with its first-use time.
	Streams() ([]StreamInfo, error)
	// EnsureStream records a stream on first use and reports whether it is new.
	EnsureStream(s Stream, at time.Time) (created bool, err error)

	// PlatformClasses returns the classes the person set, by platform, and
	// the streams' own classes, by stream name (see Classes).
	PlatformClasses() (map[string]Class, error)
	// SetPlatformClass overrides the class of a platform.
	SetPlatformClass(platform string, c Class) error
	// ResetPlatformClass removes the class the person set for a platform,
	// so that the built-in one (or other) applies again; it reports
	// whether one was set.
	ResetPlatformClass(platform string) (bool, error)

	// Timer returns the running timer, or nil.
	Timer() (*Timer, error)
	// SetTimer starts (or replaces) the running timer; nil clears it.
	SetTimer(t *Timer) error

	// Setting returns a stored setting ("" when unset); SetSetting stores one.
	Setting(name string) (string, error)
	SetSetting(name, value string) error

	Corrector
	RateStore
}

// RateStore is the exchange rates a ledger keeps: one rate per pair and day.
type RateStore interface {
	// Rate returns the stored rate of a pair on a day, or nil.
	Rate(from, to string, d Date) (*Rate, error)
	// SetRate stores r, replacing the pair's rate of that day.
	SetRate(r *Rate) error
	// EachRate calls fn for every rate, by pair (from, then to) and date.
	// The *Rate is valid only during the call.
	EachRate(fn func(*Rate) error) error
}

// StreamInfo is what the ledger knows of a stream apart from its records.
type StreamInfo struct {
	Stream  Stream
	Created time.Time
	// Aliases are the names renamed or merged into this stream: records and
	// imports that name one of them land on Stream.
	Aliases  []Stream
	Archived bool // hidden from completion and `earnlog streams`
	// Class is the stream's own class when ClassSet (stream set-class);
	// otherwise its platform's class applies.
	Class    Class
	ClassSet bool
}

// Timer is a running start/stop timer. It lives in the ledger so that it
// survives a reboot.
type Timer struct {
	Stream Stream
	Start  time.Time
	Note   string
	Tags   string // as WorkSession.Tags
}

// Classes resolves a platform's class: the person's setting first, then the
// built-in table, else other. A key with a '/' is a stream's own class
// (stream set-class), which OfStream puts before its platform's.
type Classes map[string]Class

// Of returns the class of platform.
func (c Classes) Of(platform string) Class {
	if k, ok := c[platform]; ok {
		return k
	}
	return BuiltinClass(platform)
}

// OfStream returns the class of s: its own class if set, else its platform's.
func (c Classes) OfStream(s Stream) Class {
	if k, ok := c[string(s)]; ok {
		return k
	}
	return c.Of(s.Platform())
}

// CivilSeconds returns the wall-clock time of t, in its own location, as
// seconds since 1970-01-01T00:00 civil: what WorkSession.Start holds.
func CivilSeconds(t time.Time) int64 {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC).Unix()
}

// FormatCivil writes a WorkSession start: "2026-03-27T09:00:00", or the date
// alone when the time is not known.
func FormatCivil(secs int64, hasTime bool) string {
	t := time.Unix(secs, 0).UTC()
	if !hasTime {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}
