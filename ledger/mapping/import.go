package mapping

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// Reasons under which the engine itself skips rows, whatever the mapping.
const (
	// SkipMoneyOut is an income row whose money went out: a payment the
	// account holder sent, a purchase.
	SkipMoneyOut = "money out"
	// SkipRefundReceived is a refund row whose money came in: a refund of
	// the account holder's own purchase, not income given back.
	SkipRefundReceived = "refund received"
	// SkipNoMoney is a row with nothing in its amount and fee.
	SkipNoMoney = "no money"
)

// Recognises reports whether header is this mapping's: every column of its
// header list, or, when it has none, its date and money columns.
func (m *Mapping) Recognises(header []string) bool {
	if len(m.Header) > 0 {
		return ledger.HasColumns(header, m.Header...)
	}
	return hasAny(header, m.Columns.Date) && (hasAny(header, m.Columns.Amount) || hasAny(header, m.Columns.Net))
}

func hasAny(header, names []string) bool {
	for _, n := range names {
		if ledger.HasColumns(header, n) {
			return true
		}
	}
	return false
}

func (m *Mapping) readerOptions() tabular.Options {
	return tabular.Options{Comma: m.Delimiter, TrimLeadingSpace: true}
}

// cols are a mapping's columns found in one file's header (-1: absent).
type cols struct {
	date, amount, fee, net, currency []int
	ref, link, note, id, shared      []int
	byName                           map[string]int
	// seen counts rows by hash, for rows without an ID: two identical rows
	// of one file are two records, and a re-import adds nothing.
	seen map[string]int
}

func (m *Mapping) resolve(t *tabular.Reader) cols {
	find := func(names []string) []int {
		var out []int
		for _, n := range names {
			if i := t.Col(n); i >= 0 {
				out = append(out, i)
			}
		}
		return out
	}
	c := cols{
		date: find(m.Columns.Date), amount: find(m.Columns.Amount), fee: find(m.Columns.Fee),
		net: find(m.Columns.Net), currency: find(m.Columns.Currency), ref: find(m.Columns.Ref),
		link: find(m.Columns.Link), note: find(m.Columns.Note), shared: find(m.Columns.Shared),
		byName: map[string]int{}, seen: map[string]int{},
	}
	for _, n := range m.Columns.ID {
		c.id = append(c.id, t.Col(n)) // -1 kept: an absent ID column is an empty part
	}
	return c
}

// col is the index of a rule's column (-1 when the file lacks it).
func (c *cols) col(t *tabular.Reader, name string) int {
	if i, ok := c.byName[name]; ok {
		return i
	}
	i := t.Col(name)
	c.byName[name] = i
	return i
}

// first returns the first non-empty value of the columns at idx, and its
// column (-1 when all are empty).
func first(row tabular.Row, idx []int) (string, int) {
	for _, i := range idx {
		if v := row.Get(i); v != "" {
			return v, i
		}
	}
	if len(idx) > 0 {
		return "", idx[0]
	}
	return "", -1
}

// Import reads one CSV file as m describes it and hands every record to
// sink: an income event per row (and a fee event where the row carries a
// fee), or a skip with its reason. The first bad row is a *ledger.RowError.
func (m *Mapping) Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	name := opts.Name
	if name == "" {
		name = "stdin"
	}
	t, err := tabular.NewReaderWith(r, name, m.readerOptions())
	if err != nil {
		return err
	}
	if !m.Recognises(t.Header) {
		return m.unknownHeader(t)
	}
	c := m.resolve(t)
	if len(c.date) == 0 {
		return m.missing(t, "columns.date", m.Columns.Date)
	}
	if len(c.amount) == 0 && len(c.net) == 0 {
		key, names := "columns.amount", m.Columns.Amount
		if len(names) == 0 {
			key, names = "columns.net", m.Columns.Net
		}
		return m.missing(t, key, names)
	}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		if err := m.row(t, &c, row, opts, sink); err != nil {
			return err
		}
	}
	return nil
}

func (m *Mapping) unknownHeader(t *tabular.Reader) error {
	known := m.KnownHeaders
	if len(known) == 0 {
		known = []string{strings.Join(m.Header, ",") + " (" + m.File + ")"}
	}
	return t.UnknownHeader(m.Name, known...)
}

func (m *Mapping) missing(t *tabular.Reader, key string, names []string) error {
	return ledger.Errorf(ledger.EINVALID, "%s: the header has no column %s, which %s:%d (%s) names\n  found:  %s",
		t.File, quoteList(names), m.File, m.lines.line(key), key, strings.Join(t.Header, ","))
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + n + `"`
	}
	return strings.Join(q, " or ")
}

func (m *Mapping) skip(t *tabular.Reader, c *cols, row tabular.Row) (string, bool) {
	for _, s := range m.Skip {
		v := row.Get(c.col(t, s.Column))
		switch {
		case s.Match != nil && s.Match.MatchString(v):
			return s.Reason, true
		case s.Unless != nil && !s.Unless.MatchString(v):
			return s.Reason, true
		case len(s.Values) > 0:
			for _, x := range s.Values {
				if strings.EqualFold(strings.TrimSpace(x), v) {
					return s.Reason, true
				}
			}
		}
	}
	return "", false
}

func (m *Mapping) row(t *tabular.Reader, c *cols, row tabular.Row, opts ledger.ImportOptions, sink ledger.Sink) error {
	if reason, ok := m.skip(t, c, row); ok {
		sink.Skip(row.Line, reason)
		return nil
	}
	ds, dcol := first(row, c.date)
	date, ok := m.date(ds)
	if !ok {
		if ds == "" {
			return row.Errorf(dcol, "the date is empty: every row needs one")
		}
		return row.Errorf(dcol, "%q is not a date in the form %s that %s gives", ds, strings.Join(m.DateFormats, " or "), m.File)
	}
	cur := m.Currency
	if cs, ccol := first(row, c.currency); cs != "" && cs != "--" {
		cc, err := ledger.ParseCurrency(cs)
		if err != nil {
			return row.Err(ccol, err)
		}
		cur = cc
	}
	if cur == "" {
		cur = tabular.FallbackCurrency(opts)
	}
	gross, gcol, err := m.money(row, c.amount, cur)
	if err != nil {
		return err
	}
	fee, fcol, err := m.money(row, c.fee, cur)
	if err != nil {
		return err
	}
	cost := fee // money the platform charged, positive
	if m.FeeSign < 0 {
		cost = -fee
	}
	if len(c.amount) == 0 {
		net, ncol, err := m.money(row, c.net, cur)
		if err != nil {
			return err
		}
		var ok bool
		if gross, ok = ledger.AddMinor(net, cost); !ok {
			return row.Errorf(ncol, "net and fee add up to more than any amount earnlog keeps")
		}
		gcol = ncol
	}
	kind, kcol, err := m.kind(t, c, row)
	if err != nil {
		return err
	}
	switch {
	case gross == 0 && cost == 0:
		sink.Skip(row.Line, SkipNoMoney)
		return nil
	case kind.IsIncome() && gross < 0:
		sink.Skip(row.Line, SkipMoneyOut)
		return nil
	case kind == ledger.KindRefund && gross > 0:
		sink.Skip(row.Line, SkipRefundReceived)
		return nil
	}
	stream := opts.Stream
	if stream == "" {
		if stream, err = m.stream(t, c, row); err != nil {
			return err
		}
	}
	note, _ := first(row, c.note)
	if m.Note != nil {
		note = m.Note.render(func(col string) string { return row.Get(c.col(t, col)) })
	}
	note = tabular.Note(strings.Join(strings.Fields(note), " "))
	amount := gross
	if kind == ledger.KindFee {
		amount = -abs(gross)
	}
	if cost < 0 {
		// A fee given back (PayPal returns part of it with a refund): the
		// ledger's fees are costs, so the returned part lessens this row's
		// money instead of standing as a fee of the wrong sign.
		amount -= cost
		note = tabular.Note(strings.TrimSpace(note + " (fee of " + ledger.FormatAmount(-cost, cur) + " " + cur + " returned)"))
		if s := kind.Sign(); (s > 0 && amount < 0) || (s < 0 && amount > 0) {
			kind = ledger.KindAdjustment
		}
	}
	key := m.key(row, c)
	ref, _ := first(row, c.ref)
	link, _ := first(row, c.link)
	e := ledger.Event{Date: date, Stream: stream, Kind: kind, Amount: amount, Currency: cur,
		Ref: ref, Link: link, Note: note, Key: key}
	if kind == ledger.KindHourly && m.Hours != nil {
		secs, hcol, err := m.hours(t, c, row)
		if err != nil {
			return err
		}
		if secs > 0 {
			e.Billed = secs
			e.PeriodStart, e.PeriodEnd = ledger.BillingWeek(date)
			gcol = hcol
		}
	}
	if amount != 0 {
		col := gcol
		if kcol >= 0 && !kind.IsIncome() {
			col = kcol
		}
		if err := row.Event(sink, col, &e); err != nil {
			return err
		}
	}
	if cost > 0 {
		f := ledger.Event{Date: date, Stream: stream, Kind: ledger.KindFee, Amount: -cost, Currency: cur, Link: ref, Key: key + ":fee"}
		if kind == ledger.KindFee {
			f.Link = link
		}
		return row.Event(sink, fcol, &f)
	}
	return nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// date reads a date in the first of the mapping's formats that fits.
func (m *Mapping) date(s string) (ledger.Date, bool) {
	for _, l := range m.dates {
		if d, ok := l.parse(s); ok {
			return d, true
		}
	}
	return 0, false
}

// money parses the first non-empty of the columns at idx (0 when all are
// empty), with the mapping's decimal mark.
func (m *Mapping) money(row tabular.Row, idx []int, cur string) (int64, int, error) {
	s, col := first(row, idx)
	if s == "" || s == "--" || s == "-" {
		return 0, col, nil
	}
	if !m.DecimalComma {
		v, err := ledger.ParseAmount(s, cur)
		if err != nil {
			return 0, col, row.Err(col, err)
		}
		return v, col, nil
	}
	v, err := ledger.ParseAmount(commaToPoint(s), cur)
	if err != nil {
		return 0, col, row.Errorf(col, "%q is not an amount with a decimal comma, as %s says: use 1.234,56, -12,50 or 1234", s, m.File)
	}
	return v, col, nil
}

// commaToPoint rewrites "1.234,56" (points or spaces between thousands, a
// comma before the decimals) as "1,234.56", which ParseAmount reads and
// checks: thousands in groups of three, one decimal mark.
func commaToPoint(s string) string {
	t := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, t)
}

// kind returns the row's kind and the column that decided it (-1 for the
// default).
func (m *Mapping) kind(t *tabular.Reader, c *cols, row tabular.Row) (ledger.Kind, int, error) {
	kc := -1
	if m.Kind.Column != "" {
		kc = c.col(t, m.Kind.Column)
		if k, ok := m.Kind.Values[strings.ToLower(row.Get(kc))]; ok {
			return k, kc, nil
		}
	}
	for _, r := range m.Kind.Rules {
		rc := c.col(t, r.Column)
		if r.Match.MatchString(row.Get(rc)) {
			return r.Kind, rc, nil
		}
	}
	if m.Kind.Default != 0 {
		return m.Kind.Default, -1, nil
	}
	known := make([]string, 0, len(m.Kind.Values))
	for v := range m.Kind.Values {
		known = append(known, v)
	}
	return 0, kc, row.Errorf(kc, "%q is not a type %s knows: add it to kind.values (known: %s), or give kind.default", row.Get(kc), m.File, strings.Join(sortedStrings(known), ", "))
}

func (m *Mapping) stream(t *tabular.Reader, c *cols, row tabular.Row) (ledger.Stream, error) {
	for _, r := range m.Stream.Rules {
		if r.Match.MatchString(row.Get(c.col(t, r.Column))) {
			return ledger.MakeStream(m.Platform, r.Name)
		}
	}
	if m.Stream.Name != nil {
		col := -1
		name := m.Stream.Name.render(func(name string) string {
			i := c.col(t, name)
			if col < 0 {
				col = i
			}
			return row.Get(i)
		})
		if s, err := ledger.MakeStream(m.Platform, name); err == nil {
			return s, nil
		}
		if m.Stream.Default == "" {
			return "", row.Errorf(col, "%q gives no stream name (it has no letters or digits): give stream.default in %s, or --stream %s/NAME", name, m.File, m.Platform)
		}
	}
	return ledger.MakeStream(m.Platform, m.Stream.Default)
}

// hours reads billed hours from the row: decimal hours ("6.5", "6,5") or a
// duration ("6:30", "6h30m").
func (m *Mapping) hours(t *tabular.Reader, c *cols, row tabular.Row) (int64, int, error) {
	hc := c.col(t, m.Hours.Column)
	sub := m.Hours.Match.FindStringSubmatch(row.Get(hc))
	if len(sub) < 2 || sub[1] == "" {
		return 0, hc, nil
	}
	h := strings.Replace(sub[1], ",", ".", 1)
	if isDecimal(h) {
		h += "h"
	}
	secs, err := ledger.ParseDuration(h)
	if err != nil {
		return 0, hc, row.Err(hc, err)
	}
	return secs, hc, nil
}

func isDecimal(s string) bool {
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}

// key is the row's import key: "txn:" and the shared transaction ID when
// the row has one (so the same payment in another file is the same record),
// else the format and the row's ID columns, else a hash of the row and the
// count of identical rows before it in the file.
func (m *Mapping) key(row tabular.Row, c *cols) string {
	if s, _ := first(row, c.shared); s != "" {
		return "txn:" + s
	}
	if len(c.id) > 0 {
		parts := make([]string, len(c.id))
		empty := true
		for i, col := range c.id {
			parts[i] = row.Get(col)
			empty = empty && parts[i] == ""
		}
		if !empty {
			return m.Format + ":" + strings.Join(parts, "|")
		}
	}
	h := sha256.New()
	for _, f := range row.Fields {
		f = strings.TrimSpace(f)
		// Length-prefixed, so no choice of text makes two rows collide.
		h.Write([]byte(strconv.Itoa(len(f)) + ":" + f))
	}
	sum := hex.EncodeToString(h.Sum(nil)[:12])
	c.seen[sum]++
	return m.Format + ":row:" + sum + ":" + strconv.Itoa(c.seen[sum])
}

// Select reads the header at the start of br and returns the first of
// variants that recognises it, leaving br unread. None is an error showing
// the header found and the known ones.
func Select(br *bufio.Reader, name string, variants []*Mapping) (*Mapping, error) {
	peek, _ := br.Peek(64 * 1024)
	var found []string
	for _, m := range variants {
		t, err := tabular.NewReaderWith(bytes.NewReader(peek), name, m.readerOptions())
		if err != nil {
			if len(peek) == 0 {
				return nil, err
			}
			continue
		}
		if m.Recognises(t.Header) {
			return m, nil
		}
		found = t.Header
	}
	var b strings.Builder
	b.WriteString(name + ": the header matches no " + variants[0].Format + " export earnlog knows.\n  found:  " + strings.Join(found, ","))
	for _, m := range variants {
		for _, k := range m.KnownHeaders {
			b.WriteString("\n  known:  " + k)
		}
	}
	return nil, ledger.Errorf(ledger.EINVALID, "%s", b.String())
}
