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
				ev("2022-01-22", ledger.KindFee, -300, usd, "", "", "Etsy Ads", ""),
				ev("2022-01-21", ledger.KindFee, -450, usd, "", "2233445566", "USPS shipping label | Order #2233445566", ""),
			},
			skips: []string{"3:sales tax", "9:deposit", "10:fee credit"},
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
		{"bad_type.csv", 2, "Type", `"Reserve" is not an Etsy statement type: known are Sale, Fee, Tax`},
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
