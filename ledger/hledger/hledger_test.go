package hledger_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/hledger"
)

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"blue mug", "blue mug"},
		{"two\nlines\r\nand\ttab", "two lines and tab"},
		{"  lead  and   runs  ", "lead and runs"},
		{"a; comment", "a, comment"},
		{"=SUM(A1)", "=SUM(A1)"},
		{"\x00\u2028x", "x"},
		{"日本 😀", "日本 😀"},
	} {
		if got := hledger.Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestAccountsAndAmount(t *testing.T) {
	for _, c := range []struct {
		kind         ledger.Kind
		asset, other string
	}{
		{ledger.KindSale, "assets:etsy", "income:etsy:pixel-press"},
		{ledger.KindRefund, "assets:etsy", "income:etsy:pixel-press"},
		{ledger.KindAdjustment, "assets:etsy", "income:etsy:pixel-press"},
		{ledger.KindFee, "assets:etsy", "expenses:fees:etsy:pixel-press"},
	} {
		a, o := hledger.Accounts(&ledger.Event{Stream: "etsy/pixel-press", Kind: c.kind})
		if a != c.asset || o != c.other {
			t.Errorf("%s: accounts %s, %s; want %s, %s", c.kind, a, o, c.asset, c.other)
		}
	}
	for _, c := range []struct {
		minor int64
		cur   string
		want  string
	}{
		{25000, "USD", "USD 250.00"}, {-1250, "USD", "USD -12.50"}, {3000, "JPY", "JPY 3000"}, {1250, "KWD", "KWD 1.250"}, {-5, "CLF", "CLF -0.0005"},
	} {
		if got := hledger.Amount(c.minor, c.cur); got != c.want {
			t.Errorf("Amount(%d, %s) = %q; want %q", c.minor, c.cur, got, c.want)
		}
	}
}

func TestJournal(t *testing.T) {
	var b strings.Builder
	j := hledger.NewJournal(&b)
	d := ledger.NewDate(2026, 3, 4)
	events := []ledger.Event{
		{ID: 1, Date: d, Stream: "upwork/acme-logo", Kind: ledger.KindHourly, Amount: 43200, Currency: "USD", Billed: 86400, Ref: "T(7)", Note: "week 9;\nlate"},
		{ID: 2, Date: d, Stream: "upwork/acme-logo", Kind: ledger.KindFee, Amount: -4320, Currency: "USD", Link: "T(7), x"},
		{ID: 3, Date: d, Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 999, Currency: "USD", Voided: true},
		{ID: 4, Date: d, Stream: "gumroad/pack", Kind: ledger.KindSale, Amount: 3000, Currency: "JPY"},
	}
	for i := range events {
		if err := j.Event(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `; earnlog export hledger: one transaction per income event (voided events left out).
; Income is a credit in hledger: 'hledger bal income' shows earnlog's income negated.
decimal-mark .

commodity USD 1000.00

2026-03-04 (T[7]) hourly upwork/acme-logo | week 9, late
    ; earnlog-id:1, billed-hours:24.00
    assets:upwork                           USD 432.00
    income:upwork:acme-logo                 USD -432.00

2026-03-04 fee upwork/acme-logo
    ; earnlog-id:2, link:T(7) x
    assets:upwork                           USD -43.20
    expenses:fees:upwork:acme-logo          USD 43.20

commodity JPY 1000.

2026-03-04 sale gumroad/pack
    ; earnlog-id:4
    assets:gumroad                          JPY 3000
    income:gumroad:pack                     JPY -3000
`
	if b.String() != want {
		t.Errorf("journal:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestTimeclock(t *testing.T) {
	var b strings.Builder
	tc := hledger.NewTimeclock(&b)
	start := time.Date(2026, 2, 18, 23, 30, 0, 0, time.UTC).Unix()
	for _, s := range []ledger.WorkSession{
		{Stream: "etsy/shop", Start: start, HasTime: true, Seconds: 2700, Note: "photos\nand copy"},
		{Stream: "upwork/acme-logo", Start: start - start%86400, Seconds: 9000},
		{Stream: "upwork/acme-logo", Start: start, Seconds: 60, Voided: true},
	} {
		if err := tc.Session(&s); err != nil {
			t.Fatal(err)
		}
	}
	if err := tc.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `i 2026/02/18 23:30:00 etsy:shop  photos and copy
o 2026/02/19 00:15:00
i 2026/02/18 00:00:00 upwork:acme-logo
o 2026/02/18 02:30:00
`
	if b.String() != want {
		t.Errorf("timeclock:\n%s\nwant:\n%s", b.String(), want)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorsReported(t *testing.T) {
	j := hledger.NewJournal(failWriter{})
	e := ledger.Event{ID: 1, Date: 1, Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 100, Currency: "USD", Note: strings.Repeat("x", 1000)}
	var err error
	for i := 0; i < 10 && err == nil; i++ {
		err = j.Event(&e)
	}
	if err == nil {
		err = j.Flush()
	}
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("journal write error = %v; want disk full", err)
	}
	if err := hledger.NewTimeclock(failWriter{}).Flush(); err != nil {
		t.Errorf("flush of nothing = %v", err)
	}
}
