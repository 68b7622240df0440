package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// RunwayCSVHeader is the header of `report runway -o csv`: one line per
// stream (and the total) and month ahead.
var RunwayCSVHeader = []string{"group", "class", "currency", "basis", "model", "recent_30d", "month", "from", "to", "expected", "low", "high", "under_half_month"}

func (r *RunwayReport) rows() []*RunwayRow {
	out := make([]*RunwayRow, 0, len(r.Streams)+1)
	for i := range r.Streams {
		out = append(out, &r.Streams[i])
	}
	return append(out, &r.Total)
}

func (row *RunwayRow) class() string {
	if row.Total {
		return ""
	}
	return row.Class.String()
}

func (row *RunwayRow) underHalf() string {
	if row.UnderHalf == 0 {
		return ""
	}
	return itoa(int64(row.UnderHalf))
}

// Next12 is the expected income of all the months ahead added up.
func (row *RunwayRow) Next12() int64 {
	var s int64
	for _, m := range row.Months {
		s += m.Expected
	}
	return s
}

// WriteCSV writes RunwayCSVHeader and a line per stream and month, the
// total last.
func (r *RunwayReport) WriteCSV(w io.Writer) error {
	var rows [][]string
	for _, row := range r.rows() {
		for _, m := range row.Months {
			rows = append(rows, []string{row.Group, row.class(), r.Currency, row.Basis, row.Model,
				ledger.FormatAmount(row.Recent, r.Currency), itoa(int64(m.Index)), m.From.String(), m.To.String(),
				ledger.FormatAmount(m.Expected, r.Currency), ledger.FormatAmount(m.Low, r.Currency), ledger.FormatAmount(m.High, r.Currency), row.underHalf()})
		}
	}
	return writeCSV(w, RunwayCSVHeader, rows)
}

type runwayMonthJSON struct {
	Month    int    `json:"month"`
	From     string `json:"from"`
	To       string `json:"to"`
	Expected string `json:"expected"`
	Low      string `json:"low"`
	High     string `json:"high"`
}

type runwayRowJSON struct {
	Stream       *string           `json:"stream"`
	Class        *string           `json:"class"`
	Basis        *string           `json:"basis"`
	Model        *string           `json:"model"`
	Note         *string           `json:"note"`
	Recent30d    string            `json:"recent_30d"`
	DaysSince    *int64            `json:"days_since_work"`
	Next12       string            `json:"next_12_months"`
	UnderHalf    *int              `json:"under_half_month"`
	Months       []runwayMonthJSON `json:"months"`
	BasisStreams map[string]int    `json:"basis_streams,omitempty"`
}

func (r *RunwayReport) rowJSON(row *RunwayRow) runwayRowJSON {
	j := runwayRowJSON{Recent30d: ledger.FormatAmount(row.Recent, r.Currency), Next12: ledger.FormatAmount(row.Next12(), r.Currency), Months: []runwayMonthJSON{}}
	if !row.Total {
		j.Stream, j.Class = &row.Group, nullable(row.Class.String(), true)
		j.Basis, j.Model, j.Note = nullable(row.Basis, true), nullable(row.Model, row.Model != ""), nullable(row.Note, row.Note != "")
		if row.SinceWork >= 0 {
			d := row.SinceWork
			j.DaysSince = &d
		}
	} else {
		j.BasisStreams = map[string]int{}
		for _, s := range r.Streams {
			j.BasisStreams[s.Basis]++
		}
	}
	if row.UnderHalf > 0 {
		m := row.UnderHalf
		j.UnderHalf = &m
	}
	for _, m := range row.Months {
		j.Months = append(j.Months, runwayMonthJSON{Month: m.Index, From: m.From.String(), To: m.To.String(),
			Expected: ledger.FormatAmount(m.Expected, r.Currency), Low: ledger.FormatAmount(m.Low, r.Currency), High: ledger.FormatAmount(m.High, r.Currency)})
	}
	return j
}

// WriteJSON writes {"currency","as_of","estimate":true,"interval":"0.80",
// "months_ahead","streams":[{"stream","class","basis","model","note",
// "recent_30d","days_since_work","next_12_months","under_half_month",
// "months":[{"month","from","to","expected","low","high"}]}],"total":{...},
// "warnings":[...]}.
func (r *RunwayReport) WriteJSON(w io.Writer) error {
	out := struct {
		Currency string          `json:"currency"`
		AsOf     string          `json:"as_of"`
		Estimate bool            `json:"estimate"`
		Interval string          `json:"interval"`
		Months   int             `json:"months_ahead"`
		Streams  []runwayRowJSON `json:"streams"`
		Total    runwayRowJSON   `json:"total"`
		Warnings []warningJSON   `json:"warnings"`
	}{Currency: r.Currency, AsOf: r.AsOf.String(), Estimate: true, Interval: "0.80", Months: RunwayMonths,
		Streams: []runwayRowJSON{}, Total: r.rowJSON(&r.Total), Warnings: warningsJSON(r.Warnings)}
	for i := range r.Streams {
		out.Streams = append(out.Streams, r.rowJSON(&r.Streams[i]))
	}
	return writeJSON(w, out)
}

// basisText says in words what a stream's runway rests on.
func (row *RunwayRow) basisText() string {
	switch row.Basis {
	case BasisOwnCurve:
		return "own " + row.Model + " curve"
	case BasisClassCurve:
		return row.Class.String() + " " + row.Model + " curve"
	case BasisFlat:
		return "flat (assumed)"
	case BasisWork:
		return "ends with the work"
	}
	return "no recent income"
}

// WriteTable writes one line per stream (recent rate, what its runway
// rests on, months 1, 3, 6 and 12, the month it falls under half), then
// the total month by month with, with bars, a bar of each month against
// the recent rate.
func (r *RunwayReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	cur := r.Currency
	amt := func(v int64) string { return ledger.FormatAmount(v, cur) }
	fmt.Fprintf(bw, "currency: %s\nas of: %s (today, or the ledger's last date when earlier)\nif all work stopped then: expected income per 30 days ahead, with its 80%% interval (estimates, rounded; never stored)\n\n", cur, r.AsOf)
	t := &table{head: []string{"stream", "class", "recent/30d", "runway rests on", "month 1", "month 3", "month 6", "month 12", "next 12 months", "under half in"},
		right: []bool{false, false, true, false, true, true, true, true, true, true}}
	cell := func(m RunwayMonth) string {
		if m.Low == m.High {
			return amt(m.Expected)
		}
		return amt(m.Expected) + " (" + amt(m.Low) + "-" + amt(m.High) + ")"
	}
	var notes []string
	for _, row := range r.rows() {
		basis, class := row.basisText(), row.class()
		if row.Total {
			basis = ""
		}
		uh := "-"
		if row.UnderHalf > 0 {
			uh = "month " + itoa(int64(row.UnderHalf))
		}
		t.add(row.Group, class, amt(row.Recent), basis, cell(row.Months[0]), cell(row.Months[2]), cell(row.Months[5]), cell(row.Months[11]), amt(row.Next12()), uh)
		if row.Note != "" {
			notes = append(notes, row.Group+": "+row.Note)
		}
	}
	t.write(bw)
	if len(notes) > 0 {
		bw.WriteByte('\n')
		for _, n := range notes {
			bw.WriteString(n + "\n")
		}
	}
	bw.WriteString("\ntotal by month:\n")
	mt := &table{head: []string{"month", "from", "to", "expected", "80% low", "80% high"}, right: []bool{true, false, false, true, true, true}}
	if opt.Bars != BarsNone {
		mt.head = append(mt.head, "against recent/30d")
		mt.right = append(mt.right, false)
	}
	for _, m := range r.Total.Months {
		cells := []string{itoa(int64(m.Index)), m.From.String(), m.To.String(), amt(m.Expected), amt(m.Low), amt(m.High)}
		if opt.Bars != BarsNone {
			cells = append(cells, bar(opt.Bars, m.Expected, r.Total.Recent))
		}
		mt.add(cells...)
	}
	mt.write(bw)
	bw.WriteString("\n" + strings.TrimSpace(runwayAssumptions) + "\n")
	writeWarnings(bw, r.Warnings)
	return bw.Flush()
}

// runwayAssumptions are the runway's assumptions, as the table states them.
const runwayAssumptions = `
assumptions: a stream's recent rate is its income in the 90 days up to today, per 30 days; it fades with the
stream's own residual curve when that is settled, else its class's pooled curve, else as the table says;
hourly, billed and fixed-price (milestone) streams end with the work; the interval resamples the recent days
and the curve's sales (fixed seed).
`
