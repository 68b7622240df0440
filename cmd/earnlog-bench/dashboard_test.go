package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// BenchmarkDashboard builds `earnlog report html` for the generated
// ten-year ledger (1M events by default; EARNLOG_BENCH_EVENTS sets another
// size) and reports the page's size and, with Chromium installed, how long
// headless Chromium takes from navigation to the page's first full render
// (data-rendered on <body>), from a file:// URL (EARNLOG_BENCH_PAGE keeps
// the page at that path):
//
//	go test ./cmd/earnlog-bench -run '^$' -bench Dashboard -benchtime 3x
func BenchmarkDashboard(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("EARNLOG_BENCH_EVENTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("EARNLOG_BENCH_EVENTS=%q is not a number of events", s)
		}
		n = v
	}
	g := generate(n)
	in := report.Input{
		Events: func(fn func(*ledger.Event) error) error {
			for i := range g.events {
				e := g.events[i]
				if err := fn(&e); err != nil {
					return err
				}
			}
			return nil
		},
		Sessions: report.Sessions(g.sessions),
		Today:    genFirst + genDays,
	}
	var page bytes.Buffer
	start := time.Now()
	d, err := report.Dashboard(in, report.DashboardOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := d.WriteHTML(&page); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d events: page of %d bytes (%d day rows, %d events embedded over %d months) built in %v",
		n, page.Len(), len(d.Days), len(d.Events), len(d.EventMonths), time.Since(start))
	path := filepath.Join(b.TempDir(), "earnlog.html")
	if keep := os.Getenv("EARNLOG_BENCH_PAGE"); keep != "" {
		path = keep // kept for a look
	}
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}

	bin, err := exec.LookPath("chromium")
	if err != nil {
		b.ReportMetric(float64(page.Len())/1e6, "MB/page")
		b.Log("chromium not installed: the page's load time is not measured (apt-get install chromium)")
		return
	}
	profile := b.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(profile), chromedp.WindowSize(1200, 900), chromedp.Env("HOME="+profile))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		tctx, tcancel := context.WithTimeout(ctx, 120*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate("file://"+path), chromedp.WaitReady(chromedp.CSS(`body[data-rendered="1"]`)))
		tcancel()
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(t0)
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.scriptMs + " ms in the script, " + Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd) + " ms to DOMContentLoaded"`))
		if err == nil {
			b.Logf("load %v: %s", time.Since(t0).Round(time.Millisecond), ms)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(total.Seconds()/float64(b.N), "s/load")
	b.ReportMetric(float64(page.Len())/1e6, "MB/page")
}
