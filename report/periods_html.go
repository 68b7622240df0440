package report

import (
	"html/template"
	"io"
	"slices"
	"sync"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// PeriodsPage is the HTML page of `report periods -o html`: one section per
// period (the periods are chosen by links at the top, no script needed),
// and the targets, each as a bar against its goal.
type PeriodsPage struct {
	Reports []*PeriodReport // one per period kind, the first the one asked for
	Targets *TargetsReport  // nil or empty: no targets section
}

type pageSection struct {
	ID, Title string
	Head      []string
	Right     []bool // figures, right-aligned
	Rows      []pageRow
}

type pageRow struct {
	Cells   []string
	Total   bool
	Share   string // bar width in percent, "" without income
	Passive string // title text
}

type pageTarget struct {
	Name, What, Goal, Actual, Status, Needed string
	Met                                      bool
	Bar, Line                                string // widths in percent of the scale
}

// percent writes a/b (clamped to 0..1) as a CSS percentage with two
// decimals.
func percent(a, b int64) string {
	if b <= 0 || a <= 0 {
		return "0"
	}
	if a >= b {
		return "100"
	}
	return decimal.NewFromInt(a).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(b), 2).String()
}

func (p *PeriodsPage) sections() []pageSection {
	var out []pageSection
	for _, r := range p.Reports {
		s := pageSection{ID: r.Period.String(), Title: "Per " + r.Period.String()}
		if fs := r.Calendar.FiscalStart; fs > 1 && (r.Period == ledger.PeriodQuarter || r.Period == ledger.PeriodYear) {
			s.Title += " (fiscal years from " + fs.String() + ")"
		}
		s.Head = tableHead(r.header(true))
		s.Right = make([]bool, len(s.Head))
		for i := range s.Right {
			s.Right[i] = i > slices.Index(s.Head, "currency")
		}
		add := func(row PeriodRow, label string, total bool) {
			pr := pageRow{Cells: r.cells(row, label, true, total), Total: total}
			if row.Income > 0 && row.Passive >= 0 {
				pr.Share = percent(row.Passive, row.Income)
				share, _ := ShareString(row.Passive, row.Income)
				pr.Passive = "passive share " + share
			}
			s.Rows = append(s.Rows, pr)
		}
		for _, tot := range r.Totals() {
			for _, row := range r.Rows {
				if row.Currency == tot.Currency {
					add(row, r.Label(row), false)
				}
			}
			add(tot, "total", true)
		}
		out = append(out, s)
	}
	return out
}

func (p *PeriodsPage) targets() []pageTarget {
	if p.Targets == nil {
		return nil
	}
	var out []pageTarget
	for _, x := range p.Targets.Rows {
		t := pageTarget{Name: x.Target.Name, What: x.what(), Goal: x.goal(), Status: x.Status(), Needed: x.Needed, Met: x.Met}
		if x.HasActual {
			t.Actual = x.format(x.Actual)
		}
		// The scale runs to the larger of goal and actual (and a fifth
		// beyond the goal), so that the goal's line always shows.
		scale := max(x.Target.Value+x.Target.Value/5, x.Actual, 1)
		t.Bar, t.Line = percent(max(x.Actual, 0), scale), percent(x.Target.Value, scale)
		out = append(out, t)
	}
	return out
}

// WriteHTML writes one self-contained page (no scripts, no network).
func (p *PeriodsPage) WriteHTML(w io.Writer) error {
	data := struct {
		Rule     string
		Sections []pageSection
		Targets  []pageTarget
		Today    string
	}{Sections: p.sections(), Targets: p.targets()}
	if len(p.Reports) > 0 {
		data.Rule = p.Reports[0].Rule.String()
	}
	if p.Targets != nil {
		data.Today = p.Targets.Today.String()
	}
	return periodsTemplate().Execute(w, data)
}

// The sections all show (and all print); a link to one shows only that one
// where the browser has :has().
// periodsTemplate is parsed on first use: not at the start of every
// command.
var periodsTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("periods").Parse(periodsHTMLText))
})

const periodsHTMLText = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>earnlog: income per period</title>
<style>
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2330; --muted: #5b6475; --rule: #c3c9d4;
  --passive: #1f8a70; --active: #9fb1cc; --goal: #c2410c; --stripe: #f5f7fa; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #12161c; --fg: #e4e8ef; --muted: #9aa4b5; --rule: #3a4350;
    --passive: #3cc79f; --active: #4f6382; --goal: #ff8a4c; --stripe: #1a2029; }
}
body { margin: 2rem auto; max-width: 62rem; padding: 0 1rem; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.meta { color: var(--muted); }
nav a { margin-right: 1rem; }
body:has(section.period:target) section.period:not(:target) { display: none; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: .2rem .5rem; text-align: left; white-space: nowrap; }
th { border-bottom: 1px solid var(--rule); }
td.n, th.n { text-align: right; }
tr.total td { border-top: 1px solid var(--rule); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--stripe); }
.bar { position: relative; width: 8rem; height: .8rem; background: var(--active); border-radius: 2px; overflow: hidden; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; background: var(--passive); }
.bar i { position: absolute; top: -2px; bottom: -2px; width: 2px; background: var(--goal); }
.met { color: var(--passive); }
@media print { body section.period { display: block !important; } nav { display: none; } }
</style>
</head>
<body>
<h1>Income per period</h1>
<p class="meta">rule: {{.Rule}}</p>
<nav>{{range .Sections}}<a href="#{{.ID}}">{{.Title}}</a>{{end}}{{if .Targets}}<a href="#targets">Targets</a>{{end}}</nav>
{{if .Targets}}<section id="targets">
<h2>Targets</h2>
<p class="meta">today: {{.Today}}; the bar is the actual figure, the line the goal</p>
<table>
<thead><tr><th>target</th><th>measures</th><th class="n">goal</th><th class="n">actual</th><th>status</th><th>needed</th><th></th></tr></thead>
<tbody>
{{range .Targets}}<tr><td>{{.Name}}</td><td>{{.What}}</td><td class="n">{{.Goal}}</td><td class="n">{{.Actual}}</td><td{{if .Met}} class="met"{{end}}>{{.Status}}</td><td>{{.Needed}}</td>
<td><div class="bar" title="{{.Actual}} of {{.Goal}}"><span style="width: {{.Bar}}%"></span><i style="left: {{.Line}}%"></i></div></td></tr>
{{end}}</tbody>
</table>
</section>
{{end}}{{range $s := .Sections}}<section class="period" id="{{$s.ID}}">
<h2>{{$s.Title}}</h2>
<table>
<thead><tr>{{range $j, $h := $s.Head}}<th{{if index $s.Right $j}} class="n"{{end}}>{{$h}}</th>{{end}}<th>passive share</th></tr></thead>
<tbody>
{{range $s.Rows}}<tr{{if .Total}} class="total"{{end}}>{{range $j, $c := .Cells}}<td{{if index $s.Right $j}} class="n"{{end}}>{{$c}}</td>{{end}}<td>{{if .Share}}<div class="bar" title="{{.Passive}}"><span style="width: {{.Share}}%"></span></div>{{end}}</td></tr>
{{end}}</tbody>
</table>
</section>
{{end}}</body>
</html>
`
