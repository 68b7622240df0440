package ledger

import (
	"strings"
	"testing"
)

// The fast paths of the import parse (plain amounts, plain stream names, the
// currency table) must agree with the general code wherever they answer.

var amountExps = []int{0, 2, 3, 4}

func TestPlainAmount(t *testing.T) {
	for _, c := range []struct {
		s   string
		exp int
		v   int64
		ok  bool
	}{
		{"1250.00", 2, 125000, true}, {"-3.5", 2, -350, true}, {"7", 2, 700, true}, {"0", 2, 0, true},
		{"-0", 2, 0, true}, {"007.10", 2, 710, true}, {"100.000", 0, 100, true}, {"1.2345", 4, 12345, true},
		{"100000000000.00", 2, MaxMinor, true}, {"100000000000.01", 2, 0, false}, {"99999999999999999999", 2, 0, false},
		{"12.345", 2, 0, false}, {"1.", 2, 0, false}, {".5", 2, 0, false}, {"-", 2, 0, false}, {"", 2, 0, false},
		{"+1", 2, 0, false}, {"1,000", 2, 0, false}, {"$1", 2, 0, false}, {"1.2.3", 2, 0, false}, {"--1", 2, 0, false},
		{"1e3", 2, 0, false}, {"(1)", 2, 0, false}, {"1.5 ", 2, 0, false},
	} {
		v, ok := plainAmount(c.s, c.exp)
		if v != c.v || ok != c.ok {
			t.Errorf("plainAmount(%q, %d) = %d, %v; want %d, %v", c.s, c.exp, v, ok, c.v, c.ok)
		}
	}
}

func FuzzPlainAmount(f *testing.F) {
	for _, s := range []string{"1250.00", "-3.5", "100000000000.00", "100000000000.01", "12.345", "1.", "-", "0.10", "00000000000000000000001"} {
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, e uint8) {
		exp := amountExps[int(e)%len(amountExps)]
		v, ok := plainAmount(s, exp)
		if !ok {
			return
		}
		if w, err := parseAmountForms(s, exp, "USD"); err != nil || w != v {
			t.Fatalf("plainAmount(%q, %d) = %d; parseAmountForms gives %d, %v", s, exp, v, w, err)
		}
	})
}

func TestPlainStream(t *testing.T) {
	for s, want := range map[string]bool{
		"upwork/acme-logo": true, "a/b": true, "etsy/pixel-shop-2": true,
		"": false, "/": false, "a/": false, "/b": false, "a/b/c": false, "-a/b": false, "a-/b": false,
		"a/-b": false, "a/b-": false, "a--b/c": false, "a/b--c": false, "A/b": false, " a/b": false, "a/b ": false,
		"a_b/c": false, "a/" + strings.Repeat("b", 126): true, "a/" + strings.Repeat("b", 127): false,
	} {
		if got := plainStream(s); got != want {
			t.Errorf("plainStream(%q) = %v; want %v", s, got, want)
		}
	}
}

func FuzzPlainStream(f *testing.F) {
	for _, s := range []string{"upwork/acme-logo", "a/b/c", "-a/b", "a--b/c", "Etsy/Shop", " a/b", "a/b-", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseStreamForms(s)
		if plainStream(s) && (err != nil || got != Stream(s)) {
			t.Fatalf("plainStream(%q) is true; parseStreamForms gives %q, %v", s, got, err)
		}
		// On the characters plainStream knows it must not refuse a name.
		if strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-/") == "" && !plainStream(s) && err == nil {
			t.Fatalf("plainStream(%q) is false, but it is a stream name as it stands", s)
		}
	})
}

// exponentByMaps is CurrencyExponent as it was before the table.
func exponentByMaps(code string) (int, bool) {
	known := false
	for _, c := range currencyCodes {
		known = known || c == code
	}
	if !known {
		return 0, false
	}
	if e, ok := minorUnits[code]; ok {
		return e, true
	}
	return 2, true
}

func TestCurrencyTable(t *testing.T) {
	var b [3]byte
	for i := range 28 * 28 * 28 {
		// Every code of three characters from '@' to '[', A to Z and one
		// on either side of them.
		b[0], b[1], b[2] = byte('@'+i/(28*28)), byte('@'+i/28%28), byte('@'+i%28)
		code := string(b[:])
		e, ok := CurrencyExponent(code)
		we, wok := exponentByMaps(code)
		if e != we || ok != wok {
			t.Fatalf("CurrencyExponent(%q) = %d, %v; want %d, %v", code, e, ok, we, wok)
		}
	}
}

func FuzzCurrencyExponent(f *testing.F) {
	for _, s := range []string{"USD", "usd", "JPY", "KWD", "CLF", "XXX", "US", "USDD", "", "ÜSD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		e, ok := CurrencyExponent(code)
		if we, wok := exponentByMaps(code); e != we || ok != wok {
			t.Fatalf("CurrencyExponent(%q) = %d, %v; want %d, %v", code, e, ok, we, wok)
		}
	})
}

// Every symbol's list of currencies is well formed for symbolAgrees: known
// codes, one space apart.
func TestSymbolCurrencies(t *testing.T) {
	for _, s := range amountSymbols {
		for i, c := range strings.Split(s.currencies, " ") {
			if _, ok := CurrencyExponent(c); !ok || !symbolAgrees(s.currencies, c) {
				t.Errorf("symbol %s: currency %d %q is not a known code, or symbolAgrees misses it", s.sym, i, c)
			}
		}
		if symbolAgrees(s.currencies, "XXX") || symbolAgrees(s.currencies, "SD ") {
			t.Errorf("symbol %s: symbolAgrees accepts what is not in %q", s.sym, s.currencies)
		}
	}
}

// FuzzSlugASCII: the ASCII fast path of Slug gives what the general path
// gives, on every ASCII string.
func FuzzSlugASCII(f *testing.F) {
	for _, s := range []string{"Northwind Traders Ltd.", "--a--", "ABC_def 123", "", "\x00\x7f", "a-b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if fast, slow := slugASCII(s), slugText(s); fast != slow {
			t.Fatalf("Slug(%q): the ASCII path gives %q, the general one %q", s, fast, slow)
		}
	})
}
