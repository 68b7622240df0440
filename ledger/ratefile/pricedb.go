package ratefile

import (
	"bufio"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// parsePriceDB reads P directives: "P DATE [TIME] COMMODITY AMOUNT", where
// AMOUNT is a number with a currency code before or after it
// ("1.0842 USD", "USD 1.0842"). Dates may use -, / or . between their
// parts, as hledger and Ledger accept.
func parsePriceDB(r io.Reader, name, source string) (*File, error) {
	br := bufio.NewReader(r)
	f := &File{}
	other, commodities := 0, map[string]bool{}
	for line := 1; ; line++ {
		text, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, ledger.Errorf(ledger.EINVALID, "%s: cannot read: %v", name, err)
		}
		if len(text) > maxLine {
			return nil, lineErrf(name, line, "", "the line is too long")
		}
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if rate, skip, perr := priceLine(text, source); perr != nil {
			return nil, lineErr(name, line, "", perr)
		} else if skip == skipOther {
			other++
		} else if skip == skipCommodity {
			commodities[rate.From] = true
		} else if skip == keep {
			f.Rates = append(f.Rates, rate)
		}
		if err == io.EOF {
			break
		}
	}
	if other > 0 {
		f.Skipped = append(f.Skipped, itoa(other)+" lines that are not price directives")
	}
	if len(commodities) > 0 {
		var cs []string
		for c := range commodities {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		f.Skipped = append(f.Skipped, "prices of commodities that are not currencies: "+strings.Join(cs, ", "))
	}
	return f, nil
}

const (
	keep = iota
	skipBlank
	skipOther
	skipCommodity
)

func priceLine(text, source string) (ledger.Rate, int, error) {
	t := strings.TrimSpace(text)
	if t == "" || strings.ContainsRune(";#*%|", rune(t[0])) {
		return ledger.Rate{}, skipBlank, nil
	}
	if !strings.HasPrefix(t, "P ") && !strings.HasPrefix(t, "P\t") {
		return ledger.Rate{}, skipOther, nil
	}
	// A comment after the price.
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	fields := strings.Fields(t[1:])
	if len(fields) < 3 {
		return ledger.Rate{}, 0, errors.New("a price directive is P DATE COMMODITY AMOUNT, such as P 2025-03-01 EUR 1.0842 USD")
	}
	d, ok := priceDate(fields[0])
	if !ok {
		return ledger.Rate{}, 0, errors.New("\"" + fields[0] + "\" is not a date: use YYYY-MM-DD (or YYYY/MM/DD) from 1970 to 2999")
	}
	fields = fields[1:]
	if isTime(fields[0]) {
		fields = fields[1:]
	}
	if len(fields) < 2 {
		return ledger.Rate{}, 0, errors.New("a price directive is P DATE COMMODITY AMOUNT, such as P 2025-03-01 EUR 1.0842 USD")
	}
	commodity := strings.Trim(fields[0], "\"")
	from, okFrom := currencyCode(commodity)
	amount := fields[1:]
	var num, code string
	switch {
	case len(amount) == 2 && isNumber(amount[0]):
		num, code = amount[0], amount[1]
	case len(amount) == 2 && isNumber(amount[1]):
		code, num = amount[0], amount[1]
	case len(amount) == 1:
		return ledger.Rate{}, 0, errors.New("the amount \"" + amount[0] + "\" has no currency code: write it as 1.0842 USD")
	default:
		return ledger.Rate{}, 0, errors.New("\"" + strings.Join(amount, " ") + "\" is not an amount: write it as 1.0842 USD")
	}
	to, okTo := currencyCode(strings.Trim(code, "\""))
	if !okFrom || !okTo {
		if !okFrom {
			// A stock or a fund: not a currency, so not a rate.
			return ledger.Rate{From: commodity}, skipCommodity, nil
		}
		return ledger.Rate{From: code}, skipCommodity, nil
	}
	if from == to {
		return ledger.Rate{}, 0, errors.New("a price of " + from + " in " + to + " converts a currency to itself")
	}
	v, err := ledger.ParseRateValue(num)
	if err != nil {
		return ledger.Rate{}, 0, err
	}
	return ledger.Rate{Date: d, From: from, To: to, Value: v, Source: source}, keep, nil
}

func priceDate(s string) (ledger.Date, bool) {
	if len(s) == 10 && (s[4] == '/' || s[4] == '.') && s[7] == s[4] {
		s = s[:4] + "-" + s[5:7] + "-" + s[8:]
	}
	return ledger.ParseISODate(s)
}

func isTime(s string) bool {
	if len(s) != 5 && len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 2 || i == 5 {
			if c != ':' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' && c != ',' && c != '-' && c != '+' {
			return false
		}
	}
	return true
}
