package ledger

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Amounts live inside earnlog as signed integer minor units of their
// currency (cents for USD, yen for JPY, fils for KWD): exact, and cheap to add
// in a report over a million events. decimal.Decimal is used at the edges,
// where text is read and written.

// amountForms is quoted in every amount error.
const amountForms = "1234.56, 1,234.56, $1,234.56, -12.50 or (12.50)"

// amountSymbols are the currency symbols accepted in front of an amount,
// longest first (so that "US$" is not read as "US" and "$"), each with the
// currencies it may stand for. A symbol must agree with the amount's
// currency (from --currency, the ledger's default or the file's own column):
// "€5" in USD is refused rather than stored as 5 dollars. "$" stands for any
// dollar, and for the pesos written with "$"; "£" for any pound; "kr" for the
// Nordic crowns; a prefixed dollar ("US$", "CA$", "A$", ...) for that one
// dollar only.
var amountSymbols = []struct {
	sym        string
	currencies string
}{
	{"CA$", "CAD"}, {"US$", "USD"}, {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"}, {"MX$", "MXN"}, {"NT$", "TWD"},
	{"A$", "AUD"}, {"C$", "CAD NIO"}, {"S$", "SGD"}, {"R$", "BRL"},
	{"CHF", "CHF"}, {"zł", "PLN"}, {"kr", "SEK NOK DKK ISK"},
	{"$", dollarCurrencies},
	{"£", "GBP EGP FKP GIP LBP SDG SHP SSP SYP"},
	{"€", "EUR"}, {"¥", "JPY CNY"}, {"₹", "INR"}, {"₩", "KRW KPW"}, {"₽", "RUB"},
	{"₺", "TRY"}, {"₦", "NGN"}, {"₱", "PHP"},
}

// dollarCurrencies are the currencies "$" may stand for: the dollars, and
// the pesos that write their amounts with "$".
const dollarCurrencies = "USD AUD BBD BMD BND BSD BZD CAD FJD GYD HKD JMD KYD LRD NAD NZD SBD SGD SRD TTD TWD XCD " +
	"ARS CLP COP CUP DOP MXN UYU"

// symbolAgrees reports whether currency is one of currencies, three-letter
// codes each followed by one space but the last. It allocates nothing: an
// import checks the symbol of every amount.
func symbolAgrees(currencies, currency string) bool {
	if currency == "" {
		return true // no currency to agree with: a filter bound of any currency
	}
	for i := 0; i+3 <= len(currencies); i += 4 {
		if currencies[i:i+3] == currency {
			return true
		}
	}
	return false
}

// SymbolsFor lists the symbols that may be written in front of an amount
// in currency, for error messages and documentation.
func SymbolsFor(currency string) []string {
	var out []string
	for _, s := range amountSymbols {
		if symbolAgrees(s.currencies, currency) {
			out = append(out, s.sym)
		}
	}
	return out
}

// ParseAmount reads an amount as people and platforms write it and returns it
// in minor units of currency. Accepted: an optional sign or parentheses for a
// negative, an optional currency symbol, digits with optional comma thousands
// separators in groups of three, and at most as many decimals as the currency
// has (zeros beyond that are fine: "100.0" is 100 JPY, Gumroad writes
// such amounts). Refused, as ambiguous or out of scale: decimal commas
// ("1.234,56", "12,50"), exponents ("1e3"), more decimals than the currency
// has ("12.345" in USD), anything else.
func ParseAmount(s, currency string) (int64, error) {
	exp, ok := CurrencyExponent(currency)
	if !ok {
		return 0, Errorf(EINVALID, "%q is not an ISO 4217 currency code", currency)
	}
	v, err := parseAmount(s, exp, currency)
	if err != nil {
		if sym, ok := err.(symbolError); ok {
			return 0, Errorf(EINVALID, "%q is not an amount in %s: %s stands for %s, not %s; %s", s, currency, sym.sym,
				strings.ReplaceAll(sym.currencies, " ", ", "), currency, symbolAdvice(currency))
		}
		return 0, Errorf(EINVALID, "%q is not an amount: %s; use %s", s, err.Error(), amountFormsFor(currency, exp))
	}
	return v, nil
}

// symbolAdvice says what to do about an amount whose symbol contradicts
// its currency.
func symbolAdvice(currency string) string {
	syms := SymbolsFor(currency)
	if len(syms) == 0 {
		return "write the amount without a symbol, or give its currency (--currency, or the file's currency column)"
	}
	return "write it without a symbol or with " + strings.Join(syms, " or ") + ", or give its own currency (--currency, or the file's currency column)"
}

// symbolError is a currency symbol that contradicts the amount's currency.
type symbolError struct{ sym, currencies string }

func (e symbolError) Error() string { return e.sym + " is not a symbol of this currency" }

func amountFormsFor(currency string, exp int) string {
	forms := amountForms
	if !symbolAgrees(dollarCurrencies, currency) {
		// Show the currency's own symbol, or none: "$" would be refused.
		sym := ""
		if syms := SymbolsFor(currency); len(syms) > 0 {
			sym = syms[len(syms)-1]
		}
		forms = strings.Replace(forms, "$1,234.56", sym+"1,234.56", 1)
		if sym == "" {
			forms = strings.Replace(forms, "1,234.56, 1,234.56", "1,234.56", 1)
		}
	}
	switch exp {
	case 0:
		return forms + " (" + currency + " has no decimals)"
	case 2:
		return forms
	}
	return forms + " (" + currency + " has " + string(rune('0'+exp)) + " decimals)"
}

type amountError string

func (e amountError) Error() string { return string(e) }

func parseAmount(s string, exp int, currency string) (int64, error) {
	t := strings.TrimSpace(s)
	if v, ok := plainAmount(t, exp); ok {
		return v, nil
	}
	return parseAmountForms(t, exp, currency)
}

// plainAmount reads the form nearly every file writes, digits with an
// optional minus and an optional point ("1250.00", "-3.5"), straight into
// minor units, without the string work parseAmountForms does for the other
// forms. ok is false for anything else, or anything out of range, which
// parseAmountForms then reads or refuses; what plainAmount accepts,
// parseAmountForms reads to the same value.
func plainAmount(t string, exp int) (int64, bool) {
	i, neg := 0, false
	if len(t) > 0 && t[0] == '-' {
		i, neg = 1, true
	}
	start := i
	var v int64
	for ; i < len(t) && t[i] >= '0' && t[i] <= '9'; i++ {
		v = v*10 + int64(t[i]-'0')
		if v > MaxMinor {
			return 0, false // and no overflow below
		}
	}
	if i == start {
		return 0, false
	}
	decimals := 0
	if i < len(t) {
		if t[i] != '.' || i+1 == len(t) {
			return 0, false
		}
		for i++; i < len(t); i++ {
			c := t[i]
			switch {
			case c < '0' || c > '9':
				return 0, false
			case decimals < exp:
				v = v*10 + int64(c-'0')
				decimals++
			case c != '0':
				return 0, false // more decimals than the currency has
			}
		}
	}
	for ; decimals < exp; decimals++ {
		v *= 10
	}
	if v > MaxMinor {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// parseAmountForms reads every accepted form of a trimmed amount in
// currency (of exp decimals); a currency symbol must agree with currency.
func parseAmountForms(t string, exp int, currency string) (int64, error) {
	if t == "" {
		return 0, amountError("it is empty")
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		neg = true
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") || strings.HasPrefix(t, "−") {
		if neg {
			return 0, amountError("it has two signs")
		}
		neg = strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−")
		_, size := firstRune(t)
		t = strings.TrimSpace(t[size:])
	}
	for _, sym := range amountSymbols {
		if strings.HasPrefix(t, sym.sym) {
			if !symbolAgrees(sym.currencies, currency) {
				return 0, symbolError{sym.sym, sym.currencies}
			}
			t = strings.TrimSpace(t[len(sym.sym):])
			break
		}
	}
	// A sign after the symbol: "$-12.50".
	if strings.HasPrefix(t, "-") {
		if neg {
			return 0, amountError("it has two signs")
		}
		neg = true
		t = t[1:]
	}
	if t == "" {
		return 0, amountError("it has no digits")
	}
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if hasPoint && strings.ContainsAny(frac, ".,") {
		return 0, amountError("it has more than one decimal mark")
	}
	if hasPoint && frac == "" {
		return 0, amountError("it has no digits after the point")
	}
	if intPart == "" {
		intPart = "0"
	}
	digits, err := ungroup(intPart)
	if err != nil {
		return 0, err
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return 0, amountError("it has something other than digits after the point")
		}
	}
	trimmed := strings.TrimRight(frac, "0")
	if len(trimmed) > exp {
		return 0, amountError("it has more decimals than the currency")
	}
	frac = trimmed + strings.Repeat("0", exp-len(trimmed))
	all := strings.TrimLeft(digits+frac, "0")
	if len(all) > 18 {
		return 0, amountError("it is too large")
	}
	var v int64
	for _, r := range all {
		v = v*10 + int64(r-'0')
	}
	if v > MaxMinor {
		return 0, amountError("it is too large")
	}
	if neg {
		v = -v
	}
	return v, nil
}

// ungroup checks the integer part: plain digits, or comma-separated groups of
// three after a first group of one to three digits.
func ungroup(s string) (string, error) {
	if !strings.Contains(s, ",") {
		for _, r := range s {
			if r < '0' || r > '9' {
				return "", amountError("it has something other than digits")
			}
		}
		return s, nil
	}
	groups := strings.Split(s, ",")
	for i, g := range groups {
		for _, r := range g {
			if r < '0' || r > '9' {
				return "", amountError("it has something other than digits")
			}
		}
		if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
			return "", amountError("a comma is only a thousands separator (groups of three digits); write decimals with a point")
		}
	}
	return strings.Join(groups, ""), nil
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}

// FormatAmount writes minor units with exactly the currency's decimals:
// FormatAmount(125000, "USD") == "1250.00".
func FormatAmount(minor int64, currency string) string {
	exp, ok := CurrencyExponent(currency)
	if !ok {
		exp = 2
	}
	return decimal.New(minor, int32(-exp)).StringFixed(int32(exp))
}

// AmountDecimal returns minor units as a decimal in major units.
func AmountDecimal(minor int64, currency string) decimal.Decimal {
	exp, ok := CurrencyExponent(currency)
	if !ok {
		exp = 2
	}
	return decimal.New(minor, int32(-exp))
}

// AddMinor adds two amounts and reports overflow, so a sum never wraps.
func AddMinor(a, b int64) (int64, bool) {
	c := a + b
	if (b > 0 && c < a) || (b < 0 && c > a) {
		return 0, false
	}
	return c, true
}

// MaxMinor bounds a single amount: 10^13 minor units (100 billion dollars,
// 10 trillion yen) is far beyond any real payment, and keeps the sum of
// nearly a million such amounts inside int64, so report totals never wrap.
const MaxMinor = 10_000_000_000_000

// LooksNegative reports whether s is written as a negative amount ("-2.50",
// "-$5", "-¥1000", "-.5", "-CA$3"): a sign, an optional currency symbol,
// then digits, commas and points only. The command line uses it to tell a
// negative amount from a flag; whether the amount is valid is ParseAmount's
// to say, so "-5.5.5" is handed on as an amount and refused as one.
func LooksNegative(s string) bool {
	var t string
	switch {
	case strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "--"):
		t = s[1:]
	case strings.HasPrefix(s, "−"):
		t = s[len("−"):]
	default:
		return false
	}
	for _, sym := range amountSymbols {
		if strings.HasPrefix(t, sym.sym) {
			t = strings.TrimLeft(t[len(sym.sym):], " ")
			break
		}
	}
	if t == "" || strings.Trim(t, "0123456789,.") != "" || strings.Trim(t, ",.") == "" {
		return false
	}
	return true
}
