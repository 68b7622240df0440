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
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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

func parseECB(r io.Reader, name, source string) (*File, error) {
	rows, lines, err := readCSV(r, name)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is empty: an ECB rates file starts with the header Date,USD,JPY,...", name)
	}
	head := rows[0]
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if len(head) < 2 || !strings.EqualFold(strings.TrimSpace(head[0]), "date") {
		return nil, lineErrf(name, lines[0], "", "the header is not an ECB rates header: want Date,USD,JPY,...")
	}
	f := &File{}
	cols := make([]string, len(head)) // "" for a column that is skipped
	var obsolete []string
	for i := 1; i < len(head); i++ {
		h := strings.TrimSpace(head[i])
		if h == "" {
			continue // the trailing comma
		}
		c, ok := currencyCode(h)
		switch {
		case ok && c == "EUR":
			return nil, lineErrf(name, lines[0], h, "an ECB rates file has no EUR column: its rates are per euro")
		case ok:
			for _, prev := range cols {
				if prev == c {
					return nil, lineErrf(name, lines[0], h, "the currency "+c+" has two columns")
				}
			}
			cols[i] = c
		case len(h) == 3 && strings.ToUpper(h) == h:
			obsolete = append(obsolete, h) // CYP, SIT, ...: currencies the euro replaced
		default:
			return nil, lineErrf(name, lines[0], h, "the column is not a currency code")
		}
	}
	if len(obsolete) > 0 {
		f.Skipped = append(f.Skipped, "columns of currencies that are not ISO 4217 codes any more: "+strings.Join(obsolete, ", "))
	}
	na := 0
	for k := 1; k < len(rows); k++ {
		row, line := rows[k], lines[k]
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		d, ok := ledger.ParseISODate(strings.TrimSpace(row[0]))
		if !ok {
			return nil, lineErrf(name, line, "Date", "\""+row[0]+"\" is not a date: use YYYY-MM-DD from 1970 to 2999")
		}
		if len(row) > len(head) && strings.TrimSpace(strings.Join(row[len(head):], "")) != "" {
			return nil, lineErrf(name, line, "", "the line has more cells than the header")
		}
		for i := 1; i < len(row) && i < len(cols); i++ {
			cell := strings.TrimSpace(row[i])
			if cols[i] == "" {
				continue
			}
			if cell == "" || strings.EqualFold(cell, "N/A") {
				na++
				continue
			}
			v, err := ledger.ParseRateValue(cell)
			if err != nil {
				return nil, lineErr(name, line, cols[i], err)
			}
			f.Rates = append(f.Rates, ledger.Rate{Date: d, From: "EUR", To: cols[i], Value: v, Source: source})
		}
	}
	if na > 0 {
		f.Skipped = append(f.Skipped, itoa(na)+" cells without a rate (N/A)")
	}
	return f, nil
}

func parseCSV(r io.Reader, name, source string) (*File, error) {
	rows, lines, err := readCSV(r, name)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is empty: a rates CSV starts with the header date,from,to,rate", name)
	}
	head := rows[0]
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	col := map[string]int{"date": -1, "from": -1, "to": -1, "rate": -1, "source": -1}
	for i, h := range head {
		k := strings.ToLower(strings.TrimSpace(h))
		if j, ok := col[k]; ok {
			if j >= 0 {
				return nil, lineErrf(name, lines[0], h, "the column appears twice")
			}
			col[k] = i
		}
	}
	for _, k := range []string{"date", "from", "to", "rate"} {
		if col[k] < 0 {
			return nil, lineErrf(name, lines[0], "", "the header has no "+k+" column: want date,from,to,rate")
		}
	}
	get := func(row []string, k string) string {
		if i := col[k]; i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	f := &File{}
	for k := 1; k < len(rows); k++ {
		row, line := rows[k], lines[k]
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		d, ok := ledger.ParseISODate(get(row, "date"))
		if !ok {
			return nil, lineErrf(name, line, head[col["date"]], "\""+get(row, "date")+"\" is not a date: use YYYY-MM-DD from 1970 to 2999")
		}
		from, ok1 := currencyCode(get(row, "from"))
		if !ok1 {
			return nil, lineErrf(name, line, head[col["from"]], "\""+get(row, "from")+"\" is not an ISO 4217 currency code")
		}
		to, ok2 := currencyCode(get(row, "to"))
		if !ok2 {
			return nil, lineErrf(name, line, head[col["to"]], "\""+get(row, "to")+"\" is not an ISO 4217 currency code")
		}
		if from == to {
			return nil, lineErrf(name, line, "", "a rate from "+from+" to "+to+" converts a currency to itself")
		}
		v, err := ledger.ParseRateValue(get(row, "rate"))
		if err != nil {
			return nil, lineErr(name, line, head[col["rate"]], err)
		}
		src := source
		if col["source"] >= 0 {
			if s := get(row, "source"); s != "" {
				if len(s) > ledger.MaxSource || !utf8.ValidString(s) {
					return nil, lineErrf(name, line, head[col["source"]], "the source is not valid UTF-8 or longer than 200 bytes")
				}
				src = s
			}
		}
		f.Rates = append(f.Rates, ledger.Rate{Date: d, From: from, To: to, Value: v, Source: src})
	}
	return f, nil
}

// parsePriceDB reads P directives: "P DATE [TIME] COMMODITY AMOUNT", where
// AMOUNT is a number with a currency code before or after it
// ("1.0842 USD", "USD 1.0842"). Dates may use -, / or . between their
// parts, as hledger and Ledger accept.
func parsePriceDB(r io.Reader, name, source string) (*File, error) {
	br := bufio.NewReader(r)
	f := &File{}
	other, commodities := 0, map[string]bool{}
	for line := 1; ; line++ {
		text, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, ledger.Errorf(ledger.EINVALID, "%s: cannot read: %v", name, err)
		}
		if len(text) > maxLine {
			return nil, lineErrf(name, line, "", "the line is too long")
		}
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if rate, skip, perr := priceLine(text, source); perr != nil {
			return nil, lineErr(name, line, "", perr)
		} else if skip == skipOther {
			other++
		} else if skip == skipCommodity {
			commodities[rate.From] = true
		} else if skip == keep {
			f.Rates = append(f.Rates, rate)
		}
		if err == io.EOF {
			break
		}
	}
	if other > 0 {
		f.Skipped = append(f.Skipped, itoa(other)+" lines that are not price directives")
	}
	if len(commodities) > 0 {
		var cs []string
		for c := range commodities {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		f.Skipped = append(f.Skipped, "prices of commodities that are not currencies: "+strings.Join(cs, ", "))
	}
	return f, nil
}

const (
	keep = iota
	skipBlank
	skipOther
	skipCommodity
)

func priceLine(text, source string) (ledger.Rate, int, error) {
	t := strings.TrimSpace(text)
	if t == "" || strings.ContainsRune(";#*%|", rune(t[0])) {
		return ledger.Rate{}, skipBlank, nil
	}
	if !strings.HasPrefix(t, "P ") && !strings.HasPrefix(t, "P\t") {
		return ledger.Rate{}, skipOther, nil
	}
	// A comment after the price.
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	fields := strings.Fields(t[1:])
	if len(fields) < 3 {
		return ledger.Rate{}, 0, errors.New("a price directive is P DATE COMMODITY AMOUNT, such as P 2025-03-01 EUR 1.0842 USD")
	}
	d, ok := priceDate(fields[0])
	if !ok {
		return ledger.Rate{}, 0, errors.New("\"" + fields[0] + "\" is not a date: use YYYY-MM-DD (or YYYY/MM/DD) from 1970 to 2999")
	}
	fields = fields[1:]
	if isTime(fields[0]) {
		fields = fields[1:]
	}
	if len(fields) < 2 {
		return ledger.Rate{}, 0, errors.New("a price directive is P DATE COMMODITY AMOUNT, such as P 2025-03-01 EUR 1.0842 USD")
	}
	commodity := strings.Trim(fields[0], "\"")
	from, okFrom := currencyCode(commodity)
	amount := fields[1:]
	var num, code string
	switch {
	case len(amount) == 2 && isNumber(amount[0]):
		num, code = amount[0], amount[1]
	case len(amount) == 2 && isNumber(amount[1]):
		code, num = amount[0], amount[1]
	case len(amount) == 1:
		return ledger.Rate{}, 0, errors.New("the amount \"" + amount[0] + "\" has no currency code: write it as 1.0842 USD")
	default:
		return ledger.Rate{}, 0, errors.New("\"" + strings.Join(amount, " ") + "\" is not an amount: write it as 1.0842 USD")
	}
	to, okTo := currencyCode(strings.Trim(code, "\""))
	if !okFrom || !okTo {
		if !okFrom {
			// A stock or a fund: not a currency, so not a rate.
			return ledger.Rate{From: commodity}, skipCommodity, nil
		}
		return ledger.Rate{From: code}, skipCommodity, nil
	}
	if from == to {
		return ledger.Rate{}, 0, errors.New("a price of " + from + " in " + to + " converts a currency to itself")
	}
	v, err := ledger.ParseRateValue(num)
	if err != nil {
		return ledger.Rate{}, 0, err
	}
	return ledger.Rate{Date: d, From: from, To: to, Value: v, Source: source}, keep, nil
}

func priceDate(s string) (ledger.Date, bool) {
	if len(s) == 10 && (s[4] == '/' || s[4] == '.') && s[7] == s[4] {
		s = s[:4] + "-" + s[5:7] + "-" + s[8:]
	}
	return ledger.ParseISODate(s)
}

func isTime(s string) bool {
	if len(s) != 5 && len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 2 || i == 5 {
			if c != ':' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' && c != ',' && c != '-' && c != '+' {
			return false
		}
	}
	return true
}

func itoa(n int) string { return strconv.Itoa(n) }
