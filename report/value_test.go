package report_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func rt(date, from, to, v string) ledger.Rate {
	return ledger.Rate{Date: day(date), From: from, To: to, Value: decimal.RequireFromString(v)}
}

// ecbRates are euro reference rates as the ECB publishes them: units of
// each currency per euro, working days only (2025-03-08 is a Saturday).
func ecbRates() *ledger.RateTable {
	var rates []ledger.Rate
	for _, x := range []struct{ day, usd, gbp string }{
		{"2025-03-03", "1.0465", "0.8280"},
		{"2025-03-05", "1.0694", "0.8332"},
		{"2025-03-07", "1.0807", "0.8365"},
		{"2025-03-10", "1.0833", "0.8402"},
		{"2025-04-01", "1.0794", "0.8356"},
	} {
		rates = append(rates, rt(x.day, "EUR", "USD", x.usd), rt(x.day, "EUR", "GBP", x.gbp))
	}
	return ledger.NewRateTable(rates)
}

func cur(e ledger.Event, c string) ledger.Event { e.Currency = c; return e }

// threeCurrencies is a freelancer paid in USD on UpWork, in EUR on Etsy and
// in GBP on Gumroad, with work logged only on the UpWork contract.
func threeCurrencies() ([]ledger.Event, []ledger.WorkSession) {
	sale := cur(ev(4, "2025-03-05", "etsy/shop", ledger.KindSale, 4550), "EUR")
	sale.Ref = "o1"
	refund := cur(ev(9, "2025-04-02", "etsy/shop", ledger.KindRefund, -1000), "EUR")
	refund.Link = "o1"
	events := []ledger.Event{
		ev(1, "2025-03-03", "upwork/acme", ledger.KindFixed, 100000),
		ev(2, "2025-03-10", "upwork/acme", ledger.KindFixed, 50000),
		ev(3, "2025-04-01", "upwork/acme", ledger.KindFixed, 70000),
		sale,
		cur(ev(5, "2025-03-05", "etsy/shop", ledger.KindFee, -325), "EUR"),
		cur(ev(6, "2025-03-08", "etsy/shop", ledger.KindSale, 3000), "EUR"),
		cur(ev(7, "2025-03-10", "gumroad/pack", ledger.KindSale, 2000), "GBP"),
		cur(ev(8, "2025-04-01", "gumroad/pack", ledger.KindSale, 1500), "GBP"),
		refund,
	}
	// A voided sale in a currency without rates needs none.
	voided := cur(ev(10, "2025-03-12", "etsy/shop", ledger.KindSale, 99999), "CHF")
	voided.Voided = true
	events = append(events, voided)
	sessions := []ledger.WorkSession{
		sess(1, "2025-03-02", "upwork/acme", 2*3600),
		sess(2, "2025-03-09", "upwork/acme", 3*3600),
		sess(3, "2025-03-31", "upwork/acme", 1*3600),
	}
	return events, sessions
}

func valued(t *testing.T, in report.Input, currency string, maxAge int) (report.Input, *report.Valuer) {
	t.Helper()
	v, err := report.NewValuer(report.Valuation{Currency: currency, Rates: ecbRates(), MaxAge: maxAge})
	if err != nil {
		t.Fatal(err)
	}
	return v.Input(in), v
}

// The monthly report valued in USD, against figures worked out by hand:
//
//	EUR 45.50 on 03-05 x 1.0694       =   48.6577   ->   48.66
//	EUR -3.25 fee on 03-05 x 1.0694   =   -3.47555  ->   -3.48
//	EUR 30.00 on Sat 03-08 x 1.0807   =   32.421    ->   32.42  (Friday's rate, 1 day old)
//	GBP 20.00 on 03-10 x 1.0833/0.8402 =  25.78672  ->   25.79  (through EUR)
//	GBP 15.00 on 04-01 x 1.0794/0.8356 =  19.37650  ->   19.38  (through EUR)
//	EUR -10.00 refund on 04-02 x 1.0794 = -10.794   ->  -10.79  (1 day old)
//
// March: income 1000 + 500 + 48.66 + 32.42 + 25.79 = 1606.87, fees -3.48,
// passive (no work on the storefronts) 48.66 + 32.42 + 25.79 = 106.87,
// hours 2 + 3 + 1. April: income 700 + 19.38 - 10.79 = 708.59, passive
// 19.38 - 10.79 = 8.59 (the refund of a passive sale is passive).
func TestMonthlyValuedByHand(t *testing.T) {
	events, sessions := threeCurrencies()
	in, v := valued(t, input(events, sessions), "USD", 7)
	r, err := report.Monthly(in, report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []report.MonthlyRow{
		{Month: 2025*12 + 2, Currency: "USD", Figures: report.Figures{Income: 160687, Fees: -348, Passive: 10687, Seconds: 6 * 3600}},
		{Month: 2025*12 + 3, Currency: "USD", Figures: report.Figures{Income: 70859, Fees: 0, Passive: 859, Seconds: 0}},
	}
	if !reflect.DeepEqual(r.Rows, want) {
		t.Errorf("rows:\n%+v\nwant\n%+v", r.Rows, want)
	}
	s := v.Summary()
	wantPairs := []report.PairUse{
		{From: "EUR", To: "USD", Events: 4, Routes: []string{"direct"}, MaxAge: 1},
		{From: "GBP", To: "USD", Events: 2, Routes: []string{"via EUR"}, MaxAge: 0},
	}
	if s == nil || !reflect.DeepEqual(s.Pairs, wantPairs) || s.Native != 3 || s.Currency != "USD" {
		t.Errorf("summary: %+v", s)
	}
	// The rows of the table add up to its total, cent for cent.
	var b bytes.Buffer
	if err := (&report.Valued{Report: r, Summary: s}).WriteTable(&b, report.TableOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"2025-03  USD       1606.87  -3.48  1603.39   6.00   106.87  0.0665  267.81",
		"2025-04  USD        708.59   0.00   708.59   0.00     8.59  0.0121",
		"total    USD       2315.46  -3.48  2311.98   6.00   115.46  0.0499  385.91",
		"valued in USD at the rate of each event's date (rates at most 7 days older than their event allowed):",
		"  EUR→USD: 4 events, direct, rates at most 1 day old",
		"  GBP→USD: 2 events, via EUR, rates of the same day",
		"  USD: 3 events already in USD",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("table lacks %q:\n%s", line, b.String())
		}
	}
}

// Valued in EUR, the dollars go the other way (the inverse of EUR->USD):
//
//	USD 1000 on 03-03 / 1.0465 = 955.5662 -> 955.57
//	USD  500 on 03-10 / 1.0833 = 461.5527 -> 461.55
//	USD  700 on 04-01 / 1.0794 = 648.5085 -> 648.51
//	GBP 20.00 on 03-10 / 0.8402 = 23.8039 ->  23.80
//	GBP 15.00 on 04-01 / 0.8356 = 17.9512 ->  17.95
func TestMonthlyValuedInverse(t *testing.T) {
	events, sessions := threeCurrencies()
	in, v := valued(t, input(events, sessions), "EUR", 7)
	r, err := report.Monthly(in, report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	march, april := r.Rows[0], r.Rows[1]
	if march.Income != 95557+46155+4550+3000+2380 || march.Fees != -325 || march.Passive != 4550+3000+2380 {
		t.Errorf("March in EUR: %+v", march)
	}
	if april.Income != 64851+1795-1000 || april.Passive != 1795-1000 {
		t.Errorf("April in EUR: %+v", april)
	}
	for _, p := range v.Summary().Pairs {
		if p.Routes[0] != "inverse" {
			t.Errorf("%s->EUR went %v; want the inverse of the ECB's rate", p.From, p.Routes)
		}
	}
}

// The claim with every currency in the verdict, by hand: the marketplace
// is UpWork's 2200.00, none passive, in 3 events over 2 months; the
// storefronts 48.66 + 32.42 + 25.79 + 19.38 - 10.79 = 115.46, all passive,
// in 5 events over 2 months. Without --value the claim judges USD and
// names what it leaves out.
func TestClaimValuedByHand(t *testing.T) {
	events, sessions := threeCurrencies()
	in, _ := valued(t, input(events, sessions), "USD", 7)
	c, err := report.Claim(in, report.ClaimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mk, sf := c.Marketplace, c.Storefront
	if c.Currency != "USD" || mk.Income != 220000 || mk.Passive != 0 || mk.Events != 3 || mk.Months != 2 ||
		sf.Income != 11546 || sf.Passive != 11546 || sf.Events != 5 || sf.Months != 2 || len(c.LeftOut) != 0 {
		t.Errorf("claim --value USD: %s marketplace %+v storefront %+v left out %+v", c.Currency, mk, sf, c.LeftOut)
	}

	plain, err := report.Claim(input(events, sessions), report.ClaimOptions{Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Storefront.Income != 0 || plain.Marketplace.Income != 220000 {
		t.Errorf("claim in USD alone: %+v", plain)
	}
	var left []string
	for _, w := range plain.Warnings {
		if w.Code == report.WarnLeftOut {
			left = append(left, w.Message)
		}
	}
	want := []string{
		"35.00 GBP of income in 2 events is left out: the verdict judges USD only (add --value USD to value it in USD, or --currency GBP judges it)",
		"65.50 EUR of income in 3 events is left out: the verdict judges USD only (add --value USD to value it in USD, or --currency EUR judges it)",
	}
	if strings.Join(left, "\n") != strings.Join(want, "\n") {
		t.Errorf("left out: %q\nwant %q", left, want)
	}
	var b bytes.Buffer
	if err := plain.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"left_out": [`) || !strings.Contains(b.String(), `"income": "65.50"`) {
		t.Errorf("JSON lacks left_out:\n%s", b.String())
	}
}

// An event with no rate close enough stops the report with an input
// error that names the pair, the day and how to add a rate.
func TestValuedMissingRateRefused(t *testing.T) {
	events, sessions := threeCurrencies()
	events = append(events, cur(ev(11, "2025-05-20", "etsy/shop", ledger.KindSale, 1200), "EUR"))
	in, _ := valued(t, input(events, sessions), "USD", 7)
	_, err := report.Monthly(in, report.MonthlyOptions{})
	want := "no EUR→USD rate within 7 days of 2025-05-20 (the latest is of 2025-04-01, direct, 49 days before): add one with 'earnlog rates add 2025-05-20 EUR USD RATE' or import a rate file with 'earnlog rates import FILE', or allow older rates with --max-rate-age 49"
	if err == nil || err.Error() != want || !ledger.IsInputError(err) {
		t.Errorf("stale rate: %v\nwant %s", err, want)
	}
	// Raised, the report goes through: 12.00 x 1.0794 = 12.9528 -> 12.95.
	in, v := valued(t, input(events, sessions), "USD", 49)
	r, err := report.Monthly(in, report.MonthlyOptions{})
	if err != nil || r.Rows[len(r.Rows)-1].Income != 1295 || v.Summary().Pairs[0].MaxAge != 49 {
		t.Errorf("with --max-rate-age 49: %+v, %v", r, err)
	}
	// A report of March alone needs no May rate, when the valuation knows
	// the report's days; without them it values every event.
	in, _ = valued(t, input(events, sessions), "USD", 7)
	if _, err := report.Monthly(in, report.MonthlyOptions{To: day("2025-03-31")}); err == nil {
		t.Error("a valuation without From/To did not value the May event")
	}
	vv, _ := report.NewValuer(report.Valuation{Currency: "USD", Rates: ecbRates(), MaxAge: 7, To: day("2025-03-31")})
	r, err = report.Monthly(vv.Input(input(events, sessions)), report.MonthlyOptions{To: day("2025-03-31")})
	if err != nil || len(r.Rows) != 1 || r.Rows[0].Income != 160687 {
		t.Errorf("March alone: %+v, %v", r, err)
	}
}

func TestValuedJSONAndHTML(t *testing.T) {
	events, sessions := threeCurrencies()
	in, v := valued(t, input(events, sessions), "USD", 7)
	r, err := report.Monthly(in, report.MonthlyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	val := &report.Valued{Report: r, Summary: v.Summary()}
	var b bytes.Buffer
	if err := val.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Rows      []map[string]any `json:"rows"`
		Valuation struct {
			Currency string `json:"currency"`
			Pairs    []struct {
				From   string   `json:"from"`
				Events int      `json:"events"`
				Routes []string `json:"routes"`
			} `json:"pairs"`
			Native int `json:"native_events"`
		} `json:"valuation"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(out.Rows) != 2 || out.Rows[0]["income"] != "1606.87" || out.Valuation.Currency != "USD" ||
		len(out.Valuation.Pairs) != 2 || out.Valuation.Pairs[1].Routes[0] != "via EUR" || out.Valuation.Native != 3 {
		t.Errorf("JSON: %+v", out)
	}
	b.Reset()
	if err := val.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, "<svg class=\"chart\""); n != 1 {
		t.Errorf("valued page has %d charts; want one for all income", n)
	}
	if !strings.Contains(page, "one chart for all income") || !strings.Contains(page, "<h2>Rates used</h2>") ||
		!strings.Contains(page, "<li>GBP→USD: 2 events, via EUR, rates of the same day</li>") {
		t.Errorf("valued page lacks the rates used:\n%s", page)
	}
	// Unvalued, the same ledger draws a chart per currency.
	plain, _ := report.Monthly(input(events, sessions), report.MonthlyOptions{})
	b.Reset()
	_ = plain.WriteHTML(&b)
	if n := strings.Count(b.String(), "<svg class=\"chart\""); n != 3 {
		t.Errorf("unvalued page has %d charts; want 3", n)
	}
}

// withRateOne is a table with EUR->USD at 1 on every day of the generated
// ledgers' span.
func withRateOne() *ledger.RateTable {
	var rates []ledger.Rate
	for d := genBase - 10; d <= genBase+220; d++ {
		rates = append(rates, ledger.Rate{Date: d, From: "EUR", To: "USD", Value: decimal.NewFromInt(1)})
	}
	return ledger.NewRateTable(rates)
}

// With all rates 1 between two currencies, valuing gives exactly the
// figures of the same ledger written in one currency: every report.
func TestPropRateOneIsOneCurrency(t *testing.T) {
	rates := withRateOne()
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		mixed := make([]ledger.Event, len(events))
		one := make([]ledger.Event, len(events))
		for i, e := range events {
			e.Currency = "USD"
			one[i] = e
			if rapid.Bool().Draw(t, "eur") {
				e.Currency = "EUR"
			}
			mixed[i] = e
		}
		rule := genRule(t)
		v, err := report.NewValuer(report.Valuation{Currency: "USD", Rates: rates, MaxAge: 0})
		if err != nil {
			t.Fatal(err)
		}
		in := v.Input(input(mixed, sessions))
		ref := input(one, sessions)
		for _, by := range []string{report.ByNone, report.ByStream} {
			got, err1 := report.Monthly(in, report.MonthlyOptions{Rule: rule, By: by})
			want, err2 := report.Monthly(ref, report.MonthlyOptions{Rule: rule, By: by})
			if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("monthly by %q: %+v, %v\nwant %+v, %v", by, got, err1, want, err2)
			}
		}
		gs, err1 := report.Streams(in, report.StreamsOptions{Rule: rule})
		ws, err2 := report.Streams(ref, report.StreamsOptions{Rule: rule})
		if err1 != nil || err2 != nil || !reflect.DeepEqual(gs, ws) {
			t.Fatalf("streams: %+v, %v\nwant %+v, %v", gs, err1, ws, err2)
		}
		gc, err1 := report.Claim(in, report.ClaimOptions{Rule: rule})
		wc, err2 := report.Claim(ref, report.ClaimOptions{Rule: rule})
		if err1 != nil || err2 != nil || !reflect.DeepEqual(gc, wc) {
			t.Fatalf("claim: %+v, %v\nwant %+v, %v", gc, err1, wc, err2)
		}
	})
}

// Valuation never changes a report that is not valued: the events it reads
// are untouched, a ledger already in the target currency values to the
// same report, and a valued report's rows are sums of converted events.
func TestPropValuationLeavesReportsAlone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		var rates []ledger.Rate
		for d := genBase - 10; d <= genBase+220; d += ledger.Date(rapid.IntRange(1, 5).Draw(t, "gap")) {
			coef := rapid.Int64Range(1, 99999).Draw(t, "rate")
			rates = append(rates, ledger.Rate{Date: d, From: "EUR", To: "USD", Value: decimal.New(coef, -4)},
				ledger.Rate{Date: d, From: "EUR", To: "JPY", Value: decimal.New(coef*13, -2)})
		}
		table := ledger.NewRateTable(rates)
		rule := genRule(t)
		in := input(events, sessions)
		before, err := report.Monthly(in, report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		v, err := report.NewValuer(report.Valuation{Currency: "USD", Rates: table, MaxAge: 10})
		if err != nil {
			t.Fatal(err)
		}
		valuedRep, err := report.Monthly(v.Input(in), report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := report.Monthly(in, report.MonthlyOptions{Rule: rule})
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("an unvalued report changed after valuing:\n%+v\n%+v", before, after)
		}
		// Sums of converted events, computed event by event.
		conv, _ := ledger.NewConverter(table, "USD", 10)
		var income, fees int64
		for _, e := range events {
			if e.Voided {
				continue
			}
			a, _, err := conv.Convert(e.Amount, e.Currency, e.Date)
			if err != nil {
				t.Fatal(err)
			}
			if e.Kind.CountsAsIncome() {
				income += a
			} else {
				fees += a
			}
		}
		var gotIncome, gotFees int64
		for _, tot := range valuedRep.Totals() {
			if tot.Currency != "USD" {
				t.Fatalf("a valued report has a %s section", tot.Currency)
			}
			gotIncome += tot.Income
			gotFees += tot.Fees
		}
		if gotIncome != income || gotFees != fees {
			t.Fatalf("valued totals %d/%d; sums of converted events %d/%d", gotIncome, gotFees, income, fees)
		}
		// A ledger all in USD values to the very same report.
		usd := make([]ledger.Event, len(events))
		for i, e := range events {
			e.Currency = "USD"
			usd[i] = e
		}
		plain, _ := report.Monthly(input(usd, sessions), report.MonthlyOptions{Rule: rule})
		same, err := report.Monthly(v.Input(input(usd, sessions)), report.MonthlyOptions{Rule: rule})
		if err != nil || !reflect.DeepEqual(plain, same) {
			t.Fatalf("a USD ledger valued in USD changed:\n%+v\n%+v (%v)", plain, same, err)
		}
	})
}
