package etsy

import (
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// dateForms is quoted in every date error of this package.
const dateForms = `"January 27, 2022", "31 July, 2026", "Jan 27, 2022", 01/27/22, 01/27/2022 or 2022-01-27`

// parseDate reads the dates Etsy writes: long-form and locale-dependent in
// statements ("January 27, 2022", "31 July, 2026"), MM/DD/YY in the order
// exports, ISO after a spreadsheet has touched the file.
func parseDate(s string) (ledger.Date, error) {
	t := strings.TrimSpace(s)
	if d, ok := parseNamedMonth(t); ok {
		return d, nil
	}
	for _, layout := range []string{"2006-01-02", "1/2/06", "1/2/2006"} {
		p, err := time.Parse(layout, t)
		if err != nil || p.Year() < 1970 || p.Year() > 2999 {
			continue
		}
		return ledger.DateOf(p), nil
	}
	return 0, ledger.Errorf(ledger.EINVALID, "%q is not a date: use %s", s, dateForms)
}

// parseNamedMonth reads "January 27, 2022", "Jan 27 2022", "31 July, 2026"
// and "31 Jul 2026": a month name, a day and a four-digit year.
func parseNamedMonth(t string) (ledger.Date, bool) {
	f := strings.Fields(strings.ReplaceAll(t, ",", " "))
	if len(f) != 3 {
		return 0, false
	}
	var m time.Month
	var day string
	if mm, ok := monthNamed(f[0]); ok {
		m, day = mm, f[1]
	} else if mm, ok := monthNamed(f[1]); ok {
		m, day = mm, f[0]
	} else {
		return 0, false
	}
	d, err1 := strconv.Atoi(day)
	y, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || len(f[2]) != 4 || y < 1970 || y > 2999 || d < 1 || d > 31 {
		return 0, false
	}
	p := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if p.Day() != d {
		return 0, false
	}
	return ledger.DateOf(p), true
}

// monthNamed reads an English month name, full or in three letters.
func monthNamed(s string) (time.Month, bool) {
	l := strings.ToLower(strings.TrimSuffix(s, "."))
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		if l == full || (len(l) == 3 && l == full[:3]) || (l == "sept" && m == time.September) {
			return m, true
		}
	}
	return 0, false
}
