package ledger_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

// recordSink keeps what it is handed, and fails at failAt if set.
type recordSink struct {
	got    []string
	failAt int
}

func (s *recordSink) Event(e *ledger.Event) error {
	s.got = append(s.got, fmt.Sprint("e", e.Amount))
	if s.failAt > 0 && len(s.got) == s.failAt {
		return errors.New("disk full")
	}
	return nil
}

func (s *recordSink) Session(w *ledger.WorkSession) error {
	s.got = append(s.got, fmt.Sprint("s", w.Seconds))
	return nil
}

func (s *recordSink) Skip(line int, reason string) {
	s.got = append(s.got, fmt.Sprint("k", line, reason))
}

func TestPipelineKeepsOrderAndCopies(t *testing.T) {
	var want []string
	read := func(sink ledger.Sink) error {
		var e ledger.Event // reused, as importers may
		for i := range 3000 {
			switch i % 3 {
			case 0:
				e.Amount = int64(i)
				if err := sink.Event(&e); err != nil {
					return err
				}
				want = append(want, fmt.Sprint("e", i))
			case 1:
				if err := sink.Session(&ledger.WorkSession{Seconds: int64(i)}); err != nil {
					return err
				}
				want = append(want, fmt.Sprint("s", i))
			default:
				sink.Skip(i, "withdrawal")
				want = append(want, fmt.Sprint("k", i, "withdrawal"))
			}
		}
		return nil
	}
	var s recordSink
	if err := ledger.Pipeline(read, &s); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(s.got) != fmt.Sprint(want) {
		t.Fatalf("the sink saw %d records, not the %d the importer sent, in order", len(s.got), len(want))
	}
}

func TestPipelineErrors(t *testing.T) {
	bad := errors.New(`f.csv:7: column "Amount": "x" is not an amount`)
	sent := 0
	reader := func(stopAt int) func(ledger.Sink) error {
		return func(sink ledger.Sink) error {
			for i := range 100000 {
				if i == stopAt {
					return bad
				}
				sent++
				if err := sink.Event(&ledger.Event{Amount: int64(i)}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	// The importer's error is the pipeline's.
	if err := ledger.Pipeline(reader(700), &recordSink{}); !errors.Is(err, bad) {
		t.Errorf("importer error: got %v; want %v", err, bad)
	}
	// A sink error is returned, and stops the importer long before its end.
	sent = 0
	s := &recordSink{failAt: 10}
	err := ledger.Pipeline(reader(-1), s)
	if err == nil || err.Error() != "disk full" {
		t.Errorf("sink error: got %v; want disk full", err)
	}
	if len(s.got) != 10 || sent >= 100000 {
		t.Errorf("after the sink failed it saw %d records and the importer sent %d; want 10 and a stop", len(s.got), sent)
	}
	// A panic in the importer reaches the caller.
	defer func() {
		if r := recover(); r != "importer bug" {
			t.Errorf("recovered %v; want the importer's panic", r)
		}
	}()
	_ = ledger.Pipeline(func(ledger.Sink) error { panic("importer bug") }, &recordSink{})
	t.Error("a panicking importer returned normally")
}

// An importer that carries on after the sink failed (Skip has no error to
// heed) must not write into a batch the sink's goroutine holds: run with
// -race.
func TestPipelineImporterIgnoresStop(t *testing.T) {
	s := &recordSink{failAt: 700}
	read := func(sink ledger.Sink) error {
		e := ledger.Event{}
		for i := range 20000 {
			e.Amount = int64(i)
			_ = sink.Event(&e)
			_ = sink.Session(&ledger.WorkSession{Seconds: int64(i)})
			sink.Skip(i, "withdrawal")
		}
		return nil
	}
	if err := ledger.Pipeline(read, s); err == nil || err.Error() != "disk full" {
		t.Fatalf("got %v; want disk full", err)
	}
	if len(s.got) != 700 {
		t.Errorf("after the sink failed it saw %d records; want 700", len(s.got))
	}
}

// The sink may change the record it is handed, as the store sets the ID,
// and sees each one as the importer sent it.
func TestPipelineSinkSeesStableRecords(t *testing.T) {
	s := &mutatingSink{}
	read := func(sink ledger.Sink) error {
		var e ledger.Event
		for i := range 5000 {
			e = ledger.Event{Amount: int64(i), Note: fmt.Sprint(i)}
			if err := sink.Event(&e); err != nil {
				return err
			}
			if e.ID != 0 {
				return errors.New("the sink's change reached the importer's event")
			}
		}
		return nil
	}
	if err := ledger.Pipeline(read, s); err != nil {
		t.Fatal(err)
	}
	if s.n != 5000 {
		t.Errorf("the sink saw %d events; want 5000", s.n)
	}
}

type mutatingSink struct{ n int }

func (s *mutatingSink) Event(e *ledger.Event) error {
	if e.ID != 0 || e.Amount != int64(s.n) || e.Note != fmt.Sprint(s.n) {
		return fmt.Errorf("event %d arrived as id %d, amount %d, note %q", s.n, e.ID, e.Amount, e.Note)
	}
	e.ID = uint64(s.n + 1)
	s.n++
	return nil
}
func (s *mutatingSink) Session(*ledger.WorkSession) error { return nil }
func (s *mutatingSink) Skip(int, string)                  {}
