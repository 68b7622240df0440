package main

import (
	"os"
	"runtime/pprof"

	"github.com/earnlog/earnlog/ledger"
)

// profileEnv names the file a command writes a CPU profile of its run to,
// when set: for a slow run a person can send, and for the benchmark's
// profile that builds use (cmd/earnlog/default.pgo, made by make pgo).
const profileEnv = "EARNLOG_CPUPROFILE"

// startProfile starts the CPU profile that path names, if any, and returns
// the function that ends it and writes it out.
func startProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "%s=%q: cannot write a CPU profile there (it takes the path of a file in a folder you can write to): %v", profileEnv, path, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, ledger.Errorf(ledger.EINVALID, "%s=%q: %v", profileEnv, path, err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
