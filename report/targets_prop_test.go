package report_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

// TestPropTargetsTraceToMonthly: an income target's actual figure is report
// monthly's income of the month holding today, an hours target's is report
// monthly --by stream's hours, and a storefront share target's is the share
// of monthly --by class over the 12 months up to today.
func TestPropTargetsTraceToMonthly(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		in := input(events, sessions)
		in.Today = genBase + ledger.Date(rapid.IntRange(0, 220).Draw(t, "today"))
		cur := rapid.SampledFrom(genCurrencies).Draw(t, "currency")
		stream := ledger.Stream(rapid.SampledFrom(genStreams).Draw(t, "stream"))
		targets := []ledger.Target{
			{Name: "i", Kind: ledger.TargetIncome, Value: 100, Currency: cur, Per: ledger.PeriodMonth},
			{Name: "h", Kind: ledger.TargetHours, Value: 3600, Stream: stream, Per: ledger.PeriodMonth},
			{Name: "s", Kind: ledger.TargetPassiveShare, Value: 3000, Currency: cur, Class: ledger.ClassStorefront, HasClass: true},
		}
		r, err := report.Targets(in, report.TargetOptions{Targets: targets})
		if err != nil {
			t.Fatal(err)
		}
		first, last := ledger.Calendar{}.PeriodBounds(ledger.PeriodMonth, in.Today.MonthIndex())
		m, err := report.Monthly(in, report.MonthlyOptions{From: first, To: last, By: report.ByStream})
		if err != nil {
			t.Fatal(err)
		}
		var income, secs int64
		for _, row := range m.Rows {
			if row.Currency == cur {
				income += row.Income
			}
			if row.Group == string(stream) {
				secs += row.Seconds
			}
		}
		if got := r.Rows[0].Actual; got != income {
			t.Fatalf("income target: %d, monthly %d", got, income)
		}
		if got := r.Rows[1].Actual; got != secs {
			t.Fatalf("hours target: %d, monthly %d", got, secs)
		}
		yFirst, _ := ledger.Calendar{}.PeriodBounds(ledger.PeriodMonth, in.Today.MonthIndex()-11)
		y, err := report.Monthly(in, report.MonthlyOptions{From: yFirst, To: in.Today, By: report.ByClass})
		if err != nil {
			t.Fatal(err)
		}
		var f report.Figures
		for _, row := range y.Rows {
			if row.Currency == cur && row.Group == "storefront" {
				f.Income += row.Income
				f.Passive += row.Passive
			}
		}
		s := r.Rows[2]
		if s.HasActual != report.HasShare(f.Passive, f.Income) {
			t.Fatalf("share target: has actual %v, monthly income %d, passive %d", s.HasActual, f.Income, f.Passive)
		}
		if s.HasActual {
			want, _ := report.ShareString(f.Passive, f.Income)
			if got, _ := report.ShareString(s.Actual, 10000); got != want {
				t.Fatalf("share target: %s, monthly %s", got, want)
			}
			if s.Met != (s.Actual >= 3000) {
				t.Fatalf("share %d: met %v", s.Actual, s.Met)
			}
		}
	})
}

// TestPropTagHours: report hours --by tag counts every session once in its
// total and once under each of its tags, and its total is report monthly's
// hours when nothing is billed.
func TestPropTagHours(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		for i := range events {
			events[i].Billed = 0
		}
		for i := range sessions {
			sessions[i].Tags = rapid.SampledFrom([]string{"", "build", "market", "admin,market"}).Draw(t, "tags")
		}
		in := input(events, sessions)
		var from, to ledger.Date
		if rapid.Bool().Draw(t, "bounded") {
			from = genBase + ledger.Date(rapid.IntRange(0, 200).Draw(t, "from"))
			to = from + ledger.Date(rapid.IntRange(0, 60).Draw(t, "span"))
		}
		r, err := report.TagHours(in, report.TagHoursOptions{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		m, err := report.Monthly(in, report.MonthlyOptions{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		var monthly int64
		for _, row := range m.Rows {
			monthly += row.Seconds
		}
		if r.Seconds != monthly {
			t.Fatalf("tag hours total %d, monthly %d", r.Seconds, monthly)
		}
		want := map[string]int64{}
		for _, w := range sessions {
			d := w.StartDate()
			if w.Voided || (from != 0 && d < from) || (to != 0 && d > to) {
				continue
			}
			tags := w.TagList()
			if len(tags) == 0 {
				tags = []string{report.Untagged}
			}
			for _, tag := range tags {
				want[tag] += w.Seconds
			}
		}
		got := map[string]int64{}
		for _, x := range r.Tags {
			got[x.Tag] = x.Seconds
		}
		for _, x := range r.Rows {
			got[x.Tag+"/rows"] += x.Seconds
		}
		for tag, s := range want {
			if got[tag] != s || got[tag+"/rows"] != s {
				t.Fatalf("tag %s: %d (rows %d), want %d", tag, got[tag], got[tag+"/rows"], s)
			}
		}
		if len(r.Tags) != len(want) {
			t.Fatalf("%d tags, want %d", len(r.Tags), len(want))
		}
	})
}
