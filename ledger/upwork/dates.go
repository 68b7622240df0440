package upwork

import (
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// dateForms is quoted in every date error of this package.
const dateForms = `"Jun 7, 2024", "June 7, 2024", 2024-06-07 or 06/07/2024`

// parseDate reads the dates UpWork writes: "Jun 7, 2024" in the transaction
// history, ISO in the Weekly Summary; "June 7, 2024" and MM/DD/YYYY turn up
// after a file has been through a spreadsheet.
func parseDate(s string) (ledger.Date, error) {
	t := strings.TrimSpace(s)
	if d, ok := parseMonthDayYear(t); ok {
		return d, nil
	}
	for _, layout := range []string{"2006-01-02", "01/02/2006", "1/2/2006"} {
		if p, err := time.Parse(layout, t); err == nil && p.Year() >= 1970 && p.Year() <= 2999 {
			return ledger.DateOf(p), nil
		}
	}
	return 0, ledger.Errorf(ledger.EINVALID, "%q is not a date: use %s", s, dateForms)
}

// parseMonthDayYear reads "Jun 7, 2024" and "June 7, 2024" (any case).
func parseMonthDayYear(t string) (ledger.Date, bool) {
	f := strings.Fields(strings.ReplaceAll(t, ",", " "))
	if len(f) != 3 {
		return 0, false
	}
	m, ok := monthNamed(f[0])
	if !ok {
		return 0, false
	}
	d, err1 := strconv.Atoi(f[1])
	y, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || len(f[2]) != 4 || y < 1970 || y > 2999 || d < 1 || d > 31 {
		return 0, false
	}
	p := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if p.Day() != d {
		return 0, false // Feb 30 rolled over
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

// parseUSDate reads the MM/DD/YYYY dates of an invoice period.
func parseUSDate(s string) (ledger.Date, bool) {
	p, err := time.Parse("1/2/2006", s)
	if err != nil || p.Year() < 1970 || p.Year() > 2999 {
		return 0, false
	}
	return ledger.DateOf(p), true
}
