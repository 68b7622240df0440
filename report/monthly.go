package report

import (
	"bufio"
	"cmp"
	"fmt"
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
	Rule Rule
	By   string
	Rows []MonthlyRow
}

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
	g, err := newEngine(in, opt.Rule)
	if err != nil {
		return nil, err
	}
	groups, groupOf := groupNames(g, opt.By)
	acc := map[monthKey]*Figures{}
	get := func(k monthKey) *Figures {
		f := acc[k]
		if f == nil {
			f = &Figures{}
			acc[k] = f
		}
		return f
	}
	err = g.run(func(it *item) {
		e := it.e
		if !inRange(e.Date, opt.From, opt.To) {
			return
		}
		counts := e.Kind.CountsAsIncome()
		if !counts && e.Kind != ledger.KindFee && !it.billedCounts {
			return
		}
		f := get(monthKey{monthOf(e.Date), groupOf[it.si], it.ci})
		switch {
		case counts:
			f.Income += e.Amount
			if it.passive {
				f.Passive += e.Amount
			}
		case e.Kind == ledger.KindFee:
			f.Fees += e.Amount
		}
		if it.billedCounts {
			f.Seconds += e.Billed
		}
	})
	if err != nil {
		return nil, err
	}
	for i := range in.Sessions {
		w := &in.Sessions[i]
		d := w.StartDate()
		if w.Voided || !inRange(d, opt.From, opt.To) {
			continue
		}
		si := g.stream(w.Stream)
		get(monthKey{monthOf(d), groupOf[si], g.streams[si].home}).Seconds += w.Seconds
	}
	r := &MonthlyReport{Rule: opt.Rule.norm(), By: opt.By, Rows: make([]MonthlyRow, 0, len(acc))}
	for k, f := range acc {
		r.Rows = append(r.Rows, MonthlyRow{Month: int(k.month), Group: groups[k.group], Currency: g.currencies[k.cur], Figures: *f})
	}
	slices.SortFunc(r.Rows, func(a, b MonthlyRow) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Group, b.Group))
	})
	return r, nil
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

// Totals returns the sum of the rows per currency, in currency order.
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

func (r *MonthlyReport) cells(row MonthlyRow, month string) []string {
	share, _ := ShareString(row.Passive, row.Income)
	rate, _ := RateString(row.Income, row.Seconds, row.Currency)
	c := []string{month}
	if r.By != ByNone {
		c = append(c, row.Group)
	}
	return append(c, row.Currency,
		ledger.FormatAmount(row.Income, row.Currency),
		ledger.FormatAmount(row.Fees, row.Currency),
		ledger.FormatAmount(row.Net(), row.Currency),
		ledger.FormatHours(row.Seconds),
		ledger.FormatAmount(row.Passive, row.Currency),
		share, rate)
}

func (r *MonthlyReport) header() []string {
	h := []string{"month"}
	if r.By != ByNone {
		h = append(h, "group")
	}
	return append(h, "currency", "income", "fees", "net", "hours", "passive_income", "passive_share", "hourly_rate")
}

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

type monthlyJSONRow struct {
	Month         string  `json:"month"`
	Group         *string `json:"group,omitempty"`
	Currency      string  `json:"currency"`
	Income        string  `json:"income"`
	Fees          string  `json:"fees"`
	Net           string  `json:"net"`
	Hours         string  `json:"hours"`
	PassiveIncome string  `json:"passive_income"`
	PassiveShare  *string `json:"passive_share"`
	HourlyRate    *string `json:"hourly_rate"`
}

type monthlyJSON struct {
	Rule       string           `json:"rule"`
	WindowDays *int             `json:"window_days"`
	By         string           `json:"by,omitempty"`
	Rows       []monthlyJSONRow `json:"rows"`
}

// WriteJSON writes {"rule","window_days","rows":[...]}, each row with the
// CSV column names; window_days is null for since-last, passive_share and
// hourly_rate are null when income or hours are zero.
func (r *MonthlyReport) WriteJSON(w io.Writer) error {
	out := monthlyJSON{Rule: r.Rule.Name, WindowDays: r.Rule.windowDays(), By: r.By, Rows: []monthlyJSONRow{}}
	for _, row := range r.Rows {
		j := monthlyJSONRow{
			Month:         ledger.MonthString(row.Month),
			Currency:      row.Currency,
			Income:        ledger.FormatAmount(row.Income, row.Currency),
			Fees:          ledger.FormatAmount(row.Fees, row.Currency),
			Net:           ledger.FormatAmount(row.Net(), row.Currency),
			Hours:         ledger.FormatHours(row.Seconds),
			PassiveIncome: ledger.FormatAmount(row.Passive, row.Currency),
			PassiveShare:  nullable(ShareString(row.Passive, row.Income)),
			HourlyRate:    nullable(RateString(row.Income, row.Seconds, row.Currency)),
		}
		if r.By != ByNone {
			g := row.Group
			j.Group = &g
		}
		out.Rows = append(out.Rows, j)
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
		return bw.Flush()
	}
	totals := r.Totals()
	for _, tot := range totals {
		t := &table{head: r.header()}
		t.head[len(t.head)-2] = "share"
		t.head[len(t.head)-1] = "rate/h"
		t.head[len(t.head)-3] = "passive"
		t.right = make([]bool, len(t.head))
		for i := range t.right {
			t.right[i] = i >= len(t.head)-7
		}
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
	return bw.Flush()
}
