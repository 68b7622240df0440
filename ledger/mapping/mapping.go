// Package mapping reads CSV files that no Go importer knows, from a mapping
// file: a small TOML description of the file (how to recognise its header,
// its delimiter and decimal mark, its date formats, which columns give the
// date, the money, the currency, the reference and the note), of the stream
// and kind of each row, of the rows to skip and why, and of the columns that
// identify a row. The built-in formats for PayPal, Stripe, Wise and Ko-fi are
// such files, embedded in the binary (formats/*.toml); `earnlog formats show
// NAME` prints them.
//
// TOML, read with github.com/BurntSushi/toml: a mapping is written by hand,
// TOML has comments and plain key = value lines that people read without
// knowing the format, and the decoder reports the line and key of what it
// cannot read, which the person needs to fix their file.
package mapping

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/earnlog/earnlog/ledger"
)

// Mapping is one loaded, checked mapping file.
type Mapping struct {
	// File names the mapping in errors ("paypal-activity.toml", or the
	// path given on the command line).
	File string
	// Text is the file as it was read.
	Text string

	Name         string
	Format       string
	Summary      string
	Platform     string
	Delimiter    rune
	DecimalComma bool
	DateFormats  []string
	Header       []string
	KnownHeaders []string
	Currency     string
	FeeSign      int // -1: the file writes a fee charged as negative; +1: positive

	Columns Columns
	// Note, when set, writes the note from several columns; else the
	// first non-empty of Columns.Note is the note.
	Note   *template
	Stream StreamSpec
	Kind   KindSpec
	Hours  *Capture
	Skip   []SkipRule

	lines *lineIndex
	dates []dateLayout
}

// Columns are the columns a mapping reads; each is a list of names, the
// first present in the header wins. An absent column reads as empty.
type Columns struct {
	Date, Amount, Gross, Fee, Net, Currency, Ref, Link, Note []string
	// ID identifies a row for idempotency (its values joined); Shared is a
	// transaction ID that another file may carry for the same money (the
	// first non-empty of the columns).
	ID, Shared []string
}

// StreamSpec chooses a row's stream: the first rule that matches, else the
// Name template, else Default.
type StreamSpec struct {
	Name    *template
	Default string
	Rules   []StreamRule
}

// StreamRule names the stream of rows whose Column matches Match.
type StreamRule struct {
	Column string
	Match  *regexp.Regexp
	Name   string
}

// KindSpec chooses a row's kind: Values by the Column's value
// (case-insensitive), then the first rule that matches, else Default; a row
// that none gives a kind is refused when Default is 0.
type KindSpec struct {
	Column  string
	Values  map[string]ledger.Kind
	Rules   []KindRule
	Default ledger.Kind
}

// KindRule gives the kind of rows whose Column matches Match.
type KindRule struct {
	Column string
	Match  *regexp.Regexp
	Kind   ledger.Kind
}

// Capture reads billed hours from a column with a regular expression's
// first group.
type Capture struct {
	Column string
	Match  *regexp.Regexp
}

// SkipRule skips rows that are not income, counted under Reason: rows whose
// Column matches Match, is one of Values, or (Unless) does not match.
type SkipRule struct {
	Column string
	Match  *regexp.Regexp
	Unless *regexp.Regexp
	Values []string
	Reason string
}

// raw is the file as TOML decodes it.
type raw struct {
	Name         string   `toml:"name"`
	Format       string   `toml:"format"`
	Summary      string   `toml:"summary"`
	Platform     string   `toml:"platform"`
	Delimiter    string   `toml:"delimiter"`
	Decimal      string   `toml:"decimal"`
	DateFormats  strings1 `toml:"date_formats"`
	Header       []string `toml:"header"`
	KnownHeaders []string `toml:"known_headers"`
	Currency     string   `toml:"currency"`
	FeeSign      string   `toml:"fee_sign"`
	Columns      struct {
		Date     strings1 `toml:"date"`
		Amount   strings1 `toml:"amount"`
		Gross    strings1 `toml:"gross"`
		Fee      strings1 `toml:"fee"`
		Net      strings1 `toml:"net"`
		Currency strings1 `toml:"currency"`
		Ref      strings1 `toml:"ref"`
		Link     strings1 `toml:"link"`
		Note     strings1 `toml:"note"`
		ID       strings1 `toml:"id"`
		Shared   strings1 `toml:"shared_id"`
		NoteTpl  string   `toml:"note_template"`
	} `toml:"columns"`
	Stream struct {
		Name    string `toml:"name"`
		Default string `toml:"default"`
		Rules   []struct {
			Column string `toml:"column"`
			Match  string `toml:"match"`
			Name   string `toml:"name"`
		} `toml:"rules"`
	} `toml:"stream"`
	Kind struct {
		Column  string            `toml:"column"`
		Default string            `toml:"default"`
		Values  map[string]string `toml:"values"`
		Rules   []struct {
			Column string `toml:"column"`
			Match  string `toml:"match"`
			Kind   string `toml:"kind"`
		} `toml:"rules"`
	} `toml:"kind"`
	Hours *struct {
		Column string `toml:"column"`
		Match  string `toml:"match"`
	} `toml:"hours"`
	Skip []struct {
		Column string   `toml:"column"`
		Match  string   `toml:"match"`
		Unless string   `toml:"unless"`
		Values []string `toml:"values"`
		Reason string   `toml:"reason"`
	} `toml:"skip"`
}

// strings1 is a column list written as one string or an array of them.
type strings1 []string

// UnmarshalTOML accepts "Date" and ["Date", "Datum"].
func (s *strings1) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case string:
		*s = strings1{x}
		return nil
	case []any:
		out := make(strings1, 0, len(x))
		for _, e := range x {
			str, ok := e.(string)
			if !ok {
				return errors.New("expected a string or an array of strings")
			}
			out = append(out, str)
		}
		*s = out
		return nil
	}
	return errors.New("expected a string or an array of strings")
}

// decodeErr is how the TOML decoder words a value of the wrong type.
var decodeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "(.*?)"\): (.*)$`)

// LoadError is a mapping file that cannot be used: it names the file, the
// line and the key.
type LoadError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *LoadError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Key == "" {
		return fmt.Sprintf("%s: %s", loc, e.Msg)
	}
	return fmt.Sprintf("%s: key %s: %s", loc, e.Key, e.Msg)
}

// Unwrap makes a LoadError an input error (exit 2).
func (e *LoadError) Unwrap() error { return &ledger.Error{Code: ledger.EINVALID, Message: e.Error()} }

// Load reads and checks a mapping file. Every problem is a *LoadError with
// the line and key, found before any CSV is read.
func Load(file string, text []byte) (*Mapping, error) {
	if !bytes.HasSuffix(text, []byte("\n")) {
		text = append(text[:len(text):len(text)], '\n')
	}
	lines := indexLines(string(text))
	var r raw
	md, err := toml.Decode(string(text), &r)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg, line := pe.Message, pe.Position.Line
			if msg == "" {
				msg = pe.Error()
			}
			if strings.HasSuffix(msg, `'\n' instead`) && line > 1 {
				line-- // the decoder has moved on to the next line
			}
			return nil, &LoadError{File: file, Line: line, Key: pe.LastKey, Msg: msg}
		}
		if sub := decodeErr.FindStringSubmatch(err.Error()); sub != nil {
			n, _ := strconv.Atoi(sub[1])
			return nil, &LoadError{File: file, Line: n, Key: sub[2], Msg: sub[3]}
		}
		return nil, &LoadError{File: file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return nil, &LoadError{File: file, Line: lines.line(k), Key: k, Msg: "is not a mapping key: see `earnlog formats show paypal` for a complete mapping"}
	}
	m := &Mapping{File: file, Text: string(text), lines: lines}
	if err := m.check(&r); err != nil {
		return nil, err
	}
	return m, nil
}

// fail is a LoadError at key (a dotted path, arrays indexed as "skip[2]").
func (m *Mapping) fail(key, format string, args ...any) error {
	return &LoadError{File: m.File, Line: m.lines.line(key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

func (m *Mapping) check(r *raw) error {
	m.Name = strings.TrimSpace(r.Name)
	if !ledger.ValidPlatform(m.Name) {
		if m.Name == "" {
			return &LoadError{File: m.File, Line: 1, Key: "name", Msg: `is missing: name the format, in lower case letters, digits and '-' (name = "acmepay"); import keys begin with it`}
		}
		return m.fail("name", "%q is not a format name: use lower case letters, digits and '-' (for example acmepay)", r.Name)
	}
	m.Format = strings.TrimSpace(r.Format)
	if m.Format == "" {
		m.Format = m.Name
	} else if !ledger.ValidPlatform(m.Format) {
		return m.fail("format", "%q is not a format name: use lower case letters, digits and '-'", r.Format)
	}
	m.Summary = r.Summary
	m.Platform = strings.TrimSpace(r.Platform)
	if m.Platform == "" {
		m.Platform = m.Format
	}
	if !ledger.ValidPlatform(m.Platform) {
		return m.fail("platform", "%q is not a platform name: use lower case letters, digits and '-' (for example paypal)", r.Platform)
	}
	switch r.Delimiter {
	case "", ",":
		m.Delimiter = ','
	case ";":
		m.Delimiter = ';'
	case "\t", "tab":
		m.Delimiter = '\t'
	case "|":
		m.Delimiter = '|'
	default:
		return m.fail("delimiter", "%q is not a delimiter: use \",\", \";\", \"|\" or \"tab\"", r.Delimiter)
	}
	switch r.Decimal {
	case "", ".":
	case ",":
		m.DecimalComma = true
	default:
		return m.fail("decimal", "%q is not a decimal mark: use \".\" (1,234.56) or \",\" (1.234,56)", r.Decimal)
	}
	m.DateFormats = r.DateFormats
	if len(m.DateFormats) == 0 {
		m.DateFormats = []string{"YYYY-MM-DD"}
	}
	for _, f := range m.DateFormats {
		l, err := parseDateFormat(f)
		if err != nil {
			return m.fail("date_formats", "%v", err)
		}
		m.dates = append(m.dates, l)
	}
	m.Header = r.Header
	m.KnownHeaders = r.KnownHeaders
	if r.Currency != "" {
		c, err := ledger.ParseCurrency(r.Currency)
		if err != nil {
			return m.fail("currency", "%v", err)
		}
		m.Currency = c
	}
	switch strings.ToLower(r.FeeSign) {
	case "", "negative":
		m.FeeSign = -1
	case "positive":
		m.FeeSign = 1
	default:
		return m.fail("fee_sign", "%q is not a fee sign: use \"negative\" (the file writes a fee as -0.59) or \"positive\" (as 0.59)", r.FeeSign)
	}

	c := &r.Columns
	m.Columns = Columns{Date: c.Date, Amount: c.Amount, Gross: c.Gross, Fee: c.Fee, Net: c.Net,
		Currency: c.Currency, Ref: c.Ref, Link: c.Link, Note: c.Note, ID: c.ID, Shared: c.Shared}
	if len(c.Date) == 0 {
		return m.fail("columns", "has no date: name the column of the date (date = \"Date\")")
	}
	if len(c.Amount) > 0 && len(c.Gross) > 0 {
		return m.fail("columns.gross", "is given with columns.amount: use one of them, they are the same column")
	}
	if len(c.Gross) > 0 {
		m.Columns.Amount = c.Gross
	}
	if len(m.Columns.Amount) == 0 && len(c.Net) == 0 {
		return m.fail("columns", "has no money: name the amount (amount = \"Amount\"), or gross, fee and net")
	}
	for key, cols := range map[string][]string{"columns.date": c.Date, "columns.amount": c.Amount, "columns.gross": c.Gross,
		"columns.fee": c.Fee, "columns.net": c.Net, "columns.currency": c.Currency, "columns.ref": c.Ref,
		"columns.link": c.Link, "columns.note": c.Note, "columns.id": c.ID, "columns.shared_id": c.Shared} {
		for _, col := range cols {
			if strings.TrimSpace(col) == "" {
				return m.fail(key, "names an empty column: give the column's name as the header writes it")
			}
		}
	}

	if r.Columns.NoteTpl != "" {
		t, err := parseTemplate(r.Columns.NoteTpl)
		if err != nil {
			return m.fail("columns.note_template", "%v", err)
		}
		m.Note = t
	}
	s := &r.Stream
	if s.Name != "" {
		t, err := parseTemplate(s.Name)
		if err != nil {
			return m.fail("stream.name", "%v", err)
		}
		m.Stream.Name = t
	}
	m.Stream.Default = s.Default
	if s.Default != "" && ledger.Slug(s.Default) == "" {
		return m.fail("stream.default", "%q gives no stream name: it has no letters or digits", s.Default)
	}
	if s.Name == "" && s.Default == "" && len(s.Rules) == 0 {
		m.Stream.Default = m.Name
	}
	for i, sr := range s.Rules {
		key := fmt.Sprintf("stream.rules[%d]", i)
		re, err := m.regexp(key, sr.Column, sr.Match)
		if err != nil {
			return err
		}
		if ledger.Slug(sr.Name) == "" {
			return m.fail(key+".name", "%q gives no stream name: it has no letters or digits", sr.Name)
		}
		m.Stream.Rules = append(m.Stream.Rules, StreamRule{Column: sr.Column, Match: re, Name: sr.Name})
	}

	k := &r.Kind
	m.Kind.Column = k.Column
	if k.Default != "" {
		kd, err := ledger.ParseKind(k.Default)
		if err != nil {
			return m.fail("kind.default", "%v", err)
		}
		m.Kind.Default = kd
	}
	if len(k.Values) > 0 && k.Column == "" {
		return m.fail("kind.values", "has no column: name the column whose values they are (column = \"Type\")")
	}
	m.Kind.Values = map[string]ledger.Kind{}
	names := make([]string, 0, len(k.Values))
	for v := range k.Values {
		names = append(names, v)
	}
	sort.Strings(names)
	for _, v := range names {
		kv, err := ledger.ParseKind(k.Values[v])
		if err != nil {
			return m.fail("kind.values."+quoteKey(v), "%v", err)
		}
		m.Kind.Values[strings.ToLower(strings.TrimSpace(v))] = kv
	}
	for i, kr := range k.Rules {
		key := fmt.Sprintf("kind.rules[%d]", i)
		col := kr.Column
		if col == "" {
			col = k.Column
		}
		re, err := m.regexp(key, col, kr.Match)
		if err != nil {
			return err
		}
		kk, err := ledger.ParseKind(kr.Kind)
		if err != nil {
			return m.fail(key+".kind", "%v", err)
		}
		m.Kind.Rules = append(m.Kind.Rules, KindRule{Column: col, Match: re, Kind: kk})
	}
	if m.Kind.Default == 0 && len(m.Kind.Values) == 0 && len(m.Kind.Rules) == 0 {
		m.Kind.Default = ledger.DefaultKind(ledger.BuiltinClass(m.Platform))
	}

	if h := r.Hours; h != nil {
		re, err := m.regexp("hours", h.Column, h.Match)
		if err != nil {
			return err
		}
		if re.NumSubexp() < 1 {
			return m.fail("hours.match", "%q has no group: put the hours in parentheses, as in '(\\d+(?:\\.\\d+)?) hrs'", h.Match)
		}
		m.Hours = &Capture{Column: h.Column, Match: re}
	}

	for i, sk := range r.Skip {
		key := fmt.Sprintf("skip[%d]", i)
		if strings.TrimSpace(sk.Column) == "" {
			return m.fail(key, "has no column: name the column the rule looks at")
		}
		n := 0
		for _, set := range []bool{sk.Match != "", sk.Unless != "", len(sk.Values) > 0} {
			if set {
				n++
			}
		}
		if n != 1 {
			return m.fail(key, "needs exactly one of match (a regular expression), unless (skip rows that do not match) and values (a list)")
		}
		if strings.TrimSpace(sk.Reason) == "" {
			return m.fail(key, "has no reason: say why such rows are not income (reason = \"transfer\"); the import summary counts them by it")
		}
		rule := SkipRule{Column: sk.Column, Values: sk.Values, Reason: strings.TrimSpace(sk.Reason)}
		var err error
		if sk.Match != "" {
			rule.Match, err = m.compile(key+".match", sk.Match)
		}
		if sk.Unless != "" {
			rule.Unless, err = m.compile(key+".unless", sk.Unless)
		}
		if err != nil {
			return err
		}
		m.Skip = append(m.Skip, rule)
	}
	return nil
}

// regexp checks a rule's column and compiles its match.
func (m *Mapping) regexp(key, column, match string) (*regexp.Regexp, error) {
	if strings.TrimSpace(column) == "" {
		return nil, m.fail(key, "has no column: name the column the rule looks at")
	}
	if match == "" {
		return nil, m.fail(key, "has no match: give a regular expression such as '(?i)refund'")
	}
	return m.compile(key+".match", match)
}

func (m *Mapping) compile(key, expr string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, m.fail(key, "%q is not a regular expression: %v", expr, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return re, nil
}

func quoteKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return fmt.Sprintf("%q", k)
		}
	}
	return k
}

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}
