package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// Valuation puts every currency of a report into one: each event is
// converted at the rate of its own date (the latest rate on or before it,
// as hledger's --value=then), rounded once, half to even, to the target's
// minor units. It is applied at the edge, to the events a report reads, so
// every report values the same way and its totals are sums of converted
// events: the rows still add up exactly.
type Valuation struct {
	Currency string // the target, ISO 4217
	Rates    *ledger.RateTable
	MaxAge   int // days an event's rate may be older than the event
	// From and To bound the days whose events the report shows (0 = open):
	// events outside are not converted, since no figure shows them, and so
	// need no rate. They reach the report with a zero amount in Currency,
	// which keeps what classification needs of them (dates, refs, links).
	From, To ledger.Date
}

// Valuer applies a Valuation to a report's Input and says what it used.
type Valuer struct {
	v    Valuation
	conv *ledger.Converter
	last *ValuationSummary // of the last complete pass over the events
}

// NewValuer checks v and returns its Valuer.
func NewValuer(v Valuation) (*Valuer, error) {
	c, err := ledger.ParseCurrency(v.Currency)
	if err != nil {
		return nil, err
	}
	v.Currency = c
	conv, err := ledger.NewConverter(v.Rates, c, v.MaxAge)
	if err != nil {
		return nil, err
	}
	return &Valuer{v: v, conv: conv}, nil
}

// PairUse is how one currency was converted.
type PairUse struct {
	From, To string
	Events   int
	Routes   []string // "direct", "inverse", "via EUR", in that order
	MaxAge   int      // days between an event and the oldest rate used for it
}

// ValuationSummary names the rates a valued report used.
type ValuationSummary struct {
	Currency string
	MaxAge   int // the allowed age, days
	Pairs    []PairUse
	// Native counts the events that were already in Currency.
	Native int
}

type pairUse struct {
	from   string
	events int
	routes []string
	last   string // the last route seen, to skip the search of routes
	maxAge int
}

func (u *pairUse) add(c ledger.Converted, d ledger.Date) {
	u.events++
	if c.Route != u.last {
		if !slices.Contains(u.routes, c.Route) {
			u.routes = append(u.routes, c.Route)
		}
		u.last = c.Route
	}
	if age := int(d - c.RateDate); age > u.maxAge {
		u.maxAge = age
	}
}

// routeRank orders routes as a reader wants them: direct, inverse, then
// through each common currency.
func routeRank(r string) int {
	switch r {
	case ledger.PathDirect:
		return 0
	case ledger.PathInverse:
		return 1
	}
	return 2
}

// Input returns in with every event valued. Events fails, with an input
// error that names the pair, the day and how to add a rate, at the first
// event with no rate within MaxAge days. Voided events pass unchanged.
//
// A valued event is the caller's *Event with Amount and Currency replaced
// while the report reads it, and put back after: no copy per event.
func (v *Valuer) Input(in Input) Input {
	if in.Events == nil {
		return in
	}
	if facts := in.Facts; facts != nil {
		// Valued events all read in the valuation's currency.
		cur := v.v.Currency
		in.Facts = func(fn func(*ledger.EventFacts) error) error {
			return facts(func(f *ledger.EventFacts) error {
				if !f.Voided {
					f.Currency = cur
				}
				return fn(f)
			})
		}
	}
	in.Events = v.events(in.Events)
	if wanted := in.Wanted; wanted != nil {
		in.Wanted = func(want func(*ledger.Event, string) bool, fn func(*ledger.Event) error) error {
			return v.events(func(fn func(*ledger.Event) error) error { return wanted(want, fn) })(fn)
		}
	}
	return in
}

// events is src with every event valued, as Input describes; each pass
// over it leaves the valuation's summary in v.last.
func (v *Valuer) events(src func(fn func(*ledger.Event) error) error) func(fn func(*ledger.Event) error) error {
	return func(fn func(*ledger.Event) error) error {
		var uses []*pairUse
		native := 0
		var last *pairUse
		cur, from, to := v.v.Currency, v.v.From, v.v.To
		err := src(func(e *ledger.Event) error {
			if e.Voided {
				return fn(e)
			}
			if e.Currency == cur {
				if inRange(e.Date, from, to) {
					native++
				}
				return fn(e)
			}
			amount, currency := e.Amount, e.Currency
			if inRange(e.Date, from, to) {
				value, c, err := v.conv.Convert(amount, currency, e.Date)
				if err != nil {
					return err
				}
				u := last
				if u == nil || u.from != currency {
					u = nil
					for _, x := range uses {
						if x.from == currency {
							u = x
						}
					}
					if u == nil {
						u = &pairUse{from: strings.Clone(currency)}
						uses = append(uses, u)
					}
					last = u
				}
				u.add(c, e.Date)
				e.Amount = value
			} else {
				e.Amount = 0
			}
			e.Currency = cur
			err := fn(e)
			e.Amount, e.Currency = amount, currency
			return err
		})
		if err != nil {
			return err
		}
		s := &ValuationSummary{Currency: cur, MaxAge: v.v.MaxAge, Native: native}
		for _, u := range uses {
			routes := slices.Clone(u.routes)
			slices.SortFunc(routes, func(a, b string) int {
				return cmp.Or(cmp.Compare(routeRank(a), routeRank(b)), strings.Compare(a, b))
			})
			s.Pairs = append(s.Pairs, PairUse{From: u.from, To: cur, Events: u.events, MaxAge: u.maxAge, Routes: routes})
		}
		slices.SortFunc(s.Pairs, func(a, b PairUse) int { return strings.Compare(a.From, b.From) })
		v.last = s
		return nil
	}
}

// Convert values one event's amount, as Input does: the amount in the
// valuation's currency and the quote used (nil when the event is already in
// that currency).
func (v *Valuer) Convert(e *ledger.Event) (int64, *ledger.Quote, error) {
	amount, _, err := v.conv.Convert(e.Amount, e.Currency, e.Date)
	if err != nil {
		return 0, nil, err
	}
	q, err := v.conv.Quote(e.Currency, e.Date)
	return amount, q, err
}

// Currency is the valuation's currency.
func (v *Valuer) Currency() string { return v.v.Currency }

// Summary is what the last complete pass over the events used; nil before
// one.
func (v *Valuer) Summary() *ValuationSummary { return v.last }

// Lines says the summary for a person, one line per pair:
// "EUR→USD: 212 events, direct, rates at most 3 days old".
func (s *ValuationSummary) Lines() []string {
	out := []string{fmt.Sprintf("valued in %s at the rate of each event's date (rates at most %s older than their event allowed):",
		s.Currency, ageWords(s.MaxAge))}
	for _, p := range s.Pairs {
		age := "rates of the same day"
		if p.MaxAge > 0 {
			age = "rates at most " + ageWords(p.MaxAge) + " old"
		}
		out = append(out, fmt.Sprintf("  %s→%s: %d %s, %s, %s", p.From, p.To, p.Events, plural(p.Events, "event", "events"),
			strings.Join(p.Routes, " or "), age))
	}
	if s.Native > 0 || len(s.Pairs) == 0 {
		out = append(out, fmt.Sprintf("  %s: %d %s already in %s", s.Currency, s.Native, plural(s.Native, "event", "events"), s.Currency))
	}
	return out
}

func ageWords(days int) string {
	if days == 1 {
		return "1 day"
	}
	return itoa(int64(days)) + " days"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type pairUseJSON struct {
	From       string   `json:"from"`
	To         string   `json:"to"`
	Events     int      `json:"events"`
	Routes     []string `json:"routes"`
	MaxAgeDays int      `json:"max_age_days"`
}

type valuationJSON struct {
	Currency     string        `json:"currency"`
	MaxRateAge   int           `json:"max_rate_age_days"`
	Pairs        []pairUseJSON `json:"pairs"`
	NativeEvents int           `json:"native_events"`
	Method       string        `json:"method"`
}

func (s *ValuationSummary) json() valuationJSON {
	j := valuationJSON{Currency: s.Currency, MaxRateAge: s.MaxAge, Pairs: []pairUseJSON{}, NativeEvents: s.Native,
		Method: "each event at the latest rate on or before its date, rounded half to even to minor units; totals are sums of converted events"}
	for _, p := range s.Pairs {
		j.Pairs = append(j.Pairs, pairUseJSON{From: p.From, To: p.To, Events: p.Events, Routes: p.Routes, MaxAgeDays: p.MaxAge})
	}
	return j
}

// Report is what every report offers.
type Report interface {
	WriteTable(w io.Writer, opt TableOptions) error
	WriteCSV(w io.Writer) error
	WriteJSON(w io.Writer) error
}

// Valued is a report built from valued events, with the summary of the
// rates it used: tables end with it, JSON carries it as "valuation", HTML
// shows it under the header. CSV stays one table: Notes are for stderr.
type Valued struct {
	Report  Report
	Summary *ValuationSummary
}

// Notes are the summary's lines, for where the output has no room for them.
func (v *Valued) Notes() []string {
	if v.Summary == nil {
		return nil
	}
	return v.Summary.Lines()
}

// WriteTable writes the report's table, then the summary.
func (v *Valued) WriteTable(w io.Writer, opt TableOptions) error {
	if err := v.Report.WriteTable(w, opt); err != nil {
		return err
	}
	if v.Summary == nil {
		return nil
	}
	_, err := io.WriteString(w, "\n"+strings.Join(v.Summary.Lines(), "\n")+"\n")
	return err
}

// WriteCSV writes the report's CSV unchanged.
func (v *Valued) WriteCSV(w io.Writer) error { return v.Report.WriteCSV(w) }

// WriteJSON writes the report's JSON object with a last member
// "valuation": {"currency","max_rate_age_days","pairs":[{"from","to",
// "events","routes","max_age_days"}],"native_events","method"}.
func (v *Valued) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	if err := v.Report.WriteJSON(&b); err != nil {
		return err
	}
	if v.Summary == nil {
		_, err := w.Write(b.Bytes())
		return err
	}
	body := bytes.TrimRight(b.Bytes(), " \n")
	if len(body) < 2 || body[len(body)-1] != '}' {
		return fmt.Errorf("report JSON is not an object")
	}
	sum, err := json.MarshalIndent(v.Summary.json(), "  ", "  ")
	if err != nil {
		return err
	}
	inner := bytes.TrimRight(body[:len(body)-1], " \n")
	sep := ",\n"
	if len(inner) > 0 && inner[len(inner)-1] == '{' {
		sep = "\n"
	}
	var out bytes.Buffer
	out.Write(inner)
	out.WriteString(sep + "  \"valuation\": ")
	out.Write(sum)
	out.WriteString("\n}\n")
	_, err = w.Write(out.Bytes())
	return err
}

// WriteHTML writes the report's page with the summary after its header,
// and one chart for all income, since every amount is in one currency.
func (v *Valued) WriteHTML(w io.Writer) error {
	h, ok := v.Report.(interface{ WriteHTML(io.Writer) error })
	if !ok {
		return fmt.Errorf("this report has no HTML form")
	}
	var b bytes.Buffer
	if err := h.WriteHTML(&b); err != nil {
		return err
	}
	page := b.String()
	if v.Summary != nil {
		page = strings.Replace(page, "Currencies are never added together: one chart per currency.",
			"Every amount is valued in "+v.Summary.Currency+" at the rate of its own date: one chart for all income.", 1)
		var s strings.Builder
		s.WriteString("<section class=\"valuation\">\n<h2>Rates used</h2>\n<ul>\n")
		for _, l := range v.Summary.Lines() {
			s.WriteString("<li>" + html.EscapeString(strings.TrimSpace(l)) + "</li>\n")
		}
		s.WriteString("</ul>\n</section>\n")
		if i := strings.Index(page, "</header>\n"); i >= 0 {
			i += len("</header>\n")
			page = page[:i] + s.String() + page[i:]
		}
	}
	_, err := io.WriteString(w, page)
	return err
}
