package ledger_test

import (
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func TestTargetsEncoding(t *testing.T) {
	ts := []ledger.Target{
		{Name: "passive-share-storefront", Kind: ledger.TargetPassiveShare, Value: 3000, Class: ledger.ClassStorefront, HasClass: true, By: ledger.NewDate(2027, 12, 31)},
		{Name: "income-month", Kind: ledger.TargetIncome, Value: 400000, Currency: "EUR", Per: ledger.PeriodMonth},
		{Name: "cap", Kind: ledger.TargetHours, Value: 36000, Stream: "etsy/pixel-press", Per: ledger.PeriodWeek, Max: true},
	}
	got, err := ledger.DecodeTargets(ledger.EncodeTargets(ts))
	if err != nil || !reflect.DeepEqual(got, ts) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{
		"x",
		"a income 100 - month - - - false\na income 100 - month - - - false", // twice
		"a income -5 - month - - - false",
		"a income 100 XXX month - - - false",
		"a hours 3600 - week - nostream - false",
		"a passive-share 10001 - month - - - false",
		"a passive-share 100 - month storefront - 2027-13-01 false",
		"a passive-share 0100 - month - - - false",
		"a income 100 - month - - - yes",
	} {
		if got, err := ledger.DecodeTargets(bad); err == nil {
			t.Errorf("DecodeTargets(%q) = %+v", bad, got)
		}
	}
}

func TestParseShare(t *testing.T) {
	for in, want := range map[string]int64{"0.30": 3000, "30%": 3000, "1": 10000, "0": 0, "0.1234": 1234, "12.5%": 1250} {
		if got, err := ledger.ParseShare(in); err != nil || got != want {
			t.Errorf("ParseShare(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1.5", "-0.1", "0.12345", "1e-1", "abc", "%", "101%"} {
		if got, err := ledger.ParseShare(in); err == nil {
			t.Errorf("ParseShare(%q) = %d", in, got)
		}
	}
}

// FuzzDecodeTargets: the targets setting either decodes to targets that
// validate and encode back to the same text, or is refused.
func FuzzDecodeTargets(f *testing.F) {
	f.Add("income-month income 400000 EUR month - - - false")
	f.Add("cap hours 36000 - week - etsy/pixel-press - true\np passive-share 3000 - month storefront - 2027-12-31 false")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ledger.DecodeTargets(s)
		if err != nil {
			return
		}
		for i := range ts {
			if err := ts[i].Validate(); err != nil {
				t.Fatalf("%q decoded to an invalid target %+v: %v", s, ts[i], err)
			}
		}
		if again := ledger.EncodeTargets(ts); again != s {
			t.Fatalf("%q decodes to targets that encode as %q", s, again)
		}
	})
}

// FuzzParseShare: an accepted share is within 0..1.
func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"0.30", "30%", "1", "1.5", "-0", "0.00001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ledger.ParseShare(s)
		if err == nil && (v < 0 || v > 10000) {
			t.Fatalf("ParseShare(%q) = %d", s, v)
		}
	})
}
