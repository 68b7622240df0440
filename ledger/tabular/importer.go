package tabular

import (
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/earnlog/earnlog/ledger"
)

// Open is NewReader for an importer: errors name the file name from the
// command line, or fallback when the caller gave none.
func Open(r io.Reader, name, fallback string) (*Reader, error) {
	if name == "" {
		name = fallback
	}
	return NewReader(r, name)
}

// UnknownHeader is the error for a file whose header matches none of the
// versions of format an importer knows: it shows the header found and the
// ones known.
func (t *Reader) UnknownHeader(format string, known ...string) error {
	var b strings.Builder
	found := make([]string, len(t.Header))
	for i, h := range t.Header {
		found[i] = h
		if strings.IndexFunc(h, unicode.IsControl) >= 0 {
			found[i] = strconv.Quote(h) // no terminal escape from a file reaches the terminal
		}
	}
	b.WriteString(t.File + ": the header matches no " + format + " export earnlog knows.\n  found:  " + strings.Join(found, ","))
	for _, k := range known {
		b.WriteString("\n  known:  " + k)
	}
	return ledger.Errorf(ledger.EINVALID, "%s", b.String())
}

// Event validates e before sink sees it, so that a file can never store an
// event the ledger would refuse: a bad one is a RowError for the column at
// col (-1 for the row as a whole).
func (r Row) Event(sink ledger.Sink, col int, e *ledger.Event) error {
	if err := e.Validate(); err != nil {
		return r.Err(col, err)
	}
	return ledger.EventAt(sink, r.Line, e)
}

// Session is Event for work sessions.
func (r Row) Session(sink ledger.Sink, col int, w *ledger.WorkSession) error {
	if err := w.Validate(); err != nil {
		return r.Err(col, err)
	}
	return ledger.SessionAt(sink, r.Line, w)
}

// Currency parses the currency code at col. An empty cell, or "--" as
// statements write for nothing, is the currency the person chose.
func (r Row) Currency(col int, opts ledger.ImportOptions) (string, error) {
	s := r.Get(col)
	if s == "" || s == "--" {
		return FallbackCurrency(opts), nil
	}
	c, err := ledger.ParseCurrency(s)
	if err != nil {
		return "", r.Err(col, err)
	}
	return c, nil
}

// Amounts parses the currency code at curCol, as Currency does, then the
// amount at each of cols in that currency, as Amount does; the first cell
// that does not parse is the error.
func (r Row) Amounts(curCol int, opts ledger.ImportOptions, cols ...int) (string, []int64, error) {
	currency, err := r.Currency(curCol, opts)
	if err != nil {
		return "", nil, err
	}
	v := make([]int64, len(cols))
	for i, c := range cols {
		if v[i], err = r.Amount(c, currency); err != nil {
			return "", nil, err
		}
	}
	return currency, v, nil
}

// FallbackCurrency is the currency of amounts where the file names none:
// --currency, else ledger.DefaultCurrency.
func FallbackCurrency(opts ledger.ImportOptions) string {
	if opts.Currency != "" {
		return opts.Currency
	}
	return ledger.DefaultCurrency
}

// Note keeps a description within the ledger's limits: valid UTF-8, at most
// ledger.MaxNote bytes, cut on a character boundary. Platforms put whole
// listings in a title; a long one is cut, not a reason to refuse the file.
func Note(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= ledger.MaxNote {
		return s
	}
	cut := ledger.MaxNote
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut]
}

// Occurrences numbers the rows of one file that have the same identity,
// for files that carry no ID of their own: two identical sales on one day
// are two sales, so the identity of a row is what it holds plus its
// occurrence, 1 for the first such row in the file, 2 for the next. The
// keys are the same every time the same file is read, so a second import
// of it still adds nothing. Every importer that keys rows on their content
// uses it. The zero value is ready to use.
type Occurrences struct{ seen map[string]int }

// Next counts one more row with identity base and returns its occurrence.
func (o *Occurrences) Next(base string) int {
	if o.seen == nil {
		o.seen = map[string]int{}
	}
	o.seen[base]++
	return o.seen[base]
}

// Key is the import key of the next row with identity base: base, ':' and
// its occurrence.
func (o *Occurrences) Key(base string) string { return base + ":" + strconv.Itoa(o.Next(base)) }
