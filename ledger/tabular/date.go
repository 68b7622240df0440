package tabular

import (
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// dateForms is quoted in every date error of ParseDate.
const dateForms = `"Jun 7, 2024", "June 7, 2024", "31 July, 2026", 06/07/2024, 06/07/24, 2024-06-07 or 2024/06/07`

// numericLayouts are the all-digit forms ParseDate reads. Slashed dates with
// the year last are always month first: platforms write US dates, and
// reading a day first as well would make 06/07/2024 mean two days.
var numericLayouts = []string{"2006-01-02", "2006/1/2", "1/2/2006", "1/2/06"}

// ParseDate reads the dates platforms write, and the forms a spreadsheet
// leaves behind after it has touched the file: a month name before or after
// the day ("Jun 7, 2024", "June 7 2024", "Jan. 27, 2022", "31 July, 2026",
// always a four-digit year), MM/DD/YYYY, MM/DD/YY, YYYY-MM-DD and
// YYYY/MM/DD. Dates run from 1970 to 2999; anything else is EINVALID.
func ParseDate(s string) (ledger.Date, error) {
	t := strings.TrimSpace(s)
	if d, ok := parseNamedMonth(t); ok {
		return d, nil
	}
	for _, layout := range numericLayouts {
		if p, err := time.Parse(layout, t); err == nil && p.Year() >= 1970 && p.Year() <= 2999 {
			return ledger.DateOf(p), nil
		}
	}
	return 0, ledger.Errorf(ledger.EINVALID, "%q is not a date: use %s", s, dateForms)
}

// Date parses the date at col with ParseDate; a bad one is a RowError.
func (r Row) Date(col int) (ledger.Date, error) {
	d, err := ParseDate(r.Get(col))
	if err != nil {
		return 0, r.Err(col, err)
	}
	return d, nil
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
		return 0, false // Feb 30 rolled over into March
	}
	return ledger.DateOf(p), true
}

// monthNamed reads an English month name, full or in three letters ("Sept"
// too), with or without a trailing full stop.
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
