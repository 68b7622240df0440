package report

import (
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// Chart geometry, in SVG user units. The SVG scales to the page width; these
// only fix the proportions and the room for axis labels.
const (
	chartW      = 960
	chartH      = 420
	plotLeft    = 84  // room for the income ticks and the left axis title
	plotRight   = 888 // room for the share ticks and the right axis title
	plotTop     = 64  // room for the legend
	plotBottom  = 356 // room for the month labels and the bottom axis title
	monthLabelW = 64  // a "2026-01" label needs about this much width
	maxBarW     = 72
)

// px is an SVG coordinate in tenths of a unit: integers keep the page
// byte-for-byte reproducible, and a tenth is finer than any screen.
type px int64

func (p px) String() string {
	neg := p < 0
	if neg {
		p = -p
	}
	s := itoa(int64(p/10)) + "." + itoa(int64(p%10))
	if neg {
		s = "-" + s
	}
	return s
}

// scale maps v out of max onto span tenths of a unit. Exact decimal
// arithmetic, not float64: v is money, and a huge ledger must not overflow.
func scale(v, max int64, span px) px {
	if max <= 0 || v <= 0 {
		return 0
	}
	if v >= max {
		return span
	}
	return px(decimal.NewFromInt(v).Mul(decimal.NewFromInt(int64(span))).DivRound(decimal.NewFromInt(max), 0).IntPart())
}

type htmlTick struct {
	Y     px
	Label string
}

// htmlMonth is one month of one currency's chart: the exact figures (the
// same strings as -o json) and the geometry of its bars and share point.
type htmlMonth struct {
	Month, Income, Passive, Active, Fees, Hours, Share string
	HasShare                                           bool
	Title, ShareTitle                                  string

	ColX, ColW         px // the whole column, the hover target
	BarX, BarW         px
	PassiveY, PassiveH px
	ActiveY, ActiveH   px
	PointX, PointY     px
	Label              bool
	LabelX             px
}

type htmlChart struct {
	Currency                         string
	ID                               string
	IncomeTicks, ShareTicks          []htmlTick
	Months                           []htmlMonth
	SharePath                        string
	PointR                           px
	Title                            string
	ShareTickX, IncomeTickX          px
	LegendY, LegendTextY, LabelY     px
	LegendLineY                      px
	XTitleY, LeftTitleX, RightTitleX px
	MidY, MidX                       px
}

// htmlMonthEvents is one month's income events of one currency, for the
// page's per-month listing.
type htmlMonthEvents struct {
	Month, Summary string
	Rows           [][]string
}

type htmlSection struct {
	Currency string
	Chart    htmlChart
	Details  []htmlMonthEvents // with MonthlyOptions.Detail
	Head     []string          // the JSON names of the columns
	Labels   []string          // the same for people
	TextCols int               // the leading columns that are text, aligned left
	Rows     [][]string
	Total    []string
}

type htmlPage struct {
	Rule     string
	By       string
	Warnings []string
	Sections []htmlSection
	W, H     int
	Left     px
	Right    px
	Top      px
	Bottom   px
	PlotH    px
	Extra    template.HTML // residual curves and runway (WithEstimates)
}

// WriteHTML writes a self-contained page (no scripts, no links, nothing
// fetched): per currency, an SVG chart of income per month stacked passive
// over active with the passive share as a line on a second axis, then a
// table of the same figures as -o json. Every month of the span gets a bar
// group, months without rows as zeros, so the time axis is even. With By,
// the chart sums the groups of each month; the table keeps one row per
// group. Refunds can make a month's income or passive income negative: the
// bars are clamped at zero, the titles and the table keep the exact figures.
func (r *MonthlyReport) WriteHTML(w io.Writer) error {
	page := htmlPage{Extra: r.estimates, Rule: r.Rule.String(), By: r.By, W: chartW, H: chartH,
		Left: plotLeft * 10, Right: plotRight * 10, Top: plotTop * 10, Bottom: plotBottom * 10, PlotH: (plotBottom - plotTop) * 10}
	for _, tot := range r.Totals() {
		var rows []MonthlyRow
		for _, row := range r.Rows {
			if row.Currency == tot.Currency {
				rows = append(rows, row)
			}
		}
		chart, err := chartOf(tot.Currency, rows)
		if err != nil {
			return err
		}
		s := htmlSection{Currency: tot.Currency, Chart: chart, Head: r.header(), TextCols: 2}
		if r.By != ByNone {
			s.TextCols = 3
		}
		for _, h := range s.Head {
			s.Labels = append(s.Labels, strings.ReplaceAll(h, "_", " "))
		}
		for _, row := range rows {
			s.Rows = append(s.Rows, r.cells(row, ledger.MonthString(row.Month)))
		}
		s.Total = r.cells(tot, "total")
		if r.By != ByNone {
			s.Total[1] = ""
		}
		s.Details = r.monthEvents(tot.Currency)
		page.Sections = append(page.Sections, s)
	}
	for _, wn := range r.Warnings {
		page.Warnings = append(page.Warnings, wn.Message)
	}
	return monthlyHTML().Execute(w, page)
}

// monthEvents groups the report's events of one currency by month.
func (r *MonthlyReport) monthEvents(cur string) []htmlMonthEvents {
	var out []htmlMonthEvents
	var income, passive int64
	flush := func() {
		if n := len(out); n > 0 {
			m := &out[n-1]
			m.Summary = m.Month + ": " + itoa(int64(len(m.Rows))) + " income events, passive " +
				ledger.FormatAmount(passive, cur) + " of " + ledger.FormatAmount(income, cur) + " " + cur
		}
	}
	for i := range r.Events {
		e := &r.Events[i]
		if e.Currency != cur {
			continue
		}
		month := ledger.MonthString(e.Date.MonthIndex())
		if len(out) == 0 || out[len(out)-1].Month != month {
			flush()
			out = append(out, htmlMonthEvents{Month: month})
			income, passive = 0, 0
		}
		income += e.Amount
		if e.Verdict.Passive {
			passive += e.Amount
		}
		m := &out[len(out)-1]
		m.Rows = append(m.Rows, []string{strconv.FormatUint(e.ID, 10), e.Date.String(), string(e.Stream), e.Class.String(),
			e.Kind.String(), ledger.FormatAmount(e.Amount, cur), verdictWord(e.Verdict.Passive), e.Reason})
	}
	flush()
	return out
}

// chartOf lays out one currency's chart from its rows (ordered by month).
func chartOf(cur string, rows []MonthlyRow) (htmlChart, error) {
	c := htmlChart{
		Currency: cur, ID: "chart-" + cur,
		Title:       "Income per month in " + cur + ", passive and active, with the passive share",
		IncomeTickX: (plotLeft - 8) * 10, ShareTickX: (plotRight + 8) * 10,
		LegendY: 18 * 10, LegendTextY: 29 * 10, LegendLineY: 25 * 10, LabelY: (plotBottom + 20) * 10,
		XTitleY: (chartH - 14) * 10, LeftTitleX: 18 * 10, RightTitleX: (chartW - 14) * 10,
		MidY: (plotTop + plotBottom) / 2 * 10, MidX: (plotLeft + plotRight) / 2 * 10,
	}
	// Sum the groups of each month, and fill the months between the first
	// and the last so that the bars stand on an even time axis.
	first, last := rows[0].Month, rows[len(rows)-1].Month
	sums := make([]Figures, last-first+1)
	for _, row := range rows {
		if !sums[row.Month-first].addChecked(row.Figures) {
			return c, overflowError(cur)
		}
	}
	var top int64
	for _, f := range sums {
		top = max(top, f.Income)
	}
	top = niceCeil(top, cur)
	height := px((plotBottom - plotTop) * 10)
	whole := true // whether every tick is a whole amount, drawn without decimals
	for i := 0; i <= 4; i++ {
		y := px(plotBottom*10) - height*px(i)/4
		label := ledger.FormatAmount(top/4*int64(i), cur)
		if j := strings.IndexByte(label, '.'); j >= 0 && strings.Trim(label[j+1:], "0") != "" {
			whole = false
		}
		c.IncomeTicks = append(c.IncomeTicks, htmlTick{Y: y, Label: label})
		c.ShareTicks = append(c.ShareTicks, htmlTick{Y: y, Label: itoa(int64(25*i)) + "%"})
	}
	if whole {
		for i := range c.IncomeTicks {
			l := c.IncomeTicks[i].Label
			if j := strings.IndexByte(l, '.'); j >= 0 {
				c.IncomeTicks[i].Label = l[:j]
			}
		}
	}

	n := len(sums)
	plotW := px((plotRight - plotLeft) * 10)
	slot := plotW / px(n)
	// colX is where month i's column starts. Up to one month per tenth of a
	// unit (670 years), columns are slot wide; a longer span (a sale typed
	// as 2926) spreads the months over the plot in proportion, several to
	// a tenth, rather than dividing by a zero slot.
	colX := func(i int) px { return px(plotLeft*10) + slot*px(i) }
	if slot == 0 {
		colX = func(i int) px { return px(plotLeft*10) + px(int64(plotW)*int64(i)/int64(n)) }
	}
	every := 1
	if slot < monthLabelW*10 {
		// A label every so many months, so that labels do not overlap.
		every = int((int64(monthLabelW*10)*int64(n) + int64(plotW) - 1) / int64(plotW))
		if slot > 0 {
			every = int((monthLabelW*10 + slot - 1) / slot)
		}
	}
	var path strings.Builder
	pen := false // whether the share line is drawn into the previous month
	for i, f := range sums {
		m := first + i
		share, ok := ShareString(f.Passive, f.Income)
		hm := htmlMonth{
			Month:   ledger.MonthString(m),
			Income:  ledger.FormatAmount(f.Income, cur),
			Passive: ledger.FormatAmount(f.Passive, cur),
			Active:  ledger.FormatAmount(f.Active(), cur),
			Fees:    ledger.FormatAmount(f.Fees, cur),
			Hours:   ledger.FormatHours(f.Seconds),
			Share:   share, HasShare: ok,
			ColX: colX(i), ColW: colX(i+1) - colX(i),
			Label: i%every == 0,
		}
		// Bars fill most of their slot, but a few months must not turn
		// into slabs: wide bars read as bigger amounts.
		hm.BarW = min(hm.ColW*70/100, maxBarW*10)
		hm.BarX = hm.ColX + (hm.ColW-hm.BarW)/2
		hm.LabelX = hm.ColX + hm.ColW/2
		hm.Title = hm.Month + ": income " + hm.Income + " " + cur + ", passive " + hm.Passive + ", active " + hm.Active
		if ok {
			hm.Title += ", passive share " + share
		}
		hm.Title += ", fees " + hm.Fees + ", hours " + hm.Hours
		// The drawn bar is the income clamped at zero; the passive part of
		// it is clamped into 0..income, so the two parts always add up to
		// the bar and never reach below the axis.
		total := scale(f.Income, top, height)
		pass := min(scale(f.Passive, top, height), total)
		hm.PassiveH, hm.ActiveH = pass, total-pass
		hm.PassiveY = px(plotBottom*10) - pass
		hm.ActiveY = hm.PassiveY - hm.ActiveH
		if ok {
			hm.PointX = hm.LabelX
			hm.PointY = px(plotBottom*10) - shareHeight(f.Passive, f.Income, height)
			hm.ShareTitle = hm.Month + ": passive share " + share
			if pen {
				path.WriteString(" L")
			} else {
				if path.Len() > 0 {
					path.WriteByte(' ')
				}
				path.WriteString("M")
			}
			path.WriteString(hm.PointX.String() + " " + hm.PointY.String())
		}
		// A month without income has no share: the line breaks there
		// rather than pretending the share was zero.
		pen = ok
		c.Months = append(c.Months, hm)
	}
	c.SharePath = path.String()
	// Points a quarter of a slot wide at most: with years of months, full
	// size points would merge into a bead string hiding the line.
	c.PointR = max(15, min(40, slot/4))
	return c, nil
}

// LegendX is the x of a legend item dx units right of the plot's left edge.
func (c htmlChart) LegendX(dx int) px { return px((plotLeft + dx) * 10) }

// shareHeight is passive/income of span, clamped into 0..span: a refund
// larger than the month's income has a share outside 0..1.
func shareHeight(passive, income int64, span px) px {
	if passive < 0 {
		passive, income = -passive, -income
	}
	if income <= 0 {
		// passive >= 0 and income <= 0 (or the reverse, negated): refunds
		// of passive sales outweighed active income; the share is >= 1.
		if passive == 0 {
			return 0
		}
		return span
	}
	return scale(passive, income, span)
}

// niceCeil rounds the largest income up to a round axis top: four ticks
// of a round step (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power
// of ten, in minor units), close enough above the tallest bar not to waste
// the chart's height; one major unit a tick when there is no positive
// income at all.
func niceCeil(v int64, cur string) int64 {
	exp, ok := ledger.CurrencyExponent(cur)
	if !ok {
		exp = 2
	}
	unit := int64(1)
	for range exp {
		unit *= 10
	}
	if v <= 0 {
		return 4 * unit
	}
	for p := int64(1); p <= (1<<63-1)/800; p *= 10 {
		for _, m := range []int64{100, 125, 150, 200, 250, 300, 400, 500, 600, 750, 800} {
			if m*p%100 != 0 {
				continue // a fraction of a minor unit is not a tick
			}
			if step := m * p / 100; 4*step >= v {
				return 4 * step
			}
		}
	}
	return v
}

// monthlyHTML is parsed on first use: not at the start of every command.
var monthlyHTML = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("monthly").Parse(monthlyHTMLText))
})

const monthlyHTMLText = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="earnlog">
<title>earnlog: monthly income and passive share</title>
<style>
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d2330; --muted: #5b6475; --grid: #dfe3ea; --rule: #c3c9d4;
  --passive: #1f8a70; --active: #9fb1cc; --share: #c2410c; --hover: rgba(29, 35, 48, 0.06);
  --stripe: #f5f7fa;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12161c; --fg: #e4e8ef; --muted: #9aa4b5; --grid: #2a313c; --rule: #3a4350;
    --passive: #3cc79f; --active: #4f6382; --share: #ff8a4c; --hover: rgba(228, 232, 239, 0.08);
    --stripe: #1a2029;
  }
}
body { margin: 2rem auto; max-width: 62rem; padding: 0 1rem; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
p { margin: .25rem 0; }
.meta, figcaption, .note { color: var(--muted); }
figure { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }
svg.chart text { fill: var(--fg); }
svg.chart .tick text, svg.chart .month-label { fill: var(--muted); }
svg.chart .grid line { stroke: var(--grid); stroke-width: 1; }
svg.chart .axis { stroke: var(--rule); stroke-width: 1; }
svg.chart .passive { fill: var(--passive); }
svg.chart .active { fill: var(--active); }
svg.chart .col { fill: transparent; }
svg.chart .month:hover .col { fill: var(--hover); }
svg.chart .share-line { fill: none; stroke: var(--share); stroke-width: 2.5; stroke-linejoin: round; }
svg.chart .share-point { fill: var(--bg); stroke: var(--share); stroke-width: 2; }
svg.chart .axis-title { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); white-space: nowrap; }
th { text-align: right; font-weight: 600; }
td { text-align: right; }
th.text, td.text { text-align: left; }
tbody tr:nth-child(even) { background: var(--stripe); }
tfoot td { font-weight: 600; border-top: 2px solid var(--rule); }
.warnings { border-left: 4px solid var(--share); padding: .25rem .75rem; margin: 1rem 0; }
details { margin: .25rem 0; }
details summary { cursor: pointer; }
details table { font-size: .9em; }
td.reason { text-align: left; white-space: normal; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #333333; --grid: #cccccc; --rule: #888888;
    --passive: #1f6f5a; --active: #b9c4d6; --share: #b3370a; --stripe: #ffffff; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-inside: avoid; page-break-inside: avoid; }
  figure, table { break-inside: avoid; }
  svg.chart .month:hover .col { fill: transparent; }
}
</style>
</head>
<body>
<header>
<h1>Monthly income and passive share</h1>
<p class="meta">rule: {{.Rule}}{{if .By}} · by: {{.By}}{{end}}</p>
<p class="note">Income is passive when no work on its stream was logged in the rule's window before it arrived.
Fees are beside income and never enter the share. Currencies are never added together: one chart per currency.</p>
</header>
{{if .Warnings}}<div class="warnings" role="note">
<p><strong>What the figures cannot see</strong></p>
<ul>
{{range .Warnings}}<li class="warning">warning: {{.}}</li>
{{end}}</ul>
</div>
{{end}}{{if not .Sections}}<p>no income or hours in this period</p>
{{end}}{{range .Sections}}{{$p := $}}{{$s := .}}
<section class="currency" data-currency="{{.Currency}}">
<h2>{{.Currency}}</h2>
{{with .Chart}}{{$c := .}}<figure>
<svg class="chart" data-currency="{{.Currency}}" viewBox="0 0 {{$p.W}} {{$p.H}}" role="img" aria-labelledby="{{.ID}}-title">
<title id="{{.ID}}-title">{{.Title}}</title>
<g class="legend">
<rect class="passive" x="{{.LegendX 0}}" y="{{.LegendY}}" width="14" height="14"/>
<text x="{{.LegendX 20}}" y="{{.LegendTextY}}">passive income</text>
<rect class="active" x="{{.LegendX 150}}" y="{{.LegendY}}" width="14" height="14"/>
<text x="{{.LegendX 170}}" y="{{.LegendTextY}}">active income</text>
<line class="share-line" x1="{{.LegendX 290}}" x2="{{.LegendX 316}}" y1="{{.LegendLineY}}" y2="{{.LegendLineY}}"/>
<text x="{{.LegendX 324}}" y="{{.LegendTextY}}">passive share (right axis, 0–100%)</text>
</g>
<g class="grid">{{range .IncomeTicks}}<line x1="{{$p.Left}}" x2="{{$p.Right}}" y1="{{.Y}}" y2="{{.Y}}"/>{{end}}</g>
<g class="tick income-ticks" text-anchor="end">{{range .IncomeTicks}}<text x="{{$c.IncomeTickX}}" y="{{.Y}}" dy="4">{{.Label}}</text>{{end}}</g>
<g class="tick share-ticks" text-anchor="start">{{range .ShareTicks}}<text x="{{$c.ShareTickX}}" y="{{.Y}}" dy="4">{{.Label}}</text>{{end}}</g>
<line class="axis" x1="{{$p.Left}}" x2="{{$p.Right}}" y1="{{$p.Bottom}}" y2="{{$p.Bottom}}"/>
<line class="axis" x1="{{$p.Left}}" x2="{{$p.Left}}" y1="{{$p.Top}}" y2="{{$p.Bottom}}"/>
<line class="axis" x1="{{$p.Right}}" x2="{{$p.Right}}" y1="{{$p.Top}}" y2="{{$p.Bottom}}"/>
<text class="axis-title" x="{{.MidX}}" y="{{.XTitleY}}" text-anchor="middle">month</text>
<text class="axis-title" transform="translate({{.LeftTitleX}} {{.MidY}}) rotate(-90)" text-anchor="middle">income ({{.Currency}})</text>
<text class="axis-title" transform="translate({{.RightTitleX}} {{.MidY}}) rotate(90)" text-anchor="middle">passive share</text>
{{range .Months}}<g class="month" data-month="{{.Month}}" data-income="{{.Income}}" data-passive="{{.Passive}}" data-active="{{.Active}}" data-share="{{.Share}}">
<title>{{.Title}}</title>
<rect class="col" x="{{.ColX}}" y="{{$p.Top}}" width="{{.ColW}}" height="{{$p.PlotH}}"/>
<rect class="active" x="{{.BarX}}" y="{{.ActiveY}}" width="{{.BarW}}" height="{{.ActiveH}}"/>
<rect class="passive" x="{{.BarX}}" y="{{.PassiveY}}" width="{{.BarW}}" height="{{.PassiveH}}"/>
{{if .Label}}<text class="month-label" x="{{.LabelX}}" y="{{$c.LabelY}}" text-anchor="middle">{{.Month}}</text>
{{end}}</g>
{{end}}<path class="share-line" d="{{.SharePath}}"/>
{{range .Months}}{{if .HasShare}}<circle class="share-point" data-month="{{.Month}}" data-share="{{.Share}}" cx="{{.PointX}}" cy="{{.PointY}}" r="{{$c.PointR}}"><title>{{.ShareTitle}}</title></circle>
{{end}}{{end}}</svg>
<figcaption>Bars: income per month, passive part below, active part above (negative months drawn at zero; the table has the exact figures). Line: passive share, 0–100% on the right axis.</figcaption>
</figure>{{end}}
<table>
<thead><tr>{{range $i, $h := .Head}}<th data-field="{{$h}}"{{if lt $i $s.TextCols}} class="text"{{end}}>{{index $s.Labels $i}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if lt $i $s.TextCols}} class="text"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
<tfoot><tr>{{range $i, $c := .Total}}<td{{if lt $i $s.TextCols}} class="text"{{end}}>{{$c}}</td>{{end}}</tr></tfoot>
</table>
{{if .Details}}<h3>Income events, month by month</h3>
{{range .Details}}<details data-month="{{.Month}}">
<summary>{{.Summary}}</summary>
<table>
<thead><tr><th class="text">id</th><th class="text">date</th><th class="text">stream</th><th class="text">class</th><th class="text">kind</th><th>amount</th><th class="text">verdict</th><th class="text">reason</th></tr></thead>
<tbody>
{{range .Rows}}<tr>{{range $i, $c := .}}<td class="{{if eq $i 5}}num{{else if eq $i 7}}reason{{else}}text{{end}}">{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</details>
{{end}}{{end}}</section>
{{end}}
{{.Extra}}<footer><p class="note">Written by earnlog report monthly -o html; the figures are those of -o json.</p></footer>
</body>
</html>
`
