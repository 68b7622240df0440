package report_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func TestMonthlyHTMLGolden(t *testing.T) {
	events, sessions := sample()
	r, err := report.Monthly(input(events, sessions), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "monthly.html", b.Bytes())
}

// element is one parsed start tag with its attributes and the text of its
// <title> child, if any.
type element struct {
	name  string
	attr  map[string]string
	title string
}

// parseHTML reads the page as lenient XML (HTML's void elements and
// entities allowed) and returns every element in document order.
func parseHTML(t *testing.T, page []byte) []*element {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var all, stack []*element
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			all = append(all, e)
			stack = append(stack, e)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			if len(stack) == 0 {
				t.Fatalf("unbalanced </%s>", tok.Name.Local)
			}
			if top := stack[len(stack)-1]; top.name == "title" && len(stack) > 1 {
				stack[len(stack)-2].title = text.String()
			}
			stack = stack[:len(stack)-1]
		}
	}
	return all
}

// monthGroups returns the bar groups of one currency's chart, in order.
func monthGroups(all []*element) map[string][]*element {
	out := map[string][]*element{}
	cur := ""
	for _, e := range all {
		if e.name == "svg" {
			cur = e.attr["data-currency"]
		}
		if e.name == "g" && e.attr["class"] == "month" {
			out[cur] = append(out[cur], e)
		}
	}
	return out
}

func TestMonthlyHTMLStructure(t *testing.T) {
	eur := func(e ledger.Event) ledger.Event { e.Currency = "EUR"; return e }
	events := []ledger.Event{
		ev(1, "2025-11-03", "upwork/acme", ledger.KindFixed, 54000),
		ev(2, "2025-11-20", "etsy/<b>shop</b>", ledger.KindSale, 4000),
		// December has nothing: the chart still needs a bar group for it.
		ev(3, "2026-01-10", "etsy/<b>shop</b>", ledger.KindSale, 2500),
		// A refund of more than the month's passive sales: negative passive.
		ev(4, "2026-02-02", "etsy/<b>shop</b>", ledger.KindRefund, -6000),
		ev(5, "2026-02-09", "upwork/acme", ledger.KindHourly, 30000),
		eur(ev(6, "2026-01-15", "gumroad/pack", ledger.KindSale, 1999)),
	}
	sessions := []ledger.WorkSession{sess(1, "2025-11-01", "upwork/acme", 3600), sess(2, "2026-02-08", "upwork/acme", 7200)}
	for _, by := range []string{report.ByNone, report.ByStream} {
		t.Run("by="+by, func(t *testing.T) {
			r, err := report.Monthly(input(events, sessions), report.MonthlyOptions{By: by})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.WriteHTML(&b); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			for _, bad := range []string{"http", "<script", "<link", "url(", "@import", "<b>"} {
				if strings.Contains(strings.ToLower(page), bad) {
					t.Errorf("the page contains %q: it must be self-contained and escape what it prints", bad)
				}
			}
			if by == report.ByStream && !strings.Contains(page, "etsy/&lt;b&gt;shop&lt;/b&gt;") {
				t.Errorf("the stream name is not in the table, escaped")
			}
			groups := monthGroups(parseHTML(t, b.Bytes()))
			type want struct{ month, income, passive, share string }
			wants := map[string][]want{
				"USD": {
					{"2025-11", "580.00", "40.00", "0.0690"},
					{"2025-12", "0.00", "0.00", ""},
					{"2026-01", "25.00", "25.00", "1.0000"},
					{"2026-02", "240.00", "-60.00", ""}, // passive refunds exceed passive sales: no share
				},
				"EUR": {{"2026-01", "19.99", "19.99", "1.0000"}},
			}
			if len(groups) != len(wants) {
				t.Errorf("charts for %d currencies; want %d", len(groups), len(wants))
			}
			for cur, ws := range wants {
				gs := groups[cur]
				if len(gs) != len(ws) {
					t.Errorf("%s: %d bar groups; want one per month, %d", cur, len(gs), len(ws))
					continue
				}
				for i, w := range ws {
					g := gs[i]
					got := want{g.attr["data-month"], g.attr["data-income"], g.attr["data-passive"], g.attr["data-share"]}
					if got != w {
						t.Errorf("%s bar group %d = %+v; want %+v", cur, i, got, w)
					}
					for _, s := range []string{w.month, "income " + w.income + " " + cur, "passive " + w.passive} {
						if !strings.Contains(g.title, s) {
							t.Errorf("%s %s: hover title %q lacks %q", cur, w.month, g.title, s)
						}
					}
				}
			}
		})
	}
}

// TestMonthlyHTMLClamp checks that a month whose income is negative draws
// nothing below the axis and nothing of negative height.
func TestMonthlyHTMLClamp(t *testing.T) {
	events, sessions := sample()
	r, err := report.Monthly(input(events, sessions), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	for _, e := range parseHTML(t, b.Bytes()) {
		if h, ok := e.attr["height"]; ok && strings.HasPrefix(h, "-") {
			t.Errorf("<%s class=%q> has a negative height %s", e.name, e.attr["class"], h)
		}
	}
}

func TestMonthlyHTMLEmpty(t *testing.T) {
	r, err := report.Monthly(input(nil, nil), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "no income or hours in this period") || strings.Contains(b.String(), "<svg") {
		t.Errorf("an empty report should say so and draw no chart:\n%s", b.String())
	}
	parseHTML(t, b.Bytes())
}

func TestChartAxisTop(t *testing.T) {
	cases := []struct {
		max  int64
		cur  string
		want int64
	}{
		{403800, "USD", 500000}, // 4038.00: ticks of 1250, not 2000
		{70000, "USD", 80000},
		{58000, "USD", 60000},
		{0, "USD", 400},   // nothing positive: 1.00 a tick
		{-3000, "JPY", 4}, // JPY has no minor unit
		{7, "USD", 8},
		{1, "USD", 4},
		{5, "USD", 8},                 // ticks of 1.5 minor units do not exist
		{1<<63 - 1, "USD", 1<<63 - 1}, // no round top fits: the maximum itself
	}
	for _, c := range cases {
		if got := report.NiceCeilForTest(c.max, c.cur); got != c.want {
			t.Errorf("niceCeil(%d, %s) = %d; want %d", c.max, c.cur, got, c.want)
		}
		if got := report.NiceCeilForTest(c.max, c.cur); got < c.max {
			t.Errorf("niceCeil(%d, %s) = %d: below the tallest bar", c.max, c.cur, got)
		}
	}
}

// TestChartTickLabels: the income ticks all show the currency's decimals
// or none, never a mix such as 0, 7.50, 15.
func TestChartTickLabels(t *testing.T) {
	for _, c := range []struct {
		amount int64
		want   []string
	}{
		{2900, []string{">0.00<", ">7.50<", ">15.00<", ">22.50<", ">30.00<"}},
		{58000, []string{">0<", ">150<", ">300<", ">450<", ">600<"}},
	} {
		r, err := report.Monthly(input([]ledger.Event{ev(1, "2026-01-12", "payhip/ebook", ledger.KindSale, c.amount)}, nil), report.MonthlyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		_, ticks, _ := strings.Cut(b.String(), `class="tick income-ticks"`)
		ticks, _, _ = strings.Cut(ticks, "</g>")
		for _, w := range c.want {
			if !strings.Contains(ticks, w) {
				t.Errorf("income %d: ticks %s lack %s", c.amount, ticks, w)
			}
		}
	}
}

// With Detail, every month with income gets a <details> listing its events
// with verdict and reason, and the warnings stand above the charts.
func TestMonthlyHTMLDetails(t *testing.T) {
	events := []ledger.Event{
		ev(1, "2026-01-10", "etsy/shop", ledger.KindSale, 4000),
		ev(2, "2026-02-20", "etsy/shop", ledger.KindSale, 6000),
		ev(3, "2026-02-21", "gumroad/pack", ledger.KindSale, 2500),
	}
	sessions := []ledger.WorkSession{sess(1, "2026-02-18", "etsy/shop", 3600)}
	r, err := report.Monthly(input(events, sessions), report.MonthlyOptions{Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`<details data-month="2026-01">`,
		`<summary>2026-01: 1 income events, passive 40.00 of 40.00 USD</summary>`,
		`<summary>2026-02: 2 income events, passive 25.00 of 85.00 USD</summary>`,
		`<td class="reason">no work on etsy/shop from 2025-12-11 to 2026-01-10</td>`,
		`<td class="reason">work on 2026-02-18 (session #1), 2 days before</td>`,
		`<li class="warning">warning: all 25.00 USD of gumroad/pack counts as passive because no work was ever logged on it</li>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Index(page, `class="warnings"`) > strings.Index(page, "<svg") {
		t.Error("the warnings come after the chart")
	}
	if strings.Contains(page, "<script") {
		t.Error("the page has a script")
	}
	parseHTML(t, b.Bytes())
}

// A ledger spanning more months than the plot has tenths of a unit (a sale
// typed as 2926 instead of 2026) once divided by a zero slot: every month
// still gets a column, the columns tile the plot in order, and the labels
// do not crowd. (Read with regular expressions: parsing a page of ten
// thousand months as XML is slow under the race detector.)
func TestMonthlyHTMLLongSpan(t *testing.T) {
	col := regexp.MustCompile(`<rect class="col" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"`)
	label := regexp.MustCompile(`class="month-label"`)
	for _, last := range []string{"2926-03-01"} {
		events := []ledger.Event{
			ev(1, "1970-01-01", "etsy/s", ledger.KindSale, 500),
			ev(2, "2026-03-01", "etsy/s", ledger.KindSale, 700),
			ev(3, last, "etsy/s", ledger.KindSale, 900),
		}
		r, err := report.Monthly(input(events, nil), report.MonthlyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteHTML(&b); err != nil {
			t.Fatalf("%s: %v", last, err)
		}
		months := (day(last).MonthIndex() - day("1970-01-01").MonthIndex()) + 1
		cols := col.FindAllStringSubmatch(b.String(), -1)
		prevEnd := -1.0
		for i, c := range cols {
			x, w := num(t, c[1]), num(t, c[2])
			if x < 84 || x+w > 888.01 || (prevEnd >= 0 && x+0.0001 < prevEnd) {
				t.Fatalf("%s: column %d at x=%v width %v is outside the plot or out of order (previous end %v)", last, i, x, w, prevEnd)
			}
			prevEnd = x + w
		}
		if len(cols) != months {
			t.Errorf("%s: %d columns; want one per month, %d", last, len(cols), months)
		}
		if n := len(label.FindAllStringIndex(b.String(), -1)); n == 0 || n > (888-84)/64+1 {
			t.Errorf("%s: %d month labels; want some, at most one per 64 units", last, n)
		}
	}
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}
