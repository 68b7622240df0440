package store_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"github.com/earnlog/earnlog/store"
)

// TestFactsProperty: over random ledgers with refunds, adjustments and fees
// linked to earnings that come before or after them in ID order (and to
// references several earnings share, or none has), billed invoices whose
// periods reach back, voids and sessions, every event's facts from the
// store's scan are the facts of its lean event, the events of
// EachEventWanted are the lean events with their texts only where asked,
// and the reports built with the engine's first pass on those facts, and
// its second on those events, equal the reports built on whole events.
func TestFactsProperty(t *testing.T) {
	streams := []ledger.Stream{"upwork/a", "upwork/b", "etsy/s", "gumroad/g", "misc/x"}
	kinds := ledger.Kinds
	for seed := range uint64(15) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			db := open(t, filepath.Join(t.TempDir(), "ledger.db"), store.Options{})
			defer db.Close()
			n := 1 + r.IntN(120)
			base := ledger.NewDate(2025, 1, 1)
			err := db.Update(func(tx ledger.Tx) error {
				for i := range n {
					e := ledger.Event{
						Stream:   streams[r.IntN(len(streams))],
						Kind:     kinds[r.IntN(len(kinds))],
						Date:     base + ledger.Date(r.IntN(300)),
						Currency: []string{"USD", "EUR", "JPY"}[r.IntN(3)],
						Amount:   1 + r.Int64N(100000),
						// References repeat now and then: the first earning
						// with one in ID order is the one links name.
						Ref: fmt.Sprintf("r%d", r.IntN(n+n/4)),
					}
					if r.IntN(3) == 0 {
						e.Key = fmt.Sprintf("k%d", i)
					}
					if e.Kind.Sign() < 0 || (e.Kind == ledger.KindAdjustment && r.IntN(2) == 0) {
						e.Amount = -e.Amount
					}
					if !e.Kind.IsIncome() && r.IntN(4) != 0 {
						e.Link = fmt.Sprintf("r%d", r.IntN(n+n/4)) // earlier, later or no earning
					}
					if e.Kind == ledger.KindHourly && r.IntN(2) == 0 {
						e.Billed = 3600 * (1 + r.Int64N(40))
						e.PeriodEnd = e.Date - ledger.Date(r.IntN(40))
						e.PeriodStart = e.PeriodEnd - ledger.Date(6+r.IntN(14)) // a week or more: 40 hours fit
					}
					if _, err := tx.AddEvent(&e); err != nil {
						return err
					}
				}
				for range r.IntN(60) {
					w := ledger.WorkSession{Stream: streams[r.IntN(len(streams))],
						Start: int64(base+ledger.Date(r.IntN(320)-10))*86400 + r.Int64N(86400), HasTime: true, Seconds: 60 + r.Int64N(9*3600)}
					if r.IntN(5) == 0 {
						w.Tags = "admin"
					}
					if _, err := tx.AddSession(&w); err != nil {
						return err
					}
				}
				for range r.IntN(n/5 + 1) {
					if err := tx.VoidEvent(uint64(1+r.IntN(n)), "typo", fixedNow); err != nil && !ledger.IsInputError(err) {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.View(func(tx ledger.Tx) error {
				fs, ok := tx.(interface {
					EachEventFacts(func(*ledger.EventFacts) error) error
					EachEventWanted(want func(*ledger.Event, string) bool, fn func(*ledger.Event) error) error
				})
				if !ok {
					t.Fatal("the store's transaction has no EachEventFacts")
				}
				var lean []ledger.EventFacts
				if err := tx.EachEventLean(func(e *ledger.Event) error { lean = append(lean, e.Facts()); return nil }); err != nil {
					return err
				}
				var facts []ledger.EventFacts
				if err := fs.EachEventFacts(func(f *ledger.EventFacts) error { facts = append(facts, *f); return nil }); err != nil {
					return err
				}
				if !reflect.DeepEqual(facts, lean) {
					t.Fatalf("facts differ from the lean events':\n%+v\n%+v", facts, lean)
				}
				// Wanted events are the lean events, with Ref and Link
				// blank where want says no; want sees the lean Ref.
				// want runs on the scan's decoders, ahead of fn: it looks
				// events up by ID, and says what it found with Errorf.
				var leanEvents []ledger.Event
				byID := map[uint64]ledger.Event{}
				if err := tx.EachEventLean(func(e *ledger.Event) error {
					leanEvents = append(leanEvents, *e)
					byID[e.ID] = *e
					return nil
				}); err != nil {
					return err
				}
				i := 0
				if err := fs.EachEventWanted(func(e *ledger.Event, ref string) bool {
					if lean := byID[e.ID]; ref != lean.Ref || e.Ref != "" || e.Link != "" {
						t.Errorf("event %d: want saw ref %q (lean %q), event %+v", e.ID, ref, lean.Ref, *e)
					}
					return e.ID%2 == 0
				}, func(e *ledger.Event) error {
					want := leanEvents[i]
					if e.ID%2 != 0 {
						want.Ref, want.Link = "", ""
					}
					if !reflect.DeepEqual(*e, want) {
						t.Fatalf("wanted event differs from the lean one:\n%+v\n%+v", *e, want)
					}
					i++
					return nil
				}); err != nil {
					return err
				}
				if i != len(leanEvents) {
					t.Fatalf("EachEventWanted handed %d events, the lean scan %d", i, len(leanEvents))
				}
				whole := report.Input{Events: tx.EachEventLean, Sessions: tx.EachSessionLean, Today: ledger.NewDate(2026, 1, 1)}
				withFacts := whole
				withFacts.Facts = fs.EachEventFacts
				withWanted := withFacts
				withWanted.Wanted = fs.EachEventWanted
				for _, rule := range []report.Rule{{}, {Name: report.RuleSinceLast}, {Name: report.RuleWindow, WindowDays: 3, IgnoreTags: "admin"}} {
					for name, build := range map[string]func(report.Input) (any, error){
						"monthly": func(in report.Input) (any, error) {
							return report.Monthly(in, report.MonthlyOptions{Rule: rule, By: report.ByStream, Detail: true})
						},
						"events":  func(in report.Input) (any, error) { return report.Events(in, report.EventsOptions{Rule: rule}) },
						"claim":   func(in report.Input) (any, error) { return report.Claim(in, report.ClaimOptions{Rule: rule}) },
						"streams": func(in report.Input) (any, error) { return report.Streams(in, report.StreamsOptions{Rule: rule}) },
						"periods": func(in report.Input) (any, error) {
							return report.Periods(in, report.PeriodOptions{Rule: rule, Period: ledger.PeriodWeek, By: report.ByPlatform})
						},
						"decay":    func(in report.Input) (any, error) { return report.Decay(in, report.DecayOptions{ByStream: true}) },
						"classify": func(in report.Input) (any, error) { return report.Classify(in, rule) },
					} {
						a, errA := build(whole)
						b, errB := build(withFacts)
						if fmt.Sprint(errA) != fmt.Sprint(errB) || !reflect.DeepEqual(a, b) {
							t.Fatalf("%s (rule %+v) with facts differs from whole events:\n%+v (%v)\n%+v (%v)", name, rule, b, errB, a, errA)
						}
						c, errC := build(withWanted)
						if fmt.Sprint(errA) != fmt.Sprint(errC) || !reflect.DeepEqual(a, c) {
							t.Fatalf("%s (rule %+v) with wanted texts differs from whole events:\n%+v (%v)\n%+v (%v)", name, rule, c, errC, a, errA)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
