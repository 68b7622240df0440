package report_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

// TestPropIgnoreTags: a rule ignoring tags judges every event exactly as
// the same rule on the ledger without the sessions whose tags are all
// ignored, while the hours stay those of every session.
func TestPropIgnoreTags(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		for i := range sessions {
			sessions[i].Tags = rapid.SampledFrom([]string{"", "build", "market", "admin,market", "build,market"}).Draw(t, "tags")
		}
		rule := genRule(t)
		rule.IgnoreTags = rapid.SampledFrom([]string{"market", "admin,market", "build"}).Draw(t, "ignore")
		ignore := ledger.TagSet{}
		ignore = append(ignore, splitTags(rule.IgnoreTags)...)
		var kept []ledger.WorkSession
		for _, w := range sessions {
			if !ignore.Covers(w.Tags) {
				kept = append(kept, w)
			}
		}
		plain := rule
		plain.IgnoreTags = ""
		got, err := report.Events(input(events, sessions), report.EventsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		want, err := report.Events(input(events, kept), report.EventsOptions{Rule: plain})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) != len(want.Rows) {
			t.Fatalf("%d rows, want %d", len(got.Rows), len(want.Rows))
		}
		for i := range got.Rows {
			if got.Rows[i].ID != want.Rows[i].ID || got.Rows[i].Verdict.Passive != want.Rows[i].Verdict.Passive {
				t.Fatalf("event #%d: passive %v, without the ignored sessions %v", got.Rows[i].ID, got.Rows[i].Verdict.Passive, want.Rows[i].Verdict.Passive)
			}
		}
		mi, err := report.Monthly(input(events, sessions), report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		mp, err := report.Monthly(input(events, sessions), report.MonthlyOptions{Rule: plain})
		if err != nil {
			t.Fatal(err)
		}
		if len(mi.Rows) != len(mp.Rows) {
			t.Fatalf("monthly: %d rows, %d without ignoring", len(mi.Rows), len(mp.Rows))
		}
		for i := range mi.Rows {
			a, b := mi.Rows[i], mp.Rows[i]
			if a.Month != b.Month || a.Seconds != b.Seconds || a.Income != b.Income || a.Fees != b.Fees {
				t.Fatalf("monthly row %d: %+v, without ignoring %+v: only the passive part may change", i, a, b)
			}
			if a.Passive < b.Passive && a.Income > 0 && b.Passive >= 0 && allPositive(events) {
				t.Fatalf("monthly row %d: ignoring work lowered passive income from %d to %d", i, b.Passive, a.Passive)
			}
		}
	})
}

func splitTags(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func allPositive(events []ledger.Event) bool {
	for _, e := range events {
		if e.Amount < 0 {
			return false
		}
	}
	return true
}
