package report_test

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

var windowHint = regexp.MustCompile(`^with --window (\d+) it is (active|passive)$`)

// TestPropExplainWindowHints: the window explain suggests does turn the
// verdict around, and is the nearest one that does: one day less (for a
// passive event) or more (for an active one) leaves it as it was.
func TestPropExplainWindowHints(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := report.Rule{Name: report.RuleWindow, WindowDays: rapid.IntRange(0, 60).Draw(t, "window")}
		in := input(events, sessions)
		er, err := report.Events(in, report.EventsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		passiveAt := func(id uint64, w int) bool {
			c, err := report.Classify(in, report.Rule{Name: report.RuleWindow, WindowDays: w})
			if err != nil {
				t.Fatal(err)
			}
			return c[id]
		}
		for _, row := range er.Rows {
			x, err := report.Explain(in, rule, row.ID)
			if err != nil {
				t.Fatal(err)
			}
			if x.Row.Verdict != row.Verdict || x.Row.Reason != row.Reason {
				t.Fatalf("explain #%d says %+v %q, events %+v %q", row.ID, x.Row.Verdict, x.Row.Reason, row.Verdict, row.Reason)
			}
			for _, c := range x.Changes {
				m := windowHint.FindStringSubmatch(c)
				if m == nil {
					continue
				}
				n, _ := strconv.Atoi(m[1])
				wantPassive := m[2] == "passive"
				if wantPassive == row.Verdict.Passive {
					t.Fatalf("#%d: %q, but it already is", row.ID, c)
				}
				if got := passiveAt(row.ID, n); got != wantPassive {
					t.Fatalf("#%d: %q, but with --window %d passive = %v", row.ID, c, n, got)
				}
				near := n - 1 // passive: a shorter window still misses the work
				if wantPassive {
					near = n + 1 // active: a longer window still holds it
				}
				if near >= 0 && near <= report.MaxWindowDays && passiveAt(row.ID, near) == wantPassive {
					t.Fatalf("#%d: %q, but --window %d does too", row.ID, c, near)
				}
			}
		}
	})
}

func TestExplainErrors(t *testing.T) {
	sale := ev(1, "2026-03-03", "etsy/shop", ledger.KindSale, 4000)
	fee := ev(2, "2026-03-03", "etsy/shop", ledger.KindFee, -100)
	void := ev(3, "2026-03-04", "etsy/shop", ledger.KindSale, 100)
	void.Voided = true
	in := input([]ledger.Event{sale, fee, void}, nil)
	for _, tt := range []struct {
		id   uint64
		code string
	}{{2, ledger.EINVALID}, {3, ledger.EINVALID}, {9, ledger.ENOTFOUND}} {
		if _, err := report.Explain(in, report.Rule{}, tt.id); ledger.ErrorCode(err) != tt.code {
			t.Errorf("explain #%d: %v, want %s", tt.id, err, tt.code)
		}
	}
}
