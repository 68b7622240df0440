package ledger

import (
	"regexp"
	"strings"
	"time"
)

// EventChange is what `earnlog amend` was asked to change in an event; nil
// fields stay as they were.
type EventChange struct {
	Amount, Date, Stream, Kind, Note, Hours, Ref, Link, Currency *string
}

// Empty reports whether nothing is to change.
func (c *EventChange) Empty() bool {
	return c.Amount == nil && c.Date == nil && c.Stream == nil && c.Kind == nil && c.Note == nil &&
		c.Hours == nil && c.Ref == nil && c.Link == nil && c.Currency == nil
}

var bareHours = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// ParseBilledHours reads hours as --hours takes them: "24" is 24 hours, and
// every form of ParseDuration.
func ParseBilledHours(s string) (int64, error) {
	h := strings.TrimSpace(s)
	if bareHours.MatchString(h) {
		h += "h"
	}
	return ParseDuration(h)
}

// Apply returns old with the change made, checked as a new event would be.
// Changing the kind keeps the amount's size and gives it the kind's sign; a
// new date moves a billing week that ended on the old date; new hours bill
// the week ending on the date.
func (c *EventChange) Apply(old Event, today Date) (Event, error) {
	e := old
	e.ID, e.Voided, e.VoidReason, e.Amends, e.AmendedBy, e.Import = 0, false, "", 0, 0, 0
	var err error
	if c.Stream != nil {
		if e.Stream, err = ParseStream(*c.Stream); err != nil {
			return e, err
		}
	}
	if c.Date != nil {
		if e.Date, err = ParseDate(*c.Date, today); err != nil {
			return e, err
		}
		if ws, we := BillingWeek(old.Date); old.Billed > 0 && old.PeriodStart == ws && old.PeriodEnd == we {
			e.PeriodStart, e.PeriodEnd = BillingWeek(e.Date)
		}
	}
	if c.Kind != nil {
		if e.Kind, err = ParseKind(*c.Kind); err != nil {
			return e, err
		}
		if e.Kind.Sign() != 0 && e.Amount < 0 {
			e.Amount = -e.Amount
		}
		if e.Amount, err = SignAmount(e.Kind, e.Amount, FormatAmount(e.Amount, e.Currency)); err != nil {
			return e, err
		}
	}
	if c.Currency != nil {
		if e.Currency, err = ParseCurrency(*c.Currency); err != nil {
			return e, err
		}
		if c.Amount == nil {
			// Amounts are minor units: carry the typed value across.
			if e.Amount, err = ParseAmount(FormatAmount(old.Amount, old.Currency), e.Currency); err != nil {
				return e, Errorf(EINVALID, "%s %s has more decimals than %s: give --amount too", FormatAmount(old.Amount, old.Currency), old.Currency, e.Currency)
			}
		}
	}
	if c.Amount != nil {
		amount, err := ParseAmount(*c.Amount, e.Currency)
		if err != nil {
			return e, err
		}
		if e.Amount, err = SignAmount(e.Kind, amount, *c.Amount); err != nil {
			return e, err
		}
		if e.Amount == 0 {
			return e, Errorf(EINVALID, "%q is zero: void the event instead (earnlog void)", *c.Amount)
		}
	}
	if c.Hours != nil {
		if strings.TrimSpace(*c.Hours) == "0" {
			e.Billed, e.PeriodStart, e.PeriodEnd = 0, 0, 0
		} else {
			if e.Billed, err = ParseBilledHours(*c.Hours); err != nil {
				return e, err
			}
			e.PeriodStart, e.PeriodEnd = BillingWeek(e.Date)
		}
	}
	if e.Billed > 0 && e.Kind != KindHourly {
		return e, Errorf(EINVALID, "the event bills %s hours and a %s is not hourly: give --hours 0 too, or --kind hourly", FormatHours(e.Billed), e.Kind)
	}
	if c.Note != nil {
		e.Note = *c.Note
	}
	if c.Ref != nil {
		e.Ref = *c.Ref
	}
	if c.Link != nil {
		e.Link = *c.Link
	}
	if err := e.Validate(); err != nil {
		return e, err
	}
	if e == stripped(old) {
		return e, Errorf(EINVALID, "the amendment changes nothing: event %d already reads so", old.ID)
	}
	return e, nil
}

func stripped(e Event) Event {
	e.ID, e.Voided, e.VoidReason, e.Amends, e.AmendedBy, e.Import = 0, false, "", 0, 0, 0
	return e
}

// SessionChange is what `earnlog amend --work` was asked to change.
type SessionChange struct {
	Stream, Date, Start, Duration, Note *string
}

// Empty reports whether nothing is to change.
func (c *SessionChange) Empty() bool {
	return c.Stream == nil && c.Date == nil && c.Start == nil && c.Duration == nil && c.Note == nil
}

// Apply returns old with the change made, checked as a new session would be.
func (c *SessionChange) Apply(old WorkSession, today Date) (WorkSession, error) {
	w := old
	w.ID, w.Voided, w.VoidReason, w.Amends, w.AmendedBy, w.Import = 0, false, "", 0, 0, 0
	var err error
	if c.Stream != nil {
		if w.Stream, err = ParseStream(*c.Stream); err != nil {
			return w, err
		}
	}
	clock := w.Start - int64(w.StartDate())*86400
	if c.Date != nil {
		d, err := ParseDate(*c.Date, today)
		if err != nil {
			return w, err
		}
		w.Start = int64(d)*86400 + clock
	}
	if c.Start != nil {
		t, err := time.Parse("15:04", strings.TrimSpace(*c.Start))
		if err != nil {
			return w, Errorf(EINVALID, "--start %q is not a time of day: use HH:MM, 24-hour clock (09:00, 17:30)", *c.Start)
		}
		w.Start = int64(w.StartDate())*86400 + int64(t.Hour()*3600+t.Minute()*60)
		w.HasTime = true
	}
	if c.Duration != nil {
		if w.Seconds, err = ParseBilledHours(*c.Duration); err != nil {
			return w, err
		}
	}
	if !w.HasTime && w.Seconds > 24*3600 {
		return w, Errorf(EINVALID, "%s is more than a day: a session on a date is at most 24h; give --start", FormatDuration(w.Seconds))
	}
	if c.Note != nil {
		w.Note = *c.Note
	}
	if err := w.Validate(); err != nil {
		return w, err
	}
	o := old
	o.ID, o.Voided, o.VoidReason, o.Amends, o.AmendedBy, o.Import = 0, false, "", 0, 0, 0
	if w == o {
		return w, Errorf(EINVALID, "the amendment changes nothing: work session %d already reads so", old.ID)
	}
	return w, nil
}
