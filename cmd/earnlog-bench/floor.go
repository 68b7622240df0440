package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/earnlog/earnlog/store"
)

// The floor and the hard ledger.
//
// The floor is what no report can beat: a process that opens the ledger
// read-only and walks every event record once with the store's decoder,
// reading only its date and amount and summing per month (store.RawScan).
// It runs as this command itself (-raw-scan FILE), so that it is timed as
// a whole process, start-up and all, like the reports it is set against.
//
// The hard ledger is a long-time freelancer with many small clients: about
// 2,000 streams and a work session for every event, the shape that makes
// the engine's work index and its streams largest.

// floorCommand and hardPrefix name the floor's rows and the hard ledger's.
const (
	floorCommand = "floor (raw scan)"
	hardPrefix   = "hard: "
)

// rawScan is -raw-scan: the sums go to stdout, so that the scan cannot be
// optimised away and a person can compare them with report monthly's.
func rawScan(path string) int {
	sums, n, err := store.RawScan(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "earnlog-bench:", err)
		return 1
	}
	months := make([]int, 0, len(sums))
	for m := range sums {
		months = append(months, m)
	}
	slices.Sort(months)
	var b strings.Builder
	for _, m := range months {
		fmt.Fprintf(&b, "%04d-%02d %d\n", m/12, m%12+1, sums[m])
	}
	fmt.Fprintf(&b, "%d records\n", n)
	_, err = os.Stdout.WriteString(b.String())
	if err != nil {
		return 1
	}
	return 0
}

// floorRun is the raw scan of db as a command to time beside the reports
// (timeTogether): the table names it prefix+floorCommand.
func floorRun(env []string, db string, prefix string) timed {
	return timed{prefix + floorCommand, func() (float64, int64, error) {
		self, err := os.Executable()
		if err != nil {
			return 0, 0, err
		}
		return measure(env, "", self, "-raw-scan", db)
	}}
}

// floorOf returns the floor measured on the same ledger as r.
func floorOf(rs []result, r result) (result, bool) {
	if r.tool != "earnlog" {
		return result{}, false
	}
	name := floorCommand
	if strings.HasPrefix(r.command, hardPrefix) {
		name = hardPrefix + floorCommand
	}
	return find(rs, r.size, "earnlog", name)
}

// benchHard generates the hard ledger of n events, imports it and times
// report monthly and report claim on it, and its floor.
func benchHard(o options, dir, bin string, n int) ([]result, error) {
	sd := filepath.Join(dir, sizeName(n)+"-hard")
	if err := os.MkdirAll(sd, 0o700); err != nil {
		return nil, err
	}
	g := generateShape(n, hard)
	fmt.Fprintf(os.Stderr, "%s hard: generated %d events, %d sessions on %d streams\n", sizeName(n), len(g.events), len(g.sessions), hard.contracts+hard.products+5)
	events, sessions := filepath.Join(sd, "events.csv"), filepath.Join(sd, "sessions.csv")
	if err := writeFile(events, g.writeEvents); err != nil {
		return nil, err
	}
	if err := writeFile(sessions, g.writeSessions); err != nil {
		return nil, err
	}
	g = nil
	runtime.GC()
	debug.FreeOSMemory()
	db := filepath.Join(sd, "ledger.db")
	env := func() []string {
		return withProfile(append(os.Environ(), "EARNLOG_DB="+db, "EARNLOG_NOW=2026-03-27T17:00:00Z", "NO_COLOR=1"))
	}
	var out []result
	add, addAll := collect(n, &out), collectAll(n, &out)
	for _, f := range []string{events, sessions} {
		what := hardPrefix + "import csv (" + filepath.Base(f) + ")"
		if err := add(timeRuns("earnlog", what, 1, func() (float64, int64, error) {
			return measure(env(), "", bin, "import", "csv", f)
		})); err != nil {
			return out, err
		}
	}
	var reports []timed
	for _, c := range []string{"report monthly", "report claim"} {
		args := strings.Fields(c)
		reports = append(reports, timed{hardPrefix + c, func() (float64, int64, error) {
			return measure(env(), "", bin, args...)
		}})
	}
	if o.floor {
		reports = append(reports, floorRun(env(), db, hardPrefix))
	}
	if err := addAll(timeTogether("earnlog", o.runs, reports)); err != nil {
		return out, err
	}
	return out, nil
}
