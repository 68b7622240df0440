package ledger_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func TestLikelyDuplicates(t *testing.T) {
	d := func(s string) ledger.Date {
		v, err := ledger.ParseDate(s, 0)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ev := func(id uint64, date, stream string, kind ledger.Kind, amount int64, cur string) ledger.Event {
		return ledger.Event{ID: id, Date: d(date), Stream: ledger.Stream(stream), Kind: kind, Amount: amount, Currency: cur}
	}
	events := []ledger.Event{
		ev(1, "2026-03-05", "kofi/donations", ledger.KindTip, 500, "USD"),
		ev(2, "2026-03-07", "paypal/jane-doe", ledger.KindTip, 500, "USD"),     // 2 days after #1: a pair
		ev(3, "2026-03-09", "paypal/max", ledger.KindFixed, 500, "USD"),        // 4 days after #1, 2 after #2 (same platform): none
		ev(4, "2026-03-05", "gumroad/icons", ledger.KindSale, 500, "EUR"),      // other currency
		ev(5, "2026-03-06", "etsy/shop", ledger.KindSale, 500, "USD"),          // a pair with #2 only (no payment account with #1)
		ev(6, "2026-03-06", "paypal/x", ledger.KindFee, -500, "USD"),           // not income
		ev(7, "2026-03-06", "stripe/payments", ledger.KindFixed, 500, "USD"),   // voided
		ev(8, "2026-03-20", "stripe/payments", ledger.KindFixed, 12000, "USD"), // alone
	}
	events[6].Voided = true
	got := ledger.LikelyDuplicates(events)
	want := [][2]uint64{{1, 2}, {5, 2}, {5, 3}}
	if len(got) != len(want) {
		t.Fatalf("got %d pairs %+v, want %v", len(got), got, want)
	}
	for i, p := range got {
		if p.A.ID != want[i][0] || p.B.ID != want[i][1] {
			t.Errorf("pair %d is #%d and #%d, want #%d and #%d", i, p.A.ID, p.B.ID, want[i][0], want[i][1])
		}
	}
}
