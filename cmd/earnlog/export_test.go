package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

var testNow = time.Date(2026, 3, 27, 17, 0, 0, 0, time.UTC)

// earnlog runs the command line in this process, as the binary would, and
// returns its exit code, stdout and stderr.
func earnlog(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	env := map[string]string{"EARNLOG_NOW": testNow.Format(time.RFC3339), "TZ": "UTC"}
	code := run(args, strings.NewReader(""), &out, &errb, func(k string) string { return env[k] })
	return code, out.String(), errb.String()
}

// oddText draws what people and platforms put in notes and refs: CSV
// separators, quotes, CR LF, text a spreadsheet would run as a formula,
// quotes before such text, unicode.
func oddText(t *rapid.T, label string) string {
	pieces := rapid.SliceOfN(rapid.SampledFrom([]string{
		"a", "Acme Ltd.", ",", "\"", "\n", "\r\n", "\r", "\t", " ", "=", "+", "-", "@", "'", "''",
		"€", "日本", "😀", "=SUM(A1)", "-12.50", "+1", ";", "|", "\x00",
	}), 0, 5).Draw(t, label)
	return strings.Join(pieces, "")
}

var (
	rtStreams    = []ledger.Stream{"upwork/acme-logo", "etsy/pixel-press", "gumroad/icon-pack", "kofi/x9"}
	rtCurrencies = []string{"USD", "EUR", "JPY", "KWD", "CLF", "GBP"}
)

// fillLedger writes a random ledger through the real store and the import
// sink, voids and links included.
func fillLedger(t *rapid.T, path string) {
	db, _, err := store.Open(path, store.Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var refs []string
	err = db.Update(func(tx ledger.Tx) error {
		// Dates run to 2028, beyond a year from testNow: such records
		// (recorded with --allow-future) round-trip too.
		rec := &ledger.Recorder{Tx: tx, Now: testNow, AllowFuture: true}
		for i, n := 0, rapid.IntRange(0, 12).Draw(t, "events"); i < n; i++ {
			kind := rapid.SampledFrom(ledger.Kinds).Draw(t, "kind")
			amount := rapid.Int64Range(0, ledger.MaxMinor).Draw(t, "amount")
			if kind.Sign() < 0 || kind.Sign() == 0 && rapid.Bool().Draw(t, "negative") {
				amount = -amount
			}
			e := &ledger.Event{
				Date:     ledger.NewDate(2020, 1, 1) + ledger.Date(rapid.IntRange(0, 3000).Draw(t, "day")),
				Stream:   rapid.SampledFrom(rtStreams).Draw(t, "stream"),
				Kind:     kind,
				Amount:   amount,
				Currency: rapid.SampledFrom(rtCurrencies).Draw(t, "currency"),
				Ref:      oddText(t, "ref"),
				Note:     oddText(t, "note"),
			}
			if len(refs) > 0 && !kind.IsIncome() && rapid.Bool().Draw(t, "linked") {
				e.Link = rapid.SampledFrom(refs).Draw(t, "link")
			}
			if rapid.Bool().Draw(t, "keyed") {
				e.Key = "test:" + oddText(t, "key")
			}
			if kind == ledger.KindHourly && rapid.Bool().Draw(t, "billed") {
				// Only an hourly payment bills hours, at most 168 in its week.
				e.Billed = rapid.Int64Range(1, 7*24*3600).Draw(t, "billed secs")
				e.PeriodStart, e.PeriodEnd = ledger.BillingWeek(e.Date)
			}
			if rapid.IntRange(0, 3).Draw(t, "void") == 0 {
				e.Voided, e.VoidReason = true, oddText(t, "reason")
			}
			if e.Ref != "" {
				refs = append(refs, e.Ref)
			}
			if err := rec.Event(e); err != nil {
				return err
			}
		}
		for i, n := 0, rapid.IntRange(0, 6).Draw(t, "sessions"); i < n; i++ {
			w := &ledger.WorkSession{
				Stream: rapid.SampledFrom(rtStreams).Draw(t, "session stream"),
				// Whole minutes, so that hledger's hours (see hledger_test.go)
				// never sit on a rounding tie.
				Start:   time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + 60*rapid.Int64Range(0, 3000*1440).Draw(t, "start"),
				HasTime: rapid.Bool().Draw(t, "has time"),
				Seconds: 60 * rapid.Int64Range(1, ledger.MaxDuration/60).Draw(t, "minutes"),
				Note:    oddText(t, "session note"),
			}
			if !w.HasTime {
				w.Start -= w.Start % 86400
				w.Seconds = min(w.Seconds, ledger.MaxDateOnlySession) // within its day
			}
			if rapid.IntRange(0, 3).Draw(t, "void session") == 0 {
				w.Voided, w.VoidReason = true, oddText(t, "session reason")
			}
			if err := rec.Session(w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestExportImportExportIdentical: on random ledgers in the real store,
// export csv --all, import csv into an empty ledger and export again gives
// the same bytes, for events and for sessions; export json is valid JSON with
// every record.
func TestExportImportExportIdentical(t *testing.T) {
	dir := t.TempDir()
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		base := filepath.Join(dir, strconv.Itoa(n))
		src, dst := base+"-src.db", base+"-dst.db"
		fillLedger(rt, src)
		for _, work := range []bool{false, true} {
			args := []string{"export", "csv", "--all"}
			if work {
				args = append(args, "--work")
			}
			code, first, stderr := earnlog(append([]string{"--db", src}, args...)...)
			if code != 0 {
				rt.Fatalf("export: exit %d: %s", code, stderr)
			}
			file := base + "-export.csv"
			if err := os.WriteFile(file, []byte(first), 0o600); err != nil {
				rt.Fatal(err)
			}
			if code, _, stderr := earnlog("--db", dst, "import", "csv", file, "--allow-future"); code != 0 {
				rt.Fatalf("import: exit %d: %s\nfile:\n%s", code, stderr, first)
			}
			code, second, stderr := earnlog(append([]string{"--db", dst}, args...)...)
			if code != 0 {
				rt.Fatalf("second export: exit %d: %s", code, stderr)
			}
			if first != second {
				rt.Fatalf("export -> import -> export differs (work=%v):\nfirst:\n%s\nsecond:\n%s", work, first, second)
			}

			// JSON: valid, and the same records as the CSV.
			jargs := []string{"--db", src, "export", "json", "--all"}
			if work {
				jargs = append(jargs, "--work")
			}
			code, js, stderr := earnlog(jargs...)
			if code != 0 {
				rt.Fatalf("export json: exit %d: %s", code, stderr)
			}
			var doc map[string][]map[string]any
			if err := json.Unmarshal([]byte(js), &doc); err != nil {
				rt.Fatalf("export json is not JSON: %v\n%s", err, js)
			}
			name := "events"
			if work {
				name = "sessions"
			}
			rows, err := csv.NewReader(strings.NewReader(first)).ReadAll()
			if err != nil {
				rt.Fatal(err)
			}
			if got, want := len(doc[name]), len(rows)-1; got != want {
				rt.Fatalf("export json has %d %s, export csv %d", got, name, want)
			}
		}
		os.Remove(src)
		os.Remove(dst)
	})
}
