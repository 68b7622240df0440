package timeclock_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/timeclock"
)

func run(t *testing.T, file string, opts ledger.ImportOptions) (*ledgertest.Sink, error) {
	t.Helper()
	rec := &ledgertest.Sink{}
	return rec, rec.ImportFile(t, timeclock.Import, file, opts)
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
	// The description's #words are work tags; the note keeps them.
	want[2].Note, want[2].Tags = "listing photos #maintain #Shop", "maintain,shop"
	if !reflect.DeepEqual(rec.Sessions, want) {
		t.Errorf("sessions:\n got %+v\nwant %+v", rec.Sessions, want)
	}
	if want := []string{"13:open session"}; !reflect.DeepEqual(rec.Skips, want) {
		t.Errorf("skips = %q, want %q", rec.Skips, want)
	}
}

// The forms hledger reads: a zone after the time (accepted and ignored),
// dotted and dashed dates, months and days without a leading zero, ";"
// right after the time or the description, clock-outs naming their session
// while another is open, trailing spaces, timeclock.el's b, h and O entries.
func TestImportHledgerForms(t *testing.T) {
	rec, err := run(t, "hledger_forms.timeclock", ledger.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.WorkSession{
		session("upwork/acme-logo", "2025-03-05T22:15:00", 90*60, "late fixes"),
		session("etsy/pixel-press", "2025-03-03T09:00:00", 90*60, "photos"),
		session("upwork/acme-logo", "2025-03-03T11:00:00", 60*60, ""),
		session("etsy/pixel-press", "2025-03-03T11:30:00", 45*60, ""),
		session("upwork/acme-logo", "2025-03-04T09:00:00", 45*60, ""),
		session("upwork/acme-logo", "2025-03-04T13:00:00", 60*60, ""),
	}
	if !reflect.DeepEqual(rec.Sessions, want) {
		t.Errorf("sessions:\n got %+v\nwant %+v", rec.Sessions, want)
	}
	// By hand: 1:30 + 1:30 + 1:00 + 0:45 + 0:45 + 1:00 = 6:30.
	var total int64
	for _, w := range rec.Sessions {
		total += w.Seconds
	}
	if total != 6*3600+30*60 {
		t.Errorf("total %ds, want %ds", total, 6*3600+30*60)
	}
	if want := []string{"12:time balance entry", "13:required hours entry"}; !reflect.DeepEqual(rec.Skips, want) {
		t.Errorf("skips = %q, want %q", rec.Skips, want)
	}
}

func TestStreamOptionWins(t *testing.T) {
	rec, err := run(t, "single_part.timeclock", ledger.ImportOptions{Stream: "upwork/acme"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []ledger.WorkSession{session("upwork/acme", "2026-03-27T09:00:00", 3600, "")}; !reflect.DeepEqual(rec.Sessions, want) {
		t.Errorf("sessions = %+v, want %+v", rec.Sessions, want)
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
	for _, s := range a.Sessions {
		keys[s.Key] = true
	}
	var fresh []string
	for _, s := range b.Sessions {
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
		{"bad_date.timeclock", 2, `"2026/02/30 09:00" is not a date and time: use YYYY/MM/DD, YYYY-MM-DD or YYYY.MM.DD, then HH:MM or HH:MM:SS`},
		{"bad_time.timeclock", 1, `"2026/03/27 25:00" is not a date and time`},
		{"bad_zone.timeclock", 1, `"2025/03/05 22:15:00+01" is not a date and time`},
		{"single_part.timeclock", 1, `account "acme" names no stream: write PLATFORM:NAME`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := run(t, tt.file, ledger.ImportOptions{})
			ledgertest.WantRowError(t, err, tt.file, tt.line, "", tt.want)
		})
	}
}

// FuzzTimeclock: never panics; errors are input errors; sessions are valid.
func FuzzTimeclock(f *testing.F) {
	ledgertest.Fuzz(f, "testdata/*.timeclock", ledger.ImportOptions{Name: "fuzz.timeclock"}, timeclock.Import)
}

// TestKeysOfNamesInOtherScripts: an account with letters outside a-z goes
// to its full name now, but keeps the import key earlier versions gave it,
// so a file imported before adds nothing again.
func TestKeysOfNamesInOtherScripts(t *testing.T) {
	const file = "i 2026/03/02 09:00:00 upwork:Müller Straße\no 2026/03/02 10:00:00\ni 2026/03/03 09:00:00 upwork:株式会社\no 2026/03/03 10:00:00\n"
	sink := &ledgertest.Sink{}
	if err := timeclock.Import(strings.NewReader(file), ledger.ImportOptions{Name: "t.timeclock"}, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.Sessions) != 2 {
		t.Fatalf("sessions %+v", sink.Sessions)
	}
	for i, want := range []struct{ stream, key string }{
		{"upwork/müller-strasse", "timeclock:upwork/m-ller-stra-e:2026-03-02T09:00:00"},
		{"upwork/株式会社", "timeclock:upwork/株式会社:2026-03-03T09:00:00"},
	} {
		if w := sink.Sessions[i]; string(w.Stream) != want.stream || w.Key != want.key {
			t.Errorf("session %d: stream %q key %q; want %q and %q", i, w.Stream, w.Key, want.stream, want.key)
		}
	}
}
