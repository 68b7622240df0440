package ledger

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Rate is an exchange rate: on Date, one unit of From was worth Value units
// of To ("P 2025-03-01 EUR 1.0842 USD" is From EUR, To USD, Value 1.0842).
// Value is exact, as the source wrote it; Source says where it came from
// ("ecb", "pricedb", "csv" or "manual", with the file's name for imports).
type Rate struct {
	Date   Date
	From   string
	To     string
	Value  decimal.Decimal
	Source string
}

// MaxRateDigits bounds the significant digits of a rate. Central banks
// publish five or six; ten leaves room for any real source and keeps a
// conversion's arithmetic in 128 bits.
const MaxRateDigits = 10

// MaxRateScale bounds the decimals of a rate: 30 is smaller than any
// exchange rate of two currencies in circulation.
const MaxRateScale = 30

// MaxSource bounds the text of a rate's source.
const MaxSource = 200

// rateForms is quoted in every rate error.
const rateForms = "a positive decimal such as 1.0842 or 161.14, at most 10 significant digits"

// ParseRateValue reads a rate as rate files write it: plain decimal digits
// with an optional point, positive, with at most MaxRateDigits significant
// digits. Exponents, signs, thousands separators and zero are refused.
func ParseRateValue(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	bad := func(why string) (decimal.Decimal, error) {
		return decimal.Zero, Errorf(EINVALID, "%q is not a rate: %s; use %s", s, why, rateForms)
	}
	if t == "" {
		return bad("it is empty")
	}
	points, digits := 0, 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == '.':
			points++
		case c >= '0' && c <= '9':
			digits++
		default:
			return bad("it has something other than digits and a point")
		}
	}
	if points > 1 || digits == 0 {
		return bad("it is not a plain decimal")
	}
	intPart, frac, _ := strings.Cut(t, ".")
	sig := strings.TrimLeft(intPart+strings.TrimRight(frac, "0"), "0")
	if sig == "" {
		return bad("a rate must be above zero")
	}
	if len(strings.TrimRight(sig, "0")) > MaxRateDigits {
		return bad("it has more than 10 significant digits")
	}
	if len(intPart) > 12 {
		return bad("it is too large")
	}
	v, err := decimal.NewFromString(t)
	if err != nil {
		return bad("it is not a plain decimal")
	}
	v = normRate(v)
	if v.Exponent() < -MaxRateScale {
		return bad("it is too small (at most 30 decimals)")
	}
	return v, nil
}

// normRate drops trailing zeros (String does), so that 1.08420 and 1.0842
// are the same rate to the store and to idempotent imports.
func normRate(v decimal.Decimal) decimal.Decimal {
	n, err := decimal.NewFromString(v.String())
	if err != nil {
		return v
	}
	return n
}

// FormatRate writes a rate as it was given, without trailing zeros.
func FormatRate(v decimal.Decimal) string { return v.String() }

// maxRateDate is 2999-12-31, the last date ParseISODate reads.
var maxRateDate = NewDate(2999, 12, 31)

// Validate checks a rate before it is stored.
func (r *Rate) Validate() error {
	for _, c := range []string{r.From, r.To} {
		if _, ok := CurrencyExponent(c); !ok {
			return Errorf(EINVALID, "%q is not an ISO 4217 currency code", c)
		}
	}
	if r.From == r.To {
		return Errorf(EINVALID, "a rate from %s to %s converts a currency to itself: give two different currencies", r.From, r.To)
	}
	if r.Date < 0 || r.Date > maxRateDate {
		return Errorf(EINVALID, "rate date %s is out of range: use a date from 1970-01-01 to 2999-12-31", r.Date)
	}
	if _, err := ParseRateValue(r.Value.String()); err != nil {
		return err
	}
	return CheckText("the source", r.Source, MaxSource)
}

// Pair names a conversion, "EUR/USD", as --pair takes it.
func Pair(from, to string) string { return from + "/" + to }

// ParsePair reads "EUR/USD" (or "EURUSD", "eur/usd") into two currency codes.
func ParsePair(s string) (from, to string, err error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	a, b, ok := strings.Cut(t, "/")
	if !ok && len(t) == 6 {
		a, b, ok = t[:3], t[3:], true
	}
	if ok {
		_, ok1 := CurrencyExponent(a)
		_, ok2 := CurrencyExponent(b)
		if ok1 && ok2 && a != b {
			return a, b, nil
		}
	}
	return "", "", Errorf(EINVALID, "%q is not a currency pair: use two different ISO 4217 codes such as EUR/USD", s)
}
