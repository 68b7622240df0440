package shopify_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/shopify"
)

const shop ledger.Stream = "shopify/pixel-press"

func importFile(t *testing.T, r *ledgertest.Sink, name string) error {
	t.Helper()
	return r.ImportFile(t, shopify.Import, name, ledger.ImportOptions{Stream: shop})
}

// d is short for the tables of expected events.
var d = ledgertest.Date

func ev(date string, kind ledger.Kind, amount int64, currency, ref, link, note, key string) ledger.Event {
	return ledger.Event{Date: d(date), Stream: shop, Kind: kind, Amount: amount, Currency: currency, Ref: ref, Link: link, Note: note, Key: key}
}

func TestImport(t *testing.T) {
	tests := []struct {
		file   string
		events []ledger.Event
		skips  []string
	}{
		{
			file: "orders.csv",
			events: []ledger.Event{
				ev("2025-10-07", ledger.KindSale, 5990, "EUR", "#1003", "", "Order #1003: Poster, A2, Sticker", "shopify:order:pixel-press:#1003"),
				ev("2025-10-07", ledger.KindRefund, -1000, "EUR", "", "#1003", "refund of order #1003", "shopify:order:pixel-press:#1003:refund"),
				ev("2025-10-01", ledger.KindSale, 2500, "USD", "#1001", "", "Order #1001: Print, Frame", "shopify:order:pixel-press:#1001"),
				ev("2025-09-20", ledger.KindSale, 1500, "USD", "#1000", "", "Order #1000: Tote", "shopify:order:pixel-press:#1000"),
				ev("2025-09-20", ledger.KindRefund, -1500, "USD", "", "#1000", "refund of order #1000", "shopify:order:pixel-press:#1000:refund"),
				ev("2025-09-10", ledger.KindSale, 6000, "USD", "#999", "", "Order #999: Commission", "shopify:order:pixel-press:#999"),
			},
			skips: []string{"2:unpaid order", "5:unpaid order"},
		},
		{
			file: "orders_old.csv",
			events: []ledger.Event{
				ev("2025-10-01", ledger.KindSale, 2500, "USD", "#1001", "", "Order #1001: Frame, Print", "shopify:order:pixel-press:#1001"),
				ev("2025-10-09", ledger.KindSale, 1200, "GBP", "#1005", "", "Order #1005: Card", "shopify:order:pixel-press:#1005"),
			},
		},
		{
			file: "payouts.csv",
			events: []ledger.Event{
				ev("2025-10-07", ledger.KindFee, -204, "EUR", "", "", "Shopify Payments fees, payout of 47.86 EUR", "shopify:payout:pixel-press:2025-10-07:EUR:4786:1"),
				ev("2025-10-02", ledger.KindFee, -103, "USD", "", "", "Shopify Payments fees, payout of 23.97 USD", "shopify:payout:pixel-press:2025-10-02:USD:2397:1"),
			},
			skips: []string{"2:payout in_transit", "5:no fees", "6:payout failed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := ledgertest.Sink{Dedupe: true}
			if err := importFile(t, &r, tt.file); err != nil {
				t.Fatalf("Import: %v", err)
			}
			if !reflect.DeepEqual(r.Events, tt.events) {
				t.Errorf("events:\n got %+v\nwant %+v", r.Events, tt.events)
			}
			if !reflect.DeepEqual(r.Skips, tt.skips) {
				t.Errorf("skips: got %q, want %q", r.Skips, tt.skips)
			}
			for _, e := range r.Events {
				if err := e.Validate(); err != nil {
					t.Errorf("event %s does not validate: %v", e.Key, err)
				}
			}
		})
	}
}

// Overlapping exports add only what is new: an order exported by an old
// and a new Shopify, a payout downloaded twice.
func TestImportOverlapping(t *testing.T) {
	for _, files := range [][2]string{{"orders.csv", "orders_old.csv"}, {"payouts.csv", "payouts_again.csv"}} {
		r := ledgertest.Sink{Dedupe: true}
		if err := importFile(t, &r, files[0]); err != nil {
			t.Fatal(err)
		}
		n := len(r.Events)
		if err := importFile(t, &r, files[1]); err != nil {
			t.Fatal(err)
		}
		if len(r.Events) != n+1 || r.Dups != 1 {
			t.Errorf("%s after %s: added %d and repeated %d, want 1 and 1", files[1], files[0], len(r.Events)-n, r.Dups)
		}
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		file   string
		line   int
		column string
		want   string
	}{
		{"bad_amount.csv", 2, "Total", `"12.3.4" is not an amount`},
		{"bad_status.csv", 2, "Financial Status", `"settled" is not a Shopify financial status: known are paid`},
		{"bad_paid_at.csv", 2, "Paid at", `"10/01/2025" is not a date: use "2025-10-07 09:50:26 +0200"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := ledgertest.Sink{Dedupe: true}
			err := importFile(t, &r, tt.file)
			ledgertest.WantRowError(t, err, tt.file, tt.line, tt.column, tt.want)
		})
	}
}

func TestImportRefusesFile(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	err := importFile(t, &r, "unknown_header.csv")
	if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "found:  Order,Status,Amount") || !strings.Contains(err.Error(), "known:  Payout Date,Status") {
		t.Errorf("unknown header: got %v", err)
	}
	err = shopify.Import(strings.NewReader("Name\n"), ledger.ImportOptions{Name: "x.csv"}, &r)
	if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "add --stream shopify/SHOPNAME") {
		t.Errorf("no stream: got %v", err)
	}
}

// The payment transactions export, told from the others by its header:
// charges are sales with their fee linked to the order, refunds and
// chargebacks refunds of the order, a shop-level adjustment a fee, payouts
// skipped as transfers, an unknown type counted.
func TestImportTransactions(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "transactions.csv"); err != nil {
		t.Fatal(err)
	}
	const usd = "USD"
	want := []ledger.Event{
		ev("2026-08-24", ledger.KindSale, 5990, usd, "#1042", "", "Order #1042 charge (visa)", ""),
		ev("2026-08-24", ledger.KindFee, -204, usd, "", "#1042", "fee: Order #1042 charge (visa)", ""),
		ev("2026-08-24", ledger.KindSale, 2500, usd, "#1041", "", "Order #1041 charge (mastercard)", ""),
		ev("2026-08-24", ledger.KindFee, -103, usd, "", "#1041", "fee: Order #1041 charge (mastercard)", ""),
		ev("2026-08-25", ledger.KindRefund, -1000, usd, "", "#1041", "Order #1041 refund (mastercard)", ""),
		// A negative Fee is a fee given back.
		ev("2026-08-25", ledger.KindFee, 30, usd, "", "#1041", "fee: Order #1041 refund (mastercard)", ""),
		ev("2026-08-25", ledger.KindFee, -150, usd, "", "", "adjustment", ""),
		ev("2026-08-26", ledger.KindRefund, -4000, usd, "", "#1039", "Order #1039 chargeback (visa)", ""),
		ev("2026-08-26", ledger.KindFee, -1500, usd, "", "#1039", "fee: Order #1039 chargeback (visa)", ""),
	}
	got := append([]ledger.Event(nil), r.Events...)
	for i := range got {
		if !strings.HasPrefix(got[i].Key, "shopify:txn:pixel-press:") {
			t.Errorf("key %q is not a transaction key", got[i].Key)
		}
		got[i].Key = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got, want)
	}
	if want := []string{"6:payout", "8:transaction type reserve"}; !reflect.DeepEqual(r.Skips, want) {
		t.Errorf("skips: got %q, want %q", r.Skips, want)
	}
	// By hand: sales 59.90 + 25.00 = 84.90; refunds -10.00 - 40.00 = -50.00;
	// fees -2.04 - 1.03 + 0.30 - 1.50 - 15.00 = -19.27. Charges' Amount less
	// Fee is their Net: 59.90 - 2.04 = 57.86, 25.00 - 1.03 = 23.97.
	var sales, refunds, fees int64
	for _, e := range r.Events {
		switch e.Kind {
		case ledger.KindSale:
			sales += e.Amount
		case ledger.KindRefund:
			refunds += e.Amount
		case ledger.KindFee:
			fees += e.Amount
		}
	}
	if sales != 8490 || refunds != -5000 || fees != -1927 {
		t.Errorf("sales %d, refunds %d, fees %d; want 8490, -5000, -1927", sales, refunds, fees)
	}
	// Downloaded again once the first charge was paid out, with one new
	// charge: only that charge and its fee are new.
	n := len(r.Events)
	if err := importFile(t, &r, "transactions_again.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != n+2 || r.Dups != n || r.Events[n].Amount != 1200 {
		t.Errorf("second download added %v and repeated %d, want the 12.00 charge and its fee, %d repeated", r.Events[n:], r.Dups, n)
	}
}

// An orders export in the shape Shopify writes today (79 columns): a cash
// on delivery order still pending, multi-line quoted Note Attributes (with
// CRLF inside), a continuation row that repeats Email with the order cells
// blank, a draft order marked paid with total 0.00 and no Paid at, and a
// refunded order. Nothing is refused.
func TestImportRealOrders(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "orders_real.csv"); err != nil {
		t.Fatal(err)
	}
	const bdt = "BDT"
	want := []ledger.Event{
		ev("2026-04-06", ledger.KindSale, 160000, bdt, "#2002", "", "Order #2002: Solid Perfume, Herbal Tea - 2 packs", "shopify:order:pixel-press:#2002"),
		ev("2026-04-08", ledger.KindSale, 126000, bdt, "#2003", "", "Order #2003: Mini Towel", "shopify:order:pixel-press:#2003"),
		ev("2026-04-08", ledger.KindRefund, -126000, bdt, "", "#2003", "refund of order #2003", "shopify:order:pixel-press:#2003:refund"),
	}
	if !reflect.DeepEqual(r.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", r.Events, want)
	}
	if want := []string{"2:unpaid order", "8:zero amount"}; !reflect.DeepEqual(r.Skips, want) {
		t.Errorf("skips: got %q, want %q", r.Skips, want)
	}
	// By hand: 1,600.00 arrived and stayed; 1,260.00 arrived and went back.
	n := len(r.Events)
	if err := importFile(t, &r, "orders_real.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != n {
		t.Errorf("re-import added %d events", len(r.Events)-n)
	}
}
