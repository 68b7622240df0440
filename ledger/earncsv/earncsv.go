// Package earncsv is earnlog's own CSV: the layout `list -o csv` and
// `export csv` write and `import csv` reads back. The export layout carries
// every field of a record, so that export, import into an empty ledger and
// export again gives the same bytes.
package earncsv

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// Column layouts. The list columns are fixed by the design (they are what
// scripts read); the export adds, after them, what an exact round trip needs.
var (
	eventList     = []string{"id", "date", "stream", "platform", "class", "kind", "amount", "currency", "hours", "ref", "note", "voided"}
	eventExtra    = []string{"link", "period_start", "period_end", "billed_seconds", "key", "void_reason"}
	sessionList   = []string{"id", "stream", "start", "hours", "note", "voided", "tag"}
	sessionExtra  = []string{"seconds", "key", "void_reason"}
	guardedPrefix = "=+-@\t\r\n"
)

// EventHeader returns the event columns of the list (export false) or the
// export (export true) layout.
func EventHeader(export bool) []string {
	if export {
		return append(append([]string(nil), eventList...), eventExtra...)
	}
	return append([]string(nil), eventList...)
}

// SessionHeader returns the session columns of the list or export layout.
func SessionHeader(export bool) []string {
	if export {
		return append(append([]string(nil), sessionList...), sessionExtra...)
	}
	return append([]string(nil), sessionList...)
}

// needsGuard reports whether a spreadsheet could run s as a formula, or
// whether s already looks like a guarded cell (a quote before such text), in
// which case it gets one more quote so that Import's stripping is exact.
func needsGuard(s string) bool {
	for strings.HasPrefix(s, "'") {
		s = s[1:]
	}
	return s != "" && strings.IndexByte(guardedPrefix, s[0]) >= 0
}

// guard neutralises a text cell for spreadsheets by prefixing a quote.
func guard(s string) string {
	if needsGuard(s) {
		return "'" + s
	}
	return s
}

// unguard undoes guard: exactly one leading quote goes when the rest is text
// that guard would have protected.
func unguard(s string) string {
	if strings.HasPrefix(s, "'") && needsGuard(s[1:]) {
		return s[1:]
	}
	return s
}

// Writer writes events or sessions as CSV.
type Writer struct {
	cw       *csv.Writer
	sessions bool
	export   bool
	raw      bool
	classes  ledger.Classes
	row      []string
	value    func(*ledger.Event) ([]string, error)
}

// ValueColumns are the columns a valued export adds after all others: the
// event's amount in the valuation currency, that currency, the rate used
// (to ten significant digits) and the rate's date.
var ValueColumns = []string{"value", "value_currency", "rate", "rate_date"}

// NewValuedEventWriter is NewEventWriter with ValueColumns after the other
// columns, their cells made by value for each event. Such a file is for
// spreadsheets and programs: import csv does not read it back.
func NewValuedEventWriter(w io.Writer, export bool, raw bool, classes ledger.Classes, value func(*ledger.Event) ([]string, error)) *Writer {
	x := &Writer{cw: csv.NewWriter(w), export: export, raw: raw, classes: classes, value: value}
	_ = x.cw.Write(append(EventHeader(export), ValueColumns...))
	return x
}

// NewEventWriter returns a Writer of events. export adds the round-trip
// columns; raw turns off the spreadsheet formula guard; classes resolve the
// class column. The header is written at once (errors show on Flush).
func NewEventWriter(w io.Writer, export bool, raw bool, classes ledger.Classes) *Writer {
	x := &Writer{cw: csv.NewWriter(w), export: export, raw: raw, classes: classes}
	_ = x.cw.Write(EventHeader(export))
	return x
}

// NewSessionWriter returns a Writer of work sessions.
func NewSessionWriter(w io.Writer, export bool, raw bool) *Writer {
	x := &Writer{cw: csv.NewWriter(w), sessions: true, export: export, raw: raw}
	_ = x.cw.Write(SessionHeader(export))
	return x
}

func (w *Writer) text(s string) string {
	// encoding/csv reads CR LF inside a quoted cell back as LF; writing LF
	// in the first place keeps export -> import -> export byte-exact.
	s = crlfToLF(s)
	if w.raw {
		return s
	}
	return guard(s)
}

// crlfToLF turns every CR LF into LF, to a fixed point ("\r\r\n" too), so
// that no CR is left before an LF for the CSV reader to drop.
func crlfToLF(s string) string {
	for strings.Contains(s, "\r\n") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return s
}

func dateCell(d ledger.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// Event writes one event row.
func (w *Writer) Event(e *ledger.Event) error {
	if w.sessions {
		return ledger.Errorf(ledger.EINTERNAL, "earncsv: an event written to a session writer")
	}
	hours := ""
	if e.Billed != 0 {
		hours = ledger.FormatHours(e.Billed)
	}
	platform := e.Stream.Platform()
	w.row = append(w.row[:0],
		strconv.FormatUint(e.ID, 10),
		e.Date.String(),
		string(e.Stream),
		platform,
		w.classes.OfStream(e.Stream).String(),
		e.Kind.String(),
		ledger.FormatAmount(e.Amount, e.Currency),
		e.Currency,
		hours,
		w.text(e.Ref),
		w.text(e.Note),
		strconv.FormatBool(e.Voided),
	)
	if w.export {
		key := e.Key
		if key == "" || e.AmendedBy != 0 {
			// An amended record gave its key to its correction: read back,
			// the key must bring the correction, not the record it replaced.
			key = eventKey(e)
		}
		w.row = append(w.row,
			w.text(e.Link),
			dateCell(e.PeriodStart),
			dateCell(e.PeriodEnd),
			strconv.FormatInt(e.Billed, 10),
			w.text(key),
			w.text(e.VoidReason),
		)
	}
	if w.value != nil {
		cells, err := w.value(e)
		if err != nil {
			return err
		}
		w.row = append(w.row, cells...)
	}
	return w.cw.Write(w.row)
}

// Session writes one session row.
func (w *Writer) Session(s *ledger.WorkSession) error {
	if !w.sessions {
		return ledger.Errorf(ledger.EINTERNAL, "earncsv: a session written to an event writer")
	}
	w.row = append(w.row[:0],
		strconv.FormatUint(s.ID, 10),
		string(s.Stream),
		w.text(ledger.FormatCivil(s.Start, s.HasTime)),
		ledger.FormatHours(s.Seconds),
		w.text(s.Note),
		strconv.FormatBool(s.Voided),
		s.Tags,
	)
	if w.export {
		key := s.Key
		if key == "" || s.AmendedBy != 0 {
			key = sessionKey(s)
		}
		w.row = append(w.row, strconv.FormatInt(s.Seconds, 10), w.text(key), w.text(s.VoidReason))
	}
	return w.cw.Write(w.row)
}

// Flush writes what is buffered and returns the first write error.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// eventKey is the import identity of a record that has none (typed by hand):
// a hash of the fields that make it what it is, its id included, so that two
// identical hand-typed sales stay two. Void state is left out: voiding a
// record later must not change its identity.
func eventKey(e *ledger.Event) string {
	return hashKey(
		"event",
		strconv.FormatUint(e.ID, 10),
		strconv.FormatInt(int64(e.Date), 10),
		string(e.Stream),
		e.Kind.String(),
		strconv.FormatInt(e.Amount, 10),
		e.Currency,
		strconv.FormatInt(e.Billed, 10),
		strconv.FormatInt(int64(e.PeriodStart), 10),
		strconv.FormatInt(int64(e.PeriodEnd), 10),
		e.Ref, e.Link, e.Note,
	)
}

func sessionKey(s *ledger.WorkSession) string {
	return hashKey(
		"session",
		strconv.FormatUint(s.ID, 10),
		string(s.Stream),
		strconv.FormatInt(s.Start, 10),
		strconv.FormatBool(s.HasTime),
		strconv.FormatInt(s.Seconds, 10),
		s.Note,
	)
}

func hashKey(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		// Length-prefixed, so no choice of text can make two rows collide.
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f))
	}
	return "csv:" + hex.EncodeToString(h.Sum(nil)[:16])
}
