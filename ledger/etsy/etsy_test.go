package etsy_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/etsy"
	"github.com/earnlog/earnlog/ledger/ledgertest"
)

const shop ledger.Stream = "etsy/pixel-press"

func importFile(t *testing.T, r *ledgertest.Sink, name string) error {
	t.Helper()
	return r.ImportFile(t, etsy.Import, name, ledger.ImportOptions{Stream: shop})
}

// d is short for the tables of expected events.
var d = ledgertest.Date

// ev builds an expected event on the test shop.
func ev(date string, kind ledger.Kind, amount int64, currency, ref, link, note, key string) ledger.Event {
	return ledger.Event{Date: d(date), Stream: shop, Kind: kind, Amount: amount, Currency: currency, Ref: ref, Link: link, Note: note, Key: key}
}

var stmtKey = regexp.MustCompile(`^etsy:stmt:[0-9a-f]{64}:[0-9]+$`)

func TestImport(t *testing.T) {
	const usd, gbp = "USD", "GBP"
	tests := []struct {
		file   string
		events []ledger.Event // statements: Key left empty, checked apart
		skips  []string
	}{
		{
			file: "statement_2022_1.csv",
			events: []ledger.Event{
				ev("2022-01-28", ledger.KindRefund, -191, usd, "", "2233445566", "Partial refund to buyer for Order #2233445566", ""),
				ev("2022-01-27", ledger.KindFee, -212, usd, "", "2233445566", "Processing fee | Order #2233445566", ""),
				ev("2022-01-27", ledger.KindSale, 6217-410, usd, "2233445566", "", "Payment for Order #2233445566", ""),
				ev("2022-01-26", ledger.KindFee, -20, usd, "", "", "Listing fee | Listing #1122334455", ""),
				ev("2022-01-26", ledger.KindFee, -20, usd, "", "", "Listing fee | Listing #1122334455", ""),
				ev("2022-01-25", ledger.KindAdjustment, -100, usd, "", "2233440000", "Sales tax paid by buyer | Order #2233440000", ""),
				// A fee given back is a positive fee, linked to its order.
				ev("2022-01-23", ledger.KindFee, 50, usd, "", "2233440001", "Credit for transaction fee | Order #2233440001", ""),
				ev("2022-01-22", ledger.KindFee, -300, usd, "", "", "Etsy Ads", ""),
				ev("2022-01-21", ledger.KindFee, -450, usd, "", "2233445566", "USPS shipping label | Order #2233445566", ""),
			},
			skips: []string{"3:sales tax", "9:deposit"},
		},
		{
			file: "statement_2026_7.csv",
			events: []ledger.Event{
				ev("2026-07-31", ledger.KindSale, 2500, gbp, "3300000001", "", "Payment for Order #3300000001", ""),
				ev("2026-07-31", ledger.KindFee, -163, gbp, "", "3300000001", "Transaction fee: Poster | Order #3300000001", ""),
				ev("2026-07-31", ledger.KindFee, -33, gbp, "", "3300000001", "VAT: Transaction fee | Order #3300000001", ""),
				ev("2026-07-30", ledger.KindRefund, -1000, gbp, "", "3300000000", "Refund to buyer for Order #3300000000", ""),
				ev("2026-07-29", ledger.KindSale, 4000, "CAD", "3300000002", "", "Payment for Order #3300000002", ""),
				ev("2026-07-28", ledger.KindSale, 1500, "EUR", "3300000003", "", "Payment for Order #3300000003", ""),
			},
		},
		{
			file: "items.csv",
			events: []ledger.Event{
				ev("2023-03-15", ledger.KindSale, 2000, usd, "2900000001", "", "Pixel Poster", "etsy:txn:3000000001"),
				ev("2023-03-15", ledger.KindSale, 500, usd, "2900000001", "", "shipping", "etsy:order:2900000001:shipping"),
				ev("2023-03-15", ledger.KindSale, 500, usd, "2900000001", "", "Pixel Sticker, large", "etsy:txn:3000000002"),
				ev("2023-03-14", ledger.KindSale, 1200, usd, "2900000002", "", "Mug", "etsy:txn:3000000003"),
			},
		},
		{
			file: "items_uk.csv",
			events: []ledger.Event{
				ev("2024-07-02", ledger.KindSale, 800, gbp, "3000000009", "", "Tea Towel", "etsy:txn:3100000001"),
				ev("2024-07-02", ledger.KindSale, 350, gbp, "3000000009", "", "shipping", "etsy:order:3000000009:shipping"),
			},
		},
		{
			file: "orders.csv",
			events: []ledger.Event{
				ev("2023-03-15", ledger.KindSale, 3000, usd, "2900000001", "", "Order #2900000001", "etsy:order:2900000001"),
				ev("2023-03-15", ledger.KindFee, -120, usd, "", "2900000001", "card processing fees", "etsy:order:2900000001:fee"),
				ev("2023-03-14", ledger.KindSale, 1080, usd, "2900000002", "", "Order #2900000002", "etsy:order:2900000002"),
				ev("2023-03-14", ledger.KindFee, -40, usd, "", "2900000002", "card processing fees", "etsy:order:2900000002:fee"),
				ev("2023-03-14", ledger.KindRefund, -566, usd, "", "2900000002", "refund", "etsy:order:2900000002:refund"),
			},
			skips: []string{"4:cancelled order"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := ledgertest.Sink{Dedupe: true}
			if err := importFile(t, &r, tt.file); err != nil {
				t.Fatalf("Import: %v", err)
			}
			got := append([]ledger.Event(nil), r.Events...)
			for i := range got {
				if err := got[i].Validate(); err != nil {
					t.Errorf("event %s does not validate: %v", got[i].Key, err)
				}
				if strings.HasPrefix(tt.file, "statement") {
					if !stmtKey.MatchString(got[i].Key) {
						t.Errorf("key %q is not a statement key", got[i].Key)
					}
					got[i].Key = ""
				}
			}
			if !reflect.DeepEqual(got, tt.events) {
				t.Errorf("events:\n got %+v\nwant %+v", got, tt.events)
			}
			if !reflect.DeepEqual(r.Skips, tt.skips) {
				t.Errorf("skips: got %q, want %q", r.Skips, tt.skips)
			}
		})
	}
}

// Two identical statement rows stay two events; the same month downloaded
// again adds only what is new.
func TestStatementKeys(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "statement_2022_1.csv"); err != nil {
		t.Fatal(err)
	}
	fee1, fee2 := r.Events[3].Key, r.Events[4].Key
	if fee1 == fee2 || strings.TrimSuffix(fee1, ":1") != strings.TrimSuffix(fee2, ":2") {
		t.Errorf("identical rows got keys %q and %q, want one hash with :1 and :2", fee1, fee2)
	}
	n := len(r.Events)
	if err := importFile(t, &r, "statement_2022_1.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != n {
		t.Errorf("re-importing added %d events", len(r.Events)-n)
	}
	if err := importFile(t, &r, "statement_2022_1_again.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != n+1 || r.Events[n].Amount != 120000 {
		t.Errorf("the overlapping export added %v, want only the $1,200.00 sale", r.Events[n:])
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		file   string
		line   int
		column string
		want   string
	}{
		{"bad_amount.csv", 3, "Amount", `"$12.3.4" is not an amount`},
		{"bad_sign.csv", 2, "Net", `"-$62.17" is negative, but a Sale row is income`},
		{"bad_date.csv", 2, "Sale Date", `"13/45/23" is not a date`},
		{"bad_symbol.csv", 3, "Amount", `"€19.26" is not an amount in USD: € stands for EUR, not USD`},
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
	if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "found:  Date,Item,Total") || !strings.Contains(err.Error(), "known:  Date,Type,Title") {
		t.Errorf("unknown header: got %v", err)
	}
	err = etsy.Import(strings.NewReader("Date,Type\n"), ledger.ImportOptions{Name: "x.csv"}, &r)
	if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "add --stream etsy/SHOPNAME") {
		t.Errorf("no stream: got %v", err)
	}
}

// sums adds the amounts of r's events by kind.
func sums(events []ledger.Event) map[ledger.Kind]int64 {
	m := map[ledger.Kind]int64{}
	for _, e := range events {
		m[e.Kind] += e.Amount
	}
	return m
}

// A UK shop's statement as Etsy writes it: BOM, CRLF, £ amounts, dates
// without a comma, a row longer than the header, a Sale that carries its
// own fee, fee credits whose Info says "order: NNN", Taxes rows of the shop,
// a Marketing bill, a refund with its fee given back, and a type earnlog
// does not know.
func TestImportRealStatement(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "statement_real_uk.csv"); err != nil {
		t.Fatal(err)
	}
	const gbp = "GBP"
	want := []ledger.Event{
		ev("2023-03-31", ledger.KindSale, 2999, gbp, "2842479918", "", "Payment for Order #2842479918", ""),
		ev("2023-03-31", ledger.KindFee, -144, gbp, "", "2842479918", "fees & taxes: Payment for Order #2842479918", ""),
		ev("2023-03-31", ledger.KindFee, -195, gbp, "", "2842479918", "Transaction fee: Hand-thrown mug | Order #2842479918", ""),
		ev("2023-03-30", ledger.KindFee, -400, gbp, "", "", "Etsy Ads | Bill for Etsy Ads", ""),
		ev("2023-03-29", ledger.KindFee, -600, gbp, "", "2842470001", "Offsite Ads fee | order: 2842470001", ""),
		ev("2023-03-29", ledger.KindFee, 384, gbp, "", "2842470001", "Credit for Offsite Ads fee | order: 2842470001", ""),
		ev("2023-03-29", ledger.KindFee, 77, gbp, "", "2842470001", "VAT: Offsite Ads fee credit | order: 2842470001", ""),
		ev("2023-03-28", ledger.KindFee, -4, gbp, "", "", "Taxes: listing | listing: 1364810001", ""),
		ev("2023-03-28", ledger.KindFee, -4, gbp, "", "", "Taxes: auto-renew | auto-renew expired: 1280090002", ""),
		// Its Fees & Taxes is VAT collected for the buyer: taken from the sale.
		ev("2023-03-27", ledger.KindSale, 1000, gbp, "2842460000", "", "Payment for Order #2842460000", ""),
		ev("2023-03-25", ledger.KindRefund, -800, gbp, "", "2842450000", "Refund to buyer for Order #2842450000", ""),
		ev("2023-03-25", ledger.KindFee, 40, gbp, "", "2842450000", "fees & taxes: Refund to buyer for Order #2842450000", ""),
		// VAT on Etsy's fee (Tax Details) is part of the fee, not the buyer's.
		ev("2023-03-24", ledger.KindSale, 1500, gbp, "2842440000", "", "Payment for Order #2842440000", ""),
		ev("2023-03-24", ledger.KindFee, -120, gbp, "", "2842440000", "fees & taxes: Payment for Order #2842440000", ""),
	}
	got := append([]ledger.Event(nil), r.Events...)
	keys := map[string]bool{}
	for i := range got {
		if keys[got[i].Key] {
			t.Errorf("key %q twice", got[i].Key)
		}
		keys[got[i].Key] = true
		got[i].Key = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got, want)
	}
	if want := []string{"11:deposit", "13:unknown type reserve"}; !reflect.DeepEqual(r.Skips, want) {
		t.Errorf("skips: got %q, want %q", r.Skips, want)
	}
	// By hand: sales 29.99 + 10.00 + 15.00 = 54.99; refunds -8.00; fees
	// -1.44 -1.95 -4.00 -6.00 +3.84 +0.77 -0.04 -0.04 +0.40 -1.20 = -9.66.
	// Each Sale row's Amount and fee add up to its Net: 29.99 - 1.44 = 28.55,
	// 15.00 - 1.20 = 13.80.
	s := sums(r.Events)
	if s[ledger.KindSale] != 5499 || s[ledger.KindRefund] != -800 || s[ledger.KindFee] != -966 {
		t.Errorf("sales %d, refunds %d, fees %d; want 5499, -800, -966", s[ledger.KindSale], s[ledger.KindRefund], s[ledger.KindFee])
	}
	n := len(r.Events)
	if err := importFile(t, &r, "statement_real_uk.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != n || r.Dups != n {
		t.Errorf("re-import added %d events, repeated %d; want 0, %d", len(r.Events)-n, r.Dups, n)
	}
}

// An unknown statement type whose amounts parse is counted, not refused.
func TestImportUnknownType(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "unknown_type.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != 0 || !reflect.DeepEqual(r.Skips, []string{"2:unknown type reserve"}) {
		t.Errorf("events %v, skips %q; want none and 2:unknown type reserve", r.Events, r.Skips)
	}
}

// Sold Orders as Etsy writes them (36 columns, Status empty): Shipping is
// already net of Shipping Discount, so the sale is Order Value - Discount
// Amount + Shipping, which equals Order Net + Card Processing Fees.
func TestImportRealOrders(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "orders_real.csv"); err != nil {
		t.Fatal(err)
	}
	const usd = "USD"
	want := []ledger.Event{
		// 20 - 5 + 3.50 = 18.50 = 17.70 + 0.80 (the 1.50 shipping discount
		// is already out of the 3.50).
		ev("2024-11-30", ledger.KindSale, 1850, usd, "3500000001", "", "Order #3500000001", "etsy:order:3500000001"),
		ev("2024-11-30", ledger.KindFee, -80, usd, "", "3500000001", "card processing fees", "etsy:order:3500000001:fee"),
		// VAT collected by Etsy is in Order Total (36), not the sale: 30.
		ev("2024-11-29", ledger.KindSale, 3000, usd, "3500000002", "", "Order #3500000002", "etsy:order:3500000002"),
		ev("2024-11-29", ledger.KindFee, -110, usd, "", "3500000002", "card processing fees", "etsy:order:3500000002:fee"),
		// 40 - 10 + 0 = 30 = 28.80 + 1.20, shipping discount 6 notwithstanding.
		ev("2024-11-28", ledger.KindSale, 3000, usd, "3500000003", "", "Order #3500000003", "etsy:order:3500000003"),
		ev("2024-11-28", ledger.KindFee, -120, usd, "", "3500000003", "card processing fees", "etsy:order:3500000003:fee"),
	}
	if !reflect.DeepEqual(r.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", r.Events, want)
	}
	s := sums(r.Events)
	if s[ledger.KindSale] != 7850 || s[ledger.KindFee] != -310 {
		t.Errorf("sales %d, fees %d; want 7850, -310", s[ledger.KindSale], s[ledger.KindFee])
	}
	n := len(r.Events)
	if err := importFile(t, &r, "orders_real.csv"); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != n {
		t.Errorf("re-import added %d events", len(r.Events)-n)
	}
}

// An older statement generation writes its fees as types of their own:
// Transaction (the transaction fee), Listing, Postage Label.
func TestImportOldStatementTypes(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "statement_2019_old_types.csv"); err != nil {
		t.Fatal(err)
	}
	got := append([]ledger.Event(nil), r.Events...)
	for i := range got {
		got[i].Key = ""
	}
	want := []ledger.Event{
		ev("2019-03-03", ledger.KindSale, 2400, "USD", "1470000001", "", "Payment for Order #1470000001", ""),
		ev("2019-03-03", ledger.KindFee, -120, "USD", "", "1470000001", "Transaction fee: Tote bag | Order #1470000001", ""),
		ev("2019-03-02", ledger.KindFee, -20, "USD", "", "", "Listing fee | Listing #600000001", ""),
		ev("2019-03-02", ledger.KindFee, -350, "USD", "", "1470000001", "USPS shipping label | Order #1470000001", ""),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got, want)
	}
	// By hand: sale 24.00, fees -1.20 - 0.20 - 3.50 = -4.90.
	if s := sums(r.Events); s[ledger.KindSale] != 2400 || s[ledger.KindFee] != -490 {
		t.Errorf("sales %d, fees %d; want 2400, -490", s[ledger.KindSale], s[ledger.KindFee])
	}
	if want := []string{"6:deposit"}; !reflect.DeepEqual(r.Skips, want) {
		t.Errorf("skips: got %q, want %q", r.Skips, want)
	}
}
