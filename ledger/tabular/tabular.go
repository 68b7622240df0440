// Package tabular reads the CSV files platforms export: UTF-8 BOM stripped,
// columns found by name (case-insensitive, trimmed), rows shorter or longer
// than the header accepted, and every row's line number kept for errors.
package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// Reader reads one CSV file with a header row.
type Reader struct {
	File   string
	Header []string
	cr     *csv.Reader
	cols   map[string]int
}

// NewReader reads the header. An empty file is an EINVALID error naming file.
func NewReader(r io.Reader, file string) (*Reader, error) {
	return NewReaderWith(r, file, Options{})
}

// Options are the ways a CSV file may differ from plain comma-separated
// fields.
type Options struct {
	// Comma is the field delimiter; 0 is ','.
	Comma rune
	// TrimLeadingSpace reads `"a", "b"` (a space after each delimiter, as
	// some exports write their header) as two quoted fields.
	TrimLeadingSpace bool
}

// NewReaderWith is NewReader for a file read with o.
func NewReaderWith(r io.Reader, file string, o Options) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	if o.Comma != 0 {
		cr.Comma = o.Comma
	}
	cr.TrimLeadingSpace = o.TrimLeadingSpace
	head, err := cr.Read()
	if err == io.EOF {
		return nil, ledger.Errorf(ledger.EINVALID, "%s: the file is empty: expected a CSV header line", file)
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	t := &Reader{File: file, cr: cr, cols: make(map[string]int, len(head))}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		t.Header = append(t.Header, h)
		k := strings.ToLower(h)
		if _, dup := t.cols[k]; !dup {
			t.cols[k] = i
		}
	}
	return t, nil
}

// Col returns the index of the first of names present in the header, or -1.
func (t *Reader) Col(names ...string) int {
	for _, n := range names {
		if i, ok := t.cols[strings.ToLower(n)]; ok {
			return i
		}
	}
	return -1
}

// Has reports whether every one of names is in the header.
func (t *Reader) Has(names ...string) bool {
	for _, n := range names {
		if _, ok := t.cols[strings.ToLower(n)]; !ok {
			return false
		}
	}
	return true
}

// ReuseFields makes every Row that Next returns from now on share one Fields
// slice, which saves an allocation per row: a Row's Fields then hold only
// until the next row is read. The strings in them stay valid.
func (t *Reader) ReuseFields() { t.cr.ReuseRecord = true }

// Row is one data row.
type Row struct {
	Fields []string
	Line   int
	file   string
	header []string
}

// Next returns the next row, skipping blank lines; io.EOF at the end.
func (t *Reader) Next() (Row, error) {
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			return Row{}, io.EOF
		}
		if err != nil {
			return Row{}, csvError(t.File, err)
		}
		line, _ := t.cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		return Row{Fields: rec, Line: line, file: t.File, header: t.Header}, nil
	}
}

// Rows iterates over the data rows as Next returns them, ending at the end
// of the file or after the first error, which it yields with a zero Row.
func (t *Reader) Rows() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for {
			row, err := t.Next()
			if err == io.EOF {
				return
			}
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

// Get returns the trimmed field at col, "" when col is -1 or past the row's end.
func (r Row) Get(col int) string {
	if col < 0 || col >= len(r.Fields) {
		return ""
	}
	return strings.TrimSpace(r.Fields[col])
}

// Err wraps err as a RowError for the column at col.
func (r Row) Err(col int, err error) error {
	name := ""
	if col >= 0 && col < len(r.header) {
		name = r.header[col]
	}
	return &ledger.RowError{File: r.file, Line: r.Line, Column: name, Err: stripCode(err)}
}

// Errorf is a RowError with a formatted message for the column at col.
func (r Row) Errorf(col int, format string, args ...any) error {
	return r.Err(col, ledger.Errorf(ledger.EINVALID, format, args...))
}

// Amount parses the amount at col in currency. "--" and "" are zero, since
// statements write "--" for nothing.
func (r Row) Amount(col int, currency string) (int64, error) {
	s := r.Get(col)
	if s == "" || s == "--" || s == "-" {
		return 0, nil
	}
	v, err := ledger.ParseAmount(s, currency)
	if err != nil {
		return 0, r.Err(col, err)
	}
	return v, nil
}

func stripCode(err error) error {
	var e *ledger.Error
	if errors.As(err, &e) {
		return errors.New(e.Message)
	}
	return err
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return ledger.Errorf(ledger.EINVALID, "%s:%d: not valid CSV: %v", file, pe.Line, pe.Err)
	}
	return ledger.Errorf(ledger.EINTERNAL, "%s: %v", file, err)
}
