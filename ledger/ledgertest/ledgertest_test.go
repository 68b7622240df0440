package ledgertest_test

import (
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
)

func TestSink(t *testing.T) {
	for _, dedupe := range []bool{false, true} {
		s := &ledgertest.Sink{Dedupe: dedupe}
		var sink ledger.Sink = s
		e := ledger.Event{Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 100, Currency: "USD", Key: "k1"}
		for _, key := range []string{"k1", "k2", "k1"} {
			e.Key = key
			if err := sink.Event(&e); err != nil {
				t.Fatal(err)
			}
		}
		e.Amount = 999 // the sink keeps copies, not the importer's pointer
		w := ledger.WorkSession{Stream: "etsy/shop", Seconds: 60, Key: "k1"}
		if err := sink.Session(&w); err != nil {
			t.Fatal(err)
		}
		sink.Skip(7, "zero amount")

		wantKeys, wantDups, wantSessions := []string{"k1", "k2", "k1"}, 0, 1
		if dedupe {
			// Events and sessions share one key space, as in the store.
			wantKeys, wantDups, wantSessions = []string{"k1", "k2"}, 2, 0
		}
		var keys []string
		for _, e := range s.Events {
			keys = append(keys, e.Key)
			if e.Amount != 100 {
				t.Errorf("dedupe %v: kept amount %d, want 100", dedupe, e.Amount)
			}
		}
		if !reflect.DeepEqual(keys, wantKeys) || s.Dups != wantDups || len(s.Sessions) != wantSessions {
			t.Errorf("dedupe %v: keys %q, dups %d, %d sessions; want %q, %d, %d", dedupe, keys, s.Dups, len(s.Sessions), wantKeys, wantDups, wantSessions)
		}
		if want := []string{"7:zero amount"}; !reflect.DeepEqual(s.Skips, want) {
			t.Errorf("skips %q, want %q", s.Skips, want)
		}
	}
}

// recordingTB is a testing.TB that notes a failure instead of stopping the
// test, so that Check's refusals can be tested.
type recordingTB struct {
	testing.TB
	failed bool
}

func (r *recordingTB) Helper()               {}
func (r *recordingTB) Fatalf(string, ...any) { r.failed = true }

func TestCheck(t *testing.T) {
	good := ledger.Event{Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 100, Currency: "USD", Key: "k"}
	work := ledger.WorkSession{Stream: "etsy/shop", Seconds: 60, Key: "w"}
	noKey, badSign := good, good
	noKey.Key, badSign.Amount = "", -100
	for _, c := range []struct {
		name string
		sink ledgertest.Sink
		fail bool
	}{
		{"events", ledgertest.Sink{Events: []ledger.Event{good}}, false},
		{"sessions", ledgertest.Sink{Sessions: []ledger.WorkSession{work}}, false},
		{"no key", ledgertest.Sink{Events: []ledger.Event{good, noKey}}, true},
		{"invalid", ledgertest.Sink{Events: []ledger.Event{badSign}}, true},
		{"both", ledgertest.Sink{Events: []ledger.Event{good}, Sessions: []ledger.WorkSession{work}}, true},
	} {
		tb := &recordingTB{TB: t}
		c.sink.Check(tb)
		if tb.failed != c.fail {
			t.Errorf("%s: Check failed = %v, want %v", c.name, tb.failed, c.fail)
		}
	}
}
