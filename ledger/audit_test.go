package ledger_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

// lineSink is a LineSink that notes the line each record came with.
type lineSink struct{ recordSink }

func (s *lineSink) EventAt(line int, e *ledger.Event) error {
	s.got = append(s.got, fmt.Sprint("line", line))
	return s.Event(e)
}

func (s *lineSink) SessionAt(line int, w *ledger.WorkSession) error {
	s.got = append(s.got, fmt.Sprint("line", line))
	return s.Session(w)
}

// The line an importer gives a record reaches a LineSink through the
// pipeline, across batches; a record handed over without one reaches it
// through Event, and a plain Sink gets every record through Event.
func TestPipelineCarriesLines(t *testing.T) {
	read := func(sink ledger.Sink) error {
		for i := 1; i <= 1200; i++ {
			e := ledger.Event{Amount: int64(i)}
			var err error
			switch i % 3 {
			case 0:
				err = ledger.EventAt(sink, i+1, &e)
			case 1:
				err = ledger.SessionAt(sink, i+1, &ledger.WorkSession{Seconds: int64(i)})
			default:
				err = sink.Event(&e)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	var want, plain []string
	for i := 1; i <= 1200; i++ {
		switch i % 3 {
		case 0:
			want = append(want, fmt.Sprint("line", i+1), fmt.Sprint("e", i))
			plain = append(plain, fmt.Sprint("e", i))
		case 1:
			want = append(want, fmt.Sprint("line", i+1), fmt.Sprint("s", i))
			plain = append(plain, fmt.Sprint("s", i))
		default:
			want = append(want, fmt.Sprint("e", i))
			plain = append(plain, fmt.Sprint("e", i))
		}
	}
	ls := &lineSink{}
	if err := ledger.Pipeline(read, ls); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ls.got, want) {
		t.Errorf("line sink got %d items, first %q; want %d, first %q", len(ls.got), ls.got[:4], len(want), want[:4])
	}
	rs := &recordSink{}
	if err := ledger.Pipeline(read, rs); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rs.got, plain) {
		t.Errorf("plain sink got %d items, want %d", len(rs.got), len(plain))
	}
}
