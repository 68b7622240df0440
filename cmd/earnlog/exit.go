package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/earnlog/earnlog/ledger"
)

// Exit codes: one place decides them.
const (
	exitOK      = 0
	exitRuntime = 1 // the ledger is busy, the disk is full, the file is damaged
	exitUsage   = 2 // a bad flag, argument, amount, date or file: nothing was written
)

// runtimeError marks an error that came out of a command's work (as opposed
// to cobra's own argument parsing, which is always a usage error).
type runtimeError struct{ err error }

func (e runtimeError) Error() string { return e.err.Error() }
func (e runtimeError) Unwrap() error { return e.err }

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if ledger.IsInputError(err) {
		return exitUsage
	}
	var re runtimeError
	if errors.As(err, &re) {
		return exitRuntime
	}
	// Not from a command's work and not a ledger error: cobra refused the
	// command line (unknown flag or command, wrong number of arguments).
	return exitUsage
}

// printError prints err for a person and returns the exit code.
func printError(stderr io.Writer, err error) int {
	code := exitCode(err)
	if code == exitOK {
		return code
	}
	fmt.Fprintf(stderr, "earnlog: %v\n", err)
	if code == exitUsage && !ledger.IsInputError(err) {
		fmt.Fprintln(stderr, "Run 'earnlog --help' for usage.")
	}
	return code
}
