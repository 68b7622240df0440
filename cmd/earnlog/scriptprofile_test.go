package main

import (
	"compress/gzip"
	"io"
	"os"

	"github.com/rogpeppe/go-internal/testscript"
)

// gzipped FILE fails unless FILE is a whole gzip stream with something in
// it, as a CPU profile (pprof's format) is.
func init() {
	scriptCmds["gzipped"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: gzipped FILE")
		}
		f, err := os.Open(ts.MkAbs(args[0]))
		ts.Check(err)
		defer f.Close()
		r, err := gzip.NewReader(f)
		if err != nil {
			ts.Fatalf("%s is not gzipped: %v", args[0], err)
		}
		n, err := io.Copy(io.Discard, r)
		if err != nil {
			ts.Fatalf("%s: %v", args[0], err)
		}
		if n == 0 {
			ts.Fatalf("%s holds an empty gzip stream", args[0])
		}
	}
}
