package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// testContention runs two loops of 'earnlog earn' at the same time on one
// ledger: every run must wait its turn within the lock timeout and store its
// event.
func (r *rel) testContention(t *testing.T) {
	const perWriter = 500
	dir := t.TempDir()
	db := r.baseLedger(t, dir)
	baseCount := r.countEvents(t, db)

	var wg sync.WaitGroup
	var mu sync.Mutex
	var refused []string
	var slowest time.Duration
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				ref := fmt.Sprintf("w%d-%d", w, i)
				res, err := r.start(db, nil, nil, "earn", "etsy/contention", "1.25", "--date", "2026-03-01", "--ref", ref)
				mu.Lock()
				switch {
				case err != nil:
					refused = append(refused, ref+": "+err.Error())
				case res.code != 0:
					refused = append(refused, ref+": "+res.String())
				}
				slowest = max(slowest, res.elapsed)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, s := range refused {
		t.Errorf("refused: %s", s)
	}
	r.mustBeClean(t, db)
	listed := r.mustRun(t, db, "list", "--stream", "etsy/contention", "-o", "csv").stdout
	stored := strings.Count(listed, "\n") - 1
	missing := 0
	for w := 0; w < 2; w++ {
		for i := 0; i < perWriter; i++ {
			if !strings.Contains(listed, fmt.Sprintf(",w%d-%d,", w, i)) {
				missing++
			}
		}
	}
	if stored != 2*perWriter || missing > 0 {
		t.Errorf("stored %d events of %d, %d refs missing", stored, 2*perWriter, missing)
	}
	if got := r.countEvents(t, db); got != baseCount+2*perWriter {
		t.Errorf("the ledger holds %d events; want %d", got, baseCount+2*perWriter)
	}
	summary("contention: writers 2, events %d, stored %d, refused %d, slowest %v", 2*perWriter, stored, len(refused), slowest.Round(time.Millisecond))
}

// testReaderDuringImport lists the ledger again and again while a long
// import holds it: each reader either sees the ledger before or after the
// whole import, or fails within its --lock-timeout (plus slack for a loaded
// machine) with the "in use" message and exit 1. None hangs.
func (r *rel) testReaderDuringImport(t *testing.T) {
	// Big enough that the import holds the lock for about a second, so
	// that several readers meet it.
	rows := 100000
	const lockTimeout = 200 * time.Millisecond
	const slack = 2 * time.Second
	dir := t.TempDir()
	file := writeEventsCSV(t, dir, "big.csv", rows)
	db := r.baseLedger(t, dir)
	before := r.countEvents(t, db)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	imp, _, impErr := r.command(ctx, db, nil, nil, "import", "csv", file)
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- imp.Wait() }()

	var readers, busy, snapshots, failures int
	var importErr error
loop:
	for {
		select {
		case importErr = <-done:
			break loop
		default:
		}
		readers++
		res := r.run(t, db, nil, "--lock-timeout", lockTimeout.String(), "list", "--all", "-o", "csv")
		switch {
		case res.code == 0:
			n := strings.Count(res.stdout, "\n") - 1
			if n != before && n != before+rows {
				failures++
				t.Errorf("a reader saw %d events: neither %d nor %d", n, before, before+rows)
			}
			snapshots++
		case res.code == 1 && strings.Contains(res.stderr, "in use by another earnlog process"):
			if res.elapsed > lockTimeout+slack {
				failures++
				t.Errorf("a busy reader took %v with --lock-timeout %v", res.elapsed, lockTimeout)
			}
			busy++
		default:
			failures++
			t.Errorf("a reader during the import: %v", res)
		}
	}
	if importErr != nil {
		t.Fatalf("the import failed: %v: %s", importErr, impErr)
	}
	if got := r.countEvents(t, db); got != before+rows {
		t.Errorf("after the import the ledger holds %d events; want %d", got, before+rows)
	}
	if busy+snapshots < 2 {
		t.Errorf("only %d reader(s) ran before the import ended: it is too quick to test them", readers)
	}
	summary("reader-during-import: readers %d, busy %d, snapshots %d, failures %d", readers, busy, snapshots, failures)
}
