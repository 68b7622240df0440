package gumroad_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/gumroad"
	"github.com/earnlog/earnlog/ledger/ledgertest"
)

func run(t *testing.T, file string, opts ledger.ImportOptions) (*ledgertest.Sink, error) {
	t.Helper()
	rec := &ledgertest.Sink{}
	return rec, rec.ImportFile(t, gumroad.Import, file, opts)
}

func ev(date string, stream ledger.Stream, kind ledger.Kind, amount int64, ref, link, note, key string) ledger.Event {
	return ledger.Event{Date: ledgertest.Date(date), Stream: stream, Kind: kind, Amount: amount, Currency: "USD", Ref: ref, Link: link, Note: note, Key: key}
}

func TestImportSales(t *testing.T) {
	rec, err := run(t, "sales.csv", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const pro, kit = ledger.Stream("gumroad/icon-pack-pro"), ledger.Stream("gumroad/ui-kit")
	want := []ledger.Event{
		ev("2024-03-05", pro, ledger.KindSale, 10000, "AbC123==", "", "", "gumroad:AbC123=="),
		ev("2024-03-05", pro, ledger.KindFee, -1030, "", "AbC123==", "", "gumroad:fee:AbC123=="),
		// 22.00 paid = 15.00 sale + 5.00 tip + 2.00 tax included in the price.
		ev("2024-03-06", pro, ledger.KindSale, 1500, "DeF456==", "", "", "gumroad:DeF456=="),
		ev("2024-03-06", pro, ledger.KindTip, 500, "", "DeF456==", "", "gumroad:tip:DeF456=="),
		ev("2024-03-06", pro, ledger.KindFee, -150, "", "DeF456==", "", "gumroad:fee:DeF456=="),
		ev("2024-03-06", pro, ledger.KindRefund, -400, "", "DeF456==", "partial refund", "gumroad:refund:DeF456=="),
		ev("2024-03-07", kit, ledger.KindSale, 1500, "GhI789==", "", "", "gumroad:GhI789=="),
		ev("2024-03-07", kit, ledger.KindFee, -120, "", "GhI789==", "", "gumroad:fee:GhI789=="),
		ev("2024-03-07", kit, ledger.KindRefund, -1500, "", "GhI789==", "full refund", "gumroad:refund:GhI789=="),
	}
	if !reflect.DeepEqual(rec.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", rec.Events, want)
	}
	if wantSkips := []string{"5:free purchase", "6:totals row"}; !reflect.DeepEqual(rec.Skips, wantSkips) {
		t.Errorf("skips = %q, want %q", rec.Skips, wantSkips)
	}
}

// Tax the seller collected on top of the price (Tax Included in Price? 0):
// the sale is Subtotal ($), the price less tax and shipping, whichever flag
// is set; shipping the buyer paid is the seller's.
func TestImportSubtotal(t *testing.T) {
	rec, err := run(t, "sales_tax_on_top.csv", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const presets, zine = ledger.Stream("gumroad/lightroom-presets"), ledger.Stream("gumroad/zine-print-edition")
	want := []ledger.Event{
		// 100.0 paid, 1.1 tax on top: 98.90 is the seller's.
		ev("2025-06-02", presets, ledger.KindSale, 9890, "Qx9Lm2==", "", "", "gumroad:Qx9Lm2=="),
		ev("2025-06-02", presets, ledger.KindFee, -865, "", "Qx9Lm2==", "", "gumroad:fee:Qx9Lm2=="),
		// 20.0 paid, 1.82 VAT included: 18.18.
		ev("2025-06-03", presets, ledger.KindSale, 1818, "Rt4Nn8==", "", "", "gumroad:Rt4Nn8=="),
		ev("2025-06-03", presets, ledger.KindFee, -210, "", "Rt4Nn8==", "", "gumroad:fee:Rt4Nn8=="),
		// 25.0 subtotal + 5.0 shipping = 30.00.
		ev("2025-06-04", zine, ledger.KindSale, 3000, "Ws1Pq5==", "", "", "gumroad:Ws1Pq5=="),
		ev("2025-06-04", zine, ledger.KindFee, -300, "", "Ws1Pq5==", "", "gumroad:fee:Ws1Pq5=="),
	}
	if !reflect.DeepEqual(rec.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", rec.Events, want)
	}
	// By hand: sales 98.90 + 18.18 + 30.00 = 147.08, fees -13.75.
	var sales, fees int64
	for _, e := range rec.Events {
		switch e.Kind {
		case ledger.KindSale:
			sales += e.Amount
		case ledger.KindFee:
			fees += e.Amount
		}
	}
	if sales != 14708 || fees != -1375 {
		t.Errorf("sales %d, fees %d; want 14708, -1375", sales, fees)
	}
	if wantSkips := []string{"5:totals row"}; !reflect.DeepEqual(rec.Skips, wantSkips) {
		t.Errorf("skips = %q, want %q", rec.Skips, wantSkips)
	}
}

func TestOverlappingExportsShareKeys(t *testing.T) {
	a, err := run(t, "sales.csv", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := run(t, "sales_old.csv", ledger.ImportOptions{Stream: "gumroad/all"})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, e := range a.Events {
		keys[e.Key] = true
	}
	var fresh []string
	for _, e := range b.Events {
		if e.Stream != "gumroad/all" {
			t.Errorf("--stream lost: %+v", e)
		}
		if !keys[e.Key] {
			fresh = append(fresh, e.Key)
		}
	}
	if want := []string{"gumroad:MnO111==", "gumroad:fee:MnO111=="}; !reflect.DeepEqual(fresh, want) {
		t.Errorf("new keys in the overlapping export = %q, want %q", fresh, want)
	}
	if want := []string{"4:totals row"}; !reflect.DeepEqual(b.Skips, want) {
		t.Errorf("skips = %q, want %q", b.Skips, want)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		file, want string
		line       int
	}{
		{"bad_date.csv", `bad_date.csv:2: column "Purchase Date": "2024-13-01" is not a date: use YYYY-MM-DD`, 2},
		{"bad_amount.csv", `bad_amount.csv:2: column "Sale Price ($)": "5.0.0" is not an amount`, 2},
		{"refund_too_big.csv", `column "Partial Refund ($)": "6.0" is more than the purchase's income of 5.00`, 2},
		{"not_gumroad.csv", "not_gumroad.csv: the header matches no Gumroad sales export earnlog knows.\n  found:  Order,Product,Total", 0},
		{"ragged_broken.csv", "ragged_broken.csv:3: not valid CSV", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := run(t, tt.file, ledger.ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if !ledger.IsInputError(err) {
				t.Errorf("not an input error: %v", err)
			}
			var re *ledger.RowError
			if tt.line > 0 && (!errors.As(err, &re) || re.Line != tt.line) {
				t.Errorf("err = %#v, want a RowError at line %d", err, tt.line)
			}
		})
	}
}

// FuzzGumroad: never panics; errors are input errors; every event it hands
// on is valid and keyed.
func FuzzGumroad(f *testing.F) {
	ledgertest.Fuzz(f, "testdata/*.csv", ledger.ImportOptions{Name: "fuzz.csv"}, gumroad.Import)
}

// TestProductNamesInOtherScripts: product names keep their letters, and the
// same name, composed or decomposed, upper or lower case, in two files is
// the same stream.
func TestProductNamesInOtherScripts(t *testing.T) {
	const head = "Purchase ID,Item Name,Purchase Date,Sale Price ($)\n"
	for _, c := range []struct{ file, want string }{
		{head + "A1,Ícönś Päck,2024-01-01,5.0\n", "gumroad/ícönś-päck"},
		{head + "A2,I\u0301CO\u0308NS\u0301 PA\u0308CK,2024-01-02,5.0\n", "gumroad/ícönś-päck"},
		{head + "A3,アイコン集 Vol.2,2024-01-03,5.0\n", "gumroad/アイコン集-vol-2"},
	} {
		sink := &ledgertest.Sink{}
		if err := gumroad.Import(strings.NewReader(c.file), ledger.ImportOptions{Name: "s.csv"}, sink); err != nil {
			t.Fatalf("%q: %v", c.file, err)
		}
		if len(sink.Events) != 1 || string(sink.Events[0].Stream) != c.want {
			t.Errorf("%q: events %+v; want one sale on %s", c.file, sink.Events, c.want)
		}
	}
}
