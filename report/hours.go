package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// Hours defaults: a difference is a mismatch when it is more than 15
// minutes and more than 10% of the billed hours, so neither a rounded
// quarter hour on a short week nor a few minutes on a long one is flagged.
const (
	DefaultToleranceSeconds = 15 * 60
	DefaultTolerancePercent = 10
	// NoTolerancePercent asks for no percentage at all: a row is flagged
	// when logged and billed hours differ by more than ToleranceSeconds.
	NoTolerancePercent = -1
)

// HoursOptions are the choices of `report hours`.
type HoursOptions struct {
	ToleranceSeconds int64       // 0 = 15 minutes
	TolerancePercent int         // of billed hours; 0 = 10, NoTolerancePercent = none
	From             ledger.Date // billing periods ending on or after; 0 = open
	To               ledger.Date // billing periods ending on or before; 0 = open
}

// HoursRow compares one billing period of one stream: the seconds billed by
// the hourly events of that period, and the seconds of sessions on the
// stream that started within it.
type HoursRow struct {
	Stream      ledger.Stream
	PeriodStart ledger.Date
	PeriodEnd   ledger.Date
	Billed      int64
	Logged      int64
	Mismatch    bool
}

// Difference is logged minus billed, in seconds.
func (r HoursRow) Difference() int64 { return r.Logged - r.Billed }

// NotStatedRow is an hourly invoice that states no hours (UpWork rows that
// say just "Job"): active by its kind, but with nothing to compare.
type NotStatedRow struct {
	Stream   ledger.Stream
	Date     ledger.Date
	Amount   int64
	Currency string
	Ref      string
}

// HoursReport is the result of Hours: rows ordered by stream and period,
// then the hourly invoices whose hours are not stated, by stream and date.
type HoursReport struct {
	ToleranceSeconds int64
	TolerancePercent int
	Rows             []HoursRow
	NotStated        []NotStatedRow
}

type periodKey struct {
	stream     int32
	start, end ledger.Date
}

// Hours sets the hours billed on hourly invoices beside the hours logged on
// the same stream in the same billing period, and lists the hourly invoices
// that state no hours (dated within From..To).
func Hours(in Input, opt HoursOptions) (*HoursReport, error) {
	if opt.ToleranceSeconds < 0 || opt.ToleranceSeconds > ledger.MaxDuration {
		return nil, ledger.Errorf(ledger.EINVALID, "a tolerance of %s is out of range: use a duration from 1s to 1000h", ledger.FormatDuration(opt.ToleranceSeconds))
	}
	if (opt.TolerancePercent < 0 && opt.TolerancePercent != NoTolerancePercent) || opt.TolerancePercent > 100 {
		return nil, ledger.Errorf(ledger.EINVALID, "a tolerance of %d%% is out of range: use a whole percentage from 0 to 100", opt.TolerancePercent)
	}
	if opt.ToleranceSeconds == 0 {
		opt.ToleranceSeconds = DefaultToleranceSeconds
	}
	switch opt.TolerancePercent {
	case 0:
		opt.TolerancePercent = DefaultTolerancePercent
	case NoTolerancePercent:
		opt.TolerancePercent = 0
	}
	g, err := newEngine(in, Rule{})
	if err != nil {
		return nil, err
	}
	acc := map[periodKey]*HoursRow{}
	// perStream lists the periods of each stream, to find a session's periods.
	perStream := map[int32][]*HoursRow{}
	var notStated []NotStatedRow
	if in.Events != nil {
		err = in.Events(func(e *ledger.Event) error {
			if !e.Voided && e.Billed <= 0 && e.Kind == ledger.KindHourly && inRange(e.Date, opt.From, opt.To) {
				notStated = append(notStated, NotStatedRow{Stream: ledger.Stream(strings.Clone(string(e.Stream))), Date: e.Date,
					Amount: e.Amount, Currency: strings.Clone(e.Currency), Ref: strings.Clone(e.Ref)})
				return nil
			}
			if e.Voided || e.Billed <= 0 {
				return nil
			}
			a, b := period(e)
			if !inRange(b, opt.From, opt.To) {
				return nil
			}
			si := g.stream(e.Stream)
			k := periodKey{si, a, b}
			r := acc[k]
			if r == nil {
				r = &HoursRow{Stream: g.streams[si].name, PeriodStart: a, PeriodEnd: b}
				acc[k] = r
				perStream[si] = append(perStream[si], r)
			}
			r.Billed += e.Billed
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, w := range g.sessions.all() {
		// Periods of one stream may overlap (two contracts' weeks are on two
		// streams, but a hand-typed week may straddle an imported one): a
		// session counts in each period it starts in.
		for _, r := range perStream[w.si] {
			if w.start >= r.PeriodStart && w.start <= r.PeriodEnd {
				r.Logged += w.seconds
			}
		}
	}
	slices.SortStableFunc(notStated, func(a, b NotStatedRow) int {
		return cmp.Or(cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.Date, b.Date))
	})
	rep := &HoursReport{ToleranceSeconds: opt.ToleranceSeconds, TolerancePercent: opt.TolerancePercent, NotStated: notStated}
	for _, r := range acc {
		diff := r.Logged - r.Billed
		if diff < 0 {
			diff = -diff
		}
		r.Mismatch = diff > opt.ToleranceSeconds && diff*100 > r.Billed*int64(opt.TolerancePercent)
		rep.Rows = append(rep.Rows, *r)
	}
	slices.SortFunc(rep.Rows, func(a, b HoursRow) int {
		return cmp.Or(cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.PeriodStart, b.PeriodStart), cmp.Compare(a.PeriodEnd, b.PeriodEnd))
	})
	return rep, nil
}

var hoursHeader = []string{"stream", "period_start", "period_end", "billed_hours", "logged_hours", "difference", "mismatch"}

func (r HoursRow) cells() []string {
	m := "false"
	if r.Mismatch {
		m = "true"
	}
	return []string{string(r.Stream), r.PeriodStart.String(), r.PeriodEnd.String(),
		ledger.FormatHours(r.Billed), ledger.FormatHours(r.Logged), ledger.FormatHours(r.Difference()), m}
}

// notStated is what the reports write for the hours of an hourly invoice
// that states none.
const notStated = "not stated"

// WriteCSV writes one line per stream and billing period under the header
// stream,period_start,period_end,billed_hours,logged_hours,difference,mismatch,
// then one line per hourly invoice that states no hours: its date as the
// period, billed_hours "not stated", the other cells empty.
func (rep *HoursReport) WriteCSV(w io.Writer) error {
	rows := make([][]string, 0, len(rep.Rows)+len(rep.NotStated))
	for _, r := range rep.Rows {
		rows = append(rows, r.cells())
	}
	for _, r := range rep.NotStated {
		rows = append(rows, []string{string(r.Stream), r.Date.String(), r.Date.String(), notStated, "", "", ""})
	}
	return writeCSV(w, hoursHeader, rows)
}

type hoursJSONRow struct {
	Stream      string `json:"stream"`
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	BilledHours string `json:"billed_hours"`
	LoggedHours string `json:"logged_hours"`
	Difference  string `json:"difference"`
	Mismatch    bool   `json:"mismatch"`
}

type notStatedJSONRow struct {
	Stream   string `json:"stream"`
	Date     string `json:"date"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Ref      string `json:"ref"`
}

// WriteJSON writes {"tolerance_minutes","tolerance_percent","rows":[...]}
// with the CSV column names, and "hours_not_stated":[{"stream","date",
// "amount","currency","ref"}] when some hourly invoices state no hours.
func (rep *HoursReport) WriteJSON(w io.Writer) error {
	out := struct {
		ToleranceMinutes string             `json:"tolerance_minutes"`
		TolerancePercent int                `json:"tolerance_percent"`
		Rows             []hoursJSONRow     `json:"rows"`
		NotStated        []notStatedJSONRow `json:"hours_not_stated,omitempty"`
	}{ToleranceMinutes: minutes(rep.ToleranceSeconds), TolerancePercent: rep.TolerancePercent, Rows: []hoursJSONRow{}}
	for _, r := range rep.Rows {
		c := r.cells()
		out.Rows = append(out.Rows, hoursJSONRow{c[0], c[1], c[2], c[3], c[4], c[5], r.Mismatch})
	}
	for _, r := range rep.NotStated {
		out.NotStated = append(out.NotStated, notStatedJSONRow{string(r.Stream), r.Date.String(), ledger.FormatAmount(r.Amount, r.Currency), r.Currency, r.Ref})
	}
	return writeJSON(w, out)
}

// minutes writes seconds as minutes with two decimals, exactly.
func minutes(secs int64) string { return ledger.FormatHours(secs * 60) }

// WriteTable writes one aligned line per stream and billing period, with
// mismatches marked.
func (rep *HoursReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "mismatch: logged and billed differ by more than %s and more than %d%% of billed\n\n",
		ledger.FormatDuration(rep.ToleranceSeconds), rep.TolerancePercent)
	if len(rep.Rows) == 0 {
		bw.WriteString("no hourly invoices with billed hours\n")
		rep.writeNotStated(bw)
		return bw.Flush()
	}
	t := &table{
		head:  []string{"stream", "period", "billed", "logged", "difference", ""},
		right: []bool{false, false, true, true, true, false},
	}
	mismatches := 0
	for _, r := range rep.Rows {
		c := r.cells()
		flag := ""
		if r.Mismatch {
			flag = "MISMATCH"
			mismatches++
		}
		t.add(c[0], c[1]+".."+c[2], c[3], c[4], c[5], flag)
	}
	t.write(bw)
	fmt.Fprintf(bw, "\n%d of %d periods mismatched\n", mismatches, len(rep.Rows))
	rep.writeNotStated(bw)
	return bw.Flush()
}

// writeNotStated lists the hourly invoices that state no hours, if any.
func (rep *HoursReport) writeNotStated(bw *bufio.Writer) {
	if len(rep.NotStated) == 0 {
		return
	}
	what := fmt.Sprintf("%d hourly invoices give", len(rep.NotStated))
	if len(rep.NotStated) == 1 {
		what = "1 hourly invoice gives"
	}
	fmt.Fprintf(bw, "\nhours not stated: %s no hours (active by their kind, nothing to compare)\n\n", what)
	t := &table{
		head:  []string{"stream", "date", "amount", "billed", "ref"},
		right: []bool{false, false, true, false, false},
	}
	for _, r := range rep.NotStated {
		t.add(string(r.Stream), r.Date.String(), ledger.FormatAmount(r.Amount, r.Currency)+" "+r.Currency, notStated, r.Ref)
	}
	t.write(bw)
}
