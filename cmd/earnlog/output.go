package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/report"
)

// outputFormat checks -o against the formats a command offers.
func outputFormat(value string, offered ...string) error {
	for _, o := range offered {
		if value == o {
			return nil
		}
	}
	return ledger.Errorf(ledger.EINVALID, "-o %q is not an output format here: use %s", value, strings.Join(offered, ", "))
}

// writeTable writes rows as aligned columns under a header, with no
// trailing blanks. Every cell goes through report.TableText: a note, ref or
// buyer name with a line break or a terminal escape in it is shown escaped
// ("\n", "\x1b"), never printed raw to the terminal.
//
// The columns are those text/tabwriter makes of the cells (each column as
// wide as its widest cell in runes, then two spaces; the last cell free),
// written line by line: tabwriter holds a cell record for every cell and
// its output three times over, several GB for the table of a two-million-
// row dry run. A table whose rows differ in length from the header goes
// through tabwriter itself, whose columns then break where a line ends.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	t := newTable(header...)
	for _, r := range rows {
		t.add(r...)
	}
	return t.write(w)
}

// table is the rows of a table as writeTable writes them, kept in blocks
// of bytes: each cell as the table shows it (report.TableText), ended by a
// zero byte, which TableText never leaves in a cell (it writes control
// characters as escapes), and each column's width so far. A row's seven
// cells then take their text and seven bytes, where seven strings took
// 112 bytes more and an allocation each; blocks of a fixed size grow
// without copying what they hold. A dry run of a million rows, or a list of
// a million events, held 320-380 MB for its table. A row whose length
// differs from the header's makes the table keep every row whole, for
// tabwriter (writeTable).
type table struct {
	header []string
	widths []int    // in runes, of every column but the last
	text   [][]byte // blocks of whole rows
	rows   int
	ragged [][]string
}

// tableBlock is the size of table's blocks; a longer row has one of its own.
const tableBlock = 256 << 10

func newTable(header ...string) *table {
	t := &table{header: header, widths: make([]int, max(0, len(header)-1))}
	for j := range t.widths {
		t.widths[j] = utf8.RuneCountInString(header[j])
	}
	return t
}

// add appends a row.
func (t *table) add(cells ...string) {
	if t.ragged == nil && len(cells) != len(t.header) {
		t.ragged = t.all()
	}
	if t.ragged != nil {
		t.ragged = append(t.ragged, slices.Clone(cells))
		t.rows++
		return
	}
	var buf [16]string
	shown := buf[:0]
	size := 0
	for j, c := range cells {
		c = report.TableText(c)
		shown = append(shown, c)
		size += len(c) + 1
		if j < len(t.widths) {
			t.widths[j] = max(t.widths[j], utf8.RuneCountInString(c))
		}
	}
	if k := len(t.text); k == 0 || len(t.text[k-1])+size > cap(t.text[k-1]) {
		t.text = append(t.text, make([]byte, 0, max(tableBlock, size)))
	}
	b := &t.text[len(t.text)-1]
	for _, c := range shown {
		*b = append(append(*b, c...), 0)
	}
	t.rows++
}

// len is the number of rows added.
func (t *table) len() int { return t.rows }

// all returns the rows kept in the buffer (their cells as shown, which
// TableText leaves as they are).
func (t *table) all() [][]string {
	rows := make([][]string, 0, t.rows)
	if len(t.header) == 0 {
		return append(rows, make([][]string, t.rows)...)
	}
	cells := strings.Split(string(bytes.Join(t.text, nil)), "\x00")
	for i := 0; i+len(t.header) <= len(cells)-1; i += len(t.header) {
		rows = append(rows, cells[i:i+len(t.header)])
	}
	return rows
}

// write writes the table: the header, then the rows in the order added.
func (t *table) write(w io.Writer) error {
	if t.ragged != nil {
		return writeTabwriter(w, t.header, t.ragged)
	}
	n := len(t.header)
	bw := bufio.NewWriter(w)
	if n == 0 { // a line for the header and each row, all empty
		bw.Write(bytes.Repeat([]byte{'\n'}, t.rows+1))
		return bw.Flush()
	}
	var line []byte
	put := func(j int, c []byte) {
		line = append(line, c...)
		if j < n-1 {
			for range t.widths[j] - utf8.RuneCount(c) + 2 {
				line = append(line, ' ')
			}
			return
		}
		line = append(bytes.TrimRight(line, " "), '\n')
		bw.Write(line)
		line = line[:0]
	}
	for j, h := range t.header {
		put(j, []byte(h))
	}
	j := 0
	for _, rest := range t.text {
		for len(rest) > 0 {
			end := bytes.IndexByte(rest, 0)
			put(j, rest[:end])
			rest, j = rest[end+1:], (j+1)%n
		}
	}
	return bw.Flush()
}

// writeTabwriter is writeTable through text/tabwriter.
func writeTabwriter(w io.Writer, header []string, rows [][]string) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	cells := make([]string, 0, len(header))
	for _, r := range rows {
		cells = cells[:0]
		for _, c := range r {
			cells = append(cells, report.TableText(c))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n")
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func dateOrEmpty(d ledger.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// hoursIf writes billed hours, or nothing for an event that billed none (the
// same in table, CSV and JSON).
func hoursIf(secs int64) string {
	if secs == 0 {
		return ""
	}
	return ledger.FormatHours(secs)
}

// writeRecords writes the events (or, with work, the sessions) that pass f
// as CSV or JSON: list's columns, or with export also those an exact round
// trip needs. It streams: nothing is held per record.
func writeRecords(w io.Writer, tx ledger.Tx, f *ledger.Filter, format string, work, export, raw bool, classes ledger.Classes) error {
	if format == "csv" {
		cw := earncsv.NewEventWriter(w, export, raw, classes)
		if work {
			cw = earncsv.NewSessionWriter(w, export, raw)
		}
		if err := eachRecord(tx, f, work, cw.Event, cw.Session); err != nil {
			return err
		}
		return cw.Flush()
	}
	name := "events"
	if work {
		name = "sessions"
	}
	j := newJSONArray(w, name)
	err := eachRecord(tx, f, work,
		func(e *ledger.Event) error {
			if export {
				return j.add(exportEvent(e, classes))
			}
			return j.add(newJSONEvent(e, classes))
		},
		func(s *ledger.WorkSession) error {
			if export {
				return j.add(exportSession(s))
			}
			return j.add(newJSONSession(s))
		})
	if err != nil {
		return err
	}
	if export && !work {
		// Targets are settings, not records, but the ledger's own: they go
		// with the events.
		ts, err := exportTargets(tx)
		if err != nil {
			return err
		}
		return j.closeWith("targets", ts)
	}
	return j.close()
}

// eachRecord calls onEvent for every event that passes f, or with work
// onSession for every such session, in f's order. In date order it holds
// the records it sorts up to keptLimit of them; past that it holds only
// their dates and IDs, and reads each record again by its ID in date
// order (EachEventIn), so that a list of ten million events takes a few
// hundred MB, not several GB.
func eachRecord(tx ledger.Tx, f *ledger.Filter, work bool, onEvent func(*ledger.Event) error, onSession func(*ledger.WorkSession) error) error {
	byDate := f.Order == ledger.OrderDate
	if work {
		return inOrder(byDate, tx.EachSession, f.Session, func(s *ledger.WorkSession) sortKey { return sortKey{s.Start, s.ID} },
			ledger.SortSessions, tx.EachSessionIn, onSession)
	}
	return inOrder(byDate, tx.EachEvent, f.Event, func(e *ledger.Event) sortKey { return sortKey{int64(e.Date), e.ID} },
		ledger.SortEvents, tx.EachEventIn, onEvent)
}

// inOrder calls on for every record of each that keep passes: in ID order,
// or byDate in the order of their keys, sorting the records it holds up to
// keptLimit of them, and past that their keys, whose records it then reads
// again through in.
func inOrder[T any](byDate bool, each func(func(*T) error) error, keep func(*T) bool, key func(*T) sortKey,
	sortHeld func([]T), in func([]uint64, func(*T) error) error, on func(*T) error) error {
	var held []T
	var keys []sortKey
	err := each(func(r *T) error {
		switch {
		case !keep(r):
			return nil
		case !byDate:
			return on(r)
		case keys == nil && len(held) < keptLimit:
			held = append(held, *r)
			return nil
		case keys == nil:
			keys = make([]sortKey, 0, 2*len(held))
			for i := range held {
				keys = append(keys, key(&held[i]))
			}
			held = nil
		}
		keys = append(keys, key(r))
		return nil
	})
	if err != nil || !byDate {
		return err
	}
	if keys == nil {
		sortHeld(held)
		for i := range held {
			if err := on(&held[i]); err != nil {
				return err
			}
		}
		return nil
	}
	return in(sortedIDs(keys), on)
}

// keptLimit is how many records eachRecord holds to sort them (about 80 MB
// of events: a list of 100k events sorts them in memory, faster than it
// would read them again); a variable for tests.
var keptLimit = 1 << 17

// sortKey is a record's place in date order: its date (sessions: start),
// then its ID, as ledger.SortEvents and ledger.SortSessions order them.
type sortKey struct {
	at int64
	id uint64
}

// sortedIDs returns the IDs of keys in date order.
func sortedIDs(keys []sortKey) []uint64 {
	slices.SortFunc(keys, func(a, b sortKey) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.id, b.id))
	})
	ids := make([]uint64, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	return ids
}
