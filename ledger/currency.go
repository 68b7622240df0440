package ledger

import (
	"sort"
	"strings"
)

// DefaultCurrency is used where neither the person nor the file names one.
const DefaultCurrency = "USD"

// iso4217 lists the active ISO 4217 codes whose minor unit is not two
// decimals; every other code in currencyCodes has two.
var minorUnits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// currencyCodes are the active ISO 4217 currency codes (no funds or metals).
var currencyCodes = strings.Fields(`
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB
BRL BSD BTN BWP BYN BZD CAD CDF CHF CLF CLP CNY COP CRC CUP CVE CZK DJF DKK
DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR
MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
TND TOP TRY TTD TWD TZS UAH UGX USD UYI UYU UYW UZS VES VND VUV WST XAF XCD
XCG XOF XPF YER ZAR ZMW ZWG`)

// currencyTable holds, for every code of three letters A to Z (AAA is 0, AAB
// 1, ZZZ the last), its number of decimals plus one, or 0 when the code is
// not a currency. An import asks for the decimals of a currency three times
// a row; an index into this table is much cheaper than two map lookups.
var currencyTable = func() *[26 * 26 * 26]int8 {
	var t [26 * 26 * 26]int8
	for _, c := range currencyCodes {
		e, ok := minorUnits[c]
		if !ok {
			e = 2
		}
		i, _ := currencyIndex(c)
		t[i] = int8(e + 1)
	}
	return &t
}()

// currencyIndex is the place of a three-letter upper-case code in
// currencyTable; ok is false for anything else.
func currencyIndex(code string) (int, bool) {
	if len(code) != 3 {
		return 0, false
	}
	i := 0
	for j := 0; j < 3; j++ {
		c := code[j]
		if c < 'A' || c > 'Z' {
			return 0, false
		}
		i = i*26 + int(c-'A')
	}
	return i, true
}

// CurrencyExponent returns the number of decimals of an ISO 4217 code
// (JPY 0, USD 2, KWD 3) and whether the code is known.
func CurrencyExponent(code string) (int, bool) {
	i, ok := currencyIndex(code)
	if !ok || currencyTable[i] == 0 {
		return 0, false
	}
	return int(currencyTable[i] - 1), true
}

// ParseCurrency accepts an ISO 4217 code in any case and returns it upper case.
func ParseCurrency(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if _, ok := CurrencyExponent(c); !ok {
		return "", Errorf(EINVALID, "%q is not an ISO 4217 currency code: use a code such as USD, EUR, GBP, JPY or KWD", s)
	}
	return c, nil
}

// CurrencyCodes returns the known codes, sorted.
func CurrencyCodes() []string {
	out := append([]string(nil), currencyCodes...)
	sort.Strings(out)
	return out
}
