package report_test

import (
	"errors"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// beside is input whose sessions may be read beside the events, as the
// store's are; the sessions yield now and then, so that the two passes
// interleave differently from run to run.
func beside(events []ledger.Event, sessions []ledger.WorkSession) report.Input {
	in := input(events, sessions)
	each := in.Sessions
	in.Sessions = func(fn func(*ledger.WorkSession) error) error {
		i := 0
		return each(func(w *ledger.WorkSession) error {
			if i++; i%7 == 0 {
				runtime.Gosched()
			}
			return fn(w)
		})
	}
	in.SessionsBeside = true
	return in
}

// TestPropSessionsBeside: reading the sessions beside the first look at
// the events changes nothing: not the rows, not the order of streams, not
// the evidence the verdicts name.
func TestPropSessionsBeside(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events, sessions := genLedger(t, false)
		rule := genRule(t)
		by := rapid.SampledFrom([]string{"", "platform", "class", "stream"}).Draw(t, "by")
		opt := report.MonthlyOptions{Rule: rule, By: by, Detail: rapid.Bool().Draw(t, "detail")}
		a, aerr := report.Monthly(input(events, sessions), opt)
		b, berr := report.Monthly(beside(events, sessions), opt)
		if (aerr == nil) != (berr == nil) || !reflect.DeepEqual(a, b) {
			t.Fatalf("beside, monthly differs:\n%+v (%v)\n%+v (%v)", a, aerr, b, berr)
		}
		sa, aerr := report.Streams(input(events, sessions), report.StreamsOptions{Rule: rule})
		sb, berr := report.Streams(beside(events, sessions), report.StreamsOptions{Rule: rule})
		if (aerr == nil) != (berr == nil) || !reflect.DeepEqual(sa, sb) {
			t.Fatalf("beside, streams differ:\n%+v\n%+v", sa, sb)
		}
	})
}

// A failure on either side ends the report with its error, the events'
// first; a panic in the sessions' pass is raised on the caller's goroutine.
func TestSessionsBesideFailures(t *testing.T) {
	events := []ledger.Event{{Date: day("2026-01-05"), Stream: "etsy/shop", Kind: ledger.KindSale, Amount: 100, Currency: "USD"}}
	sessions := []ledger.WorkSession{{Stream: "etsy/shop", Start: 1767600000, Seconds: 3600}}
	errEvents, errSessions := errors.New("events broke"), errors.New("sessions broke")
	for _, tc := range []struct {
		name           string
		events, sessns error
		want           error
	}{
		{"sessions", nil, errSessions, errSessions},
		{"events", errEvents, nil, errEvents},
		{"both", errEvents, errSessions, errEvents},
	} {
		in := beside(events, sessions)
		if tc.events != nil {
			in.Events = func(func(*ledger.Event) error) error { return tc.events }
		}
		if tc.sessns != nil {
			in.Sessions = func(func(*ledger.WorkSession) error) error { return tc.sessns }
		}
		if _, err := report.Monthly(in, report.MonthlyOptions{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	in := beside(events, sessions)
	in.Sessions = func(func(*ledger.WorkSession) error) error { panic("a page of the file cannot be read") }
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "cannot be read") {
			t.Fatalf("recovered %v, want the sessions' panic", r)
		}
	}()
	report.Monthly(in, report.MonthlyOptions{})
	t.Fatal("the sessions' panic was lost")
}

// A panic in the events' look leaves the report only once the sessions'
// scan beside it has ended: the store's transaction, whose pages that scan
// reads, ends as the panic unwinds.
func TestSessionsBesideEndBeforePanic(t *testing.T) {
	var ended atomic.Bool
	in := beside(nil, nil)
	in.Events = func(func(*ledger.Event) error) error { panic("a page of the file cannot be read") }
	in.Sessions = func(func(*ledger.WorkSession) error) error {
		time.Sleep(20 * time.Millisecond)
		ended.Store(true)
		return nil
	}
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("the events' panic was lost")
		}
		if !ended.Load() {
			t.Fatal("the report unwound while the sessions' scan still ran")
		}
	}()
	report.Monthly(in, report.MonthlyOptions{})
}
