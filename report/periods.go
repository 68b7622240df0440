package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// PeriodOptions are the choices of `report periods` (and of `report
// monthly`, which is its --period month).
type PeriodOptions struct {
	Rule     Rule
	Period   ledger.PeriodKind
	Calendar ledger.Calendar
	By       string      // ByNone, ByPlatform, ByClass or ByStream
	From, To ledger.Date // 0 = open
	// Compare adds to each row its change against the previous period and
	// the same period a year before. The periods compared with are taken
	// from the whole ledger, not only from From..To.
	Compare bool
	// Average adds, per currency (and group), the mean per period over the
	// range: From..To when both are given, else from the first to the last
	// period with figures, empty periods counted as zero.
	Average bool
}

// PeriodRow is one period (of one group) in one currency.
type PeriodRow struct {
	Period   int // index as ledger.Calendar.PeriodIndex
	Group    string
	Currency string
	Figures
	// Previous and YearAgo are the figures compared with (Compare only);
	// HasYearAgo is false for a week 53 whose previous year had none.
	Previous, YearAgo Figures
	HasYearAgo        bool
}

// PeriodAverage is the mean per period of one currency (and group).
type PeriodAverage struct {
	Group    string
	Currency string
	Periods  int     // how many periods the mean is over
	Total    Figures // the sum of the rows; shares come from it
}

// Mean is Total divided by Periods, each figure rounded to a minor unit (a
// second for hours), halves away from zero.
func (a PeriodAverage) Mean() Figures {
	d := func(v int64) int64 {
		return decimal.NewFromInt(v).DivRound(decimal.NewFromInt(int64(a.Periods)), 0).IntPart()
	}
	return Figures{Income: d(a.Total.Income), Fees: d(a.Total.Fees), Passive: d(a.Total.Passive), Seconds: d(a.Total.Seconds)}
}

// PeriodReport is the result of Periods: rows ordered by currency, period
// and group.
type PeriodReport struct {
	Rule     Rule
	Period   ledger.PeriodKind
	Calendar ledger.Calendar
	By       string
	Compare  bool
	Rows     []PeriodRow
	Averages []PeriodAverage // with Average only
	Warnings []Warning
}

// WarningList returns the report's coverage warnings.
func (r *PeriodReport) WarningList() []Warning { return r.Warnings }

type periodCell struct {
	period      int
	group, cur  int32
	outOfWindow bool // figures outside From..To, kept for comparisons
}

// Periods sums income, fees, hours and passive income per period (and
// group) and currency, as Monthly does per month: the rows of any period
// add up to the same totals as Monthly over the same dates.
func Periods(in Input, opt PeriodOptions) (*PeriodReport, error) {
	if err := checkRule(opt.Rule); err != nil {
		return nil, err
	}
	if _, err := ParseBy(opt.By); err != nil {
		return nil, err
	}
	g, err := newEngine(in, opt.Rule)
	if err != nil {
		return nil, err
	}
	groups, groupOf := groupNames(g, opt.By)
	cal, kind := opt.Calendar, opt.Period
	acc := map[periodCell]*Figures{}
	get := func(d ledger.Date, group, cur int32) *Figures {
		k := periodCell{cal.PeriodIndex(kind, d), group, cur, !inRange(d, opt.From, opt.To)}
		f := acc[k]
		if f == nil {
			f = &Figures{}
			acc[k] = f
		}
		return f
	}
	cov := newCoverage(g)
	var sum sums // money is added with an overflow check, as in Monthly
	err = g.run(func(it *item) {
		e := it.e
		in := inRange(e.Date, opt.From, opt.To)
		if !in && !opt.Compare {
			return
		}
		if in {
			cov.observe(it)
		}
		if !it.addsToFigures() {
			return
		}
		get(e.Date, groupOf[it.si], it.ci).addItem(it, &sum)
	})
	if err == nil {
		err = sum.err(g)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range g.sessions.all() {
		if !opt.Compare && !inRange(w.start, opt.From, opt.To) {
			continue
		}
		get(w.start, groupOf[w.si], g.streams[w.si].home).Seconds += w.seconds
	}
	// whole is a period's figures over the whole ledger, for comparisons.
	whole := func(p int, group, cur int32) Figures {
		var f Figures
		for _, out := range []bool{false, true} {
			if x := acc[periodCell{p, group, cur, out}]; x != nil {
				f.add(*x)
			}
		}
		return f
	}
	r := &PeriodReport{Rule: opt.Rule.norm(), Period: kind, Calendar: cal, By: opt.By, Compare: opt.Compare, Warnings: cov.warnings()}
	groupRank, curRank := ranks(groups), ranks(g.currencies)
	type ranked struct {
		cur, group int32
		k          periodCell
	}
	var keys []ranked
	for k := range acc {
		if !k.outOfWindow {
			keys = append(keys, ranked{curRank[k.cur], groupRank[k.group], k})
		}
	}
	slices.SortFunc(keys, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(a.k.period, b.k.period), cmp.Compare(a.group, b.group))
	})
	for _, x := range keys {
		row := PeriodRow{Period: x.k.period, Group: groups[x.k.group], Currency: g.currencies[x.k.cur], Figures: *acc[x.k]}
		if opt.Compare {
			row.Previous = whole(x.k.period-1, x.k.group, x.k.cur)
			if j, ok := cal.YearAgo(kind, x.k.period); ok {
				row.YearAgo, row.HasYearAgo = whole(j, x.k.group, x.k.cur), true
			}
		}
		r.Rows = append(r.Rows, row)
	}
	if opt.Average {
		r.Averages = periodAverages(r.Rows, opt)
	}
	return r, nil
}

// periodAverages sums the rows per currency and group and counts the
// periods of the range.
func periodAverages(rows []PeriodRow, opt PeriodOptions) []PeriodAverage {
	var out []PeriodAverage
	type span struct{ first, last int }
	spans := map[string]span{}
	idx := map[[2]string]int{}
	for _, row := range rows {
		k := [2]string{row.Currency, row.Group}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, PeriodAverage{Group: row.Group, Currency: row.Currency})
		}
		out[i].Total.add(row.Figures)
		s, ok := spans[row.Currency]
		if !ok {
			s = span{row.Period, row.Period}
		}
		spans[row.Currency] = span{min(s.first, row.Period), max(s.last, row.Period)}
	}
	for i := range out {
		s := spans[out[i].Currency]
		if opt.From != 0 {
			s.first = opt.Calendar.PeriodIndex(opt.Period, opt.From)
		}
		if opt.To != 0 {
			s.last = opt.Calendar.PeriodIndex(opt.Period, opt.To)
		}
		out[i].Periods = max(s.last-s.first+1, 1)
	}
	slices.SortStableFunc(out, func(a, b PeriodAverage) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.Group, b.Group))
	})
	return out
}

// Totals returns the sum of the rows per currency, in currency order.
func (r *PeriodReport) Totals() []PeriodRow {
	var out []PeriodRow
	for _, row := range r.Rows {
		if len(out) == 0 || out[len(out)-1].Currency != row.Currency {
			out = append(out, PeriodRow{Currency: row.Currency})
		}
		out[len(out)-1].add(row.Figures)
	}
	return out
}

// Label names a row's period: 2025-W14, 2025-04, 2025-Q2 or 2025.
func (r *PeriodReport) Label(row PeriodRow) string {
	return r.Calendar.PeriodLabel(r.Period, row.Period)
}

// Change is the difference of a row's figures from those compared with:
// income and passive income in minor units, the passive share in
// percentage points (ok false when either income is zero).
func Change(now, then Figures, currency string) (income, passive string, sharePP string, ok bool) {
	income = signed(ledger.FormatAmount(now.Income-then.Income, currency), now.Income-then.Income)
	passive = signed(ledger.FormatAmount(now.Passive-then.Passive, currency), now.Passive-then.Passive)
	if now.Income == 0 || then.Income == 0 {
		return income, passive, "", false
	}
	share := func(f Figures) decimal.Decimal {
		return decimal.NewFromInt(f.Passive).Div(decimal.NewFromInt(f.Income))
	}
	pp := share(now).Sub(share(then)).Mul(decimal.NewFromInt(100)).Round(2)
	s := pp.StringFixed(2)
	if pp.Sign() >= 0 {
		s = "+" + s
	}
	return income, passive, s, true
}

func signed(s string, v int64) string {
	if v >= 0 {
		return "+" + s
	}
	return s
}

func (r *PeriodReport) dated() bool {
	return r.Period == ledger.PeriodWeek || (r.Period != ledger.PeriodMonth && r.Calendar.FiscalStart > 1)
}

func (r *PeriodReport) header(table bool) []string {
	h := []string{r.Period.String()}
	if !table {
		h = append(h, "start", "end")
	} else if r.dated() {
		h = append(h, "dates")
	}
	if r.By != ByNone {
		h = append(h, "group")
	}
	h = append(h, "currency", "income", "fees", "net", "hours", "passive_income", "passive_share", "hourly_rate")
	if r.Compare {
		h = append(h, "income_change_previous", "passive_share_change_previous_pp", "income_change_year_ago", "passive_share_change_year_ago_pp")
	}
	return h
}

func figureCells(f Figures, cur string) []string {
	share, _ := ShareString(f.Passive, f.Income)
	rate, _ := RateString(f.Income, f.Seconds, cur)
	return []string{cur,
		ledger.FormatAmount(f.Income, cur),
		ledger.FormatAmount(f.Fees, cur),
		ledger.FormatAmount(f.Net(), cur),
		ledger.FormatHours(f.Seconds),
		ledger.FormatAmount(f.Passive, cur),
		share, rate}
}

func (r *PeriodReport) cells(row PeriodRow, label string, table, total bool) []string {
	c := []string{label}
	first, last := r.Calendar.PeriodBounds(r.Period, row.Period)
	if !table {
		c = append(c, first.String(), last.String())
	} else if r.dated() {
		if total {
			c = append(c, "")
		} else {
			c = append(c, first.String()+".."+last.String())
		}
	}
	if r.By != ByNone {
		if total {
			c = append(c, "")
		} else {
			c = append(c, row.Group)
		}
	}
	c = append(c, figureCells(row.Figures, row.Currency)...)
	if r.Compare {
		if total {
			return append(c, "", "", "", "")
		}
		inc, _, pp, _ := Change(row.Figures, row.Previous, row.Currency)
		c = append(c, inc, pp)
		if row.HasYearAgo {
			inc, _, pp, _ := Change(row.Figures, row.YearAgo, row.Currency)
			c = append(c, inc, pp)
		} else {
			c = append(c, "", "")
		}
	}
	return c
}

// WriteCSV writes one line per row under the header
// PERIOD,start,end[,group],currency,income,fees,net,hours,passive_income,passive_share,hourly_rate
// and, with Compare, income_change_previous,passive_share_change_previous_pp,
// income_change_year_ago,passive_share_change_year_ago_pp; PERIOD is week,
// month, quarter or year. Averages are not rows: they are in the JSON and
// the table.
func (r *PeriodReport) WriteCSV(w io.Writer) error {
	rows := make([][]string, 0, len(r.Rows))
	for _, row := range r.Rows {
		rows = append(rows, r.cells(row, r.Label(row), false, false))
	}
	return writeCSV(w, r.header(false), rows)
}

type periodChangeJSON struct {
	Period              string  `json:"period"`
	Income              string  `json:"income"`
	PassiveIncome       string  `json:"passive_income"`
	IncomeChange        string  `json:"income_change"`
	PassiveIncomeChange string  `json:"passive_income_change"`
	PassiveShareChange  *string `json:"passive_share_change_pp"`
}

type periodJSONRow struct {
	key           string            // the period kind: the name of the first field
	Period        string            `json:"period"`
	Start         string            `json:"start"`
	End           string            `json:"end"`
	Group         *string           `json:"group,omitempty"`
	Currency      string            `json:"currency"`
	Income        string            `json:"income"`
	Fees          string            `json:"fees"`
	Net           string            `json:"net"`
	Hours         string            `json:"hours"`
	PassiveIncome string            `json:"passive_income"`
	PassiveShare  *string           `json:"passive_share"`
	HourlyRate    *string           `json:"hourly_rate"`
	Previous      *periodChangeJSON `json:"previous,omitempty"`
	YearAgo       *periodChangeJSON `json:"year_ago,omitempty"`
}

// MarshalJSON names the period field after the period kind ("month":
// "2025-04", as report monthly does).
func (j periodJSONRow) MarshalJSON() ([]byte, error) {
	type plain periodJSONRow
	b, err := json.Marshal(plain(j))
	if err != nil {
		return nil, err
	}
	return append([]byte(`{"`+j.key+`"`), bytes.TrimPrefix(b, []byte(`{"period"`))...), nil
}

type periodAverageJSON struct {
	Group         *string `json:"group,omitempty"`
	Currency      string  `json:"currency"`
	Periods       int     `json:"periods"`
	Income        string  `json:"income"`
	Fees          string  `json:"fees"`
	Net           string  `json:"net"`
	Hours         string  `json:"hours"`
	PassiveIncome string  `json:"passive_income"`
	PassiveShare  *string `json:"passive_share"`
	HourlyRate    *string `json:"hourly_rate"`
}

type periodsJSON struct {
	Rule            string              `json:"rule"`
	WindowDays      *int                `json:"window_days"`
	IgnoreTags      []string            `json:"ignore_tags,omitempty"`
	Period          string              `json:"period"`
	FiscalYearStart string              `json:"fiscal_year_start"`
	By              string              `json:"by,omitempty"`
	Rows            []periodJSONRow     `json:"rows"`
	Averages        []periodAverageJSON `json:"averages,omitempty"`
	Warnings        []warningJSON       `json:"warnings"`
}

func (r *PeriodReport) changeJSON(row PeriodRow, then Figures, p int) *periodChangeJSON {
	inc, pas, pp, ok := Change(row.Figures, then, row.Currency)
	return &periodChangeJSON{
		Period:              r.Calendar.PeriodLabel(r.Period, p),
		Income:              ledger.FormatAmount(then.Income, row.Currency),
		PassiveIncome:       ledger.FormatAmount(then.Passive, row.Currency),
		IncomeChange:        inc,
		PassiveIncomeChange: pas,
		PassiveShareChange:  nullable(pp, ok),
	}
}

// WriteJSON writes {"rule","window_days","period","fiscal_year_start",
// "rows":[...],"averages":[...],"warnings":[...]}; each row has the CSV
// column names, the period under its kind's name, and with Compare the
// objects "previous" and "year_ago" (period, income, passive_income,
// income_change, passive_income_change, passive_share_change_pp).
func (r *PeriodReport) WriteJSON(w io.Writer) error {
	fs := max(r.Calendar.FiscalStart, 1)
	out := periodsJSON{
		Rule: r.Rule.Name, WindowDays: r.Rule.windowDays(), IgnoreTags: r.Rule.ignored(),
		Period: r.Period.String(), FiscalYearStart: fmt.Sprintf("%02d", int(fs)), By: r.By,
		Rows: []periodJSONRow{}, Warnings: warningsJSON(r.Warnings),
	}
	group := func(g string) *string {
		if r.By == ByNone {
			return nil
		}
		return &g
	}
	for _, row := range r.Rows {
		first, last := r.Calendar.PeriodBounds(r.Period, row.Period)
		j := periodJSONRow{
			key:           r.Period.String(),
			Period:        r.Label(row),
			Start:         first.String(),
			End:           last.String(),
			Group:         group(row.Group),
			Currency:      row.Currency,
			Income:        ledger.FormatAmount(row.Income, row.Currency),
			Fees:          ledger.FormatAmount(row.Fees, row.Currency),
			Net:           ledger.FormatAmount(row.Net(), row.Currency),
			Hours:         ledger.FormatHours(row.Seconds),
			PassiveIncome: ledger.FormatAmount(row.Passive, row.Currency),
			PassiveShare:  nullable(ShareString(row.Passive, row.Income)),
			HourlyRate:    nullable(RateString(row.Income, row.Seconds, row.Currency)),
		}
		if r.Compare {
			j.Previous = r.changeJSON(row, row.Previous, row.Period-1)
			if p, ok := r.Calendar.YearAgo(r.Period, row.Period); ok {
				j.YearAgo = r.changeJSON(row, row.YearAgo, p)
			}
		}
		out.Rows = append(out.Rows, j)
	}
	for _, a := range r.Averages {
		m := a.Mean()
		out.Averages = append(out.Averages, periodAverageJSON{
			Group:         group(a.Group),
			Currency:      a.Currency,
			Periods:       a.Periods,
			Income:        ledger.FormatAmount(m.Income, a.Currency),
			Fees:          ledger.FormatAmount(m.Fees, a.Currency),
			Net:           ledger.FormatAmount(m.Net(), a.Currency),
			Hours:         ledger.FormatHours(m.Seconds),
			PassiveIncome: ledger.FormatAmount(m.Passive, a.Currency),
			PassiveShare:  nullable(ShareString(a.Total.Passive, a.Total.Income)),
			HourlyRate:    nullable(RateString(a.Total.Income, a.Total.Seconds, a.Currency)),
		})
	}
	return writeJSON(w, out)
}

// WriteTable writes the rule and period, then one aligned section per
// currency with a total line (and an average line with Average: the mean
// per period, its share and rate those of the total), and a bar of the
// passive share per row when opt asks for one.
func (r *PeriodReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "rule: %s\n", r.Rule)
	fmt.Fprintf(bw, "period: %s", r.Period)
	if fs := r.Calendar.FiscalStart; fs > 1 && (r.Period == ledger.PeriodQuarter || r.Period == ledger.PeriodYear) {
		fmt.Fprintf(bw, " (fiscal years from %s)", fs)
	}
	bw.WriteString("\n")
	if r.By != ByNone {
		fmt.Fprintf(bw, "by: %s\n", r.By)
	}
	if len(r.Rows) == 0 {
		bw.WriteString("\nno income or hours in this period\n")
		writeWarnings(bw, r.Warnings)
		return bw.Flush()
	}
	head := tableHead(r.header(true))
	figAt := slices.Index(head, "income")
	for _, tot := range r.Totals() {
		t := &table{head: slices.Clone(head)}
		t.right = make([]bool, len(t.head))
		for i := range t.right {
			t.right[i] = i >= figAt
		}
		if opt.Bars != BarsNone {
			t.head = append(t.head, "")
			t.right = append(t.right, false)
		}
		withBar := func(c []string, f Figures) []string {
			if opt.Bars != BarsNone {
				c = append(c, bar(opt.Bars, f.Passive, f.Income))
			}
			return c
		}
		for _, row := range r.Rows {
			if row.Currency == tot.Currency {
				t.add(withBar(r.cells(row, r.Label(row), true, false), row.Figures)...)
			}
		}
		t.add(withBar(r.cells(tot, "total", true, true), tot.Figures)...)
		for _, a := range r.Averages {
			if a.Currency != tot.Currency {
				continue
			}
			m := a.Mean()
			c := r.cells(PeriodRow{Currency: a.Currency, Figures: m}, "average", true, true)
			if r.By != ByNone {
				c[slices.Index(head, "group")] = a.Group
			}
			share, _ := ShareString(a.Total.Passive, a.Total.Income)
			rate, _ := RateString(a.Total.Income, a.Total.Seconds, a.Currency)
			c[slices.Index(head, "share")], c[slices.Index(head, "rate/h")] = share, rate
			t.add(withBar(c, a.Total)...)
		}
		fmt.Fprintf(bw, "\n%s\n", tot.Currency)
		t.write(bw)
	}
	if len(r.Averages) > 0 {
		fmt.Fprintf(bw, "\naverage: the mean per %s over %s, rounded to the currency's smallest unit (hours to the second)\n", r.Period, averageSpan(r.Averages))
	}
	writeWarnings(bw, r.Warnings)
	return bw.Flush()
}

func averageSpan(as []PeriodAverage) string {
	n := as[0].Periods
	for _, a := range as {
		if a.Periods != n {
			return "each currency's periods"
		}
	}
	if n == 1 {
		return "1 period"
	}
	return fmt.Sprintf("%d periods", n)
}

// tableHead gives the machine column names the shorter names of tables.
func tableHead(head []string) []string {
	for i, h := range head {
		switch h {
		case "passive_income":
			head[i] = "passive"
		case "passive_share":
			head[i] = "share"
		case "hourly_rate":
			head[i] = "rate/h"
		case "income_change_previous":
			head[i] = "vs prev"
		case "income_change_year_ago":
			head[i] = "vs year"
		case "passive_share_change_previous_pp", "passive_share_change_year_ago_pp":
			head[i] = "pp"
		}
	}
	return head
}
