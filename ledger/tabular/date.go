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
	if d, ok := parseSlashed(t); ok {
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
	if d, ok, sure := parseShortMonth(t); sure {
		return d, ok
	}
	return parseMonthFields(t)
}

// parseMonthFields is parseNamedMonth for every form it reads.
func parseMonthFields(t string) (ledger.Date, bool) {
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

// parseShortMonth reads the form UpWork writes on every row, "Jan 2, 2006"
// (three ASCII letters, a space, one or two digits, a comma, a space, four
// digits), without the allocations of the general path: sure is false for
// any other text, which parseNamedMonth then reads.
func parseShortMonth(t string) (d ledger.Date, ok, sure bool) {
	n := len(t)
	if n != 11 && n != 12 {
		return 0, false, false
	}
	digits := func(s string) (int, bool) {
		v := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			v = 10*v + int(s[i]-'0')
		}
		return v, true
	}
	day, okDay := digits(t[4 : n-6])
	y, okYear := digits(t[n-4:])
	if t[3] != ' ' || t[n-6] != ',' || t[n-5] != ' ' || !okDay || !okYear {
		return 0, false, false
	}
	var m time.Month
	for mm := time.January; mm <= time.December; mm++ {
		name := mm.String()
		if lower3(t[:3]) == [3]byte{name[0] | 0x20, name[1], name[2]} {
			m = mm
			break
		}
	}
	if m == 0 || y < 1970 || y > 2999 || day < 1 || day > 31 {
		return 0, false, m != 0
	}
	p := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	if p.Day() != day {
		return 0, false, true // Feb 30 rolled over into March
	}
	return ledger.DateOf(p), true, true
}

// parseSlashed reads M/D/YYYY (one or two digits each for month and day),
// the billing periods of UpWork's hourly rows, as time.Parse with layout
// "1/2/2006" reads it but without its cost; ok is false for anything else,
// a date out of range included, which the layouts then get.
func parseSlashed(t string) (ledger.Date, bool) {
	num := func(i, most int) (v, next int) {
		for next = i; next < len(t) && next-i < most && t[next] >= '0' && t[next] <= '9'; next++ {
			v = 10*v + int(t[next]-'0')
		}
		return v, next
	}
	m, i := num(0, 2)
	if i == 0 || i >= len(t) || t[i] != '/' {
		return 0, false
	}
	d, j := num(i+1, 2)
	if j == i+1 || j >= len(t) || t[j] != '/' {
		return 0, false
	}
	y, k := num(j+1, 4)
	if k != j+5 || k != len(t) || m < 1 || m > 12 || d < 1 || y < 1970 || y > 2999 {
		return 0, false
	}
	p := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if p.Day() != d {
		return 0, false
	}
	return ledger.DateOf(p), true
}

// lower3 is the first three bytes of s in lower case (ASCII letters only).
func lower3(s string) [3]byte {
	var b [3]byte
	for i := range b {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
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
