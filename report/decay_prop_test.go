package report_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

// ageOracle reads the age of income literally: 0 for billed hours or an
// hourly payment, the linked earning's age for a refund or adjustment,
// else the days from the latest day of work on the stream (a session or a
// billing period) on or before the event's date; -1 when there is none.
func ageOracle(events []ledger.Event, sessions []ledger.WorkSession) map[uint64]int64 {
	own := func(e ledger.Event) int64 {
		if e.Billed > 0 || e.Kind == ledger.KindHourly {
			return 0
		}
		best := int64(-1)
		seen := func(a, b ledger.Date) {
			if a <= e.Date {
				d := int64(e.Date) - int64(min(b, e.Date))
				if best < 0 || d < best {
					best = d
				}
			}
		}
		for _, w := range sessions {
			if !w.Voided && w.Stream == e.Stream {
				seen(w.StartDate(), w.EndDate())
			}
		}
		for _, p := range events {
			if !p.Voided && p.Stream == e.Stream && p.Billed > 0 {
				seen(p.PeriodStart, p.PeriodEnd)
			}
		}
		return best
	}
	out := map[uint64]int64{}
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
		out[e.ID] = own(decider)
	}
	return out
}

// TestPropAges: ages match the literal reading, are never negative (but
// for "no work before"), and work added after an event never changes its
// age.
func TestPropAges(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		in := input(events, sessions)
		got, err := report.AgesForTest(in)
		if err != nil {
			t.Fatal(err)
		}
		want := ageOracle(events, sessions)
		for id, a := range want {
			if got[id] != a {
				t.Fatalf("event %d: age %d, want %d", id, got[id], a)
			}
			if got[id] < -1 {
				t.Fatalf("event %d: negative age %d", id, got[id])
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d ages, want %d", len(got), len(want))
		}
		// Work added on a later day: no event before it changes age.
		s := ledger.Stream(rapid.SampledFrom(genStreams).Draw(t, "newStream"))
		d := genBase + ledger.Date(rapid.IntRange(0, 210).Draw(t, "newDay"))
		more := append(append([]ledger.WorkSession{}, sessions...), ledger.WorkSession{ID: 999, Stream: s, Start: int64(d) * 86400, Seconds: 3600})
		after, err := report.AgesForTest(input(events, more))
		if err != nil {
			t.Fatal(err)
		}
		byRef := map[string]ledger.Event{}
		for _, e := range events {
			if !e.Voided && e.Kind.IsIncome() {
				if _, ok := byRef[string(e.Stream)+"\x00"+e.Ref]; !ok {
					byRef[string(e.Stream)+"\x00"+e.Ref] = e
				}
			}
		}
		for _, e := range events {
			if e.Voided || !e.Kind.CountsAsIncome() || e.Date >= d {
				continue
			}
			if l, ok := byRef[string(e.Stream)+"\x00"+e.Link]; ok && e.Link != "" && l.Date >= d {
				continue // it takes the age of an earning after the new work
			}
			if after[e.ID] != got[e.ID] {
				t.Fatalf("event %d on %s: age %d became %d after work on %s", e.ID, e.Date, got[e.ID], after[e.ID], d)
			}
		}
	})
}

// TestPropDecaySums: the age buckets add up to income exactly, classes and
// streams add up to report monthly, and the passive share of every window
// of the claim's sweep is exactly the income older than the window.
func TestPropDecaySums(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		in := input(events, sessions)
		cur := rapid.SampledFrom(genCurrencies).Draw(t, "cur")
		dr, err := report.Decay(in, report.DecayOptions{Currency: cur, ByStream: true})
		if err != nil {
			t.Fatal(err)
		}
		mr, err := report.Monthly(in, report.MonthlyOptions{By: report.ByStream})
		if err != nil {
			t.Fatal(err)
		}
		monthlyBy := map[string]int64{}
		var monthlyTotal int64
		for _, r := range mr.Rows {
			if r.Currency == cur {
				monthlyBy[r.Group] += r.Income
				monthlyTotal += r.Income
			}
		}
		check := func(g report.DecayGroup) {
			s := g.NeverWorked
			for _, b := range g.Buckets {
				s += b
			}
			if s != g.Income {
				t.Fatalf("%s: buckets add up to %d, income %d", g.Group, s, g.Income)
			}
		}
		var classTotal, streamTotal int64
		for _, g := range dr.Classes {
			check(g)
			classTotal += g.Income
		}
		for _, g := range dr.Streams {
			check(g)
			streamTotal += g.Income
			if g.Income != monthlyBy[g.Group] {
				t.Fatalf("%s: decay income %d, monthly %d", g.Group, g.Income, monthlyBy[g.Group])
			}
		}
		if classTotal != monthlyTotal || streamTotal != monthlyTotal {
			t.Fatalf("decay classes %d, streams %d, monthly %d", classTotal, streamTotal, monthlyTotal)
		}
		cr, err := report.Claim(in, report.ClaimOptions{Currency: cur, Sweep: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range cr.Sweep {
			for _, c := range []report.ClassResult{p.Marketplace, p.Storefront} {
				g := dr.Classes[0]
				for _, x := range dr.Classes {
					if x.Class == c.Class {
						g = x
					}
				}
				if got := g.OlderThan(p.WindowDays); got != c.Passive || g.Income != c.Income {
					t.Fatalf("window %d, %s: older than the window %d of %d, claim passive %d of %d",
						p.WindowDays, c.Class, got, g.Income, c.Passive, c.Income)
				}
			}
		}
	})
}

// TestPropRunwaySums: the total of every month is its streams' added up
// (within the rounding of each), streams paid for the work have no runway,
// and no expected figure is negative or outside its interval.
func TestPropRunwaySums(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, true)
		in := input(events, sessions)
		rr, err := report.Runway(in, report.RunwayOptions{Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		for m := range report.RunwayMonths {
			var s int64
			for _, row := range rr.Streams {
				x := row.Months[m]
				if x.Expected < 0 || x.Low > x.High {
					t.Fatalf("%s month %d: %+v", row.Group, m+1, x)
				}
				if row.Basis == report.BasisWork && (x.Expected != 0 || x.High != 0) {
					t.Fatalf("%s is paid for the work, month %d: %+v", row.Group, m+1, x)
				}
				s += x.Expected
			}
			if d := rr.Total.Months[m].Expected - s; d > int64(len(rr.Streams)) || d < -int64(len(rr.Streams)) {
				t.Fatalf("month %d: total %d, streams add up to %d", m+1, rr.Total.Months[m].Expected, s)
			}
		}
	})
}
