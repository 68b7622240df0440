// Command earnlog-bench times earnlog against hledger and ledger-cli on the
// same generated ledgers, as whole processes: what a person waits for and
// what the machine must hold, start-up and all.
//
// For every size it writes a deterministic ten-year ledger (earnlog CSV, the
// export layout that `earnlog import csv` reads), builds earnlog, imports
// the files into a fresh ledger and times import, report monthly (also
// with --value USD, over a daily rate history), report claim, list -o csv
// and earn (the median of several runs, with the peak
// resident memory of the process), then hledger and ledger-cli on the same
// events as a journal. It prints one Markdown table, the targets met or
// missed, and how earnlog's monthly report grows from one size to the next.
//
//	go run ./cmd/earnlog-bench -sizes 10k,100k,1M
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
)

type options struct {
	sizes     []int
	runs      int
	earnRuns  int
	peerRuns  int
	peers1M   bool
	noPeers   bool
	install   bool
	dir       string
	keep      bool
	earnlogGo string // package to build
	hard      bool   // also time the hard ledger at the largest size
	floor     bool   // also time the raw scan of each ledger
}

func main() {
	var o options
	var sizes, events, floorDB, pgo string
	flag.StringVar(&sizes, "sizes", "10k,100k,1M", "comma-separated numbers of events (k and M suffixes)")
	flag.StringVar(&events, "events", "", "the same as -sizes (-events 10m runs 10M events alone)")
	flag.BoolVar(&o.hard, "hard", true, "also time a hard ledger at the largest size: as many work sessions as events, about 2,000 streams")
	flag.BoolVar(&o.floor, "floor", true, "also time the floor: a raw scan of every event record of each ledger")
	flag.StringVar(&floorDB, "raw-scan", "", "(used by the bench itself) scan the ledger FILE raw and print its monthly sums")
	var compare, compareDB, explainIDs string
	flag.StringVar(&compare, "compare", "", "OLD,NEW: run every report with two earnlog binaries on the -db ledger and compare their output bytes")
	flag.StringVar(&compareDB, "db", "", "the ledger -compare reads")
	flag.StringVar(&explainIDs, "explain", "1,2,500000,999999", "with -compare: the event IDs to run explain on")
	var only string
	flag.StringVar(&only, "only", "", "with -compare: only the commands that contain this text")
	flag.IntVar(&o.runs, "runs", 5, "runs of each earnlog command; the median is shown")
	flag.IntVar(&o.earnRuns, "earn-runs", 50, "runs of earnlog earn")
	flag.IntVar(&o.peerRuns, "peer-runs", 3, "runs of hledger and ledger-cli below 1M events (one at 1M)")
	flag.BoolVar(&o.peers1M, "peers-1m", false, "also run hledger and ledger-cli at 1M events and more (20-80 s and 2-8 GB each)")
	flag.BoolVar(&o.noPeers, "no-peers", false, "time earnlog only")
	flag.BoolVar(&o.install, "install", true, "install missing peers with apt-get when running as root")
	flag.StringVar(&o.dir, "dir", "", "work folder (default: a new temporary folder)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work folder")
	flag.StringVar(&o.earnlogGo, "pkg", "./cmd/earnlog", "the earnlog package to build")
	flag.StringVar(&pgo, "pgo", "", "run earnlog's commands once each at 1M events and on the hard ledger, and write their merged CPU profile to FILE (cmd/earnlog/default.pgo)")
	flag.Parse()
	if floorDB != "" {
		os.Exit(rawScan(floorDB))
	}
	if compare != "" {
		os.Exit(compareReports(compare, compareDB, strings.Split(explainIDs, ","), only))
	}
	if pgo != "" {
		if err := makeProfile(o, pgo); err != nil {
			fmt.Fprintln(os.Stderr, "earnlog-bench:", err)
			os.Exit(1)
		}
		return
	}
	if events != "" {
		sizes = events
	}
	var err error
	if o.sizes, err = parseSizes(sizes); err != nil {
		fmt.Fprintln(os.Stderr, "earnlog-bench:", err)
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "earnlog-bench:", err)
		os.Exit(1)
	}
}

// parseSizes reads "10k,100k,1M".
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		mul := 1
		switch {
		case strings.HasSuffix(f, "k"), strings.HasSuffix(f, "K"):
			mul, f = 1000, f[:len(f)-1]
		case strings.HasSuffix(f, "M"), strings.HasSuffix(f, "m"):
			mul, f = 1000000, f[:len(f)-1]
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 || n > 100000 {
			return nil, fmt.Errorf("size %q is not a number of events: use a whole number such as 10000, 100k or 1M", f)
		}
		out = append(out, n*mul)
	}
	slices.Sort(out)
	return out, nil
}

// sizeName writes 10000 as 10k and 1000000 as 1M.
func sizeName(n int) string {
	switch {
	case n%1000000 == 0:
		return strconv.Itoa(n/1000000) + "M"
	case n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// result is one timed command at one size.
type result struct {
	size    int
	tool    string
	command string
	runs    int
	secs    float64 // median wall time
	maxKB   int64   // median peak resident memory
}

func run(o options) error {
	dir := o.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "earnlog-bench-")
		if err != nil {
			return err
		}
		dir = d
		if !o.keep {
			defer os.RemoveAll(dir)
		}
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	bin := filepath.Join(dir, "earnlog")
	fmt.Fprintf(os.Stderr, "building earnlog (%s)\n", o.earnlogGo)
	build := exec.Command("go", "build", "-o", bin, o.earnlogGo)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build %s: %v", o.earnlogGo, err)
	}
	peers := findPeers(o)

	var results []result
	for _, n := range o.sizes {
		rs, err := benchSize(o, dir, bin, n, peers)
		results = append(results, rs...)
		if err != nil {
			printReport(os.Stdout, results, o)
			return err
		}
	}
	if o.hard && len(o.sizes) > 0 {
		rs, err := benchHard(o, dir, bin, o.sizes[len(o.sizes)-1])
		results = append(results, rs...)
		if err != nil {
			printReport(os.Stdout, results, o)
			return err
		}
	}
	printReport(os.Stdout, results, o)
	return nil
}

// peer is a tool earnlog is compared with.
type peer struct {
	tool, command string
	args          func(journal string) []string
}

func findPeers(o options) []peer {
	if o.noPeers {
		return nil
	}
	all := []peer{
		{"hledger", "hledger -f J bal -M", func(j string) []string { return []string{"hledger", "-f", j, "bal", "-M"} }},
		{"ledger-cli", "ledger -f J bal", func(j string) []string { return []string{"ledger", "-f", j, "bal"} }},
	}
	pkg := map[string]string{"hledger": "hledger", "ledger-cli": "ledger"}
	var out []peer
	for _, p := range all {
		name := p.args("")[0]
		if _, err := exec.LookPath(name); err != nil && o.install && os.Geteuid() == 0 {
			fmt.Fprintf(os.Stderr, "installing %s from Debian\n", pkg[p.tool])
			c := exec.Command("apt-get", "install", "-y", "-qq", pkg[p.tool])
			c.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
			c.Stdout, c.Stderr = io.Discard, io.Discard
			_ = c.Run()
		}
		if _, err := exec.LookPath(name); err != nil {
			fmt.Fprintf(os.Stderr, "note: %s is not installed (apt-get install %s); it is left out\n", name, pkg[p.tool])
			continue
		}
		out = append(out, p)
	}
	return out
}

func benchSize(o options, dir, bin string, n int, peers []peer) ([]result, error) {
	sd := filepath.Join(dir, sizeName(n))
	if err := os.MkdirAll(sd, 0o700); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "%s: generating %d events and %d sessions\n", sizeName(n), n, n/5)
	g := generate(n)
	events, sessions := filepath.Join(sd, "events.csv"), filepath.Join(sd, "sessions.csv")
	if err := writeFile(events, g.writeEvents); err != nil {
		return nil, err
	}
	if err := writeFile(sessions, g.writeSessions); err != nil {
		return nil, err
	}
	// The journal the peers read when this earnlog cannot export one.
	fallback := filepath.Join(sd, "fallback.journal")
	if err := writeFile(fallback, g.writeJournal); err != nil {
		return nil, err
	}
	// Let the generated ledger go before timing anything: a child's peak
	// memory as wait4 reports it starts from this process's at the fork.
	g = nil
	runtime.GC()
	debug.FreeOSMemory()
	db := filepath.Join(sd, "ledger.db")
	env := func(db string) []string {
		return withProfile(append(os.Environ(), "EARNLOG_DB="+db, "EARNLOG_NOW=2026-03-27T17:00:00Z", "NO_COLOR=1"))
	}
	var out []result
	add, addAll := collect(n, &out), collectAll(n, &out)

	// Import: every run into a fresh ledger. Fewer runs at a million rows.
	importRuns := o.runs
	if n >= 1000000 {
		importRuns = min(o.runs, 3)
	}
	err := add(timeRuns("earnlog", fmt.Sprintf("import csv (%s rows)", sizeName(n)), importRuns, func() (float64, int64, error) {
		os.Remove(db)
		return measure(env(db), "", bin, "import", "csv", events)
	}))
	if err != nil {
		return out, err
	}
	// UpWork's history of the same size: hourly invoices, each with its
	// service fee (gen_upwork.go), into a fresh ledger of its own.
	upwork, upworkDB := filepath.Join(sd, "upwork.csv"), filepath.Join(sd, "upwork.db")
	if err := writeFile(upwork, func(w io.Writer) error { return writeUpwork(w, n/2) }); err != nil {
		return out, err
	}
	if err := add(timeRuns("earnlog", fmt.Sprintf("import upwork (%s rows)", sizeName(n)), importRuns, func() (float64, int64, error) {
		os.Remove(upworkDB)
		return measure(env(upworkDB), "", bin, "import", "upwork", upwork)
	})); err != nil {
		return out, err
	}
	os.Remove(upworkDB)
	if err := add(timeRuns("earnlog", fmt.Sprintf("import csv (%s sessions)", sizeName(n/5)), 1, func() (float64, int64, error) {
		return measure(env(db), "", bin, "import", "csv", sessions)
	})); err != nil {
		return out, err
	}
	// A daily EUR->USD rate history over the ten years, for --value.
	rates := filepath.Join(sd, "rates.csv")
	if err := writeFile(rates, writeRates); err != nil {
		return out, err
	}
	if err := add(timeRuns("earnlog", "rates import (daily, 10 years)", 1, func() (float64, int64, error) {
		return measure(env(db), "", bin, "rates", "import", rates)
	})); err != nil {
		return out, err
	}
	// The reports and the floor are timed in turns (timeTogether), so
	// that each report's ratio to the floor is taken in the same minutes.
	var reports []timed
	for _, c := range []struct {
		name string
		args []string
	}{
		{"report monthly", []string{"report", "monthly"}},
		{valued, []string{"report", "monthly", "--value", "USD"}},
		{"report claim", []string{"report", "claim"}},
		{"report decay", []string{"report", "decay", "--by", "stream"}},
		{"report runway", []string{"report", "runway"}},
		{"list -o csv", []string{"list", "-o", "csv"}},
		{"check", []string{"check"}},
	} {
		reports = append(reports, timed{c.name, func() (float64, int64, error) {
			return measure(env(db), "", bin, c.args...)
		}})
	}
	if o.floor {
		reports = append(reports, floorRun(env(db), db, ""))
	}
	if err := addAll(timeTogether("earnlog", o.runs, reports)); err != nil {
		return out, err
	}
	// earn writes: run it on a copy so the reports above and below read
	// the same ledger.
	earnDB := filepath.Join(sd, "earn.db")
	if err := copyFile(db, earnDB); err != nil {
		return out, err
	}
	if err := add(timeRuns("earnlog", "earn", o.earnRuns, func() (float64, int64, error) {
		return measure(env(earnDB), "", bin, "earn", "etsy/pixel-press", "12.50", "--date", "2026-03-27")
	})); err != nil {
		return out, err
	}
	os.Remove(earnDB)

	if len(peers) == 0 || (n >= 1000000 && !o.peers1M) {
		if len(peers) > 0 {
			fmt.Fprintf(os.Stderr, "  peers skipped at %s: they take 20-80 s and 2-8 GB each there (-peers-1m runs them)\n", sizeName(n))
		}
		return out, nil
	}
	journal := filepath.Join(sd, "ledger.journal")
	how, err := writeJournal(fallback, journal, bin, env(db))
	if err != nil {
		return out, err
	}
	fmt.Fprintf(os.Stderr, "  journal: %s\n", how)
	runs := o.peerRuns
	if n >= 1000000 {
		runs = 1
	}
	for _, p := range peers {
		args := p.args(journal)
		if err := add(timeRuns(p.tool, p.command, runs, func() (float64, int64, error) {
			return measure(os.Environ(), "", args[0], args[1:]...)
		})); err != nil {
			return out, err
		}
	}
	return out, nil
}

// writeJournal writes the peers' input: `earnlog export hledger` when the
// earnlog under test has it, else the generator's own journal of the same
// shape. It says which.
func writeJournal(fallback, path, bin string, env []string) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	c := exec.Command(bin, "export", "hledger")
	c.Env = env
	c.Stdout = f
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Run(); err == nil {
		if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
			return "earnlog export hledger", nil
		}
	}
	f.Close()
	if err := copyFile(fallback, path); err != nil {
		return "", err
	}
	return "written by earnlog-bench (this earnlog has no export hledger)", nil
}

// timeRuns runs fn runs times and keeps the median time and memory.
func timeRuns(tool, command string, runs int, fn func() (float64, int64, error)) (result, error) {
	rs, err := timeTogether(tool, runs, []timed{{command, fn}})
	if err != nil {
		return result{}, err
	}
	return rs[0], nil
}

// timed is one command to time: its name in the table, and one run of it.
type timed struct {
	command string
	run     func() (float64, int64, error)
}

// timeTogether runs each of cmds runs times, a round at a time (one run of
// each in turn), and keeps each one's median time and memory. This machine
// drifts by a third within minutes: run one after the other, a report's
// runs and its floor's could fall in different phases of it, and their
// ratio would move with the machine rather than with the code. Taken in
// turns, every command sees the same minutes.
func timeTogether(tool string, runs int, cmds []timed) ([]result, error) {
	runs = max(runs, 1)
	secs := make([][]float64, len(cmds))
	kbs := make([][]int64, len(cmds))
	for range runs {
		for j, c := range cmds {
			s, kb, err := c.run()
			if err != nil {
				return nil, fmt.Errorf("%s %s: %v", tool, c.command, err)
			}
			secs[j] = append(secs[j], s)
			kbs[j] = append(kbs[j], kb)
		}
	}
	out := make([]result, len(cmds))
	for j, c := range cmds {
		slices.Sort(secs[j])
		slices.Sort(kbs[j])
		out[j] = result{tool: tool, command: c.command, runs: runs, secs: secs[j][runs/2], maxKB: kbs[j][runs/2]}
	}
	return out, nil
}

// timeTool is GNU time, when installed. A child that Go starts shares this
// process's memory until it execs, and Linux counts that in the child's
// peak: GNU time forks the command from a small process instead, so its
// figure is the command's own.
var timeTool, _ = exec.LookPath("/usr/bin/time")

// measure runs one process to its end, its output thrown away (a terminal
// would measure the terminal), and returns its wall time and peak resident
// memory in KiB.
func measure(env []string, stdin, name string, args ...string) (float64, int64, error) {
	var memFile string
	if timeTool != "" {
		f, err := os.CreateTemp("", "earnlog-bench-mem-")
		if err != nil {
			return 0, 0, err
		}
		memFile = f.Name()
		f.Close()
		defer os.Remove(memFile)
		args = append([]string{"-f", "%M", "-o", memFile, name}, args...)
		name = timeTool
	}
	c := exec.Command(name, args...)
	c.Env = env
	var stderr bytes.Buffer
	c.Stdout, c.Stderr = io.Discard, &stderr
	if stdin != "" {
		f, err := os.Open(stdin)
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		c.Stdin = f
	}
	// Stdout to a file, not a pipe: io.Discard would make exec copy
	// through a pipe in this process, which is not what a shell's
	// "> /dev/null" does.
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, 0, err
	}
	defer null.Close()
	c.Stdout = null
	start := time.Now()
	err = c.Run()
	secs := time.Since(start).Seconds()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 500 {
			msg = msg[:500] + "..."
		}
		return 0, 0, fmt.Errorf("%v: %s", err, msg)
	}
	if memFile != "" {
		b, err := os.ReadFile(memFile)
		if err != nil {
			return 0, 0, err
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("GNU time wrote %q, not a peak memory in KiB", b)
		}
		return secs, kb, nil
	}
	kb, ok := peakKiB(c.ProcessState)
	if !ok {
		return 0, 0, errors.New("no peak memory from wait4 on this system: install GNU time")
	}
	return secs, kb, nil
}

func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func readSmall(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// collect returns the function that adds a timed result of a ledger of n
// events to out, printing it as it comes, or passes on the error.
func collect(n int, out *[]result) func(result, error) error {
	return func(r result, err error) error {
		if err != nil {
			return err
		}
		r.size = n
		*out = append(*out, r)
		fmt.Fprintf(os.Stderr, "  %-10s %-34s %8.3f s %8.1f MB\n", r.tool, r.command, r.secs, float64(r.maxKB)/1024)
		return nil
	}
}

// collectAll is collect for the results of timeTogether.
func collectAll(n int, out *[]result) func([]result, error) error {
	add := collect(n, out)
	return func(rs []result, err error) error {
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := add(r, nil); err != nil {
				return err
			}
		}
		return nil
	}
}
