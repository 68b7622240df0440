// Command earnlog-fuzzall runs every fuzz target of the module, one after
// another, each for -fuzztime, and prints one line per target:
//
//	fuzz PKG NAME: executions N, failures 0
//
// It exits 1 when any target fails; go test then leaves the failing input
// in the package's testdata/fuzz, to be committed as a regression case.
//
// Usage (from the module root):
//
//	go run ./cmd/earnlog-fuzzall -fuzztime 60s
//	go run ./cmd/earnlog-fuzzall -fuzztime 10s -run 'Upwork|Etsy' ./ledger/...
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	fuzztime := flag.Duration("fuzztime", 60*time.Second, "how long to fuzz each target")
	match := flag.String("run", "", "only targets whose name matches this regular expression")
	verbose := flag.Bool("v", false, "show go test's own output")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: earnlog-fuzzall [-fuzztime 60s] [-run REGEXP] [-v] [PACKAGES (default ./...)]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	var only *regexp.Regexp
	if *match != "" {
		var err error
		if only, err = regexp.Compile(*match); err != nil {
			fmt.Fprintf(os.Stderr, "earnlog-fuzzall: -run %q is not a regular expression: %v\n", *match, err)
			os.Exit(2)
		}
	}
	if *fuzztime <= 0 {
		fmt.Fprintf(os.Stderr, "earnlog-fuzzall: -fuzztime %v: give a positive duration such as 60s\n", *fuzztime)
		os.Exit(2)
	}
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	targets, err := listTargets(patterns, only)
	if err != nil {
		fmt.Fprintf(os.Stderr, "earnlog-fuzzall: %v\n", err)
		os.Exit(1)
	}
	if len(targets) == 0 {
		fmt.Fprintf(os.Stderr, "earnlog-fuzzall: no fuzz targets in %s\n", strings.Join(patterns, " "))
		os.Exit(1)
	}
	failed := 0
	var total int64
	for _, tg := range targets {
		execs, out, err := fuzz(tg, *fuzztime, *verbose)
		total += execs
		if err != nil {
			failed++
			fmt.Printf("fuzz %s %s: executions %d, failures 1\n", tg.pkg, tg.name, execs)
			// go test names the input it saved under testdata/fuzz.
			os.Stdout.Write(out)
			continue
		}
		fmt.Printf("fuzz %s %s: executions %d, failures 0\n", tg.pkg, tg.name, execs)
	}
	fmt.Printf("fuzz: targets %d, executions %d, failures %d\n", len(targets), total, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// target is one fuzz function in one package.
type target struct{ pkg, name string }

// listTargets asks go test for the Fuzz functions of every package that has
// test files.
func listTargets(patterns []string, only *regexp.Regexp) ([]target, error) {
	args := append([]string{"list", "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}"}, patterns...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %v%s", strings.Join(patterns, " "), err, stderrOf(err))
	}
	var targets []target
	for _, pkg := range strings.Fields(string(out)) {
		listed, err := exec.Command("go", "test", "-list", "^Fuzz", pkg).Output()
		if err != nil {
			return nil, fmt.Errorf("go test -list in %s: %v%s", pkg, err, stderrOf(err))
		}
		for _, line := range strings.Split(string(listed), "\n") {
			name := strings.TrimSpace(line)
			if !strings.HasPrefix(name, "Fuzz") || (only != nil && !only.MatchString(name)) {
				continue
			}
			targets = append(targets, target{pkg, name})
		}
	}
	return targets, nil
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		return ": " + strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}

// execsLine is go test's progress line: "fuzz: elapsed: 3s, execs: 12345 (4115/sec), ...".
var execsLine = regexp.MustCompile(`fuzz: elapsed: [^,]*, execs: ([0-9]+)`)

// fuzz runs one target and returns the executions of its last progress
// line and go test's output.
func fuzz(tg target, d time.Duration, verbose bool) (int64, []byte, error) {
	c := exec.Command("go", "test", "-run", "^$", "-fuzz", "^"+tg.name+"$", "-fuzztime", d.String(), tg.pkg)
	var out bytes.Buffer
	var w io.Writer = &out
	if verbose {
		w = io.MultiWriter(&out, os.Stderr)
	}
	c.Stdout, c.Stderr = w, w
	err := c.Run()
	return lastExecs(out.Bytes()), out.Bytes(), err
}

func lastExecs(out []byte) int64 {
	var n int64
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := execsLine.FindSubmatch(sc.Bytes()); m != nil {
			if v, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil {
				n = v
			}
		}
	}
	return n
}
