package timewarrior_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/timewarrior"
)

// TestMain fixes the machine's zone, which Import converts UTC into.
func TestMain(m *testing.M) {
	time.Local = time.FixedZone("UTC+2", 2*3600)
	os.Exit(m.Run())
}

func run(t *testing.T, file string, opts ledger.ImportOptions) (*ledgertest.Sink, error) {
	t.Helper()
	rec := &ledgertest.Sink{}
	return rec, rec.ImportFile(t, timewarrior.Import, file, opts)
}

func session(stream ledger.Stream, localStart string, secs int64, note, utc string) ledger.WorkSession {
	p, err := time.Parse("2006-01-02T15:04:05", localStart)
	if err != nil {
		panic(err)
	}
	return ledger.WorkSession{Stream: stream, Start: ledger.CivilSeconds(p), HasTime: true, Seconds: secs, Note: note, Key: "timewarrior:" + utc}
}

func TestImport(t *testing.T) {
	rec, err := run(t, "export.json", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.WorkSession{
		session("upwork/acme", "2023-10-01T11:00:00", 3600, "logo, v1", "20231001T090000Z"),
		session("etsy/pixel-press", "2023-10-02T00:30:00", 7200, "", "20231001T223000Z"),
		session("upwork/acme-logo", "2023-10-02T11:00:00", 900, "call", "20231002T090000Z"),
	}
	// The tags that name no stream are work tags.
	want[0].Tags, want[2].Tags = "design", "billable"
	if !reflect.DeepEqual(rec.Sessions, want) {
		t.Errorf("sessions:\n got %+v\nwant %+v", rec.Sessions, want)
	}
	if want := []string{"3:zero-length interval", "5:open interval"}; !reflect.DeepEqual(rec.Skips, want) {
		t.Errorf("skips = %q, want %q", rec.Skips, want)
	}
}

func TestStreamChoice(t *testing.T) {
	tests := []struct {
		file string
		opts ledger.ImportOptions
		want ledger.Stream
	}{
		{"two_streams.json", ledger.ImportOptions{Tag: "upwork"}, "upwork/a"},
		{"two_streams.json", ledger.ImportOptions{Tag: "Etsy"}, "etsy/b"},
		{"untagged.json", ledger.ImportOptions{Stream: "upwork/acme"}, "upwork/acme"},
		{"two_streams.json", ledger.ImportOptions{Stream: "gumroad/x", Tag: "upwork"}, "gumroad/x"},
	}
	for _, tt := range tests {
		rec, err := run(t, tt.file, tt.opts)
		if err != nil {
			t.Errorf("%s %+v: %v", tt.file, tt.opts, err)
			continue
		}
		if len(rec.Sessions) != 1 || rec.Sessions[0].Stream != tt.want {
			t.Errorf("%s %+v: sessions %+v, want stream %s", tt.file, tt.opts, rec.Sessions, tt.want)
		}
	}
}

func TestOverlappingExportsShareKeys(t *testing.T) {
	a, _ := run(t, "export.json", ledger.ImportOptions{})
	b, err := run(t, "overlap.json", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, s := range a.Sessions {
		keys[s.Key] = true
	}
	var fresh []string
	for _, s := range b.Sessions {
		if !keys[s.Key] {
			fresh = append(fresh, s.Key)
		}
	}
	if want := []string{"timewarrior:20231004T090000Z"}; !reflect.DeepEqual(fresh, want) {
		t.Errorf("new keys = %q, want %q", fresh, want)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		file string
		opts ledger.ImportOptions
		line int // 0: not a RowError
		want string
	}{
		{"untagged.json", ledger.ImportOptions{}, 1, `interval 1 (start "20231001T090000Z"): no tag of the form platform:name among ["design"]: tag the interval (timew tag @N upwork:acme), or give --stream or --tag`},
		{"untagged.json", ledger.ImportOptions{Tag: "client"}, 1, `no tag client:NAME among ["design"]`},
		{"two_streams.json", ledger.ImportOptions{}, 1, "the tags name several streams (etsy/b, upwork/a): pick the platform with --tag, or give --stream"},
		{"bad_time.json", ledger.ImportOptions{}, 1, `"2023-10-01 09:00" is not a time: use UTC ISO basic form`},
		{"end_before_start.json", ledger.ImportOptions{}, 1, `it ends (20231001T080000Z) before it starts`},
		{"tags_not_array.json", ledger.ImportOptions{}, 1, `interval 1 is not an interval: "tags" must be an array of strings`},
		{"truncated.json", ledger.ImportOptions{}, 0, "truncated.json: the JSON ends early"},
		{"not_array.json", ledger.ImportOptions{}, 0, "not_array.json: not a timewarrior export: expected a JSON array of intervals"},
		{"empty.json", ledger.ImportOptions{}, 0, "empty.json: the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := run(t, tt.file, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !ledger.IsInputError(err) {
				t.Fatalf("err = %v, want an input error containing %q", err, tt.want)
			}
			var re *ledger.RowError
			if tt.line > 0 && (!errors.As(err, &re) || re.Line != tt.line) {
				t.Errorf("err = %#v, want a RowError for interval %d", err, tt.line)
			}
		})
	}
}

func TestEmptyArray(t *testing.T) {
	rec, err := run(t, "none.json", ledger.ImportOptions{})
	if err != nil || len(rec.Sessions)+len(rec.Skips) != 0 {
		t.Errorf("got %+v, %v; want nothing", rec, err)
	}
}

// FuzzTimewarrior: never panics; errors are input errors; sessions are valid.
func FuzzTimewarrior(f *testing.F) {
	ledgertest.Fuzz(f, "testdata/*.json", ledger.ImportOptions{Name: "fuzz.json"}, timewarrior.Import)
}
