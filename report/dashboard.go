package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"slices"

	"github.com/earnlog/earnlog/ledger"
)

// The dashboard (`earnlog report html`) is one self-contained page: the
// figures of the other reports embedded as one JSON block, one template
// with its CSS and JavaScript (html/), and nothing fetched. The page's
// script draws the charts and applies the filters; without it the tables of
// every section still show the whole ledger.
//
// Size: the figures are summed per day, stream and currency, never listed
// per event; only the income events of the latest DashboardEventMonths
// months are embedded (with their class and reason), whole months from the
// newest back, as long as they stay within DashboardOptions.MaxEvents.
//
// Adding a section takes one JSON field (a field of dashboardJSON, named as
// the CLI's JSON names it) and one {{define "section-NAME"}} block in
// html/dashboard.html, listed in dashboardSections, with its renderer in
// html/dashboard.js registered in SECTIONS under the same name.

// DashboardEventMonths is how many of the latest months have their events
// embedded in the page.
const DashboardEventMonths = 24

// DefaultDashboardEvents is the most events the page embeds by default:
// about 100 bytes each, so a megabyte.
const DefaultDashboardEvents = 10000

// DashboardOptions are the choices of `report html`.
type DashboardOptions struct {
	Rule      Rule
	MaxEvents int // 0 = DefaultDashboardEvents; months beyond it are left out whole
	Claim     ClaimOptions
}

// DayRow is the figures of one stream in one currency on one day.
type DayRow struct {
	Day      ledger.Date
	Stream   int // index into DashboardReport.Streams
	Currency string
	Figures
}

// DashStream is a stream as the page's filters know it.
type DashStream struct {
	Stream   ledger.Stream
	Platform string
	Class    ledger.Class
}

// DashboardReport is the result of Dashboard.
type DashboardReport struct {
	Rule       Rule
	Currencies []string // sorted
	Main       string   // the currency with the most income events
	Streams    []DashStream
	Days       []DayRow // by day, stream, currency
	// Events are the income events of EventMonths (by date, then ID);
	// EventsLeftOut counts those of the latest DashboardEventMonths months
	// left out to keep the page small.
	Events        []EventRow
	EventMonths   []string
	EventsLeftOut int
	MaxEvents     int
	Warnings      []Warning
	Claim         *ClaimReport
	Hours         *HoursReport
}

type dayKey struct {
	day    ledger.Date
	si, ci int32
}

// Dashboard gathers the page's figures: per day and stream the sums that
// `report monthly` adds up (the same engine, the same rule), the latest
// months' events as `report events` lists them, the coverage warnings, the
// claim with its sweep and the hours report.
func Dashboard(in Input, opt DashboardOptions) (*DashboardReport, error) {
	if err := checkRule(opt.Rule); err != nil {
		return nil, err
	}
	if opt.MaxEvents <= 0 {
		opt.MaxEvents = DefaultDashboardEvents
	}
	g, err := newEngineExplaining(in, opt.Rule, true)
	if err != nil {
		return nil, err
	}
	cov := newCoverage(g)
	cells := map[dayKey]*Figures{}
	get := func(d ledger.Date, si, ci int32) *Figures {
		k := dayKey{d, si, ci}
		f := cells[k]
		if f == nil {
			f = &Figures{}
			cells[k] = f
		}
		return f
	}
	firstEventMonth := g.maxMonth - DashboardEventMonths + 1
	var events []EventRow
	var sum sums // money is added with an overflow check, as in Monthly
	err = g.run(func(it *item) {
		e := it.e
		cov.observe(it)
		counts := e.Kind.CountsAsIncome()
		if counts && g.month(e.Date) >= firstEventMonth {
			events = append(events, g.row(it))
		}
		// The same sums as Monthly's, per day.
		if !it.addsToFigures() {
			return
		}
		get(e.Date, it.si, it.ci).addItem(it, &sum)
	})
	if err == nil {
		err = sum.err(g)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range g.sessions.all() {
		get(w.start, w.si, g.streams[w.si].home).Seconds += w.seconds
	}

	r := &DashboardReport{Rule: opt.Rule.norm(), Warnings: cov.warnings(), MaxEvents: opt.MaxEvents}
	// Streams by name; the rows point at them by index.
	order := make([]int32, len(g.streams))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(g.streams[a].name, g.streams[b].name) })
	index := make([]int, len(g.streams))
	for pos, si := range order {
		st := g.streams[si]
		index[si] = pos
		r.Streams = append(r.Streams, DashStream{Stream: st.name, Platform: st.platform, Class: st.class})
	}
	used := map[string]bool{}
	r.Days = make([]DayRow, 0, len(cells))
	for k, f := range cells {
		cur := g.currencies[k.ci]
		used[cur] = true
		r.Days = append(r.Days, DayRow{Day: k.day, Stream: index[k.si], Currency: cur, Figures: *f})
	}
	slices.SortFunc(r.Days, func(a, b DayRow) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.Currency, b.Currency))
	})
	for c := range used {
		r.Currencies = append(r.Currencies, c)
	}
	slices.Sort(r.Currencies)
	if g.mainCur >= 0 && used[g.currencies[g.mainCur]] {
		r.Main = g.currencies[g.mainCur]
	} else if len(r.Currencies) > 0 {
		r.Main = r.Currencies[0]
	}

	// The events of whole months, newest first, while they fit.
	slices.SortFunc(events, func(a, b EventRow) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	end := len(events)
	start := end
	for start > 0 {
		m := events[start-1].Date.MonthIndex()
		j := start
		for j > 0 && events[j-1].Date.MonthIndex() == m {
			j--
		}
		if end-j > opt.MaxEvents {
			break
		}
		start = j
		r.EventMonths = append(r.EventMonths, ledger.MonthString(m))
	}
	slices.Reverse(r.EventMonths)
	r.Events = events[start:end]
	r.EventsLeftOut = start

	co := opt.Claim
	co.Rule, co.Sweep = opt.Rule, true
	if r.Claim, err = Claim(in, co); err != nil {
		return nil, err
	}
	if r.Hours, err = Hours(in, HoursOptions{}); err != nil {
		return nil, err
	}
	return r, nil
}

// Monthly sums the day rows per month and currency: `report monthly`'s rows
// (the property test holds them equal).
func (r *DashboardReport) Monthly() []MonthlyRow {
	type key struct {
		cur   string
		month int
	}
	idx := map[key]int{}
	var rows []MonthlyRow
	for _, d := range r.Days {
		k := key{d.Currency, d.Day.MonthIndex()}
		i, ok := idx[k]
		if !ok {
			i = len(rows)
			idx[k] = i
			rows = append(rows, MonthlyRow{Month: k.month, Currency: k.cur})
		}
		rows[i].add(d.Figures)
	}
	slices.SortFunc(rows, func(a, b MonthlyRow) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.Month, b.Month))
	})
	return rows
}

// dashDaysJSON is the JSON block's columns: figures per day and stream in
// minor units and seconds; date is the days since the previous row's date
// (the first row's since first_day).
type dashDaysJSON struct {
	Date          []int64 `json:"date"`
	Stream        []int   `json:"stream"`
	Currency      []int   `json:"currency"`
	Income        []int64 `json:"income"`
	Fees          []int64 `json:"fees"`
	PassiveIncome []int64 `json:"passive_income"`
	Seconds       []int64 `json:"seconds"`
}

type dashEventsJSON struct {
	ID       []uint64 `json:"id"`
	Date     []int64  `json:"date"`
	Stream   []int    `json:"stream"`
	Kind     []string `json:"kind"`
	Amount   []int64  `json:"amount"`
	Currency []int    `json:"currency"`
	Passive  []int    `json:"passive"`
	Reason   []string `json:"reason"`
}

// dashHoursJSON is report hours' rows as columns, hours in seconds.
type dashHoursJSON struct {
	ToleranceMinutes string  `json:"tolerance_minutes"`
	TolerancePercent int     `json:"tolerance_percent"`
	Stream           []int   `json:"stream"`
	PeriodStart      []int64 `json:"period_start"`
	PeriodEnd        []int64 `json:"period_end"`
	BilledSeconds    []int64 `json:"billed_seconds"`
	LoggedSeconds    []int64 `json:"logged_seconds"`
	Mismatch         []int   `json:"mismatch"`
}

type dashStreamJSON struct {
	Stream   string `json:"stream"`
	Platform string `json:"platform"`
	Class    string `json:"class"`
}

// dashboardJSON is the page's one JSON block. Report figures keep the names
// of the CLI's JSON (report monthly, events, claim, hours); the day, event
// and hours tables are columns of equal length, money in minor units under
// the CLI's names (exponents gives each currency's decimals), time in
// seconds (named so), dates as days after first_day (days: after the
// previous row), streams and currencies as indexes into their lists.
type dashboardJSON struct {
	Rule          string           `json:"rule"`
	WindowDays    *int             `json:"window_days"`
	FirstDay      string           `json:"first_day"`
	LastDay       string           `json:"last_day"`
	Currencies    []string         `json:"currencies"`
	Currency      string           `json:"currency"`
	Exponents     map[string]int   `json:"exponents"`
	Streams       []dashStreamJSON `json:"streams"`
	Days          dashDaysJSON     `json:"days"`
	Events        dashEventsJSON   `json:"events"`
	EventMonths   []string         `json:"event_months"`
	EventsLeftOut int              `json:"events_left_out"`
	MaxEvents     int              `json:"max_events"`
	Warnings      []warningJSON    `json:"warnings"`
	Claim         json.RawMessage  `json:"claim"`
	Hours         dashHoursJSON    `json:"hours"`
	Sections      []string         `json:"sections"`
}

func (r *DashboardReport) firstDay() ledger.Date {
	if len(r.Days) == 0 {
		return 0
	}
	return r.Days[0].Day
}

// WriteJSON writes the page's JSON block, indented.
func (r *DashboardReport) WriteJSON(w io.Writer) error {
	b, err := r.jsonBlock()
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// jsonBlock is the JSON block, compact. encoding/json escapes <, > and &,
// so it is safe inside a <script> element.
func (r *DashboardReport) jsonBlock() ([]byte, error) {
	first := r.firstDay()
	out := dashboardJSON{
		Rule: r.Rule.Name, WindowDays: r.Rule.windowDays(),
		Currencies: append([]string{}, r.Currencies...), Currency: r.Main,
		Exponents: map[string]int{}, Streams: []dashStreamJSON{},
		EventMonths: append([]string{}, r.EventMonths...), EventsLeftOut: r.EventsLeftOut, MaxEvents: r.MaxEvents,
		Warnings: warningsJSON(r.Warnings), Sections: dashboardSections,
	}
	if len(r.Days) > 0 {
		out.FirstDay, out.LastDay = first.String(), r.Days[len(r.Days)-1].Day.String()
	}
	curIdx := map[string]int{}
	for i, c := range r.Currencies {
		curIdx[c] = i
		exp, ok := ledger.CurrencyExponent(c)
		if !ok {
			exp = 2
		}
		out.Exponents[c] = exp
	}
	for _, s := range r.Streams {
		out.Streams = append(out.Streams, dashStreamJSON{string(s.Stream), s.Platform, s.Class.String()})
	}
	d := &out.Days
	prev := first
	for _, row := range r.Days {
		// Rows are by day: each date is the days since the previous row's,
		// mostly 0 or 1, which keeps ten years of rows small.
		d.Date = append(d.Date, int64(row.Day-prev))
		prev = row.Day
		d.Stream = append(d.Stream, row.Stream)
		d.Currency = append(d.Currency, curIdx[row.Currency])
		d.Income = append(d.Income, row.Income)
		d.Fees = append(d.Fees, row.Fees)
		d.PassiveIncome = append(d.PassiveIncome, row.Passive)
		d.Seconds = append(d.Seconds, row.Seconds)
	}
	streamIdx := map[ledger.Stream]int{}
	for i, s := range r.Streams {
		streamIdx[s.Stream] = i
	}
	ev := &out.Events
	for _, e := range r.Events {
		ev.ID = append(ev.ID, e.ID)
		ev.Date = append(ev.Date, int64(e.Date-first))
		ev.Stream = append(ev.Stream, streamIdx[e.Stream])
		ev.Kind = append(ev.Kind, e.Kind.String())
		ev.Amount = append(ev.Amount, e.Amount)
		ev.Currency = append(ev.Currency, curIdx[e.Currency])
		p := 0
		if e.Verdict.Passive {
			p = 1
		}
		ev.Passive = append(ev.Passive, p)
		ev.Reason = append(ev.Reason, e.Reason)
	}
	var err error
	if out.Claim, err = compactJSON(r.Claim.WriteJSON); err != nil {
		return nil, err
	}
	h := &out.Hours
	h.ToleranceMinutes, h.TolerancePercent = minutes(r.Hours.ToleranceSeconds), r.Hours.TolerancePercent
	for _, row := range r.Hours.Rows {
		h.Stream = append(h.Stream, streamIdx[row.Stream])
		h.PeriodStart = append(h.PeriodStart, int64(row.PeriodStart-first))
		h.PeriodEnd = append(h.PeriodEnd, int64(row.PeriodEnd-first))
		h.BilledSeconds = append(h.BilledSeconds, row.Billed)
		h.LoggedSeconds = append(h.LoggedSeconds, row.Logged)
		m := 0
		if row.Mismatch {
			m = 1
		}
		h.Mismatch = append(h.Mismatch, m)
	}
	return json.Marshal(out)
}

func compactJSON(write func(io.Writer) error) (json.RawMessage, error) {
	var b, c bytes.Buffer
	if err := write(&b); err != nil {
		return nil, err
	}
	if err := json.Compact(&c, b.Bytes()); err != nil {
		return nil, err
	}
	return c.Bytes(), nil
}
