package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/earnlog/earnlog/ledger"
)

// EventsOptions are the choices of `report events`.
type EventsOptions struct {
	Rule   Rule
	Filter ledger.Filter // the filters of `list`; voided events are never judged
	// Passive or Active keeps only the events of that verdict.
	Passive, Active bool
}

// EventRow is one income event (or refund, or adjustment) as the rule
// judged it.
type EventRow struct {
	ID       uint64
	Date     ledger.Date
	Stream   ledger.Stream
	Platform string
	Class    ledger.Class
	Kind     ledger.Kind
	Amount   int64
	Currency string
	Verdict  Verdict
	Reason   string
}

// EventsReport is the result of Events: rows by date, then ID.
type EventsReport struct {
	Rule     Rule
	Rows     []EventRow
	Warnings []Warning
}

// Events judges every income event that passes the filters and says why.
// Its rows add up to `report monthly` for the same dates, exactly.
func Events(in Input, opt EventsOptions) (*EventsReport, error) {
	if err := checkRule(opt.Rule); err != nil {
		return nil, err
	}
	if opt.Passive && opt.Active {
		return nil, ledger.Errorf(ledger.EINVALID, "--passive and --active exclude each other: use one, or neither for all events")
	}
	g, err := newEngineExplaining(in, opt.Rule, true)
	if err != nil {
		return nil, err
	}
	f := opt.Filter
	f.All = false
	cov := newCoverage(g)
	rep := &EventsReport{Rule: opt.Rule.norm()}
	err = g.run(func(it *item) {
		e := it.e
		if !e.Kind.CountsAsIncome() || !f.Event(e) {
			return
		}
		cov.observe(it)
		if (opt.Passive && !it.v.Passive) || (opt.Active && it.v.Passive) {
			return
		}
		rep.Rows = append(rep.Rows, g.row(it))
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rep.Rows, func(a, b EventRow) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	rep.Warnings = cov.warnings()
	return rep, nil
}

// row is an item as a row of `report events`.
func (g *engine) row(it *item) EventRow {
	st := g.streams[it.si]
	return EventRow{
		ID: it.e.ID, Date: it.e.Date, Stream: st.name, Platform: st.platform, Class: st.class,
		Kind: it.e.Kind, Amount: it.e.Amount, Currency: g.currencies[it.ci], Verdict: it.v,
		Reason: ReasonText(it.e, it.v),
	}
}

// EvidenceDay is the day of the evidence nearest the event: a session's or
// billing period's last day (up to the event's date), or the linked
// earning's date; ok is false when the verdict names no record.
func (r *EventRow) EvidenceDay() (ledger.Date, bool) {
	v := r.Verdict
	if v.EvidenceKind == EvidenceNone {
		return 0, false
	}
	if v.EvidenceKind == EvidenceEarning {
		return v.EvidenceStart, true
	}
	return min(v.EvidenceEnd, r.Date), true
}

func evidenceName(k Evidence) string {
	switch k {
	case EvidenceSession:
		return "session"
	case EvidenceBilling:
		return "invoice"
	case EvidenceEarning:
		return "earning"
	}
	return ""
}

func verdictWord(passive bool) string {
	if passive {
		return "passive"
	}
	return "active"
}

var eventColumns = columns[EventRow]{
	{name: "id", head: "id", right: true, text: func(r *EventRow) string { return strconv.FormatUint(r.ID, 10) },
		json: func(r *EventRow) any { return r.ID }},
	{name: "date", head: "date", text: func(r *EventRow) string { return r.Date.String() }},
	{name: "stream", head: "stream", text: func(r *EventRow) string { return string(r.Stream) }},
	{name: "platform", text: func(r *EventRow) string { return r.Platform }},
	{name: "class", head: "class", text: func(r *EventRow) string { return r.Class.String() }},
	{name: "kind", head: "kind", text: func(r *EventRow) string { return r.Kind.String() }},
	{name: "amount", head: "amount", right: true, text: func(r *EventRow) string { return ledger.FormatAmount(r.Amount, r.Currency) }},
	{name: "currency", head: "currency", text: func(r *EventRow) string { return r.Currency }},
	{name: "passive", head: "verdict",
		text: func(r *EventRow) string { return strconv.FormatBool(r.Verdict.Passive) },
		json: func(r *EventRow) any { return r.Verdict.Passive }},
	{name: "reason", text: func(r *EventRow) string { return r.Reason }},
	{name: "evidence", text: func(r *EventRow) string { return evidenceName(r.Verdict.EvidenceKind) },
		json: func(r *EventRow) any {
			return nullable(evidenceName(r.Verdict.EvidenceKind), r.Verdict.EvidenceKind != EvidenceNone)
		}},
	{name: "evidence_id", text: func(r *EventRow) string {
		if r.Verdict.EvidenceKind == EvidenceNone {
			return ""
		}
		return strconv.FormatUint(r.Verdict.Evidence, 10)
	}, json: func(r *EventRow) any {
		if r.Verdict.EvidenceKind == EvidenceNone {
			return nil
		}
		return r.Verdict.Evidence
	}},
	{name: "evidence_date", text: func(r *EventRow) string { return dateString(r.EvidenceDay()) },
		json: func(r *EventRow) any { d, ok := r.EvidenceDay(); return nullable(dateString(d, ok), ok) }},
}

// WriteCSV writes one line per event under the header
// id,date,stream,platform,class,kind,amount,currency,passive,reason,evidence,evidence_id,evidence_date;
// passive is true or false, evidence is session, invoice or earning (or
// empty, with evidence_id and evidence_date). Warnings are not part of it.
func (r *EventsReport) WriteCSV(w io.Writer) error {
	rows := make([][]string, len(r.Rows))
	for i := range r.Rows {
		rows[i] = eventColumns.cells(&r.Rows[i])
	}
	return writeCSV(w, eventColumns.names(), rows)
}

// WriteJSON writes {"rule","window_days","events":[...],"warnings":[...]},
// each event with the CSV column names; passive is a boolean, evidence_id a
// number, and the evidence fields are null when the verdict names no record.
func (r *EventsReport) WriteJSON(w io.Writer) error {
	out := struct {
		Rule       string          `json:"rule"`
		WindowDays *int            `json:"window_days"`
		IgnoreTags []string        `json:"ignore_tags,omitempty"`
		Events     []orderedObject `json:"events"`
		Warnings   []warningJSON   `json:"warnings"`
	}{Rule: r.Rule.Name, WindowDays: r.Rule.windowDays(), IgnoreTags: r.Rule.ignored(), Events: []orderedObject{}, Warnings: warningsJSON(r.Warnings)}
	for i := range r.Rows {
		out.Events = append(out.Events, eventColumns.object(&r.Rows[i]))
	}
	return writeJSON(w, out)
}

// WriteTable writes the rule, one line per event with its verdict, its
// reason on the line below, a total per currency and the warnings.
func (r *EventsReport) WriteTable(w io.Writer, _ TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "rule: %s\n\n", r.Rule)
	if len(r.Rows) == 0 {
		bw.WriteString("no income events\n")
	} else {
		t := eventColumns.table()
		t.head = append(t.head, "reason")
		t.right = append(t.right, false)
		for i := range r.Rows {
			row := &r.Rows[i]
			c := eventColumns.tableCells(row)
			c[len(c)-1] = verdictWord(row.Verdict.Passive)
			t.add(append(c, row.Reason)...)
		}
		t.write(bw)
		bw.WriteByte('\n')
		for _, tot := range r.totals() {
			events := "events"
			if tot.events == 1 {
				events = "event"
			}
			fmt.Fprintf(bw, "total %s: income %s, passive %s, active %s (%d %s)\n", tot.cur,
				ledger.FormatAmount(tot.income, tot.cur), ledger.FormatAmount(tot.passive, tot.cur),
				ledger.FormatAmount(tot.income-tot.passive, tot.cur), tot.events, events)
		}
	}
	writeWarnings(bw, r.Warnings)
	return bw.Flush()
}

type eventTotal struct {
	cur             string
	income, passive int64
	events          int
}

// totals sums the rows per currency, in currency order.
func (r *EventsReport) totals() []eventTotal {
	by := map[string]*eventTotal{}
	var out []eventTotal
	for _, row := range r.Rows {
		t := by[row.Currency]
		if t == nil {
			t = &eventTotal{cur: row.Currency}
			by[row.Currency] = t
		}
		t.income += row.Amount
		t.events++
		if row.Verdict.Passive {
			t.passive += row.Amount
		}
	}
	for _, t := range by {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b eventTotal) int { return cmp.Compare(a.cur, b.cur) })
	return out
}

// WarningList returns the report's coverage warnings.
func (r *EventsReport) WarningList() []Warning { return r.Warnings }
