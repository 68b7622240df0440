package ledger_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestParseRateValue(t *testing.T) {
	good := map[string]string{
		"1.0842": "1.0842", " 161.14 ": "161.14", "1.08420": "1.0842", "0.000012345": "0.000012345",
		"1": "1", "1.": "1", ".5": "0.5", "1234567890": "1234567890", "0.8356000000000": "0.8356", "100": "100",
	}
	for in, want := range good {
		v, err := ledger.ParseRateValue(in)
		if err != nil || v.String() != want {
			t.Errorf("ParseRateValue(%q) = %s, %v; want %s", in, v, err, want)
		}
	}
	for _, in := range []string{"", "0", "0.000", "-1.2", "+1.2", "1e3", "1,0842", "1.2.3", "N/A", "12345678901", "1.2345678901", "abc", "."} {
		if v, err := ledger.ParseRateValue(in); err == nil {
			t.Errorf("ParseRateValue(%q) = %s; want an error", in, v)
		} else if !ledger.IsInputError(err) || !strings.Contains(err.Error(), "is not a rate") {
			t.Errorf("ParseRateValue(%q): %v", in, err)
		}
	}
}

func TestParsePair(t *testing.T) {
	for in, want := range map[string]string{"EUR/USD": "EUR USD", "eur/usd": "EUR USD", "GBPJPY": "GBP JPY", " usd/eur ": "USD EUR"} {
		f, to, err := ledger.ParsePair(in)
		if err != nil || f+" "+to != want {
			t.Errorf("ParsePair(%q) = %s %s, %v", in, f, to, err)
		}
	}
	for _, in := range []string{"EUR/EUR", "EUR", "EUR-USD", "EUR/XXX", ""} {
		if _, _, err := ledger.ParsePair(in); err == nil {
			t.Errorf("ParsePair(%q) accepted", in)
		}
	}
}

func r(date, from, to, v string) ledger.Rate {
	d, ok := ledger.ParseISODate(date)
	if !ok {
		panic(date)
	}
	return ledger.Rate{Date: d, From: from, To: to, Value: decimal.RequireFromString(v)}
}

func d(s string) ledger.Date {
	v, ok := ledger.ParseISODate(s)
	if !ok {
		panic(s)
	}
	return v
}

// ECB-style rates: everything against the euro, and one direct pair.
func ecbTable() *ledger.RateTable {
	return ledger.NewRateTable([]ledger.Rate{
		r("2025-03-07", "EUR", "USD", "1.0807"),
		r("2025-03-05", "EUR", "USD", "1.0694"),
		r("2025-03-10", "EUR", "USD", "1.0833"),
		r("2025-03-05", "EUR", "GBP", "0.8332"),
		r("2025-03-07", "EUR", "GBP", "0.8365"),
		r("2025-03-10", "EUR", "GBP", "0.8402"),
		r("2025-03-05", "EUR", "JPY", "160.5"),
		r("2025-02-01", "USD", "JPY", "150"), // a stale direct pair
	})
}

func TestLookupRoutes(t *testing.T) {
	tab := ecbTable()
	cases := []struct {
		from, to, day string
		maxAge        int
		route, date   string
		value         string // to ten significant digits
	}{
		{"EUR", "USD", "2025-03-07", 7, "direct", "2025-03-07", "1.0807"},
		{"EUR", "USD", "2025-03-09", 7, "direct", "2025-03-07", "1.0807"}, // a weekend: Friday's rate
		{"USD", "EUR", "2025-03-05", 7, "inverse", "2025-03-05", "0.9351037965"},
		{"GBP", "USD", "2025-03-10", 7, "via EUR", "2025-03-10", "1.289335872"},
		{"USD", "GBP", "2025-03-08", 7, "via EUR", "2025-03-07", "0.7740353475"},
		// The direct USD/JPY is 32 days old: with 7 days allowed, the
		// route through the euro (USD->EUR inverse, EUR->JPY) is taken;
		// with 40 the direct pair is preferred.
		{"USD", "JPY", "2025-03-05", 7, "via EUR", "2025-03-05", "150.0841593"},
		{"USD", "JPY", "2025-03-05", 40, "direct", "2025-02-01", "150"},
		{"JPY", "USD", "2025-03-05", 40, "inverse", "2025-02-01", "0.006666666667"},
	}
	for _, c := range cases {
		q, err := tab.Lookup(c.from, c.to, d(c.day), c.maxAge)
		if err != nil {
			t.Errorf("%s->%s on %s: %v", c.from, c.to, c.day, err)
			continue
		}
		if q.Route() != c.route || q.Date.String() != c.date || q.Value().String() != c.value {
			t.Errorf("%s->%s on %s = %s of %s at %s; want %s of %s at %s", c.from, c.to, c.day, q.Route(), q.Date, q.Value(), c.route, c.date, c.value)
		}
	}
}

func TestLookupRefuses(t *testing.T) {
	tab := ecbTable()
	_, err := tab.Lookup("EUR", "USD", d("2025-03-20"), 7)
	want := "no EUR→USD rate within 7 days of 2025-03-20 (the latest is of 2025-03-10, direct, 10 days before): add one with 'earnlog rates add 2025-03-20 EUR USD RATE' or import a rate file with 'earnlog rates import FILE', or allow older rates with --max-rate-age 10"
	if err == nil || err.Error() != want || !ledger.IsInputError(err) {
		t.Errorf("stale rate: %v\nwant %s", err, want)
	}
	_, err = tab.Lookup("EUR", "USD", d("2025-03-01"), 7)
	want = "no EUR→USD rate on or before 2025-03-01: add one with 'earnlog rates add 2025-03-01 EUR USD RATE' or import a rate file with 'earnlog rates import FILE'"
	if err == nil || err.Error() != want {
		t.Errorf("no rate yet: %v\nwant %s", err, want)
	}
	if _, err := tab.Lookup("CHF", "USD", d("2025-03-07"), 7); err == nil || !strings.Contains(err.Error(), "no CHF→USD rate on or before 2025-03-07") {
		t.Errorf("unknown currency: %v", err)
	}
	// Same day only.
	if _, err := tab.Lookup("EUR", "USD", d("2025-03-08"), 0); err == nil {
		t.Error("--max-rate-age 0 accepted a rate of the day before")
	}
}

// Of two rates of one pair and day, the later given wins.
func TestRateTableLastWins(t *testing.T) {
	tab := ledger.NewRateTable([]ledger.Rate{r("2025-03-05", "EUR", "USD", "1.05"), r("2025-03-05", "EUR", "USD", "1.0694")})
	if q, err := tab.Lookup("EUR", "USD", d("2025-03-05"), 0); err != nil || q.Value().String() != "1.0694" || tab.Len() != 1 {
		t.Errorf("got %v, %v, len %d", q.Value(), err, tab.Len())
	}
}

func TestConvertByHand(t *testing.T) {
	tab := ecbTable()
	cases := []struct {
		amount int64
		cur    string
		to     string
		day    string
		want   int64
	}{
		{4550, "EUR", "USD", "2025-03-05", 4866},    // 45.50 * 1.0694 = 48.6577
		{-325, "EUR", "USD", "2025-03-05", -348},    // -3.25 * 1.0694 = -3.47555
		{3000, "EUR", "USD", "2025-03-08", 3242},    // 30.00 * 1.0807 = 32.421 (Friday's rate)
		{2000, "GBP", "USD", "2025-03-10", 2579},    // 20 * 1.0833 / 0.8402 = 25.78671...
		{100000, "USD", "EUR", "2025-03-05", 93510}, // 1000 / 1.0694 = 935.1039...
		{4550, "EUR", "JPY", "2025-03-05", 7303},    // 45.50 * 160.5 = 7302.75 yen
		{7303, "JPY", "EUR", "2025-03-05", 4550},    // 7303 / 160.5 = 45.5015...
		// Half to even: 0.25 EUR * 1.0694 ... exact ties below.
		{5000, "USD", "USD", "2025-03-05", 5000},
	}
	for _, c := range cases {
		conv, err := ledger.NewConverter(tab, c.to, 7)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := conv.Convert(c.amount, c.cur, d(c.day))
		if err != nil || got != c.want {
			t.Errorf("%d %s -> %s on %s = %d, %v; want %d", c.amount, c.cur, c.to, c.day, got, err, c.want)
		}
	}
}

// Exact halves round to the even minor unit, in both signs.
func TestConvertHalfToEven(t *testing.T) {
	tab := ledger.NewRateTable([]ledger.Rate{r("2025-01-01", "EUR", "USD", "1.5"), r("2025-01-01", "EUR", "KWD", "0.3333")})
	conv, _ := ledger.NewConverter(tab, "USD", 0)
	for amount, want := range map[int64]int64{1: 2, 3: 4, 5: 8, 7: 10, -1: -2, -3: -4, -5: -8, 0: 0} {
		// 1 cent * 1.5 = 1.5 -> 2; 3 -> 4.5 -> 4; 5 -> 7.5 -> 8; 7 -> 10.5 -> 10
		if got, _, err := conv.Convert(amount, "EUR", d("2025-01-01")); err != nil || got != want {
			t.Errorf("%d EUR cents at 1.5 = %d, %v; want %d", amount, got, err, want)
		}
	}
	// KWD has three decimals: 0.15 EUR * 0.3333 = 0.049995 KWD -> 0.050.
	conv, _ = ledger.NewConverter(tab, "KWD", 0)
	if got, _, err := conv.Convert(15, "EUR", d("2025-01-01")); err != nil || got != 50 {
		t.Errorf("0.15 EUR in KWD = %d, %v; want 50 (fils)", got, err)
	}
}

func TestConvertTooLarge(t *testing.T) {
	tab := ledger.NewRateTable([]ledger.Rate{r("2025-01-01", "USD", "IDR", "16000")})
	conv, _ := ledger.NewConverter(tab, "IDR", 0)
	_, _, err := conv.Convert(ledger.MaxMinor, "USD", d("2025-01-01"))
	if err == nil || !ledger.IsInputError(err) || !strings.Contains(err.Error(), "is too large") {
		t.Errorf("huge conversion: %v", err)
	}
}

func TestNewConverterRefuses(t *testing.T) {
	if _, err := ledger.NewConverter(nil, "XXX", 7); err == nil {
		t.Error("accepted XXX")
	}
	for _, age := range []int{-1, ledger.MaxRateAge + 1} {
		if _, err := ledger.NewConverter(nil, "USD", age); err == nil {
			t.Errorf("accepted max age %d", age)
		}
	}
}

// The converter agrees with exact rational arithmetic on every path, every
// amount and every rate: amount * rate rounded half to even, once.
func TestConvertMatchesExactArithmetic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		digits := func(label string) decimal.Decimal {
			coef := rapid.Int64Range(1, 9_999_999_999).Draw(t, label+"coef")
			exp := rapid.Int32Range(-12, 2).Draw(t, label+"exp")
			return decimal.New(coef, exp)
		}
		eurUSD, eurJPY := digits("usd"), digits("jpy")
		tab := ledger.NewRateTable([]ledger.Rate{
			{Date: d("2025-01-01"), From: "EUR", To: "USD", Value: eurUSD},
			{Date: d("2025-01-01"), From: "EUR", To: "JPY", Value: eurJPY},
		})
		amount := rapid.Int64Range(-ledger.MaxMinor, ledger.MaxMinor).Draw(t, "amount")
		type path struct {
			from, to string
			rate     *big.Rat // exact rate from -> to, in major units
		}
		rat := func(v decimal.Decimal) *big.Rat { r, _ := new(big.Rat).SetString(v.String()); return r }
		paths := []path{
			{"EUR", "USD", rat(eurUSD)},
			{"USD", "EUR", new(big.Rat).Inv(rat(eurUSD))},
			{"USD", "JPY", new(big.Rat).Mul(new(big.Rat).Inv(rat(eurUSD)), rat(eurJPY))},
			{"JPY", "USD", new(big.Rat).Mul(new(big.Rat).Inv(rat(eurJPY)), rat(eurUSD))},
		}
		p := paths[rapid.IntRange(0, len(paths)-1).Draw(t, "path")]
		fe, _ := ledger.CurrencyExponent(p.from)
		te, _ := ledger.CurrencyExponent(p.to)
		exact := new(big.Rat).SetInt64(amount)
		exact.Mul(exact, p.rate)
		exact.Mul(exact, new(big.Rat).SetFrac(pow(te), pow(fe)))
		want := roundHalfEven(exact)
		conv, _ := ledger.NewConverter(tab, p.to, 0)
		got, _, err := conv.Convert(amount, p.from, d("2025-01-01"))
		tooLarge := want.CmpAbs(big.NewInt(ledger.MaxMinor)) > 0
		if tooLarge {
			if err == nil {
				t.Fatalf("%d %s -> %s = %d; want refused as too large (%s)", amount, p.from, p.to, got, want)
			}
			return
		}
		if err != nil || got != want.Int64() {
			t.Fatalf("%d %s -> %s = %d, %v; want %s", amount, p.from, p.to, got, err, want)
		}
	})
}

func pow(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

func roundHalfEven(x *big.Rat) *big.Int {
	num, den := new(big.Int).Abs(x.Num()), x.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	switch c := new(big.Int).Lsh(rem, 1).Cmp(den); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// memRates is a RateStore in memory.
type memRates map[string]ledger.Rate

func (m memRates) Rate(from, to string, d ledger.Date) (*ledger.Rate, error) {
	if r, ok := m[from+to+d.String()]; ok {
		return &r, nil
	}
	return nil, nil
}
func (m memRates) SetRate(r *ledger.Rate) error { m[r.From+r.To+r.Date.String()] = *r; return nil }
func (m memRates) EachRate(fn func(*ledger.Rate) error) error {
	for _, r := range m {
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

func TestAddRatesIdempotentAndConflicts(t *testing.T) {
	m := memRates{}
	set := []ledger.Rate{r("2025-03-05", "EUR", "USD", "1.0694"), r("2025-03-03", "EUR", "USD", "1.0465"), r("2025-03-05", "EUR", "GBP", "0.8332")}
	res, err := ledger.AddRates(m, set, ledger.AddRatesOptions{})
	if err != nil || res.Summary() != "3 new, 0 already present (2 pairs, 2025-03-03..2025-03-05)" {
		t.Fatalf("first add: %q, %v", res.Summary(), err)
	}
	res, err = ledger.AddRates(m, set, ledger.AddRatesOptions{})
	if err != nil || res.Added != 0 || res.Present != 3 || len(m) != 3 {
		t.Errorf("second add: %+v, %v", res, err)
	}
	// 1.06940 is 1.0694.
	res, err = ledger.AddRates(m, []ledger.Rate{r("2025-03-05", "EUR", "USD", "1.06940")}, ledger.AddRatesOptions{})
	if err != nil || res.Present != 1 {
		t.Errorf("same rate with a trailing zero: %+v, %v", res, err)
	}
	differ := []ledger.Rate{r("2025-03-07", "EUR", "USD", "1.0807"), r("2025-03-05", "EUR", "USD", "1.07")}
	_, err = ledger.AddRates(m, differ, ledger.AddRatesOptions{})
	want := "the ledger has EUR→USD 1.0694 for 2025-03-05 (from no source), and this says 1.07: give --replace to replace stored rates, or leave the rate out"
	if err == nil || err.Error() != want || !ledger.IsInputError(err) {
		t.Errorf("conflict: %v\nwant %s", err, want)
	}
	res, err = ledger.AddRates(m, differ, ledger.AddRatesOptions{Replace: true})
	if err != nil || res.Added != 1 || res.Replaced != 1 || m["EURUSD2025-03-05"].Value.String() != "1.07" {
		t.Errorf("replace: %+v, %v", res, err)
	}
	_, err = ledger.AddRates(memRates{}, []ledger.Rate{r("2025-03-05", "EUR", "USD", "1.07"), r("2025-03-05", "EUR", "USD", "1.08")}, ledger.AddRatesOptions{})
	if err == nil || !strings.Contains(err.Error(), "two EUR→USD rates for 2025-03-05 disagree: 1.07 and 1.08") {
		t.Errorf("a set that disagrees with itself: %v", err)
	}
	if _, err := ledger.AddRates(memRates{}, []ledger.Rate{r("2025-03-05", "EUR", "EUR", "1")}, ledger.AddRatesOptions{}); err == nil {
		t.Error("a rate of a currency to itself was added")
	}
}

// FuzzParseRateValue: a rate is refused with an input error or accepted as
// a positive decimal of at most ten significant digits that reads back to
// itself.
func FuzzParseRateValue(f *testing.F) {
	for _, s := range []string{"1.0842", "161.14", "0.0000123", "1.08420", "0", "-1", "1e3", "1,2", "12345678901", ".5", "1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ledger.ParseRateValue(s)
		if err != nil {
			if !ledger.IsInputError(err) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		if !v.IsPositive() {
			t.Fatalf("%q accepted as %s", s, v)
		}
		again, err := ledger.ParseRateValue(ledger.FormatRate(v))
		if err != nil || !again.Equal(v) || ledger.FormatRate(again) != ledger.FormatRate(v) {
			t.Fatalf("%q -> %s -> %s, %v", s, ledger.FormatRate(v), again, err)
		}
		if c := strings.TrimRight(strings.TrimLeft(v.Coefficient().String(), "0"), "0"); len(c) > ledger.MaxRateDigits {
			t.Fatalf("%q has %d significant digits", s, len(c))
		}
	})
}
