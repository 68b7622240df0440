package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"
)

// browserSession drives one headless Chromium through the DevTools
// protocol and records what the page logs and fetches.
type browserSession struct {
	ctx      context.Context
	mu       sync.Mutex
	console  []string // console errors and warnings, uncaught exceptions
	requests []string // every URL the page asked for
}

func newBrowser(t *testing.T, bin string) *browserSession {
	t.Helper()
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1200, 900), chromedp.Env("HOME="+profile))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	b := &browserSession{ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.console = append(b.console, string(ev.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.console = append(b.console, "exception: "+msg)
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, ev.Request.URL)
		}
	}); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("chromium: Network.enable: %v", err)
	}
	return b
}

func (b *browserSession) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("chromium: %s: %v", what, err)
	}
}

func eval[T any](t *testing.T, b *browserSession, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("chromium: evaluating %s: %v", js, err)
	}
	return v
}

func (b *browserSession) screenshot(t *testing.T, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	// A window as tall as the page: tables off screen are laid out only
	// when scrolled to (content-visibility), and the shot shows them all.
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatalf("chromium: page height: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, h), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatalf("chromium: viewport: %v", err)
	}
	h, _ = chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, h), chromedp.Sleep(100*time.Millisecond)); err != nil {
		t.Fatalf("chromium: viewport: %v", err)
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("chromium: screenshot: %v", err)
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900)); err != nil {
		t.Fatalf("chromium: viewport: %v", err)
	}
	t.Logf("screenshot of the dashboard: %s", path)
	fmt.Println("earnlog browser test: screenshot of the dashboard:", path)
}

func media(m string, features ...*emulation.MediaFeature) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m, Features: features})
		return err
	})
}

// tableRows is the JavaScript that reads a table's body (or foot) as text.
func tableRows(sel string) string {
	return `Array.from(document.querySelectorAll(` + "`" + sel + "`" + `)).map(tr => Array.from(tr.cells).map(td => td.textContent))`
}

// TestBrowserDashboard writes `report html` for the demo ledger, opens it
// in headless Chromium from a file:// URL and checks it as a person would
// use it: it loads with no console errors and fetches nothing; its monthly
// table is `report monthly -o json`; selecting a month (by click, and by
// keyboard) lists that month's events, which add up to the month's income;
// a filter to one stream turns the totals into that stream's figures of
// `report monthly --by stream`; without JavaScript every section's table is
// still there. Screenshots (light, dark, print) and a PDF go to the
// artifacts folder.
func TestBrowserDashboard(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	earnlog := demoLedger(t, dir)
	page := earnlog("report", "html")
	artifacts, url := writePage(t, "earnlog-dashboard.html", page)

	var monthly monthlyJSON
	if err := json.Unmarshal(earnlog("report", "monthly", "-o", "json"), &monthly); err != nil {
		t.Fatal(err)
	}
	cells := func(month, cur, income, fees, net, hours, passive string, share, rate *string) string {
		s, r := "", ""
		if share != nil {
			s = *share
		}
		if rate != nil {
			r = *rate
		}
		return strings.Join([]string{month, cur, income, fees, net, hours, passive, s, r}, "|")
	}
	var want []string
	for _, r := range monthly.Rows {
		want = append(want, cells(r.Month, r.Currency, r.Income, r.Fees, r.Net, r.Hours, r.PassiveIncome, r.PassiveShare, r.HourlyRate))
	}
	join := func(rows [][]string) []string {
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, "|"))
		}
		return out
	}

	b := newBrowser(t, bin)
	start := time.Now()
	b.do(t, "open the page", chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`body[data-rendered="1"]`)))
	t.Logf("the demo dashboard (%d bytes) rendered in %v", len(page), time.Since(start))
	if got := join(eval[[][]string](t, b, tableRows("#t-monthly tbody tr"))); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the monthly table in the browser:\n%s\nreport monthly -o json:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, id := range []string{"c-overview", "c-treemap", "c-platforms", "c-hours", "c-rates", "c-claim", "c-sweep"} {
		if n := eval[int](t, b, `document.querySelectorAll("#`+id+` svg *").length`); n < 5 {
			t.Errorf("chart %s has %d SVG elements: it did not draw", id, n)
		}
	}

	// A month, clicked: its events, with class and reason, add up to its income.
	sum := func(rows [][]string, col int) decimal.Decimal {
		s := decimal.Zero
		for _, r := range rows {
			d, err := decimal.NewFromString(r[col])
			if err != nil {
				t.Fatalf("amount %q in %q: %v", r[col], r, err)
			}
			s = s.Add(d)
		}
		return s
	}
	checkMonth := func(month string) {
		t.Helper()
		var income string
		for _, r := range monthly.Rows {
			if r.Month == month {
				income = r.Income
			}
		}
		rows := eval[[][]string](t, b, tableRows("#d-events tbody tr"))
		if got := eval[string](t, b, `document.getElementById("month-detail").dataset.month || ""`); got != month {
			t.Fatalf("the month shown is %q; want %s", got, month)
		}
		var events struct {
			Rows []struct {
				ID     uint64 `json:"id"`
				Class  string `json:"class"`
				Reason string `json:"reason"`
			} `json:"events"`
		}
		if err := json.Unmarshal(earnlog("report", "events", "--from", month, "--to", month, "-o", "json"), &events); err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || len(rows) != len(events.Rows) {
			t.Fatalf("%s lists %d events; report events lists %d", month, len(rows), len(events.Rows))
		}
		for i, r := range rows {
			e := events.Rows[i]
			if r[0] != fmt.Sprint(e.ID) || r[3] != e.Class || r[7] != e.Reason || e.Reason == "" {
				t.Errorf("%s event row %q; report events says id %d, class %s, reason %q", month, r, e.ID, e.Class, e.Reason)
			}
		}
		if got, w := sum(rows, 5), decimal.RequireFromString(income); !got.Equal(w) {
			t.Errorf("the events of %s add up to %s; the table's income is %s", month, got, w)
		}
		t.Logf("%s: %d events adding up to %s, the month's income", month, len(rows), income)
	}
	b.do(t, "click 2026-03", chromedp.Click(chromedp.CSS(`g.month[data-month="2026-03"]`)), chromedp.WaitReady(chromedp.CSS(`#d-events`)))
	checkMonth("2026-03")
	// The keyboard reaches the months too.
	b.do(t, "Enter on 2026-05", chromedp.Focus(chromedp.CSS(`g.month[data-month="2026-05"]`)), chromedp.KeyEvent("\r"),
		chromedp.WaitReady(chromedp.CSS(`#month-detail[data-month="2026-05"]`)))
	checkMonth("2026-05")

	// A filter to one stream: the totals become that stream's.
	const stream = "etsy/pixel-press"
	var byStream struct {
		Rows []struct {
			Month         string  `json:"month"`
			Group         string  `json:"group"`
			Currency      string  `json:"currency"`
			Income        string  `json:"income"`
			Fees          string  `json:"fees"`
			Net           string  `json:"net"`
			Hours         string  `json:"hours"`
			PassiveIncome string  `json:"passive_income"`
			PassiveShare  *string `json:"passive_share"`
			HourlyRate    *string `json:"hourly_rate"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(earnlog("report", "monthly", "--by", "stream", "-o", "json"), &byStream); err != nil {
		t.Fatal(err)
	}
	var wantStream []string
	income := decimal.Zero
	for _, r := range byStream.Rows {
		if r.Group == stream {
			wantStream = append(wantStream, cells(r.Month, r.Currency, r.Income, r.Fees, r.Net, r.Hours, r.PassiveIncome, r.PassiveShare, r.HourlyRate))
			income = income.Add(decimal.RequireFromString(r.Income))
		}
	}
	b.do(t, "filter to "+stream, chromedp.SetValue(chromedp.CSS(`#f-stream`), stream),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("f-stream").dispatchEvent(new Event("change", {bubbles: true}))`))
			return err
		}))
	if got := join(eval[[][]string](t, b, tableRows("#t-monthly tbody tr"))); len(wantStream) == 0 || strings.Join(got, "\n") != strings.Join(wantStream, "\n") {
		t.Errorf("filtered to %s, the monthly table:\n%s\nreport monthly --by stream says:\n%s", stream, strings.Join(got, "\n"), strings.Join(wantStream, "\n"))
	}
	foot := eval[[][]string](t, b, tableRows("#t-monthly tfoot tr"))
	if len(foot) != 1 || len(foot[0]) < 3 || foot[0][2] != income.StringFixed(2) {
		t.Errorf("filtered to %s, the total row is %q; the stream's income is %s", stream, foot, income.StringFixed(2))
	}
	if got := eval[[][]string](t, b, tableRows("#t-sources tbody tr")); len(got) != 1 || got[0][2] != stream {
		t.Errorf("filtered to %s, the sources table has %q", stream, got)
	}
	// A date range: report monthly --from --to.
	var byRange monthlyJSON
	if err := json.Unmarshal(earnlog("report", "monthly", "--from", "2026-03-10", "--to", "2026-05-20", "-o", "json"), &byRange); err != nil {
		t.Fatal(err)
	}
	var wantRange []string
	for _, r := range byRange.Rows {
		wantRange = append(wantRange, cells(r.Month, r.Currency, r.Income, r.Fees, r.Net, r.Hours, r.PassiveIncome, r.PassiveShare, r.HourlyRate))
	}
	b.do(t, "filter to 2026-03-10..2026-05-20", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("f-stream").value = "";
			document.getElementById("f-from").value = "2026-03-10"; document.getElementById("f-to").value = "2026-05-20";
			document.getElementById("f-to").dispatchEvent(new Event("change", {bubbles: true}))`))
		return err
	}))
	if got := join(eval[[][]string](t, b, tableRows("#t-monthly tbody tr"))); len(wantRange) != 3 || strings.Join(got, "\n") != strings.Join(wantRange, "\n") {
		t.Errorf("filtered to 2026-03-10..2026-05-20, the monthly table:\n%s\nreport monthly --from --to says:\n%s", strings.Join(got, "\n"), strings.Join(wantRange, "\n"))
	}
	b.do(t, "reset the filters", chromedp.Click(chromedp.CSS(`#f-reset`)), chromedp.Sleep(200*time.Millisecond))
	if got := eval[[][]string](t, b, tableRows("#t-monthly tbody tr")); len(got) != len(want) {
		t.Errorf("after reset the monthly table has %d rows; want %d", len(got), len(want))
	}

	// The script's tables for the whole ledger, to hold against the
	// server's below: two renderers of the same figures must agree.
	tables := []string{"monthly", "sources", "platforms", "hours", "rates", "claim", "sweep"}
	drawn := map[string][]string{}
	for _, id := range tables {
		drawn[id] = join(eval[[][]string](t, b, tableRows("#t-"+id+" tbody tr, #t-"+id+" tfoot tr")))
	}

	// Screenshots: light, dark, print; and the printed PDF.
	shots := map[string]string{}
	for _, s := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{
		{"earnlog-dashboard.png", media("")},
		{"earnlog-dashboard-dark.png", media("", &emulation.MediaFeature{Name: "prefers-color-scheme", Value: "dark"})},
		{"earnlog-dashboard-print.png", media("print")},
	} {
		p := filepath.Join(artifacts, s.name)
		b.do(t, s.name, s.action, chromedp.Sleep(100*time.Millisecond))
		b.screenshot(t, p)
		shots[s.name] = p
	}
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
	cancel()
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("printing to PDF: %v", err)
	}
	if err := os.WriteFile(filepath.Join(artifacts, "earnlog-dashboard.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	// The light screenshot is mostly white, the dark one mostly the dark
	// background, and both show the storefront colour of their theme.
	for name, c := range map[string][3]uint8{"earnlog-dashboard.png": {0xff, 0xff, 0xff}, "earnlog-dashboard-dark.png": {0x12, 0x16, 0x1c}} {
		f, err := os.Open(shots[name])
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		bd := img.Bounds()
		if bg := countNear(img, c[0], c[1], c[2]); bg < bd.Dx()*bd.Dy()/3 {
			t.Errorf("%s: %d of %d pixels are the theme's background", name, bg, bd.Dx()*bd.Dy())
		}
	}

	// Without JavaScript: every section's table, for the whole ledger.
	b2 := newBrowser(t, bin)
	b2.do(t, "disable scripts", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(url))
	if got := join(eval[[][]string](t, b2, tableRows("#t-monthly tbody tr"))); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("without JavaScript the monthly table is:\n%s", strings.Join(got, "\n"))
	}
	for _, id := range tables {
		got := join(eval[[][]string](t, b2, tableRows("#t-"+id+" tbody tr, #t-"+id+" tfoot tr")))
		if len(got) == 0 || strings.Join(got, "\n") != strings.Join(drawn[id], "\n") {
			t.Errorf("the %s table without JavaScript:\n%s\nwith it, for the whole ledger:\n%s", id, strings.Join(got, "\n"), strings.Join(drawn[id], "\n"))
		}
	}
	if eval[bool](t, b2, `getComputedStyle(document.getElementById("filters")).display !== "none"`) {
		t.Error("without JavaScript the filters show, but cannot work")
	}
	// The overview's chart is drawn by the server too: a bar group per
	// month from the first to the last, with -o json's income.
	bars := eval[[][]string](t, b2, `Array.from(document.querySelectorAll("#c-overview g.month-static")).map(g => [g.dataset.month, g.dataset.income])`)
	inc := map[string]string{}
	for _, r := range monthly.Rows {
		inc[r.Month] = r.Income
	}
	if len(bars) != len(monthly.Rows) {
		t.Errorf("without JavaScript the overview has %d bar groups; report monthly has %d months", len(bars), len(monthly.Rows))
	}
	for _, g := range bars {
		if inc[g[0]] != g[1] {
			t.Errorf("without JavaScript the bar of %s says income %s; report monthly says %q", g[0], g[1], inc[g[0]])
		}
	}
	b2.screenshot(t, filepath.Join(artifacts, "earnlog-dashboard-nojs.png"))

	for _, s := range []*browserSession{b, b2} {
		s.mu.Lock()
		for _, c := range s.console {
			t.Errorf("console: %s", c)
		}
		for _, r := range s.requests {
			// data: URLs are in the page or the browser's own controls
			// (the date input's calendar icon): nothing leaves the machine.
			if r != url && !strings.HasPrefix(r, "data:") {
				t.Errorf("the page requested %s: it must fetch nothing", r)
			}
		}
		s.mu.Unlock()
	}
}
