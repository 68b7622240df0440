package report_test

import (
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func TestClassify(t *testing.T) {
	// A fixed-price payment on 2026-03-10 on a stream whose only work is
	// described by each case.
	type work struct {
		session     string // a date-only session on this day
		billedStart string // or an hourly invoice billing this period
		billedEnd   string
	}
	tests := []struct {
		name        string
		rule        report.Rule
		work        []work
		billed      bool // the payment itself carries billed hours
		wantPassive bool
	}{
		{"no work at all", report.Rule{}, nil, false, true},
		{"carries billed hours", report.Rule{}, nil, true, false},
		{"session 30 days before is inside", report.Rule{}, []work{{session: "2026-02-08"}}, false, false},
		{"session 31 days before is outside", report.Rule{}, []work{{session: "2026-02-07"}}, false, true},
		{"session after the event does not count", report.Rule{}, []work{{session: "2026-03-11"}}, false, true},
		{"window 0, same day", report.Rule{Name: "window"}, []work{{session: "2026-03-10"}}, false, false},
		{"window 0, day before", report.Rule{Name: "window"}, []work{{session: "2026-03-09"}}, false, true},
		{"billed period overlapping the window", report.Rule{Name: "window", WindowDays: 3}, []work{{billedStart: "2026-03-01", billedEnd: "2026-03-07"}}, false, false},
		{"billed period ending before the window", report.Rule{Name: "window", WindowDays: 2}, []work{{billedStart: "2026-03-01", billedEnd: "2026-03-07"}}, false, true},
		{"a long billed period covering the day", report.Rule{Name: "window"}, []work{{billedStart: "2026-03-01", billedEnd: "2026-03-31"}}, false, false},
		{"since-last, first event, work long before", report.Rule{Name: "since-last"}, []work{{session: "2025-01-01"}}, false, false},
		{"since-last, first event, no work", report.Rule{Name: "since-last"}, nil, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pay := ev(100, "2026-03-10", "upwork/acme", ledger.KindFixed, 10000)
			if tt.billed {
				pay.Kind = ledger.KindHourly
				pay.Billed, pay.PeriodStart, pay.PeriodEnd = 3600, day("2026-03-03"), day("2026-03-09")
			}
			events := []ledger.Event{pay}
			var sessions []ledger.WorkSession
			for i, w := range tt.work {
				if w.session != "" {
					sessions = append(sessions, sess(uint64(i+1), w.session, "upwork/acme", 3600))
					continue
				}
				// Billed hours are work even on an invoice of zero income kind:
				// here a zero-amount hourly event on the same stream.
				h := ev(uint64(i+1), w.billedEnd, "upwork/acme", ledger.KindHourly, 0)
				h.Billed, h.PeriodStart, h.PeriodEnd = 3600, day(w.billedStart), day(w.billedEnd)
				// Dated after the payment so that it is not the "previous" income.
				h.Date = day("2026-04-30")
				events = append(events, h)
			}
			got, err := report.Classify(input(events, sessions), tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			if got[100] != tt.wantPassive {
				t.Errorf("passive = %v, want %v", got[100], tt.wantPassive)
			}
		})
	}
}

func TestClassifySinceLast(t *testing.T) {
	// Sales on 01-10, 01-20 (twice), 01-30; work on 01-15 only.
	events := []ledger.Event{
		ev(1, "2026-01-10", "etsy/shop", ledger.KindSale, 100),
		ev(2, "2026-01-20", "etsy/shop", ledger.KindSale, 100),
		ev(3, "2026-01-20", "etsy/shop", ledger.KindSale, 100),
		ev(4, "2026-01-30", "etsy/shop", ledger.KindSale, 100),
		// Work on another stream changes nothing here.
		ev(5, "2026-01-30", "etsy/other", ledger.KindSale, 100),
	}
	sessions := []ledger.WorkSession{sess(1, "2026-01-15", "etsy/shop", 600), sess(2, "2026-01-29", "etsy/other", 600)}
	got, err := report.Classify(input(events, sessions), report.Rule{Name: "since-last"})
	if err != nil {
		t.Fatal(err)
	}
	// Both 01-20 sales follow the work since the last earlier date with
	// income (01-10): same-day sales share a class.
	want := map[uint64]bool{1: true, 2: false, 3: false, 4: true, 5: false}
	for id, p := range want {
		if got[id] != p {
			t.Errorf("event %d passive = %v, want %v", id, got[id], p)
		}
	}
}

func TestClassifyLinks(t *testing.T) {
	sale := ev(1, "2026-01-10", "etsy/shop", ledger.KindSale, 1000)
	sale.Ref = "A"
	worked := ev(2, "2026-01-20", "etsy/shop", ledger.KindSale, 1000)
	worked.Ref = "B"
	// A refund that comes before its sale in ID order still follows it.
	early := ev(3, "2026-02-01", "etsy/shop", ledger.KindRefund, -100)
	early.Link = "C"
	late := ev(9, "2026-01-05", "etsy/shop", ledger.KindSale, 1000)
	late.Ref = "C"
	toA := ev(4, "2026-01-21", "etsy/shop", ledger.KindRefund, -100)
	toA.Link = "A"
	toB := ev(5, "2026-03-30", "etsy/shop", ledger.KindRefund, -100)
	toB.Link = "B"
	otherStream := ev(6, "2026-01-21", "etsy/else", ledger.KindRefund, -100)
	otherStream.Link = "A" // A is not on etsy/else: the rule decides (no work there: passive)
	dangling := ev(7, "2026-01-21", "etsy/shop", ledger.KindAdjustment, -100)
	dangling.Link = "nope" // no such ref: the rule decides (work on 01-20: active)
	events := []ledger.Event{sale, worked, early, toA, toB, otherStream, dangling, late}
	sessions := []ledger.WorkSession{sess(1, "2026-01-20", "etsy/shop", 600)}
	got, err := report.Classify(input(events, sessions), report.Rule{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint64]bool{1: true, 2: false, 3: true, 9: true, 4: true, 5: false, 6: true, 7: false}
	for id, p := range want {
		if got[id] != p {
			t.Errorf("event %d passive = %v, want %v", id, got[id], p)
		}
	}
}

func TestParseRule(t *testing.T) {
	tests := []struct {
		name    string
		window  int
		want    report.Rule
		wantErr string
	}{
		{"", 30, report.Rule{Name: "window", WindowDays: 30}, ""},
		{"Window", 0, report.Rule{Name: "window", WindowDays: 0}, ""},
		{" since-last ", 30, report.Rule{Name: "since-last", WindowDays: 30}, ""},
		{"weekly", 30, report.Rule{}, `"weekly" is not a rule: use window or since-last`},
		{"window", -3, report.Rule{}, "a window of -3 days is out of range"},
		{"window", 3651, report.Rule{}, "a window of 3651 days is out of range"},
	}
	for _, tt := range tests {
		got, err := report.ParseRule(tt.name, tt.window)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || ledger.ErrorCode(err) != ledger.EINVALID {
				t.Errorf("ParseRule(%q, %d) error = %v, want EINVALID with %q", tt.name, tt.window, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRule(%q, %d) = %+v, %v; want %+v", tt.name, tt.window, got, err, tt.want)
		}
	}
	if s := (report.Rule{}).String(); s != "window, 30 days" {
		t.Errorf("zero Rule says %q", s)
	}
}

func FuzzParseRule(f *testing.F) {
	f.Add("window", 30)
	f.Add("since-last", 0)
	f.Add("", -1)
	f.Add("WINDOW", 3650)
	f.Fuzz(func(t *testing.T, name string, window int) {
		r, err := report.ParseRule(name, window)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if r.Name != "window" && r.Name != "since-last" {
			t.Fatalf("rule name %q", r.Name)
		}
		if r.WindowDays < 0 || r.WindowDays > report.MaxWindowDays {
			t.Fatalf("window %d accepted", r.WindowDays)
		}
		again, err := report.ParseRule(r.Name, r.WindowDays)
		if err != nil || again != r {
			t.Fatalf("not stable: %+v -> %+v, %v", r, again, err)
		}
	})
}

// An hourly payment is active by its kind under every rule, even with no
// hours figure and no work anywhere near it (UpWork pays hourly contracts
// only for tracked time; real rows may say just "Job"); a refund linked to
// it takes its class.
func TestClassifyHourlyWithoutHoursLinkedRefund(t *testing.T) {
	pay := ev(1, "2026-03-10", "upwork/acme", ledger.KindHourly, 12000)
	back := ev(2, "2026-03-12", "upwork/acme", ledger.KindRefund, -2000)
	pay.Ref, back.Link = "820007", "820007"
	bonus := ev(3, "2026-03-10", "upwork/acme", ledger.KindBonus, 5000)
	for _, rule := range []report.Rule{{}, {Name: "window"}, {Name: "since-last"}} {
		got, err := report.Classify(input([]ledger.Event{pay, back, bonus}, nil), rule)
		if err != nil {
			t.Fatal(err)
		}
		if got[1] || got[2] || !got[3] {
			t.Errorf("rule %+v: passive = %v, want hourly and its refund active, the bonus passive", rule, got)
		}
	}
}

func TestClassifyHourlyWithoutHours(t *testing.T) {
	// An hourly payment with no hours figure and no work anywhere is
	// active by its kind, under both rules and every window.
	pay := ev(1, "2026-03-10", "upwork/acme", ledger.KindHourly, 10000)
	fixed := ev(2, "2026-03-10", "upwork/acme", ledger.KindFixed, 10000)
	for _, rule := range []report.Rule{{}, {Name: "window", WindowDays: 0}, {Name: "since-last"}} {
		got, err := report.Classify(input([]ledger.Event{pay, fixed}, nil), rule)
		if err != nil {
			t.Fatal(err)
		}
		if got[1] || !got[2] {
			t.Errorf("%v: hourly passive = %v (want false), fixed passive = %v (want true)", rule, got[1], got[2])
		}
	}
}
