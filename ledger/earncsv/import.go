package earncsv

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
	"github.com/shopspring/decimal"
)

// Import reads an earnlog CSV, the event or the session layout (told apart
// by the header), list or export columns, and hands every row to sink in
// file order, so that ids come out as they were. A voided row arrives with
// Voided and VoidReason set: the sink voids it after adding it. Rows keep the
// key column as their import identity; rows without one get the key the
// export would have given them.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	t, err := tabular.Open(r, opts.Name, "stdin")
	if err != nil {
		return err
	}
	switch {
	case t.Has("kind", "amount", "currency", "date", "stream"):
		return importEvents(t, opts, sink)
	case t.Has("start", "stream") && (t.Has("hours") || t.Has("seconds")):
		return importSessions(t, opts, sink)
	}
	return t.UnknownHeader("earnlog CSV", strings.Join(EventHeader(true), ","), strings.Join(SessionHeader(true), ","))
}

// eventCols are the indexes of the event columns (-1 when absent), looked
// up once per file: a map lookup by name for every field of every row cost
// a million-row import more time than reading its amounts did.
type eventCols struct {
	id, date, stream, kind, amount, currency, hours, ref, note, voided int
	link, periodStart, periodEnd, billedSeconds, key, voidReason       int
}

func eventColumns(t *tabular.Reader) eventCols {
	return eventCols{
		id: t.Col("id"), date: t.Col("date"), stream: t.Col("stream"), kind: t.Col("kind"),
		amount: t.Col("amount"), currency: t.Col("currency"), hours: t.Col("hours"),
		ref: t.Col("ref"), note: t.Col("note"), voided: t.Col("voided"),
		link: t.Col("link"), periodStart: t.Col("period_start"), periodEnd: t.Col("period_end"),
		billedSeconds: t.Col("billed_seconds"), key: t.Col("key"), voidReason: t.Col("void_reason"),
	}
}

// sessionCols are eventCols for the session layout.
type sessionCols struct {
	id, stream, start, hours, note, voided, seconds, key, voidReason, tag int
}

func sessionColumns(t *tabular.Reader) sessionCols {
	return sessionCols{
		id: t.Col("id"), stream: t.Col("stream"), start: t.Col("start"), hours: t.Col("hours"),
		note: t.Col("note"), voided: t.Col("voided"), seconds: t.Col("seconds"),
		key: t.Col("key"), voidReason: t.Col("void_reason"), tag: t.Col("tag"),
	}
}

// text returns a text cell untrimmed (notes keep their spaces) and unguarded.
func text(row tabular.Row, col int) string {
	if col < 0 || col >= len(row.Fields) {
		return ""
	}
	return unguard(row.Fields[col])
}

func parseDate(row tabular.Row, col int, optional bool) (ledger.Date, error) {
	s := row.Get(col)
	if s == "" && optional {
		return 0, nil
	}
	d, ok := ledger.ParseISODate(s)
	if !ok {
		return 0, row.Errorf(col, "%q is not a date: use YYYY-MM-DD, from 1970-01-01 to 2999-12-31", s)
	}
	return d, nil
}

func parseBool(row tabular.Row, col int) (bool, error) {
	switch strings.ToLower(row.Get(col)) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, row.Errorf(col, "%q is not true or false", row.Get(col))
}

func parseID(row tabular.Row, col int) (uint64, error) {
	s := row.Get(col)
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, row.Errorf(col, "%q is not an id: use a whole number", s)
	}
	return v, nil
}

func parseSeconds(row tabular.Row, col int) (int64, error) {
	s := row.Get(col)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 || v > ledger.MaxDuration {
		return 0, row.Errorf(col, "%q is not a number of seconds: use a whole number from 0 to %d", s, ledger.MaxDuration)
	}
	return v, nil
}

// parseHours reads hours with decimals ("1.50") as whole seconds, rounded.
func parseHours(row tabular.Row, col int) (int64, error) {
	s := row.Get(col)
	if s == "" {
		return 0, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(ledger.MaxDuration/3600)) || strings.ContainsAny(s, "eE") {
		return 0, row.Errorf(col, "%q is not a number of hours: use hours with decimals, such as 1.50, at most 1000", s)
	}
	return d.Mul(decimal.NewFromInt(3600)).Round(0).IntPart(), nil
}

func importEvents(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	c := eventColumns(t)
	t.ReuseFields()
	var seen tabular.Occurrences
	// One event for every row: sinks copy what they keep.
	e := &ledger.Event{}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		*e = ledger.Event{}
		if e.ID, err = parseID(row, c.id); err != nil {
			return err
		}
		if e.Date, err = parseDate(row, c.date, false); err != nil {
			return err
		}
		s, err := ledger.ParseStream(row.Get(c.stream))
		if err != nil {
			return row.Err(c.stream, err)
		}
		e.Stream = s
		if opts.Stream != "" {
			e.Stream = opts.Stream
		}
		if e.Kind, err = ledger.ParseKind(row.Get(c.kind)); err != nil {
			return row.Err(c.kind, err)
		}
		if e.Currency, err = ledger.ParseCurrency(row.Get(c.currency)); err != nil {
			return row.Err(c.currency, err)
		}
		if e.Amount, err = ledger.ParseAmount(row.Get(c.amount), e.Currency); err != nil {
			return row.Err(c.amount, err)
		}
		// Exact seconds when the export wrote them; the two-decimal hours
		// of the list layout otherwise.
		if c.billedSeconds >= 0 && row.Get(c.billedSeconds) != "" {
			e.Billed, err = parseSeconds(row, c.billedSeconds)
		} else {
			e.Billed, err = parseHours(row, c.hours)
		}
		if err != nil {
			return err
		}
		if e.PeriodStart, err = parseDate(row, c.periodStart, true); err != nil {
			return err
		}
		if e.PeriodEnd, err = parseDate(row, c.periodEnd, true); err != nil {
			return err
		}
		if e.Billed > 0 && c.periodStart < 0 && c.periodEnd < 0 {
			e.PeriodStart, e.PeriodEnd = ledger.BillingWeek(e.Date)
		}
		e.Ref = text(row, c.ref)
		e.Link = text(row, c.link)
		e.Note = text(row, c.note)
		if e.Voided, err = parseBool(row, c.voided); err != nil {
			return err
		}
		e.VoidReason = text(row, c.voidReason)
		e.Key = text(row, c.key)
		if e.Key == "" {
			e.Key = occurrenceKey(&seen, eventKey(e))
		}
		if err := row.Event(sink, -1, e); err != nil {
			return err
		}
	}
	return nil
}

// occurrenceKey is the key of a row without a key column: the hash of what
// it holds, and for the second and later identical rows of the file (two
// sales of the same price on the same day, in a file without ids) their
// occurrence too. The first keeps the bare hash, the key earlier versions
// gave every copy, so files imported before still add nothing.
func occurrenceKey(seen *tabular.Occurrences, key string) string {
	if n := seen.Next(key); n > 1 {
		return key + ":" + strconv.Itoa(n)
	}
	return key
}

func importSessions(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	c := sessionColumns(t)
	var seen tabular.Occurrences
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		w := &ledger.WorkSession{}
		if w.ID, err = parseID(row, c.id); err != nil {
			return err
		}
		s, err := ledger.ParseStream(row.Get(c.stream))
		if err != nil {
			return row.Err(c.stream, err)
		}
		w.Stream = s
		if opts.Stream != "" {
			w.Stream = opts.Stream
		}
		start := unguard(row.Get(c.start))
		switch len(start) {
		case len("2006-01-02"):
			p, perr := time.Parse("2006-01-02", start)
			if perr != nil {
				return row.Errorf(c.start, "%q is not a start: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", start)
			}
			w.Start = ledger.CivilSeconds(p)
		case len("2006-01-02T15:04:05"):
			p, perr := time.Parse("2006-01-02T15:04:05", start)
			if perr != nil {
				return row.Errorf(c.start, "%q is not a start: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", start)
			}
			w.Start, w.HasTime = ledger.CivilSeconds(p), true
		default:
			return row.Errorf(c.start, "%q is not a start: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", start)
		}
		if c.seconds >= 0 && row.Get(c.seconds) != "" {
			w.Seconds, err = parseSeconds(row, c.seconds)
		} else {
			w.Seconds, err = parseHours(row, c.hours)
		}
		if err != nil {
			return err
		}
		w.Note = text(row, c.note)
		if w.Tags, err = ledger.ParseTags(row.Get(c.tag)); err != nil {
			return row.Err(c.tag, err)
		}
		if w.Voided, err = parseBool(row, c.voided); err != nil {
			return err
		}
		w.VoidReason = text(row, c.voidReason)
		w.Key = text(row, c.key)
		if w.Key == "" {
			w.Key = occurrenceKey(&seen, sessionKey(w))
		}
		if err := row.Session(sink, -1, w); err != nil {
			return err
		}
	}
	return nil
}
