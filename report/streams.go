package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/earnlog/earnlog/ledger"
)

// StreamsOptions are the choices of `report streams`.
type StreamsOptions struct {
	Rule Rule
}

// StreamRow is the lifetime of one stream in one currency. A stream's
// logged hours are shown in the currency most of its income events use;
// billed hours go with their invoice's currency.
type StreamRow struct {
	Stream   ledger.Stream
	Platform string
	Class    ledger.Class
	Currency string
	Figures
	Events     int         // events that count as income
	LastWork   ledger.Date // latest day of work (session or billing period); valid when HasWork
	HasWork    bool
	LastIncome ledger.Date // latest date of an income-kind event in this currency; valid when HasIncome
	HasIncome  bool
}

// StreamsReport is the result of Streams: rows ordered by currency, then
// stream.
type StreamsReport struct {
	Rule Rule
	Rows []StreamRow
}

type streamKey struct{ stream, cur int32 }

// Streams sums every stream's lifetime figures per currency.
func Streams(in Input, opt StreamsOptions) (*StreamsReport, error) {
	if err := checkRule(opt.Rule); err != nil {
		return nil, err
	}
	g, err := newEngine(in, opt.Rule)
	if err != nil {
		return nil, err
	}
	acc := map[streamKey]*StreamRow{}
	get := func(si, ci int32) *StreamRow {
		k := streamKey{si, ci}
		r := acc[k]
		if r == nil {
			st := g.streams[si]
			r = &StreamRow{Stream: st.name, Platform: st.platform, Class: st.class, Currency: g.currencies[ci]}
			r.LastWork, r.HasWork = st.work.last()
			acc[k] = r
		}
		return r
	}
	var sum sums
	err = g.run(func(it *item) {
		e := it.e
		counts := e.Kind.CountsAsIncome()
		if !counts && e.Kind != ledger.KindFee && !it.billedCounts {
			return
		}
		r := get(it.si, it.ci)
		switch {
		case counts:
			sum.add(&r.Income, e.Amount, it.ci)
			r.Events++
			if it.v.Passive {
				sum.add(&r.Passive, e.Amount, it.ci)
			}
			if e.Kind.IsIncome() && (!r.HasIncome || e.Date > r.LastIncome) {
				r.LastIncome, r.HasIncome = e.Date, true
			}
		case e.Kind == ledger.KindFee:
			sum.add(&r.Fees, e.Amount, it.ci)
		}
		if it.billedCounts {
			r.Seconds += e.Billed
		}
	})
	if err == nil {
		err = sum.err(g)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range g.sessions.all() {
		get(w.si, g.streams[w.si].home).Seconds += w.seconds
	}
	rep := &StreamsReport{Rule: opt.Rule.norm()}
	for _, r := range acc {
		if !(Figures{Income: r.Income, Fees: r.Fees, Passive: r.Passive}).fits() {
			return nil, overflowError(r.Currency)
		}
		rep.Rows = append(rep.Rows, *r)
	}
	slices.SortFunc(rep.Rows, func(a, b StreamRow) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.Stream, b.Stream))
	})
	return rep, nil
}

// ShareWarnings are the streams with income but no passive share (see
// HasShare), one line each, for stderr.
func (r *StreamsReport) ShareWarnings() []string {
	var out []string
	for _, row := range r.Rows {
		if w := shareWarning(string(row.Stream)+" "+row.Currency, row.Currency, row.Passive, row.Income); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func dateString(d ledger.Date, ok bool) string {
	if !ok {
		return ""
	}
	return d.String()
}

var streamsHeader = []string{"stream", "platform", "class", "currency", "income", "fees", "net", "hours", "passive_income", "passive_share", "hourly_rate", "events", "last_work", "last_income"}

func (row StreamRow) cells() []string {
	share, _ := ShareString(row.Passive, row.Income)
	rate, _ := RateString(row.Income, row.Seconds, row.Currency)
	return []string{
		string(row.Stream), row.Platform, row.Class.String(), row.Currency,
		ledger.FormatAmount(row.Income, row.Currency),
		ledger.FormatAmount(row.Fees, row.Currency),
		ledger.FormatAmount(row.Net(), row.Currency),
		ledger.FormatHours(row.Seconds),
		ledger.FormatAmount(row.Passive, row.Currency),
		share, rate, itoa(int64(row.Events)),
		dateString(row.LastWork, row.HasWork),
		dateString(row.LastIncome, row.HasIncome),
	}
}

// WriteCSV writes one line per stream and currency under the header
// stream,platform,class,currency,income,fees,net,hours,passive_income,
// passive_share,hourly_rate,events,last_work,last_income.
func (r *StreamsReport) WriteCSV(w io.Writer) error {
	rows := make([][]string, 0, len(r.Rows))
	for _, row := range r.Rows {
		rows = append(rows, row.cells())
	}
	return writeCSV(w, streamsHeader, rows)
}

type streamJSONRow struct {
	Stream        string  `json:"stream"`
	Platform      string  `json:"platform"`
	Class         string  `json:"class"`
	Currency      string  `json:"currency"`
	Income        string  `json:"income"`
	Fees          string  `json:"fees"`
	Net           string  `json:"net"`
	Hours         string  `json:"hours"`
	PassiveIncome string  `json:"passive_income"`
	PassiveShare  *string `json:"passive_share"`
	HourlyRate    *string `json:"hourly_rate"`
	Events        int     `json:"events"`
	LastWork      *string `json:"last_work"`
	LastIncome    *string `json:"last_income"`
}

// WriteJSON writes {"rule","window_days","rows":[...]} with the CSV column
// names; shares, rates and dates that do not exist are null.
func (r *StreamsReport) WriteJSON(w io.Writer) error {
	out := struct {
		Rule       string          `json:"rule"`
		WindowDays *int            `json:"window_days"`
		Rows       []streamJSONRow `json:"rows"`
	}{Rule: r.Rule.Name, WindowDays: r.Rule.windowDays(), Rows: []streamJSONRow{}}
	for _, row := range r.Rows {
		c := row.cells()
		out.Rows = append(out.Rows, streamJSONRow{
			Stream: c[0], Platform: c[1], Class: c[2], Currency: c[3],
			Income: c[4], Fees: c[5], Net: c[6], Hours: c[7], PassiveIncome: c[8],
			PassiveShare: nullable(ShareString(row.Passive, row.Income)),
			HourlyRate:   nullable(RateString(row.Income, row.Seconds, row.Currency)),
			Events:       row.Events,
			LastWork:     nullable(c[12], row.HasWork),
			LastIncome:   nullable(c[13], row.HasIncome),
		})
	}
	return writeJSON(w, out)
}

// WriteTable writes a header line naming the rule and one aligned section
// per currency.
func (r *StreamsReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "rule: %s\n", r.Rule)
	if len(r.Rows) == 0 {
		bw.WriteString("\nno streams yet\n")
		return bw.Flush()
	}
	for i := 0; i < len(r.Rows); {
		cur := r.Rows[i].Currency
		t := &table{
			head:  []string{"stream", "class", "income", "fees", "net", "hours", "passive", "share", "rate/h", "events", "last work", "last income"},
			right: []bool{false, false, true, true, true, true, true, true, true, true, false, false},
		}
		if opt.Bars != BarsNone {
			t.head = append(t.head, "")
			t.right = append(t.right, false)
		}
		for ; i < len(r.Rows) && r.Rows[i].Currency == cur; i++ {
			row := r.Rows[i]
			c := row.cells()
			cells := []string{c[0], c[2], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13]}
			if opt.Bars != BarsNone {
				cells = append(cells, bar(opt.Bars, row.Passive, row.Income))
			}
			t.add(cells...)
		}
		fmt.Fprintf(bw, "\n%s\n", cur)
		t.write(bw)
	}
	return bw.Flush()
}
