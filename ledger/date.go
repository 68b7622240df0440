package ledger

import (
	"fmt"
	"strings"
	"time"
)

// Date is a civil date (no time zone) counted in days since 1970-01-01.
// It is small, ordered and cheap to compare, which the reports need.
type Date int32

// NewDate returns the Date of year, month and day.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(u.Unix() / 86400)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format("2006-01-02") }

// Month formats the month of d as YYYY-MM.
func (d Date) Month() string { return d.Time().Format("2006-01") }

// MonthIndex returns year*12+month-1, a dense ordered month number.
func (d Date) MonthIndex() int {
	y, m, _ := d.Time().Date()
	return y*12 + int(m) - 1
}

// MonthString formats a MonthIndex as YYYY-MM.
func MonthString(i int) string { return fmt.Sprintf("%04d-%02d", i/12, i%12+1) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// ParseISODate reads exactly YYYY-MM-DD, a real calendar date from
// 1970-01-01 to 2999-12-31, and reports whether s was one. It accepts what
// time.Parse with layout "2006-01-02" accepts in that range, no more, but
// without going through time.Parse: an import of a million rows reads a
// million dates and more.
func ParseISODate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := fixedDigits(s[0:4])
	m, ok2 := fixedDigits(s[5:7])
	d, ok3 := fixedDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1970 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return 0, false
	}
	return civilDays(y, m, d), true
}

// fixedDigits reads a field of a fixed width that must be all ASCII
// digits: no sign, no space.
func fixedDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days in month m of year y.
func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDays counts the days from 1970-01-01 to year y, month m, day d of the
// proleptic Gregorian calendar (y >= 0), as NewDate does through time.Date:
// years are counted from March, so that the leap day comes last.
func civilDays(y, m, d int) Date {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400 // 0..399
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// Accepted date forms, quoted in every date error.
const dateForms = "YYYY-MM-DD, today or yesterday"

// ParseDate reads a date as a person types it: YYYY-MM-DD, "today" or
// "yesterday" (relative to today).
func ParseDate(s string, today Date) (Date, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "today":
		return today, nil
	case "yesterday":
		return today - 1, nil
	}
	if len(t) != 10 || t[4] != '-' || t[7] != '-' {
		return 0, Errorf(EINVALID, "%q is not a date: use %s", s, dateForms)
	}
	p, err := time.Parse("2006-01-02", t)
	if err != nil {
		return 0, Errorf(EINVALID, "%q is not a date: use %s", s, dateForms)
	}
	if p.Year() < 1970 || p.Year() > 2999 {
		return 0, Errorf(EINVALID, "%q is out of range: dates run from 1970-01-01 to 2999-12-31", s)
	}
	return DateOf(p), nil
}

// ParseMonthOrDate reads a report bound: YYYY-MM (the first day of that
// month) or anything ParseDate accepts.
func ParseMonthOrDate(s string, today Date) (Date, error) {
	t := strings.TrimSpace(s)
	if len(t) == 7 && t[4] == '-' {
		p, err := time.Parse("2006-01", t)
		if err == nil && p.Year() >= 1970 && p.Year() <= 2999 {
			return DateOf(p), nil
		}
		return 0, Errorf(EINVALID, "%q is not a month or date: use YYYY-MM, %s", s, dateForms)
	}
	d, err := ParseDate(s, today)
	if err != nil {
		return 0, Errorf(EINVALID, "%q is not a month or date: use YYYY-MM, %s", s, dateForms)
	}
	return d, nil
}

// Clock is the time source: real time in the program, a fixed time in tests.
type Clock func() time.Time

// DateBound is the latest date a record may carry when it is recorded: money
// that arrived and work that was done lie in the past, and a year ahead is
// already generous (a sale typed as 2926 instead of 2026 would otherwise
// stretch every report over nine centuries). The zero DateBound has no
// bound, for records a person has confirmed with --allow-future.
type DateBound struct {
	latest Date
	set    bool
}

// FutureBound is the bound for records made today: today plus one year
// (2027-03-27 for 2026-03-27; 2029-03-01 for 2028-02-29, as time.AddDate
// counts), or none when allow is true.
func FutureBound(today Date, allow bool) DateBound {
	if allow {
		return DateBound{}
	}
	return DateBound{latest: DateOf(today.Time().AddDate(1, 0, 0)), set: true}
}

// Latest returns the bound and whether there is one.
func (b DateBound) Latest() (Date, bool) { return b.latest, b.set }

// Check refuses d (what is d's name in the message: "date", "end of the
// billing period") when it lies after the bound, naming both.
func (b DateBound) Check(what string, d Date) error {
	if !b.set || d <= b.latest {
		return nil
	}
	return Errorf(EINVALID, "%s %s is after %s, a year from today: a date that far ahead is most likely a typo; fix it, or give --allow-future to record it anyway", what, d, b.latest)
}

// CheckDates applies b to the dates of e: its date and the end of its
// billing period.
func (e *Event) CheckDates(b DateBound) error {
	if err := b.Check("the date", e.Date); err != nil {
		return err
	}
	if e.Billed > 0 {
		return b.Check("the billing period's end", e.PeriodEnd)
	}
	return nil
}

// CheckDates applies b to the days of w.
func (w *WorkSession) CheckDates(b DateBound) error {
	return b.Check("the session's end", w.EndDate())
}
