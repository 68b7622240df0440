package report

import (
	"cmp"
	"embed"
	"html/template"
	"io"
	"slices"
	"sync"

	"github.com/earnlog/earnlog/ledger"
)

//go:embed html/dashboard.html html/dashboard.css html/dashboard.js
var dashboardFiles embed.FS

// dashboardSections are the page's sections in order: each is a
// {{define "section-NAME"}} block of html/dashboard.html and a renderer
// SECTIONS.NAME in html/dashboard.js.
var dashboardSections = []string{"overview", "sources", "hours", "verdict"}

// dashboardHTML is parsed on first use: not at the start of every command.
var dashboardHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("dashboard.html").ParseFS(dashboardFiles, "html/dashboard.html"))
})

// dashTable is one table of the page as the server writes it for the whole
// ledger; the page's script rewrites its body for the filters. Head holds
// the CLI's JSON names of the columns.
type dashTable struct {
	ID, Caption string
	Head        []string
	Text        int // the leading columns that are text, aligned left
	Rows, Foot  [][]string
}

type dashPage struct {
	Rule       string
	Currencies []string
	Main       string
	Streams    []DashStream
	Platforms  []string
	Classes    []string
	FirstDay   string
	LastDay    string
	Warnings   []string
	Verdict    string
	Notes      []string
	Tables     map[string]dashTable
	LeftOut    int
	EventFirst string
	MaxEvents  int
	// Charts are the overview's charts per currency, drawn here for a
	// reader without JavaScript (the script draws its own over them), with
	// the geometry of report monthly -o html's.
	Charts []htmlChart
	Geo    htmlPage
	CSS    template.CSS
	Script template.JS
	Data   template.JS
}

// ratePeriod is the period of the hourly-rate table: months when the data
// spans at most three years, years beyond.
func ratePeriod(first, last ledger.Date) func(ledger.Date) string {
	if last.MonthIndex()-first.MonthIndex() < 36 {
		return func(d ledger.Date) string { return ledger.MonthString(d.MonthIndex()) }
	}
	return func(d ledger.Date) string { return itoa(int64(d.MonthIndex() / 12)) }
}

// WriteHTML writes the dashboard page.
func (r *DashboardReport) WriteHTML(w io.Writer) error {
	data, err := r.jsonBlock()
	if err != nil {
		return err
	}
	css, err := dashboardFiles.ReadFile("html/dashboard.css")
	if err != nil {
		return err
	}
	js, err := dashboardFiles.ReadFile("html/dashboard.js")
	if err != nil {
		return err
	}
	p := dashPage{
		Rule: r.Rule.String(), Currencies: r.Currencies, Main: r.Main, Streams: r.Streams,
		LeftOut: r.EventsLeftOut, MaxEvents: r.MaxEvents,
		Verdict: r.Claim.VerdictLine(), Notes: r.Claim.VerdictNotes(),
		Tables: map[string]dashTable{},
		CSS:    template.CSS(css), Script: template.JS(js), Data: template.JS(data),
	}
	if len(r.EventMonths) > 0 {
		p.EventFirst = r.EventMonths[0]
	}
	if len(r.Days) > 0 {
		p.FirstDay, p.LastDay = r.Days[0].Day.String(), r.Days[len(r.Days)-1].Day.String()
	}
	seenP, seenC := map[string]bool{}, map[string]bool{}
	for _, s := range r.Streams {
		if !seenP[s.Platform] {
			seenP[s.Platform] = true
			p.Platforms = append(p.Platforms, s.Platform)
		}
		if c := s.Class.String(); !seenC[c] {
			seenC[c] = true
			p.Classes = append(p.Classes, c)
		}
	}
	slices.Sort(p.Platforms)
	slices.Sort(p.Classes)
	for _, wn := range r.Warnings {
		p.Warnings = append(p.Warnings, wn.Message)
	}

	// Overview: report monthly's rows and totals per currency.
	mr := &MonthlyReport{}
	t := dashTable{ID: "monthly", Caption: "Income per month", Head: mr.header(), Text: 2}
	var tot []MonthlyRow
	for _, row := range r.Monthly() {
		t.Rows = append(t.Rows, mr.cells(row, ledger.MonthString(row.Month)))
		if len(tot) == 0 || tot[len(tot)-1].Currency != row.Currency {
			tot = append(tot, MonthlyRow{Currency: row.Currency})
		}
		tot[len(tot)-1].add(row.Figures)
	}
	for _, row := range tot {
		t.Foot = append(t.Foot, mr.cells(row, "total"))
	}
	p.Tables["monthly"] = t
	p.Geo = htmlPage{W: chartW, H: chartH, Left: plotLeft * 10, Right: plotRight * 10, Top: plotTop * 10, Bottom: plotBottom * 10, PlotH: (plotBottom - plotTop) * 10}
	months := r.Monthly()
	for i := 0; i < len(months); {
		j := i
		for j < len(months) && months[j].Currency == months[i].Currency {
			j++
		}
		c, err := chartOf(months[i].Currency, months[i:j])
		if err != nil {
			return err
		}
		p.Charts = append(p.Charts, c)
		i = j
	}

	// Where the money comes from: per stream, and per platform.
	type sk struct {
		stream int
		cur    string
	}
	perStream := map[sk]*Figures{}
	type pk struct{ platform, cur string }
	perPlatform := map[pk]*Figures{}
	period := ratePeriod(r.firstDay(), r.lastDay())
	type rk struct {
		period string
		stream int
		cur    string
	}
	perRate := map[rk]*Figures{}
	for _, d := range r.Days {
		at := func(m map[sk]*Figures, k sk) *Figures {
			if m[k] == nil {
				m[k] = &Figures{}
			}
			return m[k]
		}
		at(perStream, sk{d.Stream, d.Currency}).add(d.Figures)
		k := pk{r.Streams[d.Stream].Platform, d.Currency}
		if perPlatform[k] == nil {
			perPlatform[k] = &Figures{}
		}
		perPlatform[k].add(d.Figures)
		q := rk{period(d.Day), d.Stream, d.Currency}
		if perRate[q] == nil {
			perRate[q] = &Figures{}
		}
		perRate[q].add(d.Figures)
	}
	src := dashTable{ID: "sources", Caption: "Income by class, platform and stream", Head: []string{"class", "platform", "stream", "currency", "income", "passive_income"}, Text: 4}
	sks := mapKeys(perStream)
	slices.SortFunc(sks, func(a, b sk) int {
		sa, sb := r.Streams[a.stream], r.Streams[b.stream]
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(sa.Class.String(), sb.Class.String()), cmp.Compare(sa.Stream, sb.Stream))
	})
	for _, k := range sks {
		f, s := perStream[k], r.Streams[k.stream]
		src.Rows = append(src.Rows, []string{s.Class.String(), s.Platform, string(s.Stream), k.cur,
			ledger.FormatAmount(f.Income, k.cur), ledger.FormatAmount(f.Passive, k.cur)})
	}
	p.Tables["sources"] = src
	pl := dashTable{ID: "platforms", Caption: "Gross, fees and net per platform", Head: []string{"platform", "currency", "income", "fees", "net"}, Text: 2}
	pks := mapKeys(perPlatform)
	slices.SortFunc(pks, func(a, b pk) int { return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(a.platform, b.platform)) })
	for _, k := range pks {
		f := perPlatform[k]
		pl.Rows = append(pl.Rows, []string{k.platform, k.cur, ledger.FormatAmount(f.Income, k.cur),
			ledger.FormatAmount(f.Fees, k.cur), ledger.FormatAmount(f.Net(), k.cur)})
	}
	p.Tables["platforms"] = pl

	// Hours: logged against billed, and the effective hourly rate.
	h := dashTable{ID: "hours", Caption: "Hours logged and billed per contract and billing period", Head: hoursHeader, Text: 3}
	for _, row := range r.Hours.Rows {
		h.Rows = append(h.Rows, row.cells())
	}
	p.Tables["hours"] = h
	rt := dashTable{ID: "rates", Caption: "Effective hourly rate per stream", Head: []string{"period", "stream", "currency", "income", "hours", "hourly_rate"}, Text: 3}
	rks := mapKeys(perRate)
	slices.SortFunc(rks, func(a, b rk) int {
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(r.Streams[a.stream].Stream, r.Streams[b.stream].Stream), cmp.Compare(a.period, b.period))
	})
	for _, k := range rks {
		f := perRate[k]
		rate, ok := RateString(f.Income, f.Seconds, k.cur)
		if !ok {
			continue
		}
		rt.Rows = append(rt.Rows, []string{k.period, string(r.Streams[k.stream].Stream), k.cur,
			ledger.FormatAmount(f.Income, k.cur), ledger.FormatHours(f.Seconds), rate})
	}
	p.Tables["rates"] = rt

	// The verdict: report claim's classes and its sweep.
	c := r.Claim
	v := dashTable{ID: "claim", Caption: "The claim per class, in " + c.Currency, Head: claimColumns.names(), Text: 2}
	classes := []ClassResult{c.Marketplace, c.Storefront}
	if c.hasDirect() {
		classes = append(classes, c.Direct)
	}
	for _, cl := range classes {
		v.Rows = append(v.Rows, claimColumns.cells(&claimRow{c, cl}))
	}
	p.Tables["claim"] = v
	sw := dashTable{ID: "sweep", Caption: "The claim across windows", Head: []string{"window_days", "marketplace_share", "storefront_share", "verdict"}}
	for _, pt := range c.Sweep {
		sw.Rows = append(sw.Rows, []string{itoa(int64(pt.WindowDays)), fmtShare(pt.Marketplace.Share, pt.Marketplace.HasShare),
			fmtShare(pt.Storefront.Share, pt.Storefront.HasShare), pt.Verdict})
	}
	p.Tables["sweep"] = sw
	return dashboardHTML().Execute(w, p)
}

func (r *DashboardReport) lastDay() ledger.Date {
	if len(r.Days) == 0 {
		return 0
	}
	return r.Days[len(r.Days)-1].Day
}

func mapKeys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
