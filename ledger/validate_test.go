package ledger_test

import (
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// TestValidateNewRecords: the rules every way in enforces, which
// ValidateStored (what a stored record must be) leaves to Validate.
func TestValidateNewRecords(t *testing.T) {
	day := ledger.NewDate(2026, time.March, 27)
	hourly := func(billed int64, from, to ledger.Date) ledger.Event {
		return ledger.Event{Date: day, Stream: "upwork/acme", Kind: ledger.KindHourly, Amount: 100, Currency: "USD", Billed: billed, PeriodStart: from, PeriodEnd: to}
	}
	week0, week1 := ledger.BillingWeek(day)
	good := []ledger.Event{hourly(168*3600, week0, week1), hourly(24*3600, day, day), hourly(0, 0, 0)}
	for _, e := range good {
		if err := e.Validate(); err != nil {
			t.Errorf("%+v: %v", e, err)
		}
	}
	sale := hourly(3600, week0, week1)
	sale.Kind = ledger.KindSale
	old := hourly(0, 0, 0)
	old.Date = ledger.MinDate - 1
	late := hourly(0, 0, 0)
	late.Date = ledger.MaxDate + 1
	for _, c := range []struct {
		e    ledger.Event
		want string
	}{
		{hourly(168*3600+60, week0, week1), "billed hours 168.02 do not fit in the billing period 2026-03-21..2026-03-27: 7 days hold at most 168h"},
		{hourly(25*3600, day, day), "1 days hold at most 24h"},
		{sale, "billed hours 1.00 go with an hourly payment, not a sale"},
		{old, "the date 1969-12-31 is out of range"},
		{late, "the date 3000-01-01 is out of range"},
		{hourly(3600, ledger.MinDate-7, ledger.MinDate-1), "billing period 1969-12-25..1969-12-31 is out of range"},
	} {
		err := c.e.Validate()
		if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v; want EINVALID with %q", c.e, err, c.want)
		}
		if err := c.e.ValidateStored(); err != nil {
			t.Errorf("%+v: ValidateStored: %v; a record of an earlier version must still read", c.e, err)
		}
	}

	session := func(start time.Time, hasTime bool, secs int64) ledger.WorkSession {
		return ledger.WorkSession{Stream: "upwork/acme", Start: ledger.CivilSeconds(start), HasTime: hasTime, Seconds: secs}
	}
	mar27 := time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC)
	for _, w := range []ledger.WorkSession{session(mar27, false, 24*3600), session(mar27, true, 500*3600)} {
		if err := w.Validate(); err != nil {
			t.Errorf("%+v: %v", w, err)
		}
	}
	for _, c := range []struct {
		w    ledger.WorkSession
		want string
	}{
		{session(mar27, false, 500*3600), "a session of 500h on a date alone is more than a day"},
		{session(mar27, false, 24*3600+1), "more than a day"},
		{session(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), true, 3600), "the session starts on 0001-01-01, out of range"},
		{session(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), false, 3600), "the session starts on 9999-01-01, out of range"},
	} {
		err := c.w.Validate()
		if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v; want EINVALID with %q", c.w, err, c.want)
		}
		if err := c.w.ValidateStored(); err != nil {
			t.Errorf("%+v: ValidateStored: %v", c.w, err)
		}
	}
}
