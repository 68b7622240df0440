package main

// The reliability tests prove that nothing is lost: they run the real earnlog
// binary as child processes and kill it, starve it of disk, race two of them,
// damage its file and feed it bad input. They run in a short form under
// 'make test' and in full with -reliability.long ('make reliability'); each
// prints one summary line on stdout, which 'go test' shows even without -v.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/store"
)

var reliabilityLong = flag.Bool("reliability.long", false, "run the reliability tests in full (hundreds of crash trials, bigger files)")

// checkHelperEnv makes this test binary act as 'earnlog check' (see
// TestReliabilityCheckHelper) while the CLI has no check command of its own.
const checkHelperEnv = "EARNLOG_RELIABILITY_CHECK"

// rel is what every reliability subtest shares: the binary under test and
// whether it has the check and export commands.
type rel struct {
	bin       string
	dir       string
	hasCheck  bool
	hasExport bool
}

// TestReliability builds earnlog once, without the race detector so that the
// children run at the speed a person sees, and runs every reliability test
// against it.
func TestReliability(t *testing.T) {
	if os.Getenv(checkHelperEnv) != "" {
		t.Skip("check helper process")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool on PATH to build earnlog: %v", err)
	}
	r := &rel{dir: t.TempDir()}
	r.bin = filepath.Join(r.dir, "earnlog")
	build := exec.Command(goTool, "build", "-o", r.bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	r.hasCheck = r.run(t, filepath.Join(r.dir, "probe.db"), nil, "check", "--help").code == 0
	r.hasExport = r.run(t, filepath.Join(r.dir, "probe.db"), nil, "export", "--help").code == 0

	t.Run("crash-loop", r.testCrashLoop)
	t.Run("contention", r.testContention)
	t.Run("reader-during-import", r.testReaderDuringImport)
	t.Run("file-size-limit", r.testFileSizeLimit)
	t.Run("full-tmpfs", r.testFullTmpfs)
	t.Run("corruption", r.testCorruption)
	t.Run("bad-input", r.testBadInput)
	t.Run("error-hygiene", r.testErrorHygiene)
	t.Run("overflow", r.testOverflow)
}

// summary prints one line of the reliability report. It goes to stdout
// itself, not t.Log, so that 'go test' without -v shows it.
func summary(format string, args ...any) {
	fmt.Printf("reliability "+format+"\n", args...)
}

// result is what one run of earnlog did.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
}

// env is the hermetic environment of every child: its own ledger and home, a
// fixed clock, UTC.
func (r *rel) env(db string) []string {
	return []string{
		"EARNLOG_DB=" + db,
		"EARNLOG_NOW=2026-03-27T17:00:00Z",
		"TZ=UTC",
		"HOME=" + r.dir,
		"XDG_DATA_HOME=" + filepath.Join(r.dir, "xdg"),
		"PATH=" + os.Getenv("PATH"),
		"LANG=C.UTF-8",
	}
}

// command is the earnlog child process on ledger db, not yet started; a
// wrapper (such as prlimit and its options) runs earnlog when given.
func (r *rel) command(ctx context.Context, db string, stdin io.Reader, wrapper []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	argv := append(append(append([]string(nil), wrapper...), r.bin), args...)
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Env = r.env(db)
	c.Stdin = stdin
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	return c, &out, &errb
}

// run runs earnlog to the end; a child that runs longer than a minute has
// hung, and that is a failure of its own.
func (r *rel) run(t testing.TB, db string, stdin io.Reader, args ...string) result {
	t.Helper()
	return r.runWrapped(t, db, stdin, nil, args...)
}

// runWrapped runs earnlog under a wrapper command such as prlimit.
func (r *rel) runWrapped(t testing.TB, db string, stdin io.Reader, wrapper []string, args ...string) result {
	t.Helper()
	res, err := r.start(db, stdin, wrapper, args...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// start runs earnlog and returns what it did; the error is for a child that
// could not run or hung. It never fails the test, so goroutines may call it.
func (r *rel) start(db string, stdin io.Reader, wrapper []string, args ...string) (result, error) {
	return r.startIn("", db, stdin, wrapper, args...)
}

// startIn is start in the working folder dir ("": this process's).
func (r *rel) startIn(dir, db string, stdin io.Reader, wrapper []string, args ...string) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, out, errb := r.command(ctx, db, stdin, wrapper, args...)
	c.Dir = dir
	begin := time.Now()
	err := c.Run()
	res := result{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(begin)}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return res, fmt.Errorf("earnlog %s hung: killed after %v", strings.Join(args, " "), time.Minute)
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		return res, fmt.Errorf("earnlog %s: %v", strings.Join(args, " "), err)
	}
	return res, nil
}

// mustRun runs earnlog and fails the test unless it exits 0.
func (r *rel) mustRun(t testing.TB, db string, args ...string) result {
	t.Helper()
	res := r.run(t, db, nil, args...)
	if res.code != 0 {
		t.Fatalf("earnlog %s: %v", strings.Join(args, " "), res)
	}
	return res
}

// check runs 'earnlog check' on db, or this test binary as a stand-in for it
// when the CLI has none, and returns its result.
func (r *rel) check(t testing.TB, db string) result {
	t.Helper()
	if r.hasCheck {
		return r.run(t, db, nil, "check")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestReliabilityCheckHelper$")
	c.Env = append(os.Environ(), checkHelperEnv+"="+db)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	res := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("check of %s hung", db)
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("check of %s: %v", db, err)
	}
	return res
}

// TestReliabilityCheckHelper is 'earnlog check' for the reliability tests
// while the CLI has no such command: it runs only as a child process (with
// checkHelperEnv naming the ledger) and exits 0 when the file is clean, 1
// when it has problems. In its own process, so that a fault on a damaged file
// cannot take the test binary down.
func TestReliabilityCheckHelper(t *testing.T) {
	path := os.Getenv(checkHelperEnv)
	if path == "" {
		t.Skip("runs only as the child of a reliability test")
	}
	problems, err := store.CheckFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "earnlog: %v\n", err)
		os.Exit(1)
	}
	var bad int
	for _, p := range problems {
		fmt.Fprintf(os.Stderr, "%s\n", p)
		if !strings.HasPrefix(p, store.WarningPrefix) {
			bad++
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
	os.Exit(0)
}

// mustBeClean fails the test unless check passes on db.
func (r *rel) mustBeClean(t testing.TB, db string) {
	t.Helper()
	if res := r.check(t, db); res.code != 0 {
		t.Fatalf("check of %s: %v", db, res)
	}
}

// snapshot is everything the ledger holds, as text: 'export csv' when the
// CLI has it, else the event and session listings with voided records.
func (r *rel) snapshot(t testing.TB, db string) string {
	t.Helper()
	if r.hasExport {
		return r.mustRun(t, db, "export", "csv").stdout
	}
	return r.mustRun(t, db, "list", "--all", "-o", "csv").stdout +
		r.mustRun(t, db, "list", "--work", "--all", "-o", "csv").stdout
}

// countEvents is the number of events in the ledger. The listing's notes in
// these tests hold no line breaks, so a line is a row.
func (r *rel) countEvents(t testing.TB, db string) int {
	t.Helper()
	out := r.mustRun(t, db, "list", "--all", "-o", "csv").stdout
	return strings.Count(out, "\n") - 1
}

// hashFile is the SHA-256 of a file, "missing" when there is none.
func hashFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "missing"
	}
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeEventsCSV writes an earnlog CSV of n sale events spread over streams
// and months, each with its own ref, and returns its path.
func writeEventsCSV(t testing.TB, dir, name string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("date,stream,kind,amount,currency,ref,note\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "2025-%02d-%02d,etsy/shop-%d,sale,%d.%02d,USD,order-%d,row %d\n",
			i%12+1, i%28+1, i%7, i%500+1, i%100, i, i)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// baseLedger makes a ledger with a few events and a session that predate
// every test's own writes, so that "nothing written" is told apart from
// "everything lost".
func (r *rel) baseLedger(t testing.TB, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "base.db")
	r.mustRun(t, db, "earn", "upwork/acme-logo", "250", "--kind", "fixed", "--date", "2026-01-15", "--ref", "base-1")
	r.mustRun(t, db, "earn", "etsy/pixel-press", "12.50", "--date", "2026-02-01", "--ref", "base-2")
	r.mustRun(t, db, "work", "upwork/acme-logo", "2h30m", "--date", "2026-01-14")
	return db
}

// noPanic fails the test when a child crashed: damage and bad input must
// be reported, never crash.
func noPanic(t testing.TB, what string, res result) {
	t.Helper()
	if crashed(res) {
		t.Errorf("%s crashed: %v", what, res)
	}
}

// crashed reports whether a child's stderr shows a Go panic, a fault or a
// goroutine dump.
func crashed(res result) bool {
	return strings.Contains(res.stderr, "panic:") || strings.Contains(res.stderr, "goroutine ") ||
		strings.Contains(res.stderr, "fatal error:") || strings.Contains(res.stderr, "SIGSEGV")
}
