package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// importCase is an import with its expected outcome: the file, the ledger
// before it and a snapshot of the ledger after it ran uninterrupted.
type importCase struct {
	file, base string
	before     string // snapshot of base
	after      string // snapshot after an uninterrupted import
	afterSize  int64  // file size of the ledger after it
}

func (r *rel) newImportCase(t *testing.T, dir string, rows int) importCase {
	t.Helper()
	c := importCase{file: writeEventsCSV(t, dir, "big.csv", rows), base: r.baseLedger(t, dir)}
	c.before = r.snapshot(t, c.base)
	ref := filepath.Join(dir, "ref.db")
	copyFile(t, c.base, ref)
	r.mustRun(t, ref, "import", "csv", c.file)
	c.after = r.snapshot(t, ref)
	fi, err := os.Stat(ref)
	if err != nil {
		t.Fatal(err)
	}
	c.afterSize = fi.Size()
	return c
}

// mustBeIntact fails the test unless db checks clean and holds what it held
// before the failed import.
func (r *rel) mustBeIntact(t *testing.T, db string, c importCase) {
	t.Helper()
	r.mustBeClean(t, db)
	if got := r.snapshot(t, db); got != c.before {
		t.Errorf("a failed import changed the ledger")
	}
}

// mustReportWriteFailure checks the message of an import that could not
// write: exit 1, nothing on stdout, the ledger's path named with the
// promise that nothing was written, no crash.
func mustReportWriteFailure(t *testing.T, db string, res result) {
	t.Helper()
	noPanic(t, "import", res)
	want := "cannot write the ledger " + db
	if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, want) || !strings.Contains(res.stderr, "nothing was written") {
		t.Errorf("import that cannot write: %v; want exit 1, nothing on stdout, %q and \"nothing was written\" on stderr", res, want)
	}
}

// testFileSizeLimit imports under RLIMIT_FSIZE limits that stop the ledger
// from growing at several points. Go ignores SIGXFSZ, so the write fails with
// EFBIG and earnlog must say so, leave the ledger as it was, and import fine
// once the limit is gone.
func (r *rel) testFileSizeLimit(t *testing.T) {
	wrapper := func(limit int64) []string {
		if _, err := exec.LookPath("prlimit"); err == nil {
			return []string{"prlimit", "--fsize=" + strconv.FormatInt(limit, 10)}
		}
		// bash counts ulimit -f in blocks of 1024 bytes.
		return []string{"bash", "-c", `ulimit -f "$1" && shift && exec "$@"`, "bash", strconv.FormatInt(limit/1024, 10)}
	}
	if _, err := exec.LookPath("prlimit"); err != nil {
		if _, err := exec.LookPath("bash"); err != nil {
			t.Skip("neither prlimit nor bash to set a file-size limit")
		}
	}
	rows := 3000
	if *reliabilityLong {
		rows = 20000
	}
	dir := t.TempDir()
	c := r.newImportCase(t, dir, rows)
	fi, err := os.Stat(c.base)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "limited.db")
	var refused, failures int
	var message string
	// Limits from the ledger's own size up to just short of what the import
	// needs, rounded to whole KiB so that bash's ulimit sees the same limit.
	for _, limit := range []int64{fi.Size(), fi.Size() + 4096, c.afterSize / 4, c.afterSize / 2, c.afterSize - 4096} {
		limit = limit / 1024 * 1024
		if limit < fi.Size() {
			continue
		}
		ok := t.Run(fmt.Sprintf("limit-%d", limit), func(t *testing.T) {
			copyFile(t, c.base, db)
			res := r.runWrapped(t, db, nil, wrapper(limit), "import", "csv", c.file)
			if res.code == 0 {
				// The grown file fitted after all: the import must be whole.
				if got := r.snapshot(t, db); got != c.after {
					t.Errorf("the import succeeded but differs from an unlimited one")
				}
				return
			}
			refused++
			message = strings.TrimSpace(res.stderr)
			mustReportWriteFailure(t, db, res)
			r.mustBeIntact(t, db, c)
			r.mustRun(t, db, "import", "csv", c.file)
			if got := r.snapshot(t, db); got != c.after {
				t.Errorf("the import once the limit was lifted differs from one that never met it")
			}
		})
		if !ok {
			failures++
		}
	}
	if refused == 0 {
		t.Errorf("no file-size limit stopped the import")
	}
	summary("file-size-limit: refused %d, failures %d, message %q", refused, failures, message)
}

// testFullTmpfs imports into a ledger on a tmpfs too small for it: earnlog
// must fail with exit 1 and leave the ledger intact, then succeed once the
// file system is made bigger. It needs root and a kernel that lets it mount.
func (r *rel) testFullTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot mount a tmpfs")
	}
	rows := 3000
	if *reliabilityLong {
		rows = 20000
	}
	dir := t.TempDir()
	c := r.newImportCase(t, dir, rows)
	mnt := filepath.Join(dir, "mnt")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	if c.afterSize <= 600<<10 {
		t.Fatalf("the import makes a ledger of %d bytes: too small to fill a 600k tmpfs", c.afterSize)
	}
	db := filepath.Join(mnt, "ledger.db")
	copyFile(t, c.base, db)
	res := r.run(t, db, nil, "import", "csv", c.file)
	mustReportWriteFailure(t, db, res)
	r.mustBeIntact(t, db, c)
	message := strings.TrimSpace(res.stderr)

	if out, err := exec.Command("mount", "-o", "remount,size=64m", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount bigger: %v: %s", err, out)
	}
	r.mustRun(t, db, "import", "csv", c.file)
	r.mustBeClean(t, db)
	if got := r.snapshot(t, db); got != c.after {
		t.Errorf("the import once there was room differs from one that never ran out")
	}
	failures := 0
	if t.Failed() {
		failures = 1
	}
	summary("full-tmpfs: size 600k, failures %d, message %q", failures, message)
}
