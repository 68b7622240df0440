package ledger_test

import (
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func TestParseAmount(t *testing.T) {
	ok := []struct {
		in   string
		cur  string
		want int64
	}{
		{"1234.56", "USD", 123456},
		{"1,234.56", "USD", 123456},
		{"$1,234.56", "USD", 123456},
		{"-12.50", "USD", -1250},
		{"(12.50)", "USD", -1250},
		{"-$2.12", "USD", -212},
		{"$-2.12", "USD", -212},
		{"CA$62.17", "CAD", 6217},
		{"£9.99", "GBP", 999},
		{"€ 5", "EUR", 500},
		{"100.0", "USD", 10000},
		{"0.31", "USD", 31},
		{".5", "USD", 50},
		{"1,234,567", "USD", 123456700},
		{"1500", "JPY", 1500},
		{"1.000", "JPY", 1},
		{"12.345", "KWD", 12345},
		{"+7", "USD", 700},
		{"  42.10 ", "USD", 4210},
		{"12.340", "USD", 1234},
	}
	for _, c := range ok {
		got, err := ledger.ParseAmount(c.in, c.cur)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", c.in, c.cur, got, err, c.want)
		}
	}
	bad := []struct{ in, cur string }{
		{"1.234,56", "USD"}, {"12,50", "USD"}, {"1e3", "USD"}, {"12.345", "USD"}, {"abc", "USD"},
		{"", "USD"}, {"--5", "USD"}, {"(-5)", "USD"}, {"1.5", "JPY"}, {"1,23", "USD"}, {"12.", "USD"},
		{"1.2.3", "USD"}, {"$", "USD"}, {"12 50", "USD"}, {"99999999999999999999", "USD"},
		{"1,2345.00", "USD"}, {"NaN", "USD"}, {"0x10", "USD"},
	}
	if _, err := ledger.ParseAmount("5", "XYZ"); err == nil || !strings.Contains(err.Error(), "XYZ") {
		t.Errorf("unknown currency: %v; want an error naming XYZ", err)
	}
	for _, c := range bad {
		_, err := ledger.ParseAmount(c.in, c.cur)
		if err == nil {
			t.Errorf("ParseAmount(%q, %s) accepted; want an error", c.in, c.cur)
			continue
		}
		if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), c.in) {
			t.Errorf("ParseAmount(%q) error %q: want EINVALID naming the value", c.in, err)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	cases := []struct {
		minor int64
		cur   string
		want  string
	}{{125000, "USD", "1250.00"}, {-212, "USD", "-2.12"}, {1500, "JPY", "1500"}, {12345, "KWD", "12.345"}, {5, "USD", "0.05"}}
	for _, c := range cases {
		if got := ledger.FormatAmount(c.minor, c.cur); got != c.want {
			t.Errorf("FormatAmount(%d, %s) = %q; want %q", c.minor, c.cur, got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	today := ledger.NewDate(2026, 3, 27)
	cases := map[string]string{"2026-03-01": "2026-03-01", "today": "2026-03-27", "Yesterday": "2026-03-26", "2024-02-29": "2024-02-29"}
	for in, want := range cases {
		d, err := ledger.ParseDate(in, today)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"2026-02-30", "27/03/2026", "2026-3-1", "tomorrow", "", "2026-13-01", "20260301"} {
		if _, err := ledger.ParseDate(in, today); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) = %v; want an error showing the accepted forms", in, err)
		}
	}
	if _, err := ledger.ParseDate("1969-12-31", today); err == nil || !strings.Contains(err.Error(), "1970-01-01") {
		t.Errorf("ParseDate(1969-12-31) = %v; want an out-of-range error", err)
	}
	if d := ledger.NewDate(2026, 3, 27); d.Month() != "2026-03" || ledger.MonthString(d.MonthIndex()) != "2026-03" {
		t.Errorf("month of %s = %s / %s", d, d.Month(), ledger.MonthString(d.MonthIndex()))
	}
}

func TestParseDuration(t *testing.T) {
	cases := map[string]int64{"2h30m": 9000, "1.5h": 5400, "90m": 5400, "1:30": 5400, "45s": 45, "2h": 7200,
		"1:30:15": 5415, "0.25h": 900, "1h5s": 3605, "14:20": 51600, "36:00": 129600, " 2H ": 7200}
	for in, want := range cases {
		got, err := ledger.ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "0h", "-1h", "1:5", "1:60", "abc", "1.5m", "30m2h", "2h2h", "1001h", "h", "1:30:00:00", "1.h", "1.23456h"} {
		if _, err := ledger.ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted; want an error", in)
		}
	}
}

func TestFormatHours(t *testing.T) {
	cases := map[int64]string{5400: "1.50", 0: "0.00", 51600: "14.33", 1200: "0.33", 18: "0.01", 17: "0.00"}
	for in, want := range cases {
		if got := ledger.FormatHours(in); got != want {
			t.Errorf("FormatHours(%d) = %q; want %q", in, got, want)
		}
	}
}

func TestStreams(t *testing.T) {
	if s, err := ledger.ParseStream("UpWork/Acme-Logo"); err != nil || s != "upwork/acme-logo" || s.Platform() != "upwork" || s.Name() != "acme-logo" {
		t.Errorf("ParseStream = %q, %v", s, err)
	}
	for _, in := range []string{"upwork", "upwork/", "/acme", "up work/acme", "upwork/acme/logo", "upwork/-acme", "etsy/pixel_shop"} {
		if _, err := ledger.ParseStream(in); err == nil {
			t.Errorf("ParseStream(%q) accepted", in)
		}
	}
	if got := ledger.Slug("Northwind Traders Ltd."); got != "northwind-traders-ltd" {
		t.Errorf("Slug = %q", got)
	}
	if ledger.BuiltinClass("upwork") != ledger.ClassMarketplace || ledger.BuiltinClass("etsy") != ledger.ClassStorefront || ledger.BuiltinClass("kofi") != ledger.ClassStorefront ||
		ledger.BuiltinClass("paypal") != ledger.ClassDirect || ledger.BuiltinClass("koji") != ledger.ClassOther ||
		!ledger.IsPaymentAccount("stripe") || ledger.IsPaymentAccount("etsy") || ledger.IsBuiltin("patreon") {
		t.Error("built-in classes are wrong")
	}
}

func TestSignAmount(t *testing.T) {
	if v, err := ledger.SignAmount(ledger.KindFee, 250, "2.50"); err != nil || v != -250 {
		t.Errorf("fee 2.50 = %d, %v", v, err)
	}
	if v, err := ledger.SignAmount(ledger.KindFee, -250, "-2.50"); err != nil || v != -250 {
		t.Errorf("fee -2.50 = %d, %v", v, err)
	}
	if _, err := ledger.SignAmount(ledger.KindSale, -250, "-2.50"); err == nil || !strings.Contains(err.Error(), "refund") {
		t.Errorf("negative sale: %v; want an error pointing at --kind refund", err)
	}
	if v, _ := ledger.SignAmount(ledger.KindAdjustment, -250, "-2.50"); v != -250 {
		t.Errorf("adjustment keeps its sign, got %d", v)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1234.56", "1,234.56", "$1,234.56", "-12.50", "(12.50)", "1.234,56", "1e3", "12.345", "abc", "CA$-1", "-$2.12", "", "(", ")", "-"} {
		f.Add(s, "USD")
	}
	f.Add("12.345", "KWD")
	f.Add("1500", "JPY")
	f.Fuzz(func(t *testing.T, s, cur string) {
		v, err := ledger.ParseAmount(s, cur)
		if err != nil {
			if !ledger.IsInputError(err) {
				t.Fatalf("ParseAmount(%q) error is not an input error: %v", s, err)
			}
			return
		}
		// Whatever is accepted formats and parses back to the same value.
		back, err := ledger.ParseAmount(ledger.FormatAmount(v, cur), cur)
		if err != nil || back != v {
			t.Fatalf("ParseAmount(%q)=%d, formatted %q parses to %d, %v", s, v, ledger.FormatAmount(v, cur), back, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-27", "today", "yesterday", "2026-02-30", "2026-3-1", "9999-01-01", ""} {
		f.Add(s)
	}
	today := ledger.NewDate(2026, 3, 27)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ledger.ParseDate(s, today)
		if err != nil {
			return
		}
		if back, err := ledger.ParseDate(d.String(), today); err != nil || back != d {
			t.Fatalf("ParseDate(%q)=%s does not round trip: %v %v", s, d, back, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"2h30m", "1.5h", "90m", "1:30", "45s", "1:30:15", "0", "-1h", "1001h", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		secs, err := ledger.ParseDuration(s)
		if err != nil {
			return
		}
		if secs <= 0 || secs > ledger.MaxDuration {
			t.Fatalf("ParseDuration(%q) = %d: out of range", s, secs)
		}
		if back, err := ledger.ParseDuration(ledger.FormatDuration(secs)); err != nil || back != secs {
			t.Fatalf("ParseDuration(%q)=%d; FormatDuration gives %q which parses to %d, %v", s, secs, ledger.FormatDuration(secs), back, err)
		}
	})
}

// A currency symbol must agree with the amount's currency: "€5" is not five
// dollars.
func TestParseAmountSymbolAgrees(t *testing.T) {
	for _, c := range []struct {
		in, cur string
		want    int64
	}{
		{"$5", "CAD", 500}, {"$5", "AUD", 500}, {"$5", "MXN", 500}, {"US$5", "USD", 500}, {"A$5", "AUD", 500},
		{"¥1000", "JPY", 1000}, {"¥10", "CNY", 1000}, {"€19.26", "EUR", 1926}, {"£3", "EGP", 300},
		{"kr 12", "SEK", 1200}, {"-¥5", "JPY", -5}, {"R$2", "BRL", 200}, {"CHF 1", "CHF", 100},
	} {
		if got, err := ledger.ParseAmount(c.in, c.cur); err != nil || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", c.in, c.cur, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, cur, names string }{
		{"€5", "USD", "€ stands for EUR, not USD"},
		{"¥1000", "USD", "¥ stands for JPY, CNY, not USD"},
		{"€19.26", "USD", "not USD"},
		{"$5", "EUR", "not EUR"},
		{"$5", "JPY", "not JPY"},
		{"US$5", "CAD", "US$ stands for USD"},
		{"CA$5", "USD", "CA$ stands for CAD"},
		{"£5", "EUR", "£ stands for GBP"},
		{"-€5", "USD", "not USD"},
		{"(€5)", "GBP", "not GBP"},
		{"₹5", "JPY", "₹ stands for INR"},
	} {
		_, err := ledger.ParseAmount(c.in, c.cur)
		if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), c.in) || !strings.Contains(err.Error(), c.names) {
			t.Errorf("ParseAmount(%q, %s) = %v; want an input error naming %q and %q", c.in, c.cur, err, c.in, c.names)
		}
	}
	// The hint for a currency without "$" does not suggest "$".
	if _, err := ledger.ParseAmount("abc", "EUR"); err == nil || strings.Contains(err.Error(), "$") || !strings.Contains(err.Error(), "€1,234.56") {
		t.Errorf("ParseAmount(abc, EUR) = %v; want a hint with € and without $", err)
	}
}

func TestLooksNegative(t *testing.T) {
	for s, want := range map[string]bool{
		"-5": true, "-2.50": true, "-$5": true, "-¥5": true, "-.5": true, "-€1,000.00": true, "-CA$3": true,
		"-5.5.5": true, "−5": true, "-kr 5": true,
		"--kind": false, "-h": false, "-": false, "-$": false, "-.": false, "5": false, "-x5": false, "--5": false, "-¥": false,
	} {
		if got := ledger.LooksNegative(s); got != want {
			t.Errorf("LooksNegative(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestStreamsInOtherScripts(t *testing.T) {
	for in, want := range map[string]string{
		"Ícönś Päck":          "ícönś-päck",
		"Müller Straße GmbH":  "müller-strasse-gmbh",
		"MÜLLER STRASSE GMBH": "müller-strasse-gmbh",
		"株式会社アクメ・デザイン":        "株式会社アクメ-デザイン",
		"\u212Aelvin":         "kelvin", // the Kelvin sign is a K
		"Cafe\u0301":          "café",   // decomposed é: NFC
		"ΣΊΣΥΦΟΣ":             "σίσυφοσ",
		"नमस्ते दुनिया":       "नमस्ते-दुनिया", // vowel signs are marks
		"Shop ✨ 2.0":          "shop-2-0",
		"\u0301abc":           "abc", // a mark with no letter before it
		"a\u202Eb":            "a-b", // a bidi override is a break, never kept
	} {
		if got := ledger.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q; want %q", in, got, want)
		}
		s, err := ledger.MakeStream("gumroad", in)
		if err != nil || string(s) != "gumroad/"+want {
			t.Errorf("MakeStream(gumroad, %q) = %q, %v", in, s, err)
		}
		if back, err := ledger.ParseStream(string(s)); err != nil || back != s {
			t.Errorf("ParseStream(%q) = %q, %v: a made stream must read as itself", s, back, err)
		}
	}
	// Typed names fold to the same streams as the ones read from files.
	for in, want := range map[string]string{
		"Etsy/Über":                         "etsy/über",
		"upwork/MÜLLER-STRASSE":             "upwork/müller-strasse",
		"upwork/müller-straße":              "upwork/müller-strasse",
		"upwork/\u212Aelvin":                "upwork/kelvin",
		"upwork/é":                          "upwork/é",
		"upwork/e\u0301":                    "upwork/é",
		" UPWORK/ACME ":                     "upwork/acme",
		"gumroad/株式会社":                      "gumroad/株式会社",
		"ЯНДЕКС/клиент-1":                   "яндекс/клиент-1",
		"upwork/" + strings.Repeat("é", 60): "upwork/" + strings.Repeat("é", 60),
	} {
		if got, err := ledger.ParseStream(in); err != nil || string(got) != want {
			t.Errorf("ParseStream(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"upwork/müller straße", "upwork/a_b", "upwork/✨", "upwork/a\u200db", "upwork/\u0301a",
		"upwork/a\u202eb", "upwork/é-", "upwork/" + strings.Repeat("é", 61), "upwork/a\xffb", "upwork/x.y"} {
		if got, err := ledger.ParseStream(in); err == nil || ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseStream(%q) = %q, %v; want EINVALID", in, got, err)
		}
	}
	if got := ledger.Slug(strings.Repeat("é", 80)); len(got) != 160 {
		t.Fatalf("Slug of 80 é is %d bytes", len(got))
	}
	s, err := ledger.MakeStream("upwork", strings.Repeat("é", 80))
	if err != nil || s.Name() != strings.Repeat("é", 50) {
		t.Errorf("a long name is cut on a character boundary to at most 100 bytes: %q, %v", s, err)
	}
	for in, want := range map[string]string{"UPWORK": "upwork", " Kofi ": "kofi", "Ко-фи": "ко-фи"} {
		if got, err := ledger.ParsePlatform(in); err != nil || got != want {
			t.Errorf("ParsePlatform(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "up work", "upwork/acme", "-x", "a_b"} {
		if got, err := ledger.ParsePlatform(in); err == nil {
			t.Errorf("ParsePlatform(%q) = %q; want an error", in, got)
		}
	}
}

// FuzzStreamRule: what ParseStream accepts is in normal form (it reads as
// itself again, and the fast path agrees), Slug makes only names, and a
// made stream reads as itself.
func FuzzStreamRule(f *testing.F) {
	for _, s := range []string{"Etsy/Über", "upwork/Müller Straße", "gumroad/株式会社", "a/e\u0301", "\u212A/x", "a/\u0301", "ΣΊΣΥΦΟΣ/ς", "a/b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := ledger.ParseStream(s); err == nil {
			if again, err := ledger.ParseStream(string(p)); err != nil || again != p {
				t.Fatalf("ParseStream(%q) = %q, which reads as %q, %v", s, p, again, err)
			}
		} else if ledger.ErrorCode(err) != ledger.EINVALID {
			t.Fatalf("ParseStream(%q): %v is not EINVALID", s, err)
		}
		slug := ledger.Slug(s)
		if slug == "" {
			return
		}
		if !ledger.ValidPlatform(slug) || ledger.Slug(slug) != slug {
			t.Fatalf("Slug(%q) = %q, which is not a name in normal form", s, slug)
		}
		m, err := ledger.MakeStream("upwork", s)
		if err != nil {
			t.Fatalf("MakeStream(upwork, %q): %v, though Slug gives %q", s, err, slug)
		}
		if back, err := ledger.ParseStream(string(m)); err != nil || back != m {
			t.Fatalf("MakeStream(upwork, %q) = %q, which reads as %q, %v", s, m, back, err)
		}
	})
}
