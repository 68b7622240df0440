package main

import (
	"encoding/csv"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/shopspring/decimal"

	"github.com/earnlog/earnlog/ledger"
)

// TestHledgerAgrees runs real hledger on the export of random ledgers (odd
// notes and refs, several currencies, voids, sessions across midnight): it
// must read the journal and the timeclock file, its income total per
// commodity must be earnlog's ('report monthly' income, summed) with
// hledger's sign, and its hours the sessions' hours.
func TestHledgerAgrees(t *testing.T) {
	hl, err := exec.LookPath("hledger")
	if err != nil {
		t.Skip("hledger not installed: apt-get install hledger (CI installs it through .ci/run)")
	}
	// Each case runs hledger twice: fewer cases than rapid's default.
	checks := flag.Lookup("rapid.checks")
	defer checks.Value.Set(checks.Value.String())
	checks.Value.Set("30")
	dir := t.TempDir()
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		base := filepath.Join(dir, strconv.Itoa(n))
		db := base + ".db"
		fillLedger(rt, db)
		journal, timeclock := base+".journal", base+".timeclock"
		code, out, stderr := earnlog("--db", db, "export", "hledger", "--timeclock", timeclock)
		if code != 0 {
			rt.Fatalf("export hledger: exit %d: %s", code, stderr)
		}
		if err := os.WriteFile(journal, []byte(out), 0o600); err != nil {
			rt.Fatal(err)
		}

		// earnlog's income per currency, from its own report.
		code, report, stderr := earnlog("--db", db, "report", "monthly", "-o", "csv")
		if code != 0 {
			rt.Fatalf("report monthly: exit %d: %s", code, stderr)
		}
		// Totals, unlike one amount, may pass ledger.MaxMinor: add as decimals.
		income := map[string]decimal.Decimal{}
		rows := readCSV(rt, report)
		for _, r := range rows[1:] {
			cur := r[1]
			v, err := decimal.NewFromString(r[2])
			if err != nil {
				rt.Fatal(err)
			}
			income[cur] = income[cur].Add(v)
		}
		var want []string
		for cur, v := range income {
			if v.IsZero() {
				continue // hledger leaves a zero out of a total
			}
			exp, _ := ledger.CurrencyExponent(cur)
			want = append(want, cur+" "+v.Neg().StringFixed(int32(exp)))
		}
		sort.Strings(want)
		got := hledgerTotal(rt, hl, journal, "income")
		if strings.Join(want, ", ") != got && !(len(want) == 0 && got == "0") {
			rt.Fatalf("hledger income total %q, earnlog's %q\njournal:\n%s", got, strings.Join(want, ", "), out)
		}

		// Hours: every session that is not voided. hledger rounds each
		// timeclock entry, split at midnight, to 0.01h before it adds them:
		// its total may be off by 0.005h (18 s) per day of a session.
		code, sessions, stderr := earnlog("--db", db, "export", "csv", "--work")
		if code != 0 {
			rt.Fatalf("export csv --work: exit %d: %s", code, stderr)
		}
		var secs, pieces int64
		srows := readCSV(rt, sessions)
		col := slices.Index(srows[0], "seconds")
		for _, r := range srows[1:] {
			s, _ := strconv.ParseInt(r[col], 10, 64)
			start, err := time.Parse("2006-01-02T15:04:05", r[2])
			if err != nil {
				start, _ = time.Parse("2006-01-02", r[2])
			}
			secs += s
			first := start.Unix() / 86400
			last := (start.Unix() + s - 1) / 86400
			pieces += last - first + 1
		}
		hours := hledgerTotal(rt, hl, timeclock, "")
		centi, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSuffix(hours, "h"), ".", ""), 10, 64)
		if err != nil {
			rt.Fatalf("hledger hours total %q is not hours", hours)
		}
		if diff := centi*36 - secs; diff > 18*pieces || diff < -18*pieces {
			tc, _ := os.ReadFile(timeclock)
			rt.Fatalf("hledger hours total %q, earnlog's %sh (%d session-days)\ntimeclock:\n%s", hours, ledger.FormatHours(secs), pieces, tc)
		}
	})
}

// hledgerTotal returns the total line of 'hledger bal' as CSV.
func hledgerTotal(t *rapid.T, hl, file, query string) string {
	args := []string{"-f", file, "bal", "-O", "csv"}
	if query != "" {
		args = append(args, query)
	}
	out, err := exec.Command(hl, args...).CombinedOutput()
	if err != nil {
		content, _ := os.ReadFile(file)
		t.Fatalf("hledger %s: %v\n%s\nfile:\n%s", strings.Join(args, " "), err, out, content)
	}
	rows := readCSV(t, string(out))
	last := rows[len(rows)-1]
	if len(last) != 2 || last[0] != "total" {
		t.Fatalf("hledger output has no total: %s", out)
	}
	return last[1]
}

func readCSV(t *rapid.T, s string) [][]string {
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("not CSV: %v\n%s", err, s)
	}
	return rows
}
