// Package ratefile reads exchange-rate files into ledger rates:
//
//   - ecb: the European Central Bank's euro reference rates, current or
//     history (eurofxref-hist.csv): "Date,USD,JPY,..." then one row per
//     working day, units of each currency per euro, "N/A" where a currency
//     had no rate that day, a trailing comma on every line.
//   - pricedb: hledger and Ledger market price directives,
//     "P 2025-03-01 EUR 1.0842 USD" (one EUR is 1.0842 USD); comments,
//     blank lines and other directives are skipped.
//   - csv: a plain "date,from,to,rate" file with that header (columns in
//     any order, others ignored): on date, one from was rate to. A
//     "source" column, as 'rates list -o csv' writes, keeps each rate's
//     source; without one the source is the file.
//
// A file is read whole or refused: the first bad line is named with its
// number, and nothing of the file is kept.
package ratefile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// Format names.
const (
	FormatECB     = "ecb"
	FormatPriceDB = "pricedb"
	FormatCSV     = "csv"
)

// Formats lists the format names, as --format takes them.
var Formats = []string{FormatECB, FormatPriceDB, FormatCSV}

// File is what a rate file held.
type File struct {
	Format string
	Rates  []ledger.Rate
	// Skipped says what was left out and why, for the person: currencies
	// that are no longer ISO 4217 codes, "N/A" cells, lines that are not
	// price directives.
	Skipped []string
}

// maxLine bounds one line of a rate file.
const maxLine = 1 << 20

// Detect names the format of a file from its first bytes: "ecb" for a
// header starting with "Date," and a currency code, "csv" for a header with
// date, from, to and rate columns, "pricedb" when a line starts with "P ".
func Detect(head []byte) (string, bool) {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	line := strings.TrimSpace(string(first))
	cols := strings.Split(line, ",")
	if len(cols) >= 2 && strings.EqualFold(strings.TrimSpace(cols[0]), "date") {
		names := map[string]bool{}
		for _, c := range cols {
			names[strings.ToLower(strings.TrimSpace(c))] = true
		}
		if names["from"] && names["to"] && names["rate"] {
			return FormatCSV, true
		}
		if len(strings.TrimSpace(cols[1])) == 3 {
			return FormatECB, true
		}
	}
	for _, l := range bytes.Split(head, []byte("\n")) {
		if t := bytes.TrimSpace(l); bytes.HasPrefix(t, []byte("P ")) || bytes.HasPrefix(t, []byte("P\t")) {
			return FormatPriceDB, true
		}
	}
	return "", false
}

// Parse reads a rate file of format; name is the file's name, for errors
// and the rates' source ("ecb:eurofxref-hist.csv").
func Parse(r io.Reader, format, name string) (*File, error) {
	source := format + ":" + filepath.Base(name)
	if len(source) > ledger.MaxSource {
		source = source[:ledger.MaxSource]
	}
	var f *File
	var err error
	switch format {
	case FormatECB:
		f, err = parseECB(r, name, source)
	case FormatPriceDB:
		f, err = parsePriceDB(r, name, source)
	case FormatCSV:
		f, err = parseCSV(r, name, source)
	default:
		return nil, ledger.Errorf(ledger.EINVALID, "%q is not a rate file format: use %s", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	f.Format = format
	return f, nil
}

func lineErr(file string, line int, col string, err error) error {
	var le *ledger.Error
	if errors.As(err, &le) {
		err = errors.New(le.Message)
	}
	return &ledger.RowError{File: file, Line: line, Column: col, Err: err}
}

func lineErrf(file string, line int, col, msg string) error {
	return lineErr(file, line, col, errors.New(msg))
}

// readCSV reads every record of a CSV file, with its line numbers.
func readCSV(r io.Reader, name string) ([][]string, []int, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, lines, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, lineErr(name, pe.Line, "", pe.Err)
			}
			return nil, nil, ledger.Errorf(ledger.EINVALID, "%s: cannot read: %v", name, err)
		}
		// FieldPos is valid only after a successful Read.
		line, _ := cr.FieldPos(0)
		for _, c := range rec {
			if len(c) > maxLine {
				return nil, nil, lineErrf(name, line, "", "the line is too long")
			}
		}
		rows = append(rows, rec)
		lines = append(lines, line)
	}
}

// currencyCode reads a currency code as rate files write it.
func currencyCode(s string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(s))
	_, ok := ledger.CurrencyExponent(c)
	return c, ok
}

func itoa(n int) string { return strconv.Itoa(n) }
