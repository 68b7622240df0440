package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func TestMonthlyFigures(t *testing.T) {
	tests := []struct {
		name string
		rule report.Rule
		by   string
		csv  string
	}{
		{
			name: "window 30",
			rule: report.Rule{},
			csv: `month,currency,income,fees,net,hours,passive_income,passive_share,hourly_rate
2026-01,USD,700.00,-50.00,650.00,11.00,100.00,0.1429,63.64
2026-02,USD,-30.00,-5.00,-35.00,0.00,-30.00,,
`,
		},
		{
			// Same day only: the 01-20 sale is 2 days after the session.
			name: "window 0",
			rule: report.Rule{Name: "window", WindowDays: 0},
			csv: `month,currency,income,fees,net,hours,passive_income,passive_share,hourly_rate
2026-01,USD,700.00,-50.00,650.00,11.00,200.00,0.2857,63.64
2026-02,USD,-30.00,-5.00,-35.00,0.00,-30.00,,
`,
		},
		{
			// The 01-25 sale follows the 01-20 sale with no work between.
			name: "since-last",
			rule: report.Rule{Name: "since-last"},
			csv: `month,currency,income,fees,net,hours,passive_income,passive_share,hourly_rate
2026-01,USD,700.00,-50.00,650.00,11.00,160.00,0.2286,63.64
2026-02,USD,-30.00,-5.00,-35.00,0.00,-30.00,,
`,
		},
		{
			name: "by class",
			by:   report.ByClass,
			csv: `month,group,currency,income,fees,net,hours,passive_income,passive_share,hourly_rate
2026-01,marketplace,USD,500.00,-50.00,450.00,9.00,0.00,0.0000,55.56
2026-01,storefront,USD,200.00,0.00,200.00,2.00,100.00,0.5000,100.00
2026-02,storefront,USD,-30.00,-5.00,-35.00,0.00,-30.00,,
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, sessions := sample()
			r, err := report.Monthly(input(events, sessions), report.MonthlyOptions{Rule: tt.rule, By: tt.by})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.WriteCSV(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.csv {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.csv)
			}
		})
	}
}

// Billed hours count when nothing was logged in the billing period, and not
// when a session was: logged wins, and nothing is counted twice.
func TestMonthlyBilledHours(t *testing.T) {
	tests := []struct {
		name      string
		sessionOn string // "" for none
		wantHours string
	}{
		{"nothing logged: billed hours count", "", "10.00"},
		{"logged inside the period wins", "2026-01-01", "3.00"},
		{"logged outside the period adds to billed", "2026-01-05", "13.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ev(1, "2026-01-06", "upwork/acme", ledger.KindHourly, 40000)
			e.Billed, e.PeriodStart, e.PeriodEnd = 10*3600, day("2025-12-29"), day("2026-01-04")
			var sessions []ledger.WorkSession
			if tt.sessionOn != "" {
				sessions = append(sessions, sess(1, tt.sessionOn, "upwork/acme", 3*3600))
			}
			r, err := report.Monthly(input([]ledger.Event{e}, sessions), report.MonthlyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, row := range r.Rows {
				if ledger.MonthString(row.Month) == "2026-01" {
					got = ledger.FormatHours(row.Seconds)
				}
			}
			if got != tt.wantHours {
				t.Errorf("hours = %q, want %q (rows %+v)", got, tt.wantHours, r.Rows)
			}
		})
	}
}

func TestMonthlyFromTo(t *testing.T) {
	events, sessions := sample()
	r, err := report.Monthly(input(events, sessions), report.MonthlyOptions{From: day("2026-02-01"), To: day("2026-02-28")})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 || ledger.MonthString(r.Rows[0].Month) != "2026-02" {
		t.Fatalf("rows = %+v, want February only", r.Rows)
	}
	// The refund is still passive: the sale it is linked to lies outside the
	// range but is classified all the same.
	if r.Rows[0].Passive != -3000 {
		t.Errorf("passive = %d, want -3000", r.Rows[0].Passive)
	}
}

func TestMonthlyCurrenciesNeverAdd(t *testing.T) {
	a := ev(1, "2026-01-05", "etsy/shop", ledger.KindSale, 1000)
	b := ev(2, "2026-01-06", "etsy/shop", ledger.KindSale, 500)
	b.Currency = "JPY"
	r, err := report.Monthly(input([]ledger.Event{a, b}, nil), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := `month,currency,income,fees,net,hours,passive_income,passive_share,hourly_rate
2026-01,JPY,500,0,500,0.00,500,1.0000,
2026-01,USD,10.00,0.00,10.00,0.00,10.00,1.0000,
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestMonthlyBadOptions(t *testing.T) {
	tests := []struct {
		opt  report.MonthlyOptions
		want string
	}{
		{report.MonthlyOptions{By: "week"}, `"week" is not a grouping`},
		{report.MonthlyOptions{Rule: report.Rule{Name: "daily"}}, `"daily" is not a rule`},
		{report.MonthlyOptions{Rule: report.Rule{Name: "window", WindowDays: -1}}, "-1 days is out of range"},
	}
	for _, tt := range tests {
		_, err := report.Monthly(input(nil, nil), tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) || ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("Monthly(%+v) error = %v, want EINVALID containing %q", tt.opt, err, tt.want)
		}
	}
}

// A share is a fraction from 0 to 1 of positive income; anything else has
// no share and a warning naming the row.
func TestShareOutsideZeroToOne(t *testing.T) {
	for _, c := range []struct {
		passive, income int64
		ok              bool
	}{
		{0, 100, true}, {100, 100, true}, {50, 100, true},
		{0, 0, false}, {-490, -490, false}, {100, 50, false}, {-100, 50, false}, {0, -1, false},
	} {
		if got := report.HasShare(c.passive, c.income); got != c.ok {
			t.Errorf("HasShare(%d, %d) = %v; want %v", c.passive, c.income, got, c.ok)
		}
		if _, ok := report.ShareString(c.passive, c.income); ok != c.ok {
			t.Errorf("ShareString(%d, %d) ok = %v; want %v", c.passive, c.income, ok, c.ok)
		}
	}
	// An unlinked passive refund larger than the month's income.
	events := []ledger.Event{
		ev(1, "2026-03-10", "etsy/a", ledger.KindSale, 15000),
		ev(2, "2026-03-11", "etsy/b", ledger.KindRefund, -10000),
		ev(3, "2026-04-02", "etsy/b", ledger.KindSale, 1000),
		ev(4, "2026-04-03", "etsy/b", ledger.KindRefund, -50000),
	}
	r, err := report.Monthly(input(events, []ledger.WorkSession{sess(1, "2026-03-10", "etsy/a", 3600)}), report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "2026-03,USD,50.00,0.00,50.00,1.00,-100.00,,50.00\n") || !strings.Contains(b.String(), "2026-04,USD,-490.00,0.00,-490.00,0.00,-490.00,,\n") {
		t.Errorf("csv:\n%s", b.String())
	}
	w := strings.Join(r.ShareWarnings(), "\n")
	for _, want := range []string{"2026-03: no passive share: income 50.00 USD, passive -100.00", "2026-04: no passive share: income -490.00 USD", "total USD: no passive share"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q do not say %q", w, want)
		}
	}
}
