package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// TargetOptions are the choices of `report targets`.
type TargetOptions struct {
	Rule     Rule
	Targets  []ledger.Target
	Calendar ledger.Calendar
	// Currency is the currency of targets that name none (the ledger's
	// default currency).
	Currency string
}

// TargetRow is one target with the figure it is measured against.
//
// What is measured: a passive-share target, the passive share of the 12
// months up to today (today's month and the 11 before it) in the target's
// currency; an income target, the income of the current period (week,
// month, quarter or fiscal year holding today); an hours target, the hours
// on its stream in the current period (logged, or billed where nothing was
// logged, as report monthly counts them).
type TargetRow struct {
	Target   ledger.Target
	Currency string
	From, To ledger.Date // the days measured
	Actual   int64       // in the unit of Target.Value
	// HasActual is false for a share with no income to divide by.
	HasActual bool
	Met       bool
	// Needed is the trend that would still meet the target, as text:
	// "+1.50 pp/month" (a dated share), "133.33 USD/day" (income), "2.00
	// h/day" (hours; for a ceiling, the most per day that keeps under it);
	// "" when met, or for a share without --by.
	Needed string
}

// Gap is the goal minus the actual figure: what is missing for a floor, the
// room left (negative when over) for a ceiling.
func (r TargetRow) Gap() int64 { return r.Target.Value - r.Actual }

// TargetsReport is the result of Targets, in the order the targets were
// set.
type TargetsReport struct {
	Today ledger.Date
	Rows  []TargetRow
}

// Targets measures every target on the ledger.
func Targets(in Input, opt TargetOptions) (*TargetsReport, error) {
	r := &TargetsReport{Today: in.Today}
	for _, t := range opt.Targets {
		row := TargetRow{Target: t, Currency: t.Currency}
		if row.Currency == "" {
			row.Currency = opt.Currency
		}
		if row.Currency == "" {
			row.Currency = ledger.DefaultCurrency
		}
		po := PeriodOptions{Rule: opt.Rule, Calendar: opt.Calendar}
		if t.Kind == ledger.TargetPassiveShare {
			mi := in.Today.MonthIndex() - 11
			row.From, _ = opt.Calendar.PeriodBounds(ledger.PeriodMonth, mi)
			row.To = in.Today
			po.Period = ledger.PeriodMonth // the months' rows are summed below
		} else {
			row.From, row.To = opt.Calendar.PeriodBounds(t.Per, opt.Calendar.PeriodIndex(t.Per, in.Today))
			po.Period = t.Per
		}
		po.From, po.To = row.From, row.To
		switch {
		case t.Kind == ledger.TargetHours:
			po.By = ByStream
		case t.HasClass:
			po.By = ByClass
		}
		pr, err := Periods(in, po)
		if err != nil {
			return nil, err
		}
		var f Figures
		for _, x := range pr.Rows {
			switch {
			case t.Kind == ledger.TargetHours:
				if x.Group == string(t.Stream) {
					f.add(x.Figures)
				}
			case x.Currency != row.Currency:
			case t.HasClass && x.Group != t.Class.String():
			default:
				f.add(x.Figures)
			}
		}
		measure(&row, f, in.Today)
		r.Rows = append(r.Rows, row)
	}
	return r, nil
}

// measure fills in the actual figure, whether the target is met, and the
// trend needed.
func measure(row *TargetRow, f Figures, today ledger.Date) {
	t := row.Target
	switch t.Kind {
	case ledger.TargetPassiveShare:
		if !HasShare(f.Passive, f.Income) {
			return // no income, or refunds that leave no share (see HasShare)
		}
		row.HasActual = true
		row.Actual = decimal.NewFromInt(f.Passive).Mul(decimal.NewFromInt(10000)).DivRound(decimal.NewFromInt(f.Income), 0).IntPart()
	case ledger.TargetIncome:
		row.HasActual, row.Actual = true, f.Income
	case ledger.TargetHours:
		row.HasActual, row.Actual = true, f.Seconds
	}
	if t.Max {
		row.Met = row.HasActual && row.Actual <= t.Value
	} else {
		row.Met = row.HasActual && row.Actual >= t.Value
	}
	gap := row.Gap()
	switch {
	case t.Kind == ledger.TargetPassiveShare:
		if t.By == 0 || row.Met {
			return
		}
		months := t.By.MonthIndex() - today.MonthIndex()
		if months <= 0 {
			row.Needed = "past " + t.By.String()
			return
		}
		pp := decimal.NewFromInt(gap).Div(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(int64(months)), 2)
		s := pp.StringFixed(2)
		if pp.Sign() >= 0 {
			s = "+" + s
		}
		row.Needed = s + " pp/month"
	case row.Met && !t.Max:
	default:
		days := int64(row.To-today) + 1
		if days <= 0 || gap < 0 {
			return
		}
		if t.Kind == ledger.TargetIncome {
			row.Needed = ledger.AmountDecimal(gap, row.Currency).DivRound(decimal.NewFromInt(days), int32(exponent(row.Currency))).StringFixed(int32(exponent(row.Currency))) + " " + row.Currency + "/day"
		} else {
			row.Needed = ledger.FormatHours((gap+days/2)/days) + " h/day"
		}
	}
}

func exponent(cur string) int {
	exp, ok := ledger.CurrencyExponent(cur)
	if !ok {
		return 2
	}
	return exp
}

func (r TargetRow) format(v int64) string {
	switch r.Target.Kind {
	case ledger.TargetIncome:
		return ledger.FormatAmount(v, r.Currency)
	case ledger.TargetHours:
		return ledger.FormatHours(v)
	}
	return decimal.New(v, -4).StringFixed(4)
}

func (r TargetRow) goal() string {
	s := r.format(r.Target.Value)
	if r.Target.Max {
		s = "at most " + s
	}
	return s
}

// Status is met or missed.
func (r TargetRow) Status() string {
	if r.Met {
		return "met"
	}
	return "missed"
}

func (r TargetRow) what() string {
	t := r.Target
	switch t.Kind {
	case ledger.TargetIncome:
		return "income " + r.Currency + " per " + t.Per.String()
	case ledger.TargetHours:
		return "hours on " + string(t.Stream) + " per " + t.Per.String()
	}
	s := "passive share " + r.Currency
	if t.HasClass {
		s += " " + t.Class.String()
	}
	if t.By != 0 {
		s += " by " + t.By.Month()
	}
	return s
}

// WriteCSV writes name,kind,measures,goal,max,actual,gap,status,needed,from,to.
func (r *TargetsReport) WriteCSV(w io.Writer) error {
	var rows [][]string
	for _, x := range r.Rows {
		actual, gap := "", ""
		if x.HasActual {
			actual, gap = x.format(x.Actual), x.format(x.Gap())
		}
		rows = append(rows, []string{x.Target.Name, x.Target.Kind.String(), x.what(), x.format(x.Target.Value), fmt.Sprint(x.Target.Max),
			actual, gap, x.Status(), x.Needed, x.From.String(), x.To.String()})
	}
	return writeCSV(w, []string{"name", "kind", "measures", "goal", "max", "actual", "gap", "status", "needed", "from", "to"}, rows)
}

type targetJSON struct {
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Goal     string  `json:"goal"`
	Max      bool    `json:"max"`
	Currency *string `json:"currency"`
	Class    *string `json:"class"`
	Stream   *string `json:"stream"`
	Per      *string `json:"per"`
	By       *string `json:"by"`
	From     string  `json:"from"`
	To       string  `json:"to"`
	Actual   *string `json:"actual"`
	Gap      *string `json:"gap"`
	Met      bool    `json:"met"`
	Needed   *string `json:"needed"`
}

// WriteJSON writes {"today","targets":[{"name","kind","goal","max",
// "currency","class","stream","per","by","from","to","actual","gap","met",
// "needed"}]}; fields that do not apply to a kind are null.
func (r *TargetsReport) WriteJSON(w io.Writer) error {
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out := struct {
		Today   string       `json:"today"`
		Targets []targetJSON `json:"targets"`
	}{Today: r.Today.String(), Targets: []targetJSON{}}
	for _, x := range r.Rows {
		t := x.Target
		j := targetJSON{Name: t.Name, Kind: t.Kind.String(), Goal: x.format(t.Value), Max: t.Max,
			From: x.From.String(), To: x.To.String(), Met: x.Met, Needed: str(x.Needed)}
		switch t.Kind {
		case ledger.TargetPassiveShare:
			j.Currency = str(x.Currency)
			if t.HasClass {
				j.Class = str(t.Class.String())
			}
			if t.By != 0 {
				j.By = str(t.By.String())
			}
		case ledger.TargetIncome:
			j.Currency, j.Per = str(x.Currency), str(t.Per.String())
		case ledger.TargetHours:
			j.Stream, j.Per = str(string(t.Stream)), str(t.Per.String())
		}
		if x.HasActual {
			j.Actual, j.Gap = str(x.format(x.Actual)), str(x.format(x.Gap()))
		}
		out.Targets = append(out.Targets, j)
	}
	return writeJSON(w, out)
}

// WriteTable writes one line per target, with a bar of the actual figure
// against the goal when opt asks for one (full at the goal).
func (r *TargetsReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	if len(r.Rows) == 0 {
		bw.WriteString("no targets: set one with earnlog target set\n")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "today: %s\n\n", r.Today)
	t := &table{head: []string{"target", "measures", "goal", "actual", "gap", "status", "needed", "period"},
		right: []bool{false, false, true, true, true, false, false, false}}
	if opt.Bars != BarsNone {
		t.head = append(t.head, "")
		t.right = append(t.right, false)
	}
	for _, x := range r.Rows {
		actual, gap := "", ""
		if x.HasActual {
			actual, gap = x.format(x.Actual), x.format(x.Gap())
		}
		c := []string{x.Target.Name, x.what(), x.goal(), actual, gap, x.Status(), x.Needed, x.From.String() + ".." + x.To.String()}
		if opt.Bars != BarsNone {
			// Progress towards the goal, full once it is reached.
			c = append(c, bar(opt.Bars, max(min(x.Actual, x.Target.Value), 0), x.Target.Value))
		}
		t.add(c...)
	}
	t.write(bw)
	bw.WriteString("\ngap: goal minus actual (for an \"at most\" goal, the room left)\n")
	return bw.Flush()
}
