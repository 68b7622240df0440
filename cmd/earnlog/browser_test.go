package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium finds a Chromium to drive headless, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Skip("chromium not installed: apt-get install chromium (CI installs it)")
	return ""
}

// headless runs Chromium on one page with nothing reaching the network and
// returns its standard output.
func headless(t *testing.T, bin, profile string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	// Chromium writes dot-folders under HOME; keep them in the test's folder.
	cmd.Env = append(os.Environ(), "HOME="+profile)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// monthlyJSON is `report monthly -o json` as the test reads it.
type monthlyJSON struct {
	Rows []struct {
		Month         string  `json:"month"`
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

// domNode is an element of the rendered DOM: its attributes, the text of
// its <title> child and the texts of its <td> children.
type domNode struct {
	name  string
	attr  map[string]string
	title string
	cells []string
	// inDetails: the element is inside a <details> (a month's events),
	// not part of the monthly table.
	inDetails bool
}

// parseDOM reads Chromium's serialised DOM (HTML, so leniently) into its
// elements, in document order, each with the chart (data-currency) it is in.
func parseDOM(t *testing.T, dom []byte) (nodes []*domNode, currencyOf map[*domNode]string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(dom))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	currencyOf = map[*domNode]string{}
	var stack []*domNode
	var text strings.Builder
	cur := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the rendered DOM does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &domNode{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if n.name == "section" {
				cur = n.attr["data-currency"]
			}
			currencyOf[n] = cur
			for _, p := range stack {
				n.inDetails = n.inDetails || p.name == "details"
			}
			nodes = append(nodes, n)
			stack = append(stack, n)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			if len(stack) == 0 {
				t.Fatalf("unbalanced </%s> in the rendered DOM", tok.Name.Local)
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				switch top.name {
				case "title":
					stack[len(stack)-1].title = text.String()
				case "td":
					stack[len(stack)-1].cells = append(stack[len(stack)-1].cells, text.String())
				}
			}
		}
	}
	return nodes, currencyOf
}

// demoLedger loads the demo's sample exports into a new ledger in dir, the
// clock at 2026-03-27T17:00:00Z, and returns a function that runs one
// earnlog command on that ledger and returns its output, failing the test
// on a non-zero exit.
func demoLedger(t *testing.T, dir string) func(args ...string) []byte {
	t.Helper()
	db := filepath.Join(dir, "ledger.db")
	env := func(k string) string {
		switch k {
		case "EARNLOG_DB":
			return db
		case "EARNLOG_NOW":
			return "2026-03-27T17:00:00Z"
		}
		return ""
	}
	earnlog := func(args ...string) []byte {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb, env); code != 0 {
			t.Fatalf("earnlog %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
		}
		return out.Bytes()
	}
	earnlog("demo", "--keep", db)
	return earnlog
}

// writePage writes a page as name in the artifacts folder ($EARNLOG_ARTIFACTS,
// or a temporary folder) and returns the folder and the page's file:// URL.
func writePage(t *testing.T, name string, page []byte) (artifacts, url string) {
	t.Helper()
	artifacts = os.Getenv("EARNLOG_ARTIFACTS")
	if artifacts == "" {
		artifacts = t.TempDir()
	} else if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	htmlPath, err := filepath.Abs(filepath.Join(artifacts, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(htmlPath, page, 0o644); err != nil {
		t.Fatal(err)
	}
	url = "file://" + filepath.ToSlash(htmlPath)
	return artifacts, url
}

// TestBrowserReport builds a ledger through the real commands, writes
// `report monthly -o html`, lets headless Chromium render it and checks the
// rendered DOM against `report monthly -o json`; then saves a screenshot.
func TestBrowserReport(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	// A year of sample exports (UpWork, Etsy, Gumroad, timeclock), then a
	// second currency and a refund larger than its month's passive income.
	earnlog := demoLedger(t, dir)
	earnlog("earn", "payhip/ebook", "29.00", "--currency", "EUR", "--date", "2026-01-12")
	earnlog("earn", "payhip/ebook", "29.00", "--currency", "EUR", "--date", "2026-03-02")
	earnlog("earn", "payhip/ebook", "-40.00", "--kind", "refund", "--currency", "EUR", "--date", "2026-03-20")

	var want monthlyJSON
	if err := json.Unmarshal(earnlog("report", "monthly", "-o", "json"), &want); err != nil {
		t.Fatal(err)
	}
	page := earnlog("report", "monthly", "-o", "html")
	artifacts, url := writePage(t, "earnlog-report.html", page)

	nodes, currencyOf := parseDOM(t, headless(t, bin, filepath.Join(dir, "profile"), "--dump-dom", url))
	type key struct{ cur, month string }
	groups := map[key]*domNode{}
	perCurrency := map[string]int{}
	var tableRows [][]string
	for _, n := range nodes {
		switch {
		case n.name == "g" && n.attr["class"] == "month":
			k := key{currencyOf[n], n.attr["data-month"]}
			if groups[k] != nil {
				t.Errorf("two bar groups for %s %s", k.cur, k.month)
			}
			groups[k] = n
			perCurrency[k.cur]++
		case n.name == "tr" && !n.inDetails && len(n.cells) > 0 && n.cells[0] != "total":
			tableRows = append(tableRows, n.cells)
		case n.name == "script" || n.name == "link" || n.name == "iframe" || n.name == "img":
			t.Errorf("the rendered page has a <%s>: it must be self-contained", n.name)
		}
	}
	if len(want.Rows) == 0 || len(perCurrency) != 2 {
		t.Fatalf("%d JSON rows and charts for %v; want rows and two currencies", len(want.Rows), perCurrency)
	}
	if len(tableRows) != len(want.Rows) {
		t.Errorf("the tables have %d rows; -o json has %d", len(tableRows), len(want.Rows))
	}
	inJSON := map[key]bool{}
	for i, row := range want.Rows {
		k := key{row.Currency, row.Month}
		inJSON[k] = true
		share := ""
		if row.PassiveShare != nil {
			share = *row.PassiveShare
		}
		g := groups[k]
		if g == nil {
			t.Errorf("no bar group for %s %s", row.Currency, row.Month)
			continue
		}
		if got := [3]string{g.attr["data-income"], g.attr["data-passive"], g.attr["data-share"]}; got != [3]string{row.Income, row.PassiveIncome, share} {
			t.Errorf("%s %s: bar group carries income, passive, share %q; -o json says %q", row.Currency, row.Month, got, [3]string{row.Income, row.PassiveIncome, share})
		}
		mustTitle := []string{row.Month, "income " + row.Income + " " + row.Currency, "passive " + row.PassiveIncome, "hours " + row.Hours, "fees " + row.Fees}
		if share != "" {
			mustTitle = append(mustTitle, "passive share "+share)
		}
		for _, s := range mustTitle {
			if !strings.Contains(g.title, s) {
				t.Errorf("%s %s: hover title %q lacks %q", row.Currency, row.Month, g.title, s)
			}
		}
		rate := ""
		if row.HourlyRate != nil {
			rate = *row.HourlyRate
		}
		wantCells := []string{row.Month, row.Currency, row.Income, row.Fees, row.Net, row.Hours, row.PassiveIncome, share, rate}
		if i < len(tableRows) && strings.Join(tableRows[i], "|") != strings.Join(wantCells, "|") {
			t.Errorf("table row %d = %q; -o json says %q", i, tableRows[i], wantCells)
		}
	}
	// Months between the first and last with no row still get a bar group
	// (an even time axis), and it must show nothing.
	for k, g := range groups {
		if !inJSON[k] && (g.attr["data-income"] != "0.00" || g.attr["data-share"] != "") {
			t.Errorf("%s %s is not in -o json but its bar group says income %q, share %q", k.cur, k.month, g.attr["data-income"], g.attr["data-share"])
		}
	}

	shot := filepath.Join(artifacts, "earnlog-report.png")
	headless(t, bin, filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1200,900", "--hide-scrollbars", url)
	// The whole page too: the first screen shows only the first currency.
	full := filepath.Join(artifacts, "earnlog-report-full.png")
	headless(t, bin, filepath.Join(dir, "profile"), "--screenshot="+full, "--window-size=1200,2000", "--hide-scrollbars", url)
	for _, p := range []string{shot, full} {
		t.Logf("screenshot of the HTML report: %s", p)
		fmt.Println("earnlog browser test: screenshot of the HTML report:", p)
	}
	checkScreenshot(t, shot, 1200, 900)
	checkScreenshot(t, full, 1200, 2000)
}

// checkScreenshot makes sure the chart was painted: the screenshot holds a
// good number of pixels of the passive-income green of the light theme.
func checkScreenshot(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Errorf("%s is %dx%d; want %dx%d", path, b.Dx(), b.Dy(), w, h)
	}
	green := countNear(img, 0x1f, 0x8a, 0x70)
	if green < 2000 {
		t.Errorf("the screenshot has %d pixels of the passive-bar colour: the chart did not render", green)
	}
}

func countNear(img image.Image, r, g, b uint8) int {
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr>>8, r) && near(pg>>8, g) && near(pb>>8, b) {
				n++
			}
		}
	}
	return n
}

func near(a uint32, b uint8) bool { return a+8 >= uint32(b) && a <= uint32(b)+8 }
