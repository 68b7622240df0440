package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// fmtDays writes an estimate in days with one decimal; "" for none, "inf"
// for a curve that does not fall.
func fmtDays(x float64, ok bool) string {
	switch {
	case !ok || math.IsNaN(x):
		return ""
	case math.IsInf(x, 1):
		return "inf"
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

func fmtRatio(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func fmtFloat(x float64, digits int, ok bool) *string {
	if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	s := strconv.FormatFloat(x, 'f', digits, 64)
	return &s
}

// decayRow is one group of a decay report, as its columns read it.
type decayRow struct {
	rep   *DecayReport
	level string // class or stream
	g     *DecayGroup
}

func (r *decayRow) amount(v int64) string { return ledger.FormatAmount(v, r.rep.Currency) }
func (r *decayRow) share(v int64) string  { s, _ := ShareString(v, r.g.Income); return s }
func (r *decayRow) fit() bool             { return r.g.Curve != nil && r.g.Curve.HasFit }

func decayColumns() columns[decayRow] {
	cs := columns[decayRow]{
		{name: "level", text: func(r *decayRow) string { return r.level }},
		{name: "group", head: "group", text: func(r *decayRow) string { return r.g.Group }},
		{name: "class", text: func(r *decayRow) string { return r.g.Class.String() }},
		{name: "currency", text: func(r *decayRow) string { return r.rep.Currency }},
		{name: "income", head: "income", right: true, text: func(r *decayRow) string { return r.amount(r.g.Income) }},
	}
	for i, b := range AgeBuckets {
		cs = append(cs, column[decayRow]{name: b.Name, head: b.Label, right: true, text: func(r *decayRow) string { return r.amount(r.g.Buckets[i]) }})
	}
	cs = append(cs, column[decayRow]{name: "never_worked", head: "never worked", right: true, text: func(r *decayRow) string { return r.amount(r.g.NeverWorked) }})
	for i, b := range AgeBuckets {
		cs = append(cs, column[decayRow]{name: "share_" + strings.TrimPrefix(b.Name, "age_"), text: func(r *decayRow) string { return r.share(r.g.Buckets[i]) },
			json: func(r *decayRow) any { s, ok := ShareString(r.g.Buckets[i], r.g.Income); return nullable(s, ok) }})
	}
	cs = append(cs, columns[decayRow]{
		{name: "share_never_worked", text: func(r *decayRow) string { return r.share(r.g.NeverWorked) },
			json: func(r *decayRow) any { s, ok := ShareString(r.g.NeverWorked, r.g.Income); return nullable(s, ok) }},
		{name: "stopped_streams", text: func(r *decayRow) string {
			if r.g.Curve == nil {
				return "0"
			}
			return itoa(int64(r.g.Curve.Streams))
		}, json: func(r *decayRow) any {
			if r.g.Curve == nil {
				return 0
			}
			return r.g.Curve.Streams
		}},
		{name: "half_life_days", text: func(r *decayRow) string { return fmtDays(r.curve().HalfLife(), r.fit()) },
			json: func(r *decayRow) any { return nullable(fmtDays(r.curve().HalfLife(), r.fit()), r.fit()) }},
		{name: "half_life_low", text: func(r *decayRow) string { return fmtDays(r.curve().HalfLifeLow, r.fit()) },
			json: func(r *decayRow) any { return nullable(fmtDays(r.curve().HalfLifeLow, r.fit()), r.fit()) }},
		{name: "half_life_high", text: func(r *decayRow) string { return fmtDays(r.curve().HalfLifeHigh, r.fit()) },
			json: func(r *decayRow) any { return nullable(fmtDays(r.curve().HalfLifeHigh, r.fit()), r.fit()) }},
		{name: "power_exponent", text: func(r *decayRow) string { return deref(fmtFloat(r.curve().PowerExponent(), 3, r.fit())) },
			json: func(r *decayRow) any { return fmtFloat(r.curve().PowerExponent(), 3, r.fit()) }},
		{name: "better_fit", text: func(r *decayRow) string { return r.curve().Better },
			json: func(r *decayRow) any { return nullable(r.curve().Better, r.fit()) }},
		{name: "settled", text: func(r *decayRow) string { return strconv.FormatBool(r.curve().Settled) },
			json: func(r *decayRow) any { return r.curve().Settled }},
		{name: "more_events_needed", text: func(r *decayRow) string {
			if r.g.Curve == nil || r.curve().MoreEvents() < 0 {
				return ""
			}
			return itoa(int64(r.curve().MoreEvents()))
		}, json: func(r *decayRow) any {
			if r.g.Curve == nil || r.curve().MoreEvents() < 0 {
				return nil
			}
			return r.curve().MoreEvents()
		}},
	}...)
	return cs
}

var noCurve = &Curve{}

func (r *decayRow) curve() *Curve {
	if r.g.Curve == nil {
		return noCurve
	}
	return r.g.Curve
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (r *DecayReport) rows() []decayRow {
	var out []decayRow
	for i := range r.Classes {
		out = append(out, decayRow{r, ByClass, &r.Classes[i]})
	}
	for i := range r.Streams {
		out = append(out, decayRow{r, ByStream, &r.Streams[i]})
	}
	return out
}

// WriteCSV writes one line per class (then per stream, with --by stream)
// under the header of DecayCSVHeader.
func (r *DecayReport) WriteCSV(w io.Writer) error {
	cs := decayColumns()
	var rows [][]string
	for _, row := range r.rows() {
		rows = append(rows, cs.cells(&row))
	}
	return writeCSV(w, cs.names(), rows)
}

// DecayCSVHeader is the header line of `report decay -o csv`.
func DecayCSVHeader() string { return strings.Join(decayColumns().names(), ",") }

type curvePeriodJSON struct {
	Period   int    `json:"period"`
	FromDay  int    `json:"from_day"`
	ToDay    int    `json:"to_day"`
	Income   string `json:"income"`
	Relative string `json:"relative"`
	Streams  int    `json:"streams"`
}

type curveJSON struct {
	Group        string            `json:"group"`
	Class        string            `json:"class"`
	Pooled       bool              `json:"pooled"`
	Streams      int               `json:"streams"`
	LastWork     *string           `json:"last_work"`
	Before30d    string            `json:"before_30d"`
	Events       int               `json:"events"`
	Periods      []curvePeriodJSON `json:"periods"`
	HalfLife     *string           `json:"half_life_days"`
	HalfLifeLow  *string           `json:"half_life_low"`
	HalfLifeHigh *string           `json:"half_life_high"`
	ExpLevel     *string           `json:"exponential_level"`
	ExpDeviance  *string           `json:"exponential_deviance"`
	PowerExp     *string           `json:"power_exponent"`
	PowerLevel   *string           `json:"power_level"`
	PowerDev     *string           `json:"power_deviance"`
	Better       *string           `json:"better_fit"`
	Settled      bool              `json:"settled"`
	MoreEvents   *int              `json:"more_events_needed"`
	Note         *string           `json:"note"`
}

func (r *DecayReport) curveJSON(c *Curve) curveJSON {
	j := curveJSON{Group: c.Group, Class: c.Class.String(), Pooled: c.Pooled, Streams: c.Streams,
		LastWork:  nullable(c.LastWork.String(), !c.Pooled),
		Before30d: ledger.FormatAmount(c.Before, r.Currency), Events: c.Events, Periods: []curvePeriodJSON{},
		HalfLife:    nullable(fmtDays(c.HalfLife(), c.HasFit), c.HasFit),
		HalfLifeLow: nullable(fmtDays(c.HalfLifeLow, c.HasFit), c.HasFit), HalfLifeHigh: nullable(fmtDays(c.HalfLifeHigh, c.HasFit), c.HasFit),
		ExpLevel: fmtFloat(c.Exponential.Level, 4, c.HasFit), ExpDeviance: fmtFloat(c.Exponential.Deviance, 1, c.HasFit),
		PowerExp: fmtFloat(c.PowerLaw.Alpha, 3, c.HasFit), PowerLevel: fmtFloat(c.PowerLaw.Level, 4, c.HasFit),
		PowerDev: fmtFloat(c.PowerLaw.Deviance, 1, c.HasFit),
		Better:   nullable(c.Better, c.HasFit), Settled: c.Settled, Note: nullable(c.Note, c.Note != ""),
	}
	if m := c.MoreEvents(); m >= 0 {
		j.MoreEvents = &m
	}
	for _, p := range c.Periods {
		j.Periods = append(j.Periods, curvePeriodJSON{Period: p.Index, FromDay: (p.Index-1)*PeriodDays + 1, ToDay: p.Index * PeriodDays,
			Income: ledger.FormatAmount(p.Income, r.Currency), Relative: fmtRatio(p.Relative), Streams: p.Streams})
	}
	return j
}

// WriteJSON writes {"currency","ledger_last_date","buckets":[{"name",
// "from_days","to_days"}],"classes":[...],"streams":[...],"curves":[...],
// "warnings":[...]}: classes and streams have the CSV's fields, curves the
// residual of every pooled class and stopped stream with its periods.
func (r *DecayReport) WriteJSON(w io.Writer) error {
	type bucketJSON struct {
		Name string `json:"name"`
		From int64  `json:"from_days"`
		To   *int64 `json:"to_days"`
	}
	out := struct {
		Currency string          `json:"currency"`
		LastDate string          `json:"ledger_last_date"`
		Buckets  []bucketJSON    `json:"buckets"`
		Classes  []orderedObject `json:"classes"`
		Streams  []orderedObject `json:"streams,omitempty"`
		Curves   []curveJSON     `json:"curves"`
		Warnings []warningJSON   `json:"warnings"`
	}{Currency: r.Currency, LastDate: dateString(r.LastDate, true), Curves: []curveJSON{}, Warnings: warningsJSON(r.Warnings)}
	for _, b := range AgeBuckets {
		j := bucketJSON{Name: b.Name, From: b.Lo}
		if b.Hi >= 0 {
			hi := b.Hi
			j.To = &hi
		}
		out.Buckets = append(out.Buckets, j)
	}
	cs := decayColumns()
	for _, row := range r.rows() {
		o := cs.object(&row)[1:]
		if row.level == ByClass {
			out.Classes = append(out.Classes, o)
		} else {
			out.Streams = append(out.Streams, o)
		}
	}
	for _, c := range r.Curves {
		out.Curves = append(out.Curves, r.curveJSON(c))
	}
	return writeJSON(w, out)
}

// WriteTable writes income by age per class (and stream), the shares, then
// the residual curves with, with bars, a sparkline of each.
func (r *DecayReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "currency: %s\nledger's last date: %s\n\n", r.Currency, dateString(r.LastDate, true))
	bw.WriteString("income by age (days since the last work on its stream, on or before the income's date):\n")
	cs := decayColumns()
	t := cs.table()
	shares := &table{head: append([]string{"group"}, t.head[2:]...), right: append([]bool{false}, t.right[2:]...)}
	for _, row := range r.rows() {
		t.add(cs.tableCells(&row)...)
		cells := []string{row.g.Group}
		for _, v := range append(row.g.Buckets[:], row.g.NeverWorked) {
			cells = append(cells, row.share(v))
		}
		shares.add(cells...)
	}
	t.write(bw)
	bw.WriteString("\nshare of income by age:\n")
	shares.write(bw)
	r.writeCurves(bw, opt.Bars)
	writeWarnings(bw, r.Warnings)
	return bw.Flush()
}

func (r *DecayReport) writeCurves(bw *bufio.Writer, style BarStyle) {
	if len(r.Curves) == 0 {
		fmt.Fprintf(bw, "\nresidual after the last work: no stream's last work is %d days or more before the ledger's last date\n", StoppedDays)
		return
	}
	fmt.Fprintf(bw, "\nresidual after the last work (streams whose last work is %d days or more before %s; income per 30 days after it, relative to the 30-day average of the %d days before; estimates):\n",
		StoppedDays, dateString(r.LastDate, true), BeforeDays)
	t := &table{head: []string{"curve", "streams", "last work", "before/30d", "events", "half-life", "90% interval", "power exp", "better fit"},
		right: []bool{false, true, false, true, true, true, false, true, false}}
	if style != BarsNone {
		t.head = append(t.head, "residual by period (full = the level before)")
		t.right = append(t.right, false)
	}
	var notes []string
	for _, c := range r.Curves {
		name, last := c.Group, ""
		if c.Pooled {
			name += " (pooled)"
		} else {
			last = c.LastWork.String()
		}
		hl, iv, pe := "", "", ""
		if c.HasFit {
			hl = fmtDays(c.HalfLife(), true) + " d"
			iv = fmtDays(c.HalfLifeLow, true) + "-" + fmtDays(c.HalfLifeHigh, true)
			pe = deref(fmtFloat(c.PowerExponent(), 2, true))
		}
		cells := []string{name, itoa(int64(c.Streams)), last, ledger.FormatAmount(c.Before, r.Currency), itoa(int64(c.Events)), hl, iv, pe, c.Better}
		if style != BarsNone {
			cells = append(cells, sparkline(style, c.Periods))
		}
		t.add(cells...)
		switch {
		case c.Note != "":
			notes = append(notes, name+": no curve: "+c.Note)
		case !c.Settled && c.MoreEvents() > 0:
			notes = append(notes, fmt.Sprintf("%s: too little data: %d income events after the last work; about %d more would settle the half-life (%d in all)",
				name, c.Events, c.MoreEvents(), c.NeededEvents))
		case !c.Settled:
			notes = append(notes, name+": too little data: its income does not fall, so no half-life can be settled")
		}
	}
	t.write(bw)
	if len(notes) > 0 {
		bw.WriteByte('\n')
		for _, n := range notes {
			bw.WriteString(n + "\n")
		}
	}
	bw.WriteString("\nbetter fit: the model with the smaller Poisson deviance (both have two parameters); half-life from the exponential fit, 90% interval from 500 bootstrap resamples of the sales after the last work (fixed seed).\n")
}

var sparkRunes = []string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"}

const sparkASCII = " .:-=+*#%@"

// sparkline draws the relative income of each period, 1 (the level before
// the last work) or more as a full cell.
func sparkline(style BarStyle, ps []ResidualPeriod) string {
	var b strings.Builder
	for _, p := range ps {
		v := math.Max(0, math.Min(1, p.Relative))
		if style == BarsASCII {
			b.WriteByte(sparkASCII[int(math.Round(v*float64(len(sparkASCII)-1)))])
			continue
		}
		b.WriteString(sparkRunes[int(math.Round(v*float64(len(sparkRunes)-1)))])
	}
	return b.String()
}
