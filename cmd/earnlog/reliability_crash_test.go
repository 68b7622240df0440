package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

var reliabilitySeed = flag.Uint64("reliability.seed", 0, "seed of the crash loop's kill times (0: a new one, printed)")

// testCrashLoop kills an import at random moments. After each kill the file
// must check clean, hold all of the import or none of it, and a second run of
// the same import must leave exactly what an uninterrupted import leaves.
func (r *rel) testCrashLoop(t *testing.T) {
	trials, rows := 50, 3000
	if *reliabilityLong {
		trials, rows = 500, 20000
	}
	seed := *reliabilitySeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	dir := t.TempDir()
	file := writeEventsCSV(t, dir, "big.csv", rows)
	base := r.baseLedger(t, dir)
	baseCount := r.countEvents(t, base)

	// The reference: the same import, never interrupted.
	ref := filepath.Join(dir, "ref.db")
	copyFile(t, base, ref)
	res := r.mustRun(t, ref, "import", "csv", file)
	took := res.elapsed
	want := r.snapshot(t, ref)
	if got := r.countEvents(t, ref); got != baseCount+rows {
		t.Fatalf("the uninterrupted import left %d events; want %d", got, baseCount+rows)
	}

	var failures, none, all int
	db := filepath.Join(dir, "trial.db")
	for i := 0; i < trials; i++ {
		copyFile(t, base, db)
		// Up to a little past the uninterrupted run, so that some kills
		// land after the commit too.
		delay := time.Duration(rng.Int64N(int64(took) * 11 / 10))
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		c, _, stderr := r.command(ctx, db, nil, nil, "import", "csv", file)
		if err := c.Start(); err != nil {
			cancel()
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = c.Process.Signal(syscall.SIGKILL)
		_ = c.Wait()
		cancel()

		fail := func(format string, args ...any) {
			failures++
			t.Errorf("trial %d (seed %d, kill after %v): %s", i, seed, delay, fmt.Sprintf(format, args...))
		}
		if res := r.check(t, db); res.code != 0 {
			fail("check after the kill: %v (import's stderr %q)", res, stderr.String())
			continue
		}
		switch n := r.countEvents(t, db); n {
		case baseCount:
			none++
		case baseCount + rows:
			all++
		default:
			fail("the ledger holds %d events: neither the %d before the import nor the %d after it", n, baseCount, baseCount+rows)
			continue
		}
		if res := r.run(t, db, nil, "import", "csv", file); res.code != 0 {
			fail("import again: %v", res)
			continue
		}
		if got := r.snapshot(t, db); got != want {
			fail("after the second import the ledger differs from an uninterrupted import")
		}
	}
	summary("crash-loop: trials %d, failures %d (seed %d, killed before commit %d, after %d)", trials, failures, seed, none, all)
}
