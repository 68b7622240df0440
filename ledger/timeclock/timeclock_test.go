package timeclock_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/timeclock"
)

// recorder is a ledger.Sink that keeps what it is given.
type recorder struct {
	sessions []ledger.WorkSession
	skips    []string
}

func (r *recorder) Event(e *ledger.Event) error { return fmt.Errorf("unexpected event %+v", e) }
func (r *recorder) Session(w *ledger.WorkSession) error {
	r.sessions = append(r.sessions, *w)
	return nil
}
func (r *recorder) Skip(line int, reason string) {
	r.skips = append(r.skips, fmt.Sprintf("%d:%s", line, reason))
}

func run(t *testing.T, file string, opts ledger.ImportOptions) (*recorder, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	opts.Name = file
	rec := &recorder{}
	return rec, timeclock.Import(bytes.NewReader(b), opts, rec)
}

func session(stream ledger.Stream, start string, secs int64, note string) ledger.WorkSession {
	p, err := time.Parse("2006-01-02T15:04:05", start)
	if err != nil {
		panic(err)
	}
	return ledger.WorkSession{Stream: stream, Start: ledger.CivilSeconds(p), HasTime: true, Seconds: secs, Note: note,
		Key: "timeclock:" + string(stream) + ":" + start}
}

func TestImport(t *testing.T) {
	rec, err := run(t, "hours.timeclock", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.WorkSession{
		session("upwork/acme-logo", "2026-03-27T09:00:00", 8*3600+34, "logo drafts"),
		session("upwork/acme-logo", "2026-03-28T09:00:00", 2*3600, ""),
		session("etsy/pixel-press", "2026-03-28T10:15:00", 2*3600+15*60, "listing photos"),
		session("gumroad/icon-pack-v2", "2026-03-29T22:00:00", 3*3600+30*60, ""),
	}
	if !reflect.DeepEqual(rec.sessions, want) {
		t.Errorf("sessions:\n got %+v\nwant %+v", rec.sessions, want)
	}
	if want := []string{"13:open session"}; !reflect.DeepEqual(rec.skips, want) {
		t.Errorf("skips = %q, want %q", rec.skips, want)
	}
}

func TestStreamOptionWins(t *testing.T) {
	rec, err := run(t, "single_part.timeclock", ledger.ImportOptions{Stream: "upwork/acme"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []ledger.WorkSession{session("upwork/acme", "2026-03-27T09:00:00", 3600, "")}; !reflect.DeepEqual(rec.sessions, want) {
		t.Errorf("sessions = %+v, want %+v", rec.sessions, want)
	}
}

func TestOverlappingFilesShareKeys(t *testing.T) {
	a, err := run(t, "hours.timeclock", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := run(t, "overlap.timeclock", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, s := range a.sessions {
		keys[s.Key] = true
	}
	var fresh []string
	for _, s := range b.sessions {
		if !keys[s.Key] {
			fresh = append(fresh, s.Key)
		}
	}
	if want := []string{"timeclock:upwork/acme-logo:2026-03-31T09:00:00"}; !reflect.DeepEqual(fresh, want) {
		t.Errorf("new keys = %q, want %q", fresh, want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		want string
	}{
		{"out_before_in.timeclock", 2, `the clock-out 2026/03/27 08:00 is before its clock-in on line 1`},
		{"out_first.timeclock", 1, "clock-out with nothing clocked in"},
		{"unknown_account.timeclock", 2, `clock-out of "etsy:shop", which is not clocked in`},
		{"bad_date.timeclock", 2, `"2026/02/30 09:00" is not a date and time: use YYYY/MM/DD or YYYY-MM-DD, then HH:MM or HH:MM:SS`},
		{"bad_time.timeclock", 1, `"2026/03/27 25:00" is not a date and time`},
		{"single_part.timeclock", 1, `account "acme" names no stream: write PLATFORM:NAME`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := run(t, tt.file, ledger.ImportOptions{})
			var re *ledger.RowError
			if !errors.As(err, &re) || re.Line != tt.line || re.File != tt.file {
				t.Fatalf("err = %v, want a RowError at %s:%d", err, tt.file, tt.line)
			}
			if !strings.Contains(err.Error(), tt.want) || !ledger.IsInputError(err) {
				t.Errorf("err = %v, want an input error containing %q", err, tt.want)
			}
		})
	}
}

// FuzzTimeclock: never panics; errors are input errors; sessions are valid.
func FuzzTimeclock(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.timeclock"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := &recorder{}
		err := timeclock.Import(bytes.NewReader(data), ledger.ImportOptions{Name: "fuzz.timeclock"}, rec)
		if err != nil && !ledger.IsInputError(err) {
			t.Fatalf("not an input error: %v", err)
		}
		for _, s := range rec.sessions {
			if s.Key == "" || s.Validate() != nil {
				t.Fatalf("bad session %+v: %v", s, s.Validate())
			}
		}
	})
}
