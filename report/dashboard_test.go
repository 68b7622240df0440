package report_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

// TestPropDashboardSums: the dashboard's rows per day and stream add up,
// month by month, to report monthly's rows; per stream, to report monthly
// --by stream; its events are report events' rows of the months it embeds.
func TestPropDashboardSums(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		in := input(events, sessions)
		d, err := report.Dashboard(in, report.DashboardOptions{Rule: rule, MaxEvents: rapid.IntRange(1, 50).Draw(t, "max")})
		if err != nil {
			t.Fatal(err)
		}
		m, err := report.Monthly(in, report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Monthly(); !reflect.DeepEqual(got, m.Rows) && (len(got) != 0 || len(m.Rows) != 0) {
			t.Fatalf("dashboard months %+v\nreport monthly %+v", got, m.Rows)
		}
		bs, err := report.Monthly(in, report.MonthlyOptions{Rule: rule, By: report.ByStream})
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			month    int
			stream   string
			currency string
		}
		sums := map[key]report.Figures{}
		for _, r := range d.Days {
			k := key{r.Day.MonthIndex(), string(d.Streams[r.Stream].Stream), r.Currency}
			f := sums[k]
			f.Income += r.Income
			f.Fees += r.Fees
			f.Passive += r.Passive
			f.Seconds += r.Seconds
			sums[k] = f
		}
		if len(sums) != len(bs.Rows) {
			t.Fatalf("%d stream months in the dashboard, %d in report monthly --by stream", len(sums), len(bs.Rows))
		}
		for _, r := range bs.Rows {
			if got := sums[key{r.Month, r.Group, r.Currency}]; got != r.Figures {
				t.Fatalf("%s %s %s: dashboard %+v, report monthly --by stream %+v", ledger.MonthString(r.Month), r.Group, r.Currency, got, r.Figures)
			}
		}
		ev, err := report.Events(in, report.EventsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		embedded := map[string]bool{}
		for _, m := range d.EventMonths {
			embedded[m] = true
		}
		var want []report.EventRow
		for _, r := range ev.Rows {
			if embedded[ledger.MonthString(r.Date.MonthIndex())] {
				want = append(want, r)
			}
		}
		if len(d.Events) > 50 || !reflect.DeepEqual(d.Events, want) && (len(want) != 0 || len(d.Events) != 0) {
			t.Fatalf("dashboard events %+v\nreport events of %v: %+v", d.Events, d.EventMonths, want)
		}
		if len(d.EventMonths) > report.DashboardEventMonths {
			t.Fatalf("%d months of events embedded", len(d.EventMonths))
		}
		var page bytes.Buffer
		if err := d.WriteHTML(&page); err != nil {
			t.Fatal(err)
		}
	})
}

// TestDashboardPage: the page is self-contained and its JSON block names
// what the CLI names.
func TestDashboardPage(t *testing.T) {
	events, sessions := sample()
	d, err := report.Dashboard(input(events, sessions), report.DashboardOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := d.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	s := page.String()
	for _, bad := range []string{"http://", "https://", "<link", "src=", "@import", "url(", "fetch(", "XMLHttpRequest"} {
		if i := strings.Index(s, bad); i >= 0 && !strings.Contains(s[max(0, i-40):i+40], "www.w3.org/2000/svg") {
			t.Errorf("the page has %q: it must fetch nothing (%q)", bad, s[max(0, i-40):min(len(s), i+40)])
		}
	}
	start := strings.Index(s, `<script type="application/json" id="earnlog-data">`)
	if start < 0 {
		t.Fatal("no JSON block")
	}
	block := s[start+len(`<script type="application/json" id="earnlog-data">`):]
	block = block[:strings.Index(block, "</script>")]
	var data map[string]json.RawMessage
	if err := json.Unmarshal([]byte(block), &data); err != nil {
		t.Fatalf("the JSON block does not parse: %v", err)
	}
	for _, k := range []string{"rule", "window_days", "days", "events", "warnings", "claim", "hours", "streams", "sections"} {
		if data[k] == nil {
			t.Errorf("the JSON block has no %q", k)
		}
	}
	var days map[string][]json.RawMessage
	if err := json.Unmarshal(data["days"], &days); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"date", "stream", "currency", "income", "fees", "passive_income", "seconds"} {
		if len(days[k]) != len(d.Days) || len(d.Days) == 0 {
			t.Errorf("days.%s has %d values for %d rows", k, len(days[k]), len(d.Days))
		}
	}
	var claim map[string]json.RawMessage
	if err := json.Unmarshal(data["claim"], &claim); err != nil || claim["verdict"] == nil || claim["sweep"] == nil {
		t.Errorf("the claim in the JSON block lacks the CLI's verdict or sweep: %s (%v)", data["claim"], err)
	}
}

// TestDashboardContrast checks the page's colours against WCAG 2.1 AA in
// both themes: text 4.5:1 on the background, chart marks 3:1 (non-text
// contrast), and the treemap's labels (drawn in the background colour) 4.5:1
// on each class colour.
func TestDashboardContrast(t *testing.T) {
	css, err := os.ReadFile("html/dashboard.css")
	if err != nil {
		t.Fatal(err)
	}
	light := string(css)
	i := strings.Index(light, "@media (prefers-color-scheme: dark)")
	if i < 0 {
		t.Fatal("no dark theme")
	}
	dark := light[i:]
	vars := func(block string) map[string]string {
		out := map[string]string{}
		for _, m := range regexp.MustCompile(`--([a-z]+):\s*(#[0-9a-f]{6})`).FindAllStringSubmatch(block, -1) {
			if _, ok := out[m[1]]; !ok {
				out[m[1]] = m[2]
			}
		}
		return out
	}
	for name, v := range map[string]map[string]string{"light": vars(light), "dark": vars(dark)} {
		bg := v["bg"]
		for _, k := range []string{"fg", "muted"} {
			if c := contrast(v[k], bg); c < 4.5 {
				t.Errorf("%s theme: --%s %s on %s has contrast %.2f; AA text needs 4.5", name, k, v[k], bg, c)
			}
		}
		for _, k := range []string{"marketplace", "storefront", "direct", "other", "share", "fees", "net", "billed", "logged"} {
			if c := contrast(v[k], bg); c < 3 {
				t.Errorf("%s theme: --%s %s on %s has contrast %.2f; chart marks need 3", name, k, v[k], bg, c)
			}
		}
		for _, k := range []string{"marketplace", "storefront", "direct", "other"} {
			if c := contrast(bg, v[k]); c < 4.5 {
				t.Errorf("%s theme: treemap labels %s on --%s %s have contrast %.2f; AA text needs 4.5", name, bg, k, v[k], c)
			}
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	ch := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(1) + 0.7152*ch(3) + 0.0722*ch(5)
}
