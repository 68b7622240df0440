package report_test

import (
	"bytes"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func TestStreamsFigures(t *testing.T) {
	events, sessions := sample()
	r, err := report.Streams(input(events, sessions), report.StreamsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	// etsy/shop: the refund follows its passive sale (70 = 100 - 30).
	// upwork/acme: 9h logged win over 10h billed; last work is the end of
	// the billing period, after the last session.
	want := `stream,platform,class,currency,income,fees,net,hours,passive_income,passive_share,hourly_rate,events,last_work,last_income
etsy/shop,etsy,storefront,USD,170.00,-5.00,165.00,2.00,70.00,0.4118,85.00,4,2026-01-18,2026-01-25
upwork/acme,upwork,marketplace,USD,500.00,-50.00,450.00,9.00,0.00,0.0000,55.56,1,2026-01-04,2026-01-05
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestStreamsWorkWithoutIncome(t *testing.T) {
	e := ev(1, "2026-01-05", "etsy/shop", ledger.KindSale, 500)
	e.Currency = "EUR"
	r, err := report.Streams(input([]ledger.Event{e}, []ledger.WorkSession{sess(1, "2026-01-03", "gumroad/pack", 1800)}), report.StreamsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Hours on a stream with no income yet are shown in the ledger's main
	// currency, with no share and no rate.
	if len(r.Rows) != 2 {
		t.Fatalf("rows = %+v", r.Rows)
	}
	g := r.Rows[1]
	if g.Stream != "gumroad/pack" || g.Currency != "EUR" || g.Seconds != 1800 || g.Income != 0 || g.HasIncome || !g.HasWork {
		t.Errorf("gumroad row = %+v", g)
	}
	if s, ok := report.ShareString(g.Passive, g.Income); ok || s != "" {
		t.Errorf("share of no income = %q, %v", s, ok)
	}
}

func TestHoursMismatch(t *testing.T) {
	tests := []struct {
		name     string
		billed   int64
		logged   int64
		opt      report.HoursOptions
		mismatch bool
	}{
		{"equal", 10 * 3600, 10 * 3600, report.HoursOptions{}, false},
		{"10% under on a long week is tolerated", 10 * 3600, 9 * 3600, report.HoursOptions{}, false},
		{"just over 10% and 15 minutes", 10 * 3600, 9*3600 - 60, report.HoursOptions{}, true},
		{"15 minutes over on a short week is tolerated", 3600, 3600 + 900, report.HoursOptions{}, false},
		{"16 minutes over on a short week", 3600, 3600 + 960, report.HoursOptions{}, true},
		{"nothing logged", 2 * 3600, 0, report.HoursOptions{}, true},
		{"tighter tolerance", 10 * 3600, 9*3600 + 1800, report.HoursOptions{ToleranceSeconds: 60, TolerancePercent: 1}, true},
		{"no percentage: 16 minutes under on a long week", 10 * 3600, 10*3600 - 960, report.HoursOptions{TolerancePercent: report.NoTolerancePercent}, true},
		{"no percentage: 15 minutes under on a long week", 10 * 3600, 10*3600 - 900, report.HoursOptions{TolerancePercent: report.NoTolerancePercent}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ev(1, "2026-01-06", "upwork/acme", ledger.KindHourly, 40000)
			e.Billed, e.PeriodStart, e.PeriodEnd = tt.billed, day("2025-12-29"), day("2026-01-04")
			var sessions []ledger.WorkSession
			if tt.logged > 0 {
				sessions = append(sessions, sess(1, "2026-01-04", "upwork/acme", tt.logged))
			}
			// Sessions outside the period or on another stream do not count.
			sessions = append(sessions, sess(2, "2026-01-05", "upwork/acme", 7200), sess(3, "2026-01-01", "upwork/other", 7200))
			r, err := report.Hours(input([]ledger.Event{e}, sessions), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Rows) != 1 {
				t.Fatalf("rows = %+v", r.Rows)
			}
			row := r.Rows[0]
			if row.Billed != tt.billed || row.Logged != tt.logged || row.Mismatch != tt.mismatch {
				t.Errorf("row = %+v, want billed %d logged %d mismatch %v", row, tt.billed, tt.logged, tt.mismatch)
			}
		})
	}
}

func TestHoursSumsInvoicesOfOnePeriod(t *testing.T) {
	a := ev(1, "2026-01-06", "upwork/acme", ledger.KindHourly, 100)
	a.Billed, a.PeriodStart, a.PeriodEnd = 3600, day("2025-12-29"), day("2026-01-04")
	b := a
	b.ID, b.Billed = 2, 1800
	c := a
	c.ID, c.Voided = 3, true
	r, err := report.Hours(input([]ledger.Event{a, b, c}, nil), report.HoursOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 || r.Rows[0].Billed != 5400 {
		t.Errorf("rows = %+v, want one period billing 5400 s", r.Rows)
	}
}

func TestHoursBadOptions(t *testing.T) {
	for _, opt := range []report.HoursOptions{{ToleranceSeconds: -1}, {TolerancePercent: 101}} {
		if _, err := report.Hours(input(nil, nil), opt); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("Hours(%+v) error = %v, want EINVALID", opt, err)
		}
	}
}

// Hourly invoices that state no hours are listed as "hours not stated" in
// every output, beside the periods that can be compared.
func TestHoursNotStated(t *testing.T) {
	a := ev(1, "2026-01-06", "upwork/acme", ledger.KindHourly, 10000)
	a.Billed, a.PeriodStart, a.PeriodEnd = 3600, day("2025-12-29"), day("2026-01-04")
	job := ev(2, "2026-01-13", "upwork/acme", ledger.KindHourly, 12000)
	job.Ref = "820007"
	old := ev(3, "2025-06-01", "upwork/acme", ledger.KindHourly, 500)
	voided := ev(4, "2026-01-14", "upwork/acme", ledger.KindHourly, 700)
	voided.Voided = true
	in := input([]ledger.Event{a, job, old, voided}, nil)
	r, err := report.Hours(in, report.HoursOptions{From: day("2026-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	want := []report.NotStatedRow{{Stream: "upwork/acme", Date: day("2026-01-13"), Amount: 12000, Currency: "USD", Ref: "820007"}}
	if len(r.Rows) != 1 || len(r.NotStated) != 1 || r.NotStated[0] != want[0] {
		t.Fatalf("rows %+v, not stated %+v; want one period and %+v", r.Rows, r.NotStated, want)
	}
	var tab, csv, js bytes.Buffer
	if err := r.WriteTable(&tab, report.TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, out, want string }{
		{"table", tab.String(), "hours not stated: 1 hourly invoice gives no hours"},
		{"table", tab.String(), "upwork/acme  2026-01-13  120.00 USD  not stated  820007"},
		{"csv", csv.String(), "upwork/acme,2026-01-13,2026-01-13,not stated,,,\n"},
		{"json", js.String(), `"hours_not_stated": [`},
		{"json", js.String(), `"amount": "120.00"`},
	} {
		if !bytes.Contains([]byte(c.out), []byte(c.want)) {
			t.Errorf("%s output lacks %q:\n%s", c.name, c.want, c.out)
		}
	}
}
