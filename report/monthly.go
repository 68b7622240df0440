package report

import (
	"bufio"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"

	"github.com/earnlog/earnlog/ledger"
)

// Grouping names for MonthlyOptions.By.
const (
	ByNone     = ""
	ByPlatform = "platform"
	ByClass    = "class"
	ByStream   = "stream"
)

// MonthlyOptions are the choices of `report monthly`.
type MonthlyOptions struct {
	Rule Rule
	By   string      // ByNone, ByPlatform, ByClass or ByStream
	From ledger.Date // first day included; 0 = open
	To   ledger.Date // last day included; 0 = open
	// Detail keeps every income event with its verdict and reason (in
	// MonthlyReport.Events), for the HTML page's per-month listing.
	Detail bool
}

// ParseBy reads a --by value.
func ParseBy(s string) (string, error) {
	switch s {
	case ByNone, ByPlatform, ByClass, ByStream:
		return s, nil
	}
	return "", ledger.Errorf(ledger.EINVALID, "%q is not a grouping: use platform, class or stream", s)
}

// Figures are the sums behind one row of a report, in minor units of one
// currency and in seconds.
type Figures struct {
	Income  int64 // income kinds, refunds and adjustments
	Fees    int64 // negative
	Passive int64 // the part of Income the rule finds passive
	Seconds int64 // hours worked: logged, or billed where nothing was logged
}

// Net is income plus (negative) fees.
func (f Figures) Net() int64 { return f.Income + f.Fees }

// Active is the part of income that is not passive.
func (f Figures) Active() int64 { return f.Income - f.Passive }

func (f *Figures) add(o Figures) {
	f.Income += o.Income
	f.Fees += o.Fees
	f.Passive += o.Passive
	f.Seconds += o.Seconds
}

// MonthlyRow is one month (of one group) in one currency.
type MonthlyRow struct {
	Month    int    // year*12 + month - 1, as ledger.Date.MonthIndex
	Group    string // platform, class or stream name; "" without By
	Currency string
	Figures
}

// MonthlyReport is the result of Monthly: rows ordered by currency, month
// and group.
type MonthlyReport struct {
	Rule     Rule
	By       string
	Rows     []MonthlyRow
	Warnings []Warning
	// Events are the income events of the rows, by date (with Detail only).
	Events []EventRow
	// estimates is the HTML page's residual and runway charts (WithEstimates).
	estimates template.HTML
}

// WarningList returns the report's coverage warnings.
func (r *MonthlyReport) WarningList() []Warning { return r.Warnings }

type monthKey struct {
	month, group, cur int32
}

// Monthly sums income, fees, hours and passive income per month (and group)
// and currency.
func Monthly(in Input, opt MonthlyOptions) (*MonthlyReport, error) {
	if err := checkRule(opt.Rule); err != nil {
		return nil, err
	}
	if _, err := ParseBy(opt.By); err != nil {
		return nil, err
	}
	g, err := newEngineExplaining(in, opt.Rule, opt.Detail)
	if err != nil {
		return nil, err
	}
	groups, groupOf := groupNames(g, opt.By)
	acc := newMonthAcc(g, len(groups))
	cov := newCoverage(g)
	var events []EventRow
	var sum sums
	err = g.run(func(it *item) {
		e := it.e
		if !inRange(e.Date, opt.From, opt.To) {
			return
		}
		counts := e.Kind.CountsAsIncome()
		if counts {
			cov.observe(it)
			if opt.Detail {
				events = append(events, g.row(it))
			}
		}
		if !counts && e.Kind != ledger.KindFee && !it.billedCounts {
			return
		}
		f := acc.get(g.month(e.Date), groupOf[it.si], it.ci)
		switch {
		case counts:
			sum.add(&f.Income, e.Amount, it.ci)
			if it.v.Passive {
				sum.add(&f.Passive, e.Amount, it.ci)
			}
		case e.Kind == ledger.KindFee:
			sum.add(&f.Fees, e.Amount, it.ci)
		}
		if it.billedCounts {
			f.Seconds += e.Billed
		}
	})
	if err == nil {
		err = sum.err(g)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range g.sessions.all() {
		if !inRange(w.start, opt.From, opt.To) {
			continue
		}
		acc.get(g.month(w.start), groupOf[w.si], g.streams[w.si].home).Seconds += w.seconds
	}
	r := &MonthlyReport{Rule: opt.Rule.norm(), By: opt.By, Warnings: cov.warnings(), Events: events}
	slices.SortFunc(r.Events, func(a, b EventRow) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	// Sort by integer ranks, not by strings: a long ledger has many rows.
	groupRank, curRank := ranks(groups), ranks(g.currencies)
	type ranked struct {
		cur, month, group int32
		f                 *Figures
	}
	rows := make([]ranked, 0, acc.count())
	acc.each(func(k monthKey, f *Figures) {
		rows = append(rows, ranked{curRank[k.cur], k.month, groupRank[k.group], f})
	})
	slices.SortFunc(rows, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(a.month, b.month), cmp.Compare(a.group, b.group))
	})
	curByRank, groupByRank := byRank(g.currencies, curRank), byRank(groups, groupRank)
	r.Rows = make([]MonthlyRow, len(rows))
	for i, x := range rows {
		r.Rows[i] = MonthlyRow{Month: int(x.month), Group: groupByRank[x.group], Currency: curByRank[x.cur], Figures: *x.f}
	}
	if err := checkMonthly(r); err != nil {
		return nil, err
	}
	return r, nil
}

// ranks returns the sorted position of each name.
func ranks(names []string) []int32 {
	idx := make([]int, len(names))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(names[a], names[b]) })
	r := make([]int32, len(names))
	for pos, i := range idx {
		r[i] = int32(pos)
	}
	return r
}

func byRank(names []string, rank []int32) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[rank[i]] = n
	}
	return out
}

// maxDense bounds the dense accumulator (months x groups x currencies
// cells); beyond it, a map keeps memory to the cells actually used.
const maxDense = 1 << 21

// monthAcc sums figures per month, group and currency: a dense array when
// the ledger's span is small enough (no hashing per event), a map otherwise.
type monthAcc struct {
	dense            []Figures
	used             []bool
	minMonth, months int32
	groups, curs     int32
	sparse           map[monthKey]*Figures
}

func newMonthAcc(g *engine, groups int) *monthAcc {
	a := &monthAcc{groups: int32(groups), curs: int32(len(g.currencies)), minMonth: g.minMonth - 1}
	// Sessions may fall a little outside the months of events: one month
	// of slack each side, and anything further goes to the map.
	a.months = g.maxMonth - g.minMonth + 3
	if cells := int64(a.months) * int64(a.groups) * int64(a.curs); cells > 0 && cells <= maxDense {
		a.dense = make([]Figures, cells)
		a.used = make([]bool, cells)
	}
	a.sparse = map[monthKey]*Figures{}
	return a
}

func (a *monthAcc) get(month, group, cur int32) *Figures {
	if m := month - a.minMonth; a.dense != nil && m >= 0 && m < a.months {
		i := (m*a.groups+group)*a.curs + cur
		a.used[i] = true
		return &a.dense[i]
	}
	k := monthKey{month, group, cur}
	f := a.sparse[k]
	if f == nil {
		f = &Figures{}
		a.sparse[k] = f
	}
	return f
}

func (a *monthAcc) count() int {
	n := len(a.sparse)
	for _, u := range a.used {
		if u {
			n++
		}
	}
	return n
}

func (a *monthAcc) each(fn func(k monthKey, f *Figures)) {
	for i, u := range a.used {
		if u {
			j := int32(i)
			fn(monthKey{j/(a.groups*a.curs) + a.minMonth, j / a.curs % a.groups, j % a.curs}, &a.dense[i])
		}
	}
	for k, f := range a.sparse {
		fn(k, f)
	}
}

// groupNames interns the group of every stream once, so that events are
// grouped by index without building a string per event.
func groupNames(g *engine, by string) (names []string, groupOf []int32) {
	idx := map[string]int32{}
	groupOf = make([]int32, len(g.streams))
	for i, st := range g.streams {
		var n string
		switch by {
		case ByPlatform:
			n = st.platform
		case ByClass:
			n = st.class.String()
		case ByStream:
			n = string(st.name)
		}
		j, ok := idx[n]
		if !ok {
			j = int32(len(names))
			names = append(names, n)
			idx[n] = j
		}
		groupOf[i] = j
	}
	if len(names) == 0 {
		names = []string{""}
	}
	return names, groupOf
}

// ShareWarnings are the rows (and totals) with income but no passive share
// (see HasShare), one line each, for stderr.
func (r *MonthlyReport) ShareWarnings() []string {
	var out []string
	for _, row := range r.Rows {
		what := ledger.MonthString(row.Month)
		if r.By != ByNone {
			what += " " + row.Group
		}
		if w := shareWarning(what, row.Currency, row.Passive, row.Income); w != "" {
			out = append(out, w)
		}
	}
	for _, tot := range r.Totals() {
		if w := shareWarning("total "+tot.Currency, tot.Currency, tot.Passive, tot.Income); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Totals returns the sum of the rows per currency, in currency order.
// Monthly has checked that these sums fit.
func (r *MonthlyReport) Totals() []MonthlyRow {
	var out []MonthlyRow
	for _, row := range r.Rows {
		if len(out) == 0 || out[len(out)-1].Currency != row.Currency {
			out = append(out, MonthlyRow{Currency: row.Currency})
		}
		out[len(out)-1].add(row.Figures)
	}
	return out
}

// monthlyLine is a row of a monthly report with the label of its first
// column (a month, or "total").
type monthlyLine struct {
	MonthlyRow
	label string
}

func (l *monthlyLine) amount(v int64) string { return ledger.FormatAmount(v, l.Currency) }

// monthlyColumns are the columns of report monthly, declared once for
// table, CSV, JSON and HTML; group is dropped without By.
var monthlyColumns = columns[monthlyLine]{
	{name: "month", head: "month", text: func(l *monthlyLine) string { return l.label }},
	{name: "group", head: "group", text: func(l *monthlyLine) string { return l.Group }},
	{name: "currency", head: "currency", text: func(l *monthlyLine) string { return l.Currency }},
	{name: "income", head: "income", right: true, text: func(l *monthlyLine) string { return l.amount(l.Income) }},
	{name: "fees", head: "fees", right: true, text: func(l *monthlyLine) string { return l.amount(l.Fees) }},
	{name: "net", head: "net", right: true, text: func(l *monthlyLine) string { return l.amount(l.Net()) }},
	{name: "hours", head: "hours", right: true, text: func(l *monthlyLine) string { return ledger.FormatHours(l.Seconds) }},
	{name: "passive_income", head: "passive", right: true, text: func(l *monthlyLine) string { return l.amount(l.Passive) }},
	{name: "passive_share", head: "share", right: true,
		text: func(l *monthlyLine) string { s, _ := ShareString(l.Passive, l.Income); return s },
		json: func(l *monthlyLine) any { return nullable(ShareString(l.Passive, l.Income)) }},
	{name: "hourly_rate", head: "rate/h", right: true,
		text: func(l *monthlyLine) string { s, _ := RateString(l.Income, l.Seconds, l.Currency); return s },
		json: func(l *monthlyLine) any { return nullable(RateString(l.Income, l.Seconds, l.Currency)) }},
}

// columns are the report's columns: without By, no group.
func (r *MonthlyReport) columns() columns[monthlyLine] {
	if r.By != ByNone {
		return monthlyColumns
	}
	return append(columns[monthlyLine]{monthlyColumns[0]}, monthlyColumns[2:]...)
}

func (r *MonthlyReport) cells(row MonthlyRow, month string) []string {
	return r.columns().cells(&monthlyLine{row, month})
}

func (r *MonthlyReport) header() []string { return r.columns().names() }

// WriteCSV writes one line per row under the header
// month[,group],currency,income,fees,net,hours,passive_income,passive_share,hourly_rate;
// passive_share and hourly_rate are empty when income or hours are zero.
func (r *MonthlyReport) WriteCSV(w io.Writer) error {
	rows := make([][]string, 0, len(r.Rows))
	for _, row := range r.Rows {
		rows = append(rows, r.cells(row, ledger.MonthString(row.Month)))
	}
	return writeCSV(w, r.header(), rows)
}

type monthlyJSON struct {
	Rule       string          `json:"rule"`
	WindowDays *int            `json:"window_days"`
	IgnoreTags []string        `json:"ignore_tags,omitempty"`
	By         string          `json:"by,omitempty"`
	Rows       []orderedObject `json:"rows"`
	Warnings   []warningJSON   `json:"warnings"`
}

// WriteJSON writes {"rule","window_days","rows":[...],"warnings":[...]},
// each row with the CSV column names; window_days is null for since-last,
// passive_share and hourly_rate are null when income or hours are zero.
func (r *MonthlyReport) WriteJSON(w io.Writer) error {
	out := monthlyJSON{Rule: r.Rule.Name, WindowDays: r.Rule.windowDays(), IgnoreTags: r.Rule.ignored(), By: r.By, Rows: []orderedObject{}, Warnings: warningsJSON(r.Warnings)}
	cols := r.columns()
	for _, row := range r.Rows {
		out.Rows = append(out.Rows, cols.object(&monthlyLine{row, ledger.MonthString(row.Month)}))
	}
	return writeJSON(w, out)
}

// WriteTable writes a header line naming the rule, then one aligned section
// per currency with a total line, and a bar of the passive share per row
// when opt asks for one.
func (r *MonthlyReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "rule: %s\n", r.Rule)
	if r.By != ByNone {
		fmt.Fprintf(bw, "by: %s\n", r.By)
	}
	if len(r.Rows) == 0 {
		bw.WriteString("\nno income or hours in this period\n")
		writeWarnings(bw, r.Warnings)
		return bw.Flush()
	}
	totals := r.Totals()
	for _, tot := range totals {
		t := r.columns().table()
		if opt.Bars != BarsNone {
			t.head = append(t.head, "")
			t.right = append(t.right, false)
		}
		for _, row := range r.Rows {
			if row.Currency != tot.Currency {
				continue
			}
			c := r.cells(row, ledger.MonthString(row.Month))
			if opt.Bars != BarsNone {
				c = append(c, bar(opt.Bars, row.Passive, row.Income))
			}
			t.add(c...)
		}
		c := r.cells(tot, "total")
		if r.By != ByNone {
			c[1] = ""
		}
		if opt.Bars != BarsNone {
			c = append(c, bar(opt.Bars, tot.Passive, tot.Income))
		}
		t.add(c...)
		fmt.Fprintf(bw, "\n%s\n", tot.Currency)
		t.write(bw)
	}
	writeWarnings(bw, r.Warnings)
	return bw.Flush()
}
