// Package ledgertest provides what importer tests share, as net/http/httptest
// does for handlers: a Sink that records what an importer hands over, and
// the fuzz target every importer must pass.
package ledgertest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

// Sink is a ledger.Sink that keeps what it is given, in order.
type Sink struct {
	Events   []ledger.Event
	Sessions []ledger.WorkSession
	// Skips are the skipped rows as "LINE:reason".
	Skips []string

	// Dedupe keeps only the first record of each key, as the store does,
	// so that tests can re-import files; Dups counts the others.
	Dedupe bool
	Dups   int
	keys   map[string]bool
}

// Event keeps a copy of e.
func (s *Sink) Event(e *ledger.Event) error {
	if s.seen(e.Key) {
		return nil
	}
	s.Events = append(s.Events, *e)
	return nil
}

// Session keeps a copy of w.
func (s *Sink) Session(w *ledger.WorkSession) error {
	if s.seen(w.Key) {
		return nil
	}
	s.Sessions = append(s.Sessions, *w)
	return nil
}

// Skip keeps "LINE:reason".
func (s *Sink) Skip(line int, reason string) {
	s.Skips = append(s.Skips, strconv.Itoa(line)+":"+reason)
}

// seen reports, when deduplicating, whether key came before, counting it.
func (s *Sink) seen(key string) bool {
	if !s.Dedupe {
		return false
	}
	if s.keys[key] {
		s.Dups++
		return true
	}
	if s.keys == nil {
		s.keys = map[string]bool{}
	}
	s.keys[key] = true
	return false
}

// ImportFile imports the file testdata/name with imp into s, naming it name
// in errors; a file it cannot open fails t.
func (s *Sink) ImportFile(t testing.TB, imp ImportFunc, name string, opts ledger.ImportOptions) error {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts.Name = name
	return imp(f, opts, s)
}

// Date reads the YYYY-MM-DD of an expected value; a bad one panics, since it
// is the test's own mistake.
func Date(s string) ledger.Date {
	d, err := ledger.ParseDate(s, 0)
	if err != nil {
		panic(err)
	}
	return d
}

// WantRowError fails t unless err is a *ledger.RowError at file:line in
// column (empty for the row as a whole), an input error whose message
// contains want.
func WantRowError(t testing.TB, err error, file string, line int, column, want string) {
	t.Helper()
	var re *ledger.RowError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a *ledger.RowError", err)
	}
	if re.File != file || re.Line != line || re.Column != column {
		t.Errorf("error at %s:%d %q, want %s:%d %q", re.File, re.Line, re.Column, file, line, column)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if !ledger.IsInputError(err) {
		t.Errorf("error %v is not an input error", err)
	}
}

// ImportFunc is the signature every importer's Import has.
type ImportFunc func(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error

// Fuzz is the fuzz target every importer must pass, seeded with the files
// matching pattern (such as "testdata/*.csv"): whatever the input, imp does
// not panic, fails only with an input error (the file's fault: exit 2, never
// an internal error), and hands over only records that validate and carry
// an import key, all events or all sessions, never both.
func Fuzz(f *testing.F, pattern string, opts ledger.ImportOptions, imp ImportFunc) {
	AddFiles(f, pattern)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Sink
		if err := imp(bytes.NewReader(data), opts, &s); err != nil && !ledger.IsInputError(err) {
			t.Fatalf("not an input error: %v", err)
		}
		s.Check(t)
	})
}

// AddFiles adds every file matching pattern to f's seed corpus; a pattern
// that matches nothing fails, since a target without seeds tests little.
func AddFiles(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files match %s (%v)", pattern, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// Check fails t when a record s kept does not validate or has no key, or
// when s holds both events and sessions: a file is income or work.
func (s *Sink) Check(t testing.TB) {
	t.Helper()
	for i := range s.Events {
		e := &s.Events[i]
		if err := e.Validate(); err != nil || e.Key == "" {
			t.Fatalf("bad event %+v: %v (key %q)", *e, err, e.Key)
		}
	}
	for i := range s.Sessions {
		w := &s.Sessions[i]
		if err := w.Validate(); err != nil || w.Key == "" {
			t.Fatalf("bad session %+v: %v (key %q)", *w, err, w.Key)
		}
	}
	if len(s.Events) > 0 && len(s.Sessions) > 0 {
		t.Fatalf("one file gave %d events and %d sessions: an importer reads income or work", len(s.Events), len(s.Sessions))
	}
}
