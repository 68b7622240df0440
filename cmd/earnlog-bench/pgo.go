package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync/atomic"
)

// The profile that builds of earnlog are optimised with (Go's
// profile-guided optimisation reads cmd/earnlog/default.pgo whenever the
// package is built: go build, go install, go test) is the CPU profile of
// this benchmark's own earnlog commands, run once each at a million events
// and on the hard ledger: the imports, reports, list, check and earn it
// times. -pgo FILE makes it (make pgo): each earnlog process writes its
// profile (EARNLOG_CPUPROFILE) into the work folder, and go tool pprof
// merges them into FILE.

// profiles is the folder the earnlog processes write their profiles to,
// empty when the run makes none; profileNo numbers them.
var (
	profiles  string
	profileNo atomic.Int64
)

// withProfile is env with a new profile file for one earnlog process, when
// the run makes a profile.
func withProfile(env []string) []string {
	if profiles == "" {
		return env
	}
	f := filepath.Join(profiles, strconv.FormatInt(profileNo.Add(1), 10)+".pprof")
	return append(env[:len(env):len(env)], "EARNLOG_CPUPROFILE="+f)
}

// makeProfile runs the benchmark's earnlog commands once each at a million
// events and on the hard ledger, and writes their merged CPU profile to out.
func makeProfile(o options, out string) error {
	dir, err := os.MkdirTemp("", "earnlog-pgo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	profiles = filepath.Join(dir, "profiles")
	if err := os.Mkdir(profiles, 0o700); err != nil {
		return err
	}
	o.dir, o.keep = filepath.Join(dir, "bench"), false
	o.sizes, o.hard, o.floor, o.noPeers = []int{1000000}, true, false, true
	o.runs, o.earnRuns = 1, 5
	if err := run(o); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(profiles, "*.pprof"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no earnlog process wrote a profile: does this earnlog read EARNLOG_CPUPROFILE?")
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	merge := exec.Command("go", append([]string{"tool", "pprof", "-proto"}, files...)...)
	merge.Stdout, merge.Stderr = f, os.Stderr
	if err := merge.Run(); err != nil {
		f.Close()
		return fmt.Errorf("go tool pprof -proto: %v", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: the profiles of %d earnlog processes\n", out, len(files))
	return nil
}
