package report_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

var (
	genStreams    = []string{"upwork/a", "upwork/b", "etsy/s", "gumroad/g", "misc/x"}
	genCurrencies = []string{"USD", "EUR", "JPY"}
	genBase       = day("2025-01-01")
)

// genLedger draws a random ledger. References are unique ("r<i>"), so that
// "the first event with that reference" never depends on order. With
// positive, only income kinds appear (no refunds or adjustments).
func genLedger(t *rapid.T, positive bool) ([]ledger.Event, []ledger.WorkSession) {
	n := rapid.IntRange(0, 40).Draw(t, "events")
	var events []ledger.Event
	kinds := ledger.Kinds
	if positive {
		kinds = kinds[:6]
	}
	for i := 0; i < n; i++ {
		e := ledger.Event{
			ID:       uint64(i + 1),
			Stream:   ledger.Stream(rapid.SampledFrom(genStreams).Draw(t, "stream")),
			Kind:     rapid.SampledFrom(kinds).Draw(t, "kind"),
			Date:     genBase + ledger.Date(rapid.IntRange(0, 200).Draw(t, "date")),
			Currency: rapid.SampledFrom(genCurrencies).Draw(t, "currency"),
			Amount:   rapid.Int64Range(1, 100000).Draw(t, "amount"),
			Ref:      fmt.Sprintf("r%d", i),
			Voided:   rapid.IntRange(0, 9).Draw(t, "voided") == 0,
		}
		if e.Kind.Sign() < 0 || (e.Kind == ledger.KindAdjustment && rapid.Bool().Draw(t, "negative")) {
			e.Amount = -e.Amount
		}
		if e.Kind == ledger.KindRefund || e.Kind == ledger.KindAdjustment || e.Kind == ledger.KindFee {
			if rapid.Bool().Draw(t, "linked") {
				e.Link = fmt.Sprintf("r%d", rapid.IntRange(0, n).Draw(t, "link"))
			}
		}
		if e.Kind == ledger.KindHourly && rapid.Bool().Draw(t, "billed") {
			e.Billed = rapid.Int64Range(60, 40*3600).Draw(t, "billedSecs")
			e.PeriodEnd = e.Date - ledger.Date(rapid.IntRange(0, 14).Draw(t, "lag"))
			e.PeriodStart = e.PeriodEnd - 6
		}
		events = append(events, e)
	}
	m := rapid.IntRange(0, 20).Draw(t, "sessions")
	var sessions []ledger.WorkSession
	for i := 0; i < m; i++ {
		w := ledger.WorkSession{
			ID:      uint64(i + 1),
			Stream:  ledger.Stream(rapid.SampledFrom(genStreams).Draw(t, "sstream")),
			Start:   int64(genBase+ledger.Date(rapid.IntRange(-10, 210).Draw(t, "sdate"))) * 86400,
			HasTime: rapid.Bool().Draw(t, "hasTime"),
			Seconds: rapid.Int64Range(60, 20*3600).Draw(t, "secs"),
			Voided:  rapid.IntRange(0, 9).Draw(t, "svoided") == 0,
		}
		if w.HasTime {
			w.Start += rapid.Int64Range(0, 86399).Draw(t, "time")
		}
		sessions = append(sessions, w)
	}
	return events, sessions
}

func genRule(t *rapid.T) report.Rule {
	if rapid.IntRange(0, 3).Draw(t, "sinceLast") == 0 {
		return report.Rule{Name: report.RuleSinceLast}
	}
	return report.Rule{Name: report.RuleWindow, WindowDays: rapid.IntRange(0, 60).Draw(t, "window")}
}

// oracle classifies by reading the passive rule (docs/names.md) literally, in
// quadratic time: the reports must agree with it.
func oracle(events []ledger.Event, sessions []ledger.WorkSession, rule report.Rule) map[uint64]bool {
	worked := func(s ledger.Stream, a, b ledger.Date) bool {
		for _, w := range sessions {
			if !w.Voided && w.Stream == s && w.StartDate() <= b && w.EndDate() >= a {
				return true
			}
		}
		for _, e := range events {
			if !e.Voided && e.Stream == s && e.Billed > 0 && e.PeriodStart <= b && e.PeriodEnd >= a {
				return true
			}
		}
		return false
	}
	byRule := func(e ledger.Event) bool {
		if e.Billed > 0 || e.Kind == ledger.KindHourly {
			return false // billed hours, or an hourly payment: active by its kind
		}
		from := e.Date - ledger.Date(rule.WindowDays)
		if rule.Name == report.RuleSinceLast {
			from = ledger.Date(-1 << 31)
			for _, p := range events {
				if !p.Voided && p.Stream == e.Stream && p.Kind.IsIncome() && p.Date < e.Date && p.Date+1 > from {
					from = p.Date + 1
				}
			}
		}
		return !worked(e.Stream, from, e.Date)
	}
	out := map[uint64]bool{}
	for _, e := range events {
		if e.Voided || !e.Kind.CountsAsIncome() {
			continue
		}
		decider := e
		if (e.Kind == ledger.KindRefund || e.Kind == ledger.KindAdjustment) && e.Link != "" {
			for _, t := range events {
				if !t.Voided && t.Stream == e.Stream && t.Kind.IsIncome() && t.Ref == e.Link {
					decider = t
					break
				}
			}
		}
		out[e.ID] = byRule(decider)
	}
	return out
}

func TestPropClassifyMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		got, err := report.Classify(input(events, sessions), rule)
		if err != nil {
			t.Fatal(err)
		}
		if want := oracle(events, sessions, rule); !reflect.DeepEqual(got, want) {
			t.Fatalf("Classify = %v\noracle  = %v", got, want)
		}
	})
}

type cm struct {
	month int
	cur   string
}

// TestPropSums: every row splits into passive and active exactly as the
// events do; months, streams and a direct sum agree on every total.
func TestPropSums(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		in := input(events, sessions)
		cls := oracle(events, sessions, rule)
		wantIncome, wantPassive, wantActive := map[cm]int64{}, map[cm]int64{}, map[cm]int64{}
		total := map[string]report.Figures{}
		for _, e := range events {
			if e.Voided {
				continue
			}
			k := cm{e.Date.MonthIndex(), e.Currency}
			f := total[e.Currency]
			switch {
			case e.Kind.CountsAsIncome():
				wantIncome[k] += e.Amount
				f.Income += e.Amount
				if cls[e.ID] {
					wantPassive[k] += e.Amount
					f.Passive += e.Amount
				} else {
					wantActive[k] += e.Amount
				}
			case e.Kind == ledger.KindFee:
				f.Fees += e.Amount
			}
			total[e.Currency] = f
		}
		mr, err := report.Monthly(in, report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		sr, err := report.Streams(in, report.StreamsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		byMonth, byStream := map[string]report.Figures{}, map[string]report.Figures{}
		for _, r := range mr.Rows {
			k := cm{r.Month, r.Currency}
			if r.Income != wantIncome[k] || r.Passive != wantPassive[k] || r.Active() != wantActive[k] {
				t.Fatalf("row %+v: want income %d passive %d active %d", r, wantIncome[k], wantPassive[k], wantActive[k])
			}
			f := byMonth[r.Currency]
			f.Income, f.Fees, f.Passive, f.Seconds = f.Income+r.Income, f.Fees+r.Fees, f.Passive+r.Passive, f.Seconds+r.Seconds
			byMonth[r.Currency] = f
		}
		for _, r := range sr.Rows {
			f := byStream[r.Currency]
			f.Income, f.Fees, f.Passive, f.Seconds = f.Income+r.Income, f.Fees+r.Fees, f.Passive+r.Passive, f.Seconds+r.Seconds
			byStream[r.Currency] = f
		}
		for c, f := range byMonth {
			if byStream[c] != f {
				t.Fatalf("%s: months %+v, streams %+v", c, f, byStream[c])
			}
			w := total[c]
			if w.Income != f.Income || w.Fees != f.Fees || w.Passive != f.Passive {
				t.Fatalf("%s: months %+v, events %+v", c, f, w)
			}
		}
		for c, f := range byStream {
			if _, ok := byMonth[c]; !ok && f != (report.Figures{}) {
				t.Fatalf("%s only in streams: %+v", c, f)
			}
		}
		// No hour is lost or counted twice between the two reports, and
		// logged hours are all there.
		var logged int64
		for _, w := range sessions {
			if !w.Voided {
				logged += w.Seconds
			}
		}
		var sum int64
		for _, f := range byMonth {
			sum += f.Seconds
		}
		if sum < logged {
			t.Fatalf("hours %d < logged %d", sum, logged)
		}
	})
}

// TestPropMoveSession: a session put into an event's window makes that
// event active and changes only events whose window holds the new day on
// that stream; taking it out restores everything.
func TestPropMoveSession(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		w := rapid.IntRange(0, 60).Draw(t, "window")
		rule := report.Rule{Name: report.RuleWindow, WindowDays: w}
		var candidates []ledger.Event
		for _, e := range events {
			if !e.Voided && e.Kind.CountsAsIncome() && e.Link == "" {
				candidates = append(candidates, e)
			}
		}
		if len(candidates) == 0 {
			t.Skip("no event to move work into")
		}
		e := rapid.SampledFrom(candidates).Draw(t, "event")
		x := e.Date - ledger.Date(rapid.IntRange(0, w).Draw(t, "offset"))
		before, err := report.Classify(input(events, sessions), rule)
		if err != nil {
			t.Fatal(err)
		}
		with := append(append([]ledger.WorkSession(nil), sessions...), ledger.WorkSession{Stream: e.Stream, Start: int64(x) * 86400, Seconds: 600})
		after, err := report.Classify(input(events, with), rule)
		if err != nil {
			t.Fatal(err)
		}
		if after[e.ID] {
			t.Fatalf("event %d still passive with work on %s", e.ID, x)
		}
		decider := map[uint64]ledger.Event{}
		for _, f := range events {
			decider[f.ID] = f
			if f.Link != "" && (f.Kind == ledger.KindRefund || f.Kind == ledger.KindAdjustment) {
				for _, g := range events {
					if !g.Voided && g.Stream == f.Stream && g.Kind.IsIncome() && g.Ref == f.Link {
						decider[f.ID] = g
						break
					}
				}
			}
		}
		for id, p := range after {
			if p == before[id] {
				continue
			}
			d := decider[id]
			if !before[id] || d.Stream != e.Stream || x > d.Date || x < d.Date-ledger.Date(w) {
				t.Fatalf("event %d flipped %v -> %v, but its window does not hold %s on %s", id, before[id], p, x, e.Stream)
			}
		}
		again, err := report.Classify(input(events, sessions), rule)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, before) {
			t.Fatal("taking the session out did not restore the classes")
		}
	})
}

// TestPropOrder: the order events and sessions were recorded in changes
// nothing.
func TestPropOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		by := rapid.SampledFrom([]string{"", "platform", "class", "stream"}).Draw(t, "by")
		a, err := report.Monthly(input(events, sessions), report.MonthlyOptions{Rule: rule, By: by})
		if err != nil {
			t.Fatal(err)
		}
		sa, err := report.Streams(input(events, sessions), report.StreamsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		pe := rapid.Permutation(events).Draw(t, "eventOrder")
		ps := rapid.Permutation(sessions).Draw(t, "sessionOrder")
		b, err := report.Monthly(input(pe, ps), report.MonthlyOptions{Rule: rule, By: by})
		if err != nil {
			t.Fatal(err)
		}
		sb, err := report.Streams(input(pe, ps), report.StreamsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(sa, sb) {
			t.Fatalf("order matters:\n%+v\n%+v", a.Rows, b.Rows)
		}
	})
}

// TestPropWiderWindow: widening the window never makes an event passive,
// and never makes passive income larger where all amounts are positive.
func TestPropWiderWindow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		positive := rapid.Bool().Draw(t, "positive")
		events, sessions := genLedger(t, positive)
		w1 := rapid.IntRange(0, 90).Draw(t, "w1")
		w2 := w1 + rapid.IntRange(0, 90).Draw(t, "more")
		in := input(events, sessions)
		c1, _ := report.Classify(in, report.Rule{Name: report.RuleWindow, WindowDays: w1})
		c2, _ := report.Classify(in, report.Rule{Name: report.RuleWindow, WindowDays: w2})
		for id, p := range c2 {
			if p && !c1[id] {
				t.Fatalf("event %d passive at %d days but active at %d", id, w2, w1)
			}
		}
		if !positive {
			return
		}
		m1, _ := report.Monthly(in, report.MonthlyOptions{Rule: report.Rule{Name: report.RuleWindow, WindowDays: w1}})
		m2, _ := report.Monthly(in, report.MonthlyOptions{Rule: report.Rule{Name: report.RuleWindow, WindowDays: w2}})
		if len(m1.Rows) != len(m2.Rows) {
			t.Fatalf("row counts %d and %d", len(m1.Rows), len(m2.Rows))
		}
		for i := range m1.Rows {
			if m2.Rows[i].Passive > m1.Rows[i].Passive {
				t.Fatalf("passive grew with the window: %+v -> %+v", m1.Rows[i], m2.Rows[i])
			}
		}
	})
}
