package toggl_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/toggl"
)

func run(t *testing.T, file string, opts ledger.ImportOptions) (*ledgertest.Sink, error) {
	t.Helper()
	rec := &ledgertest.Sink{}
	return rec, rec.ImportFile(t, toggl.Import, file, opts)
}

func session(stream ledger.Stream, user, start string, secs int64, note string) ledger.WorkSession {
	p, err := time.Parse("2006-01-02T15:04:05", start)
	if err != nil {
		panic(err)
	}
	return ledger.WorkSession{Stream: stream, Start: ledger.CivilSeconds(p), HasTime: true, Seconds: secs, Note: note,
		Key: "toggl:" + user + ":" + start}
}

func TestImport(t *testing.T) {
	rec, err := run(t, "detailed.csv", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	call := session("upwork/acme-logo", "Bob", "2023-10-05T08:00:00", 1200, "call")
	want := []ledger.WorkSession{
		session("upwork/acme-logo", "Ann", "2023-10-01T09:00:00", 5400, "logo v1, draft"),
		session("upwork/acme-logo", "Ann", "2023-10-01T13:00:00", 2700, ""),
		session("etsy/pixel-press", "Ann", "2023-10-02T22:00:00", 26*3600, "shoot"),
		call, // a short row: no Duration, so End date and time give the length
		call, // the same entry twice: the same key, so the sink keeps one
	}
	// Tags, slugged, sorted and unique.
	want[0].Tags, want[1].Tags = "design", "client-work,maintain"
	if !reflect.DeepEqual(rec.Sessions, want) {
		t.Errorf("sessions:\n got %+v\nwant %+v", rec.Sessions, want)
	}
	if want := []string{"5:zero-length entry"}; !reflect.DeepEqual(rec.Skips, want) {
		t.Errorf("skips = %q, want %q", rec.Skips, want)
	}
}

func TestStreamOptionWins(t *testing.T) {
	rec, err := run(t, "no_stream.csv", ledger.ImportOptions{Stream: "fiverr/acme"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Sessions) != 1 || rec.Sessions[0].Stream != "fiverr/acme" {
		t.Errorf("sessions = %+v, want one on fiverr/acme", rec.Sessions)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		want string
	}{
		{"no_stream.csv", 2, `column "Project": project "Logo" (client "Acme") names no stream`},
		{"bad_duration.csv", 2, `column "Duration": "1h" is not a duration: use H:MM:SS`},
		{"bad_date.csv", 2, `column "Start date": "10/01/2023" is not a date: use YYYY-MM-DD`},
		{"too_long.csv", 2, `the entry lasts 1001h: one entry is at most 1000h`},
		{"disagree.csv", 3, `column "Duration": Duration 05:00:00 disagrees with the start and end (2023-10-02 09:00:00 to 2023-10-02 10:00:00 is 1h)`},
		{"ends_before.csv", 2, `column "End time": the entry ends (2023-10-01 08:00:00) before it starts (2023-10-01 09:00:00)`},
		{"not_toggl.csv", 0, "not_toggl.csv: the header matches no Toggl Track detailed report export earnlog knows"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := run(t, tt.file, ledger.ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !ledger.IsInputError(err) {
				t.Fatalf("err = %v, want an input error containing %q", err, tt.want)
			}
			var re *ledger.RowError
			if tt.line > 0 && (!errors.As(err, &re) || re.Line != tt.line) {
				t.Errorf("err = %#v, want a RowError at line %d", err, tt.line)
			}
		})
	}
}

// FuzzToggl: never panics; errors are input errors; sessions are valid.
func FuzzToggl(f *testing.F) {
	ledgertest.Fuzz(f, "testdata/*.csv", ledger.ImportOptions{Name: "fuzz.csv"}, toggl.Import)
}
