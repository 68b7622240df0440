package report_test

import (
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"pgregory.net/rapid"
)

// TestPropEventsSumToMonthly: the rows of report events add up, per month
// and currency, to the income and passive income of report monthly for the
// same dates, exactly; with a stream filter, to monthly --by stream; and
// every row's verdict is the oracle's.
func TestPropEventsSumToMonthly(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		in := input(events, sessions)
		var f ledger.Filter
		if rapid.Bool().Draw(t, "bounded") {
			f.From = genBase + ledger.Date(rapid.IntRange(0, 200).Draw(t, "from"))
			f.To = f.From + ledger.Date(rapid.IntRange(0, 120).Draw(t, "span"))
		}
		byStream := rapid.Bool().Draw(t, "byStream")
		if byStream {
			f.Stream = ledger.Stream(rapid.SampledFrom(genStreams).Draw(t, "filterStream"))
		}
		er, err := report.Events(in, report.EventsOptions{Rule: rule, Filter: f})
		if err != nil {
			t.Fatal(err)
		}
		opt := report.MonthlyOptions{Rule: rule, From: f.From, To: f.To}
		if byStream {
			opt.By = report.ByStream
		}
		mr, err := report.Monthly(in, opt)
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			month int
			cur   string
		}
		sum := map[key]*report.Figures{}
		cls := oracle(events, sessions, rule)
		for _, r := range er.Rows {
			if p, ok := cls[r.ID]; !ok || p != r.Verdict.Passive {
				t.Fatalf("event #%d: passive %v, oracle %v (%v)", r.ID, r.Verdict.Passive, p, ok)
			}
			if r.Reason == "" {
				t.Fatalf("event #%d has no reason", r.ID)
			}
			k := key{r.Date.MonthIndex(), r.Currency}
			if sum[k] == nil {
				sum[k] = &report.Figures{}
			}
			sum[k].Income += r.Amount
			if r.Verdict.Passive {
				sum[k].Passive += r.Amount
			}
		}
		month := map[key]report.Figures{}
		for _, r := range mr.Rows {
			if byStream && r.Group != string(f.Stream) {
				continue
			}
			month[key{r.Month, r.Currency}] = r.Figures
		}
		for k, s := range sum {
			m := month[k]
			if m.Income != s.Income || m.Passive != s.Passive {
				t.Fatalf("%v: events sum to income %d passive %d, monthly has %d and %d", k, s.Income, s.Passive, m.Income, m.Passive)
			}
		}
		for k, m := range month {
			if _, ok := sum[k]; !ok && (m.Income != 0 || m.Passive != 0) {
				t.Fatalf("%v: monthly has income %d passive %d, no events", k, m.Income, m.Passive)
			}
		}
	})
}

// TestPropWarningsChangeNoFigure: the figures are the same with and
// without the explanations behind the warnings and the HTML listing, and
// every warning's amount is a sum of the report's own event rows.
func TestPropWarningsChangeNoFigure(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		in := input(events, sessions)
		plain, err := report.Monthly(in, report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		detailed, err := report.Monthly(in, report.MonthlyOptions{Rule: rule, Detail: true})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(plain.Rows, detailed.Rows) || !reflect.DeepEqual(plain.Warnings, detailed.Warnings) {
			t.Fatalf("explaining changed the report:\n%+v\n%+v", plain, detailed)
		}
		er, err := report.Events(in, report.EventsOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(er.Warnings, plain.Warnings) {
			t.Fatalf("events and monthly warn differently:\n%+v\n%+v", er.Warnings, plain.Warnings)
		}
		if !reflect.DeepEqual(er.Rows, detailed.Events) {
			t.Fatalf("the HTML listing differs from report events")
		}
		worked := map[ledger.Stream]bool{}
		for _, w := range sessions {
			if !w.Voided {
				worked[w.Stream] = true
			}
		}
		for _, e := range events {
			if !e.Voided && e.Billed > 0 {
				worked[e.Stream] = true
			}
		}
		for _, w := range plain.Warnings {
			var sum int64
			for _, r := range er.Rows {
				if r.Stream != w.Stream || r.Currency != w.Currency {
					continue
				}
				switch w.Code {
				case report.WarnNoWorkEver:
					if r.Verdict.Passive {
						sum += r.Amount
					}
				case report.WarnTimeGap:
					if r.Date >= w.From && r.Date <= w.To {
						sum += r.Amount
					}
				}
			}
			switch w.Code {
			case report.WarnNoWorkEver:
				if worked[w.Stream] || sum != w.Amount {
					t.Fatalf("%+v: worked %v, passive rows sum to %d", w, worked[w.Stream], sum)
				}
			case report.WarnTimeGap:
				if sum != w.Amount || w.To-w.From < 27 {
					t.Fatalf("%+v: rows in the gap sum to %d", w, sum)
				}
			}
		}
	})
}
