package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/earnlog/earnlog/ledger"
)

// WorkRef names one record with work in it: a session or an invoice's
// billing period.
type WorkRef struct {
	Kind       Evidence // EvidenceSession or EvidenceBilling
	ID         uint64
	Start, End ledger.Date
}

// Explanation is one event in full: how the rule judged it, the work
// around it, and what would change the verdict.
type Explanation struct {
	Rule Rule
	Row  EventRow
	// Window reports whether the verdict came from a window of days
	// (Row.Verdict.From..To); not for billed hours, hourly payments and
	// linked refunds.
	Window bool
	// Before and After are the nearest work on the stream up to the event's
	// day and after it.
	Before, After       WorkRef
	HasBefore, HasAfter bool
	// Follows is the earning a linked refund or adjustment takes its class
	// from.
	Follows    EventRow
	HasFollows bool
	// Changes say what would change the verdict.
	Changes []string
}

// Explain judges the event with the given ID and explains the verdict.
// ENOTFOUND when there is no such event; EINVALID when it is voided or a
// fee (neither is judged).
func Explain(in Input, rule Rule, id uint64) (*Explanation, error) {
	if err := checkRule(rule); err != nil {
		return nil, err
	}
	g, err := newEngineExplaining(in, rule, true)
	if err != nil {
		return nil, err
	}
	x := &Explanation{Rule: rule.norm()}
	var found, voided, fee bool
	var st *streamState
	var ev ledger.Event
	err = g.run(func(it *item) {
		if it.e.ID != id {
			return
		}
		found = true
		if !it.e.Kind.CountsAsIncome() {
			fee = true
			return
		}
		x.Row, st, ev = g.row(it), g.streams[it.si], *it.e
	})
	if err != nil {
		return nil, err
	}
	if !found && in.Events != nil {
		// run skips voided events: say so rather than "no such event".
		err = in.Events(func(e *ledger.Event) error {
			if e.ID == id {
				voided = e.Voided
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	switch {
	case voided:
		return nil, ledger.Errorf(ledger.EINVALID, "event #%d is voided: reports skip it, so it is not judged", id)
	case !found:
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no event #%d: use an ID shown by 'earnlog list' or 'earnlog report events'", id)
	case fee:
		return nil, ledger.Errorf(ledger.EINVALID, "event #%d is a fee: fees are never active or passive, only income is judged", id)
	}
	v := x.Row.Verdict
	if w, ok := st.nearestBefore(ev.Date, FirstDay); ok {
		x.Before, x.HasBefore = WorkRef(w.ref()), true
	}
	if w, ok := st.nearestAfter(ev.Date); ok {
		x.After, x.HasAfter = WorkRef(w.ref()), true
	}
	x.Window = v.Reason == ReasonWork || v.Reason == ReasonNoWork
	if v.Reason == ReasonLinked {
		err = g.run(func(it *item) {
			if it.e.ID == v.Evidence && it.e.Kind.CountsAsIncome() {
				x.Follows, x.HasFollows = g.row(it), true
			}
		})
		if err != nil {
			return nil, err
		}
	}
	x.Changes = x.changes(st, &ev)
	return x, nil
}

func (w workItem) ref() WorkRef { return WorkRef{Kind: w.kind, ID: w.id, Start: w.start, End: w.end} }

// changes says what would turn the verdict around.
func (x *Explanation) changes(st *streamState, e *ledger.Event) []string {
	v, d, s := x.Row.Verdict, e.Date, string(e.Stream)
	switch v.Reason {
	case ReasonBilled:
		return []string{"nothing: its billed hours make it active under every rule and window"}
	case ReasonHourly:
		return []string{"nothing: an hourly payment is active under every rule and window"}
	case ReasonLinked:
		return []string{"it follows #" + strconv.FormatUint(v.Evidence, 10) + ": earnlog explain " + strconv.FormatUint(v.Evidence, 10) + " shows what would change that"}
	}
	windowFlag := "--window "
	if x.Rule.Name == RuleSinceLast {
		windowFlag = "--rule window --window "
	}
	var out []string
	if v.Passive {
		between := "between " + v.From.String() + " and " + d.String()
		if v.From == FirstDay {
			between = "on or before " + d.String()
		}
		out = append(out, "logging work on "+s+" "+between+" would make it active")
		if x.HasBefore {
			n := int64(d) - int64(min(x.Before.End, d))
			if n <= MaxWindowDays {
				out = append(out, "with "+windowFlag+itoa(n)+" it is active")
			}
		} else {
			out = append(out, "no window makes it active: no work on "+s+" was logged or billed up to its day")
		}
		return out
	}
	// Active by work in the window: the latest day of work up to d decides
	// how short a window would miss it.
	w, _ := st.nearestBefore(d, v.From)
	last := min(w.end, d)
	if last == d {
		return []string{"no window makes it passive: there is work on " + s + " on its own day"}
	}
	out = append(out, "with "+windowFlag+itoa(int64(d-last-1))+" it is passive")
	return out
}

func workRefText(w WorkRef, d ledger.Date) string {
	var s string
	if w.Kind == EvidenceSession {
		s = "session #" + strconv.FormatUint(w.ID, 10) + " on " + w.Start.String()
		if w.End != w.Start {
			s += ".." + w.End.String()
		}
	} else {
		s = "billing " + periodWord(w.Start, w.End) + " " + w.Start.String() + ".." + w.End.String() + " of #" + strconv.FormatUint(w.ID, 10)
	}
	switch {
	case w.Start > d:
		n := w.Start - d
		if n == 1 {
			return s + " (1 day after)"
		}
		return s + " (" + strconv.Itoa(int(n)) + " days after)"
	case w.End >= d:
		return s + " (the same day)"
	}
	return s + " (" + daysBefore(d-w.End) + ")"
}

func (x *Explanation) windowText() string {
	v := x.Row.Verdict
	if !x.Window {
		switch v.Reason {
		case ReasonLinked:
			return "none: a linked " + x.Row.Kind.String() + " takes its earning's verdict"
		default:
			return "none: it is active by what it is, whatever the window"
		}
	}
	if v.From == FirstDay {
		return "up to " + v.To.String() + " (since-last: the stream's first income, any earlier work counts)"
	}
	if x.Rule.Name == RuleSinceLast {
		return v.From.String() + " to " + v.To.String() + " (since-last: the days after the stream's previous income, up to the event)"
	}
	switch n := x.Rule.WindowDays; n {
	case 0:
		return v.From.String() + " to " + v.To.String() + " (the day itself only)"
	case 1:
		return v.From.String() + " to " + v.To.String() + " (the day and the day before it)"
	default:
		return v.From.String() + " to " + v.To.String() + " (the day and the " + strconv.Itoa(n) + " days before it)"
	}
}

// WriteTable writes the explanation as lines for people.
func (x *Explanation) WriteTable(w io.Writer, _ TableOptions) error {
	bw := bufio.NewWriter(w)
	r := &x.Row
	fmt.Fprintf(bw, "event #%d: %s %s (%s) %s %s %s\n", r.ID, r.Date, r.Stream, r.Class, r.Kind, ledger.FormatAmount(r.Amount, r.Currency), r.Currency)
	fmt.Fprintf(bw, "rule: %s\n", x.Rule)
	fmt.Fprintf(bw, "window: %s\n", x.windowText())
	fmt.Fprintf(bw, "verdict: %s: %s\n", verdictWord(r.Verdict.Passive), r.Reason)
	if x.HasFollows {
		f := &x.Follows
		fmt.Fprintf(bw, "follows: #%d %s %s %s %s, %s: %s\n", f.ID, f.Date, f.Kind, ledger.FormatAmount(f.Amount, f.Currency), f.Currency, verdictWord(f.Verdict.Passive), f.Reason)
	}
	before, after := "none", "none"
	if x.HasBefore {
		before = workRefText(x.Before, r.Date)
	}
	if x.HasAfter {
		after = workRefText(x.After, r.Date)
	}
	fmt.Fprintf(bw, "nearest work before: %s\n", before)
	fmt.Fprintf(bw, "nearest work after: %s\n", after)
	for _, c := range x.Changes {
		fmt.Fprintf(bw, "would change it: %s\n", c)
	}
	return bw.Flush()
}

// WriteCSV writes the event's row of `report events`.
func (x *Explanation) WriteCSV(w io.Writer) error {
	return writeCSV(w, eventColumns.names(), [][]string{eventColumns.cells(&x.Row)})
}

type workRefJSON struct {
	Kind  string `json:"kind"`
	ID    uint64 `json:"id"`
	Start string `json:"start"`
	End   string `json:"end"`
}

func workJSON(w WorkRef, ok bool) *workRefJSON {
	if !ok {
		return nil
	}
	return &workRefJSON{evidenceName(w.Kind), w.ID, w.Start.String(), w.End.String()}
}

// WriteJSON writes {"rule","window_days","event":{...},"window":{"from","to"},
// "follows":{...},"nearest_work_before":{"kind","id","start","end"},
// "nearest_work_after":{...},"would_change":[...]}: the event and the
// earning it follows with the names of `report events`; window (from is
// null for "any earlier work"), follows and the nearest work are null when
// they do not apply.
func (x *Explanation) WriteJSON(w io.Writer) error {
	type win struct {
		From *string `json:"from"`
		To   string  `json:"to"`
	}
	out := struct {
		Rule        string         `json:"rule"`
		WindowDays  *int           `json:"window_days"`
		Event       orderedObject  `json:"event"`
		Window      *win           `json:"window"`
		Follows     *orderedObject `json:"follows"`
		Before      *workRefJSON   `json:"nearest_work_before"`
		After       *workRefJSON   `json:"nearest_work_after"`
		WouldChange []string       `json:"would_change"`
	}{Rule: x.Rule.Name, WindowDays: x.Rule.windowDays(), Event: eventColumns.object(&x.Row),
		Before: workJSON(x.Before, x.HasBefore), After: workJSON(x.After, x.HasAfter), WouldChange: x.Changes}
	if x.Window {
		v := x.Row.Verdict
		out.Window = &win{From: nullable(v.From.String(), v.From != FirstDay), To: v.To.String()}
	}
	if x.HasFollows {
		o := eventColumns.object(&x.Follows)
		out.Follows = &o
	}
	return writeJSON(w, out)
}
