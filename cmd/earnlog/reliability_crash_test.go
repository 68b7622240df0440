package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/earnlog/earnlog/store"
)

var reliabilitySeed = flag.Uint64("reliability.seed", 0, "seed of the crash loop's kill times (0: a new one, printed)")

// testCrashLoop kills an import at random moments. The import is written in
// chunks of a few hundred records (EARNLOG_IMPORT_CHUNK), so that the kills
// land in every phase of it: in the first chunk, between chunks, in the
// publication (the keys and the import's record) and after it. A kill that
// leaves a staged import is, every other time, followed by a second kill,
// of the command that removes it. After each kill the file must check
// clean, hold all of the import or none of it, and a second run of the same
// import must leave exactly what an uninterrupted import leaves, IDs and
// all.
func (r *rel) testCrashLoop(t *testing.T) {
	trials, rows, chunk := 50, 3000, 250
	if *reliabilityLong {
		trials, rows, chunk = 500, 20000, 1000
	}
	chunkEnv := fmt.Sprintf("EARNLOG_IMPORT_CHUNK=%d", chunk)
	seed := *reliabilitySeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	dir := t.TempDir()
	file := writeEventsCSV(t, dir, "big.csv", rows)
	base := r.baseLedger(t, dir)
	baseCount := r.countEvents(t, base)

	// The reference: the same import, never interrupted, in chunks; and
	// the same in one transaction, which must leave the same.
	ref := filepath.Join(dir, "ref.db")
	copyFile(t, base, ref)
	res := r.runChunked(t, ref, chunkEnv, "import", "csv", file)
	if res.code != 0 {
		t.Fatalf("import: %v", res)
	}
	took := res.elapsed
	want := r.snapshot(t, ref)
	if got := r.countEvents(t, ref); got != baseCount+rows {
		t.Fatalf("the uninterrupted import left %d events; want %d", got, baseCount+rows)
	}
	whole := filepath.Join(dir, "whole.db")
	copyFile(t, base, whole)
	r.mustRun(t, whole, "import", "csv", file)
	if r.snapshot(t, whole) != want {
		t.Fatal("the import in one transaction differs from the import in chunks")
	}

	var failures, none, staged, all, cleanKills int
	var cleanTook time.Duration
	db := filepath.Join(dir, "trial.db")
	for i := 0; i < trials; i++ {
		copyFile(t, base, db)
		// Up to a little past the uninterrupted run, so that some kills
		// land after the commit too.
		delay := time.Duration(rng.Int64N(int64(took) * 11 / 10))
		stderr := r.killAfter(t, db, chunkEnv, delay, "import", "csv", file)

		fail := func(format string, args ...any) {
			failures++
			t.Errorf("trial %d (seed %d, kill after %v): %s", i, seed, delay, fmt.Sprintf(format, args...))
		}
		left, problems := stagedImport(db)
		if problems != "" {
			fail("the file after the kill: %s (import's stderr %q)", problems, stderr)
			continue
		}
		if left {
			staged++
			// The clean-up, killed in turn every other time (once timed
			// whole, to know how long it takes).
			switch {
			case cleanTook == 0:
				res := r.runChunked(t, db, chunkEnv, "list", "--all", "-o", "csv")
				cleanTook = max(res.elapsed, time.Millisecond)
			case rng.IntN(2) == 0:
				cleanKills++
				cut := time.Duration(rng.Int64N(int64(cleanTook) * 12 / 10))
				r.killAfter(t, db, chunkEnv, cut, "list", "--all", "-o", "csv")
				if _, problems := stagedImport(db); problems != "" {
					fail("the file after a kill of the clean-up after %v: %s", cut, problems)
					continue
				}
			}
		}
		if res := r.check(t, db); res.code != 0 {
			fail("check after the kill: %v (import's stderr %q)", res, stderr)
			continue
		}
		switch n := r.countEvents(t, db); {
		case n == baseCount && !left:
			none++
		case n == baseCount:
		case n == baseCount+rows && !left:
			all++
		default:
			fail("the ledger holds %d events: neither the %d before the import nor the %d after it (staged %v)", n, baseCount, baseCount+rows, left)
			continue
		}
		if res := r.runChunked(t, db, chunkEnv, "import", "csv", file); res.code != 0 {
			fail("import again: %v", res)
			continue
		}
		if got := r.snapshot(t, db); got != want {
			fail("after the second import the ledger differs from an uninterrupted import")
		}
	}
	summary("crash-loop: trials %d, failures %d (seed %d, %d rows in chunks of %d; killed in the first chunk %d, with the import staged %d (its clean-up killed too %d), after the commit %d)",
		trials, failures, seed, rows, chunk, none, staged, cleanKills, all)
}

// runChunked runs earnlog to the end with one more variable in its
// environment.
func (r *rel) runChunked(t testing.TB, db, env string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, out, errb := r.command(ctx, db, nil, nil, args...)
	c.Env = append(c.Env, env)
	begin := time.Now()
	err := c.Run()
	res := result{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(begin)}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("earnlog %s hung", strings.Join(args, " "))
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("earnlog %s: %v", strings.Join(args, " "), err)
	}
	return res
}

// killAfter starts earnlog, kills it after delay and returns its stderr.
func (r *rel) killAfter(t testing.TB, db, env string, delay time.Duration, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, _, stderr := r.command(ctx, db, nil, nil, args...)
	c.Env = append(c.Env, env)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(delay)
	_ = c.Process.Signal(syscall.SIGKILL)
	_ = c.Wait()
	return stderr.String()
}

// stagedImport checks the file as it is, without opening it the way
// earnlog does (which would remove a staged import first): whether it holds
// a staged import, and its problems, "" when it has none.
func stagedImport(db string) (bool, string) {
	problems, err := store.CheckFile(db)
	if err != nil {
		return false, err.Error()
	}
	staged := false
	var bad []string
	for _, p := range problems {
		switch {
		case strings.HasPrefix(p, store.WarningPrefix+"an import was interrupted"):
			staged = true
		case !strings.HasPrefix(p, store.WarningPrefix):
			bad = append(bad, p)
		}
	}
	return staged, strings.Join(bad, "; ")
}
