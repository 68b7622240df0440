package ledger_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func TestParseIDSet(t *testing.T) {
	ok := []struct {
		in   string
		want ledger.IDSet
	}{
		{"12", ledger.IDSet{{First: 12, Last: 12}}},
		{"#12", ledger.IDSet{{First: 12, Last: 12}}},
		{"12,15-20", ledger.IDSet{{First: 12, Last: 12}, {First: 15, Last: 20}}},
		{" 3 , #5-#6 ", ledger.IDSet{{First: 3, Last: 3}, {First: 5, Last: 6}}},
	}
	for _, c := range ok {
		got, err := ledger.ParseIDSet(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseIDSet(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "0", "x", "5-2", "1,,2", "1-", "-3", "1.5", "18446744073709551616"} {
		if got, err := ledger.ParseIDSet(bad); err == nil || ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(err.Error(), "12,15-20") {
			t.Errorf("ParseIDSet(%q) = %v, %v; want EINVALID naming the form", bad, got, err)
		}
	}
}

func FuzzParseIDSet(f *testing.F) {
	for _, s := range []string{"12", "12,15-20", "#1-#9", "5-2", "", ",", "1-18446744073709551615"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set, err := ledger.ParseIDSet(s)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("ParseIDSet(%q): %v is not EINVALID", s, err)
			}
			return
		}
		for _, r := range set {
			if r.First == 0 || r.Last < r.First || !set.Has(r.First) || !set.Has(r.Last) {
				t.Fatalf("ParseIDSet(%q) = %v: a bad range", s, set)
			}
		}
	})
}

func TestFilterAmount(t *testing.T) {
	for in, want := range map[string]int64{"100": 1000000, "12.50": 125000, "-12.5": 125000, "$1,000": 10000000, "0.0001": 1} {
		if got, err := ledger.FilterAmount(in); err != nil || got != want {
			t.Errorf("FilterAmount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1.00001", "1e3"} {
		if _, err := ledger.FilterAmount(bad); ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("FilterAmount(%q): %v, want EINVALID", bad, err)
		}
	}
}

func FuzzFilterAmount(f *testing.F) {
	for _, s := range []string{"100", "-12.50", "0.0001", "1.00001", "(5)", "$1,000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ledger.FilterAmount(s)
		if err == nil && v < 0 {
			t.Fatalf("FilterAmount(%q) = %d: a size is never negative", s, v)
		}
	})
}

func TestFilterFind(t *testing.T) {
	min, max := int64(1000000), int64(2000000) // 100 and 200
	events := []ledger.Event{
		{ID: 1, Stream: "upwork/acme", Kind: ledger.KindFixed, Amount: 15000, Currency: "USD", Ref: "R1", Note: "Acme logo", Import: 2},
		{ID: 2, Stream: "etsy/shop", Kind: ledger.KindRefund, Amount: -12000, Currency: "USD", Note: "mug"},
		{ID: 3, Stream: "gumroad/icons", Kind: ledger.KindSale, Amount: 150, Currency: "JPY"},
		{ID: 4, Stream: "kofi/tips", Kind: ledger.KindTip, Amount: 150000, Currency: "KWD", Note: "ACME"},
		{ID: 5, Stream: "upwork/acme", Kind: ledger.KindFixed, Amount: 50000, Currency: "USD", Voided: true, Note: "acme"},
	}
	tests := []struct {
		name string
		f    ledger.Filter
		want []uint64
	}{
		{"ref", ledger.Filter{Ref: "R1"}, []uint64{1}},
		{"note any case", ledger.Filter{Note: ledger.NoteFilter("ACME")}, []uint64{1, 4}},
		{"note with all", ledger.Filter{Note: "acme", All: true}, []uint64{1, 4, 5}},
		{"min by size", ledger.Filter{Min: &min}, []uint64{1, 2, 3, 4}},
		{"between", ledger.Filter{Min: &min, Max: &max}, []uint64{1, 2, 3, 4}},
		{"max", ledger.Filter{Max: &max}, []uint64{1, 2, 3, 4}},
		{"ids", ledger.Filter{IDs: ledger.IDSet{{First: 2, Last: 3}}}, []uint64{2, 3}},
		{"import", ledger.Filter{Import: 2}, []uint64{1}},
	}
	low := int64(1400000) // 140
	tests = append(tests, struct {
		name string
		f    ledger.Filter
		want []uint64
	}{"min 140", ledger.Filter{Min: &low}, []uint64{1, 3, 4}})
	for _, c := range tests {
		var got []uint64
		for i := range events {
			if c.f.Event(&events[i]) {
				got = append(got, events[i].ID)
			}
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSortEvents(t *testing.T) {
	es := []ledger.Event{{ID: 3, Date: 10}, {ID: 1, Date: 12}, {ID: 2, Date: 10}, {ID: 4, Date: 9}}
	ledger.SortEvents(es)
	var got []uint64
	for _, e := range es {
		got = append(got, e.ID)
	}
	if !reflect.DeepEqual(got, []uint64{4, 2, 3, 1}) {
		t.Errorf("SortEvents: %v, want 4 2 3 1 (date, then ID)", got)
	}
}
