package ledger_test

import (
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func ptr(s string) *string { return &s }

func TestEventChangeApply(t *testing.T) {
	d := ledger.NewDate(2026, 3, 27)
	ws, we := ledger.BillingWeek(d)
	old := ledger.Event{ID: 7, Date: d, Stream: "upwork/acme", Kind: ledger.KindHourly, Amount: 43200, Currency: "USD",
		Billed: 24 * 3600, PeriodStart: ws, PeriodEnd: we, Note: "week", Key: "upwork:T1", Voided: false}
	ok := []struct {
		name  string
		ch    ledger.EventChange
		check func(e ledger.Event) bool
	}{
		{"amount", ledger.EventChange{Amount: ptr("450")}, func(e ledger.Event) bool { return e.Amount == 45000 && e.Key == "upwork:T1" && e.ID == 0 }},
		{"date moves the billing week", ledger.EventChange{Date: ptr("2026-03-20")}, func(e ledger.Event) bool {
			s, en := ledger.BillingWeek(ledger.NewDate(2026, 3, 20))
			return e.PeriodStart == s && e.PeriodEnd == en
		}},
		{"kind to refund keeps the size", ledger.EventChange{Kind: ptr("refund"), Hours: ptr("0")}, func(e ledger.Event) bool {
			return e.Amount == -43200 && e.Billed == 0 && e.PeriodStart == 0
		}},
		{"currency carries the typed value", ledger.EventChange{Currency: ptr("eur")}, func(e ledger.Event) bool { return e.Currency == "EUR" && e.Amount == 43200 }},
		{"hours", ledger.EventChange{Hours: ptr("10")}, func(e ledger.Event) bool { return e.Billed == 36000 }},
		{"note, ref, link", ledger.EventChange{Note: ptr("x"), Ref: ptr("R"), Link: ptr("L")}, func(e ledger.Event) bool {
			return e.Note == "x" && e.Ref == "R" && e.Link == "L"
		}},
	}
	for _, c := range ok {
		got, err := c.ch.Apply(old, d)
		if err != nil || !c.check(got) {
			t.Errorf("%s: %+v, %v", c.name, got, err)
		}
	}
	bad := []struct {
		name string
		ch   ledger.EventChange
		want string
	}{
		{"nothing changes", ledger.EventChange{Note: ptr("week")}, "changes nothing"},
		{"hours on a fixed", ledger.EventChange{Kind: ptr("fixed")}, "is not hourly"},
		{"negative income", ledger.EventChange{Amount: ptr("-5")}, "is negative"},
		{"zero", ledger.EventChange{Amount: ptr("0")}, "is zero"},
		{"bad stream", ledger.EventChange{Stream: ptr("Nope")}, "Nope"},
		{"decimals lost", ledger.EventChange{Currency: ptr("JPY"), Amount: nil}, "more decimals than JPY"},
	}
	jpy := old
	jpy.Amount = 43250
	for _, c := range bad {
		from := old
		if c.name == "decimals lost" {
			from = jpy
		}
		if _, err := c.ch.Apply(from, d); err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want EINVALID with %q", c.name, err, c.want)
		}
	}
}

func TestSessionChangeApply(t *testing.T) {
	d := ledger.NewDate(2026, 3, 27)
	old := ledger.WorkSession{ID: 3, Stream: "upwork/acme", Start: int64(d)*86400 + 9*3600, HasTime: true, Seconds: 7200, Key: "k"}
	got, err := (&ledger.SessionChange{Date: ptr("2026-03-26"), Duration: ptr("1:30")}).Apply(old, d)
	if err != nil || got.Start != int64(d-1)*86400+9*3600 || got.Seconds != 5400 || got.Key != "k" {
		t.Errorf("date and duration: %+v, %v", got, err)
	}
	got, err = (&ledger.SessionChange{Start: ptr("14:15")}).Apply(old, d)
	if err != nil || got.Start != int64(d)*86400+14*3600+15*60 {
		t.Errorf("start: %+v, %v", got, err)
	}
	dateOnly := ledger.WorkSession{ID: 4, Stream: "upwork/acme", Start: int64(d) * 86400, Seconds: 3600}
	if _, err := (&ledger.SessionChange{Duration: ptr("25h")}).Apply(dateOnly, d); err == nil || !strings.Contains(err.Error(), "more than a day") {
		t.Errorf("25h on a date: %v", err)
	}
	if _, err := (&ledger.SessionChange{Start: ptr("25:00")}).Apply(old, d); err == nil || !strings.Contains(err.Error(), "not a time of day") {
		t.Errorf("bad start: %v", err)
	}
	if _, err := (&ledger.SessionChange{Duration: ptr("2h")}).Apply(old, d); err == nil || !strings.Contains(err.Error(), "changes nothing") {
		t.Errorf("no change: %v", err)
	}
}
