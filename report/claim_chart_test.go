package report_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/earnlog/earnlog/report"
)

// TestClaimSweepChart: with bars, the sweep draws both shares per window
// with the thresholds marked, in Unicode blocks or ASCII.
func TestClaimSweepChart(t *testing.T) {
	r, err := report.Claim(claimLedger(12, oneIn3, oneIn3), report.ClaimOptions{Sweep: true, Rule: report.Rule{Name: "window", WindowDays: 7}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		style report.BarStyle
	}{{"claim-sweep-unicode.txt", report.BarsUnicode}, {"claim-sweep-ascii.txt", report.BarsASCII}} {
		var b bytes.Buffer
		if err := r.WriteTable(&b, report.TableOptions{Bars: c.style}); err != nil {
			t.Fatal(err)
		}
		golden(t, c.name, b.Bytes())
		// Every sweep row carries its numbers and two bars with one
		// threshold marker each.
		_, sweep, _ := strings.Cut(b.String(), "\nsweep")
		lines := strings.Split(strings.TrimSpace(sweep), "\n")[2:]
		if len(lines) != len(report.SweepWindows) {
			t.Fatalf("%s: %d sweep rows; want %d", c.name, len(lines), len(report.SweepWindows))
		}
		mark := "│"
		if c.style == report.BarsASCII {
			mark = "|"
		}
		for _, l := range lines {
			if n := strings.Count(l, mark); n != 2 {
				t.Errorf("%s: %q has %d threshold marks; want 2", c.name, l, n)
			}
		}
	}
}

// TestClaimSweepBarSide: a bar ends on the side of the marker that its
// share is of the threshold, even when rounding to a cell would cross it.
func TestClaimSweepBarSide(t *testing.T) {
	cases := []struct {
		share, threshold string
		style            report.BarStyle
		want             string
	}{
		// 0.079 rounds to 2 cells of 5%, the marker for 0.10 sits after
		// cell 2: the bar must stop short of it.
		{"0.0790", "0.1000", report.BarsASCII, "#.|.................."},
		{"0.1000", "0.1000", report.BarsASCII, "##|.................."},
		{"0.1010", "0.1000", report.BarsASCII, "##|#................."},
		{"0.0790", "0.1000", report.BarsUnicode, "█▋│                  "},
		// 0.0990 rounds to 16 eighths, right on the marker: one eighth less.
		{"0.0990", "0.1000", report.BarsUnicode, "█▉│                  "},
		{"0.1000", "0.1000", report.BarsUnicode, "██│                  "},
		{"0.1010", "0.1000", report.BarsUnicode, "██│▏                 "},
		{"1.0000", "0.2000", report.BarsUnicode, "████│████████████████"},
		{"-0.5000", "0.2000", report.BarsASCII, "....|................"},
		{"1.7000", "0.2000", report.BarsASCII, "####|################"},
	}
	for _, c := range cases {
		got := report.ThresholdBarForTest(c.style, c.share, c.threshold)
		if got != c.want {
			t.Errorf("share %s, threshold %s: %q; want %q", c.share, c.threshold, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n != 21 {
			t.Errorf("share %s: bar is %d cells; want 21", c.share, n)
		}
	}
}
