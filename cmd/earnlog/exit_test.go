package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// TestExitCode maps each error class to its exit code.
func TestExitCode(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"bad input", ledger.Errorf(ledger.EINVALID, "bad amount"), 2},
		{"unknown id", ledger.Errorf(ledger.ENOTFOUND, "no event 9"), 2},
		{"conflict", ledger.Errorf(ledger.ECONFLICT, "already void"), 2},
		{"bad row in a file", &ledger.RowError{File: "f.csv", Line: 3, Column: "Amount", Err: errors.New("x")}, 2},
		{"wrapped input error", fmt.Errorf("import: %w", ledger.Errorf(ledger.EINVALID, "x")), 2},
		{"ledger busy", runtimeError{ledger.Errorf(ledger.EBUSY, "in use")}, 1},
		{"disk full", runtimeError{errors.New("write: no space left on device")}, 1},
		{"internal", runtimeError{ledger.Errorf(ledger.EINTERNAL, "damaged")}, 1},
		{"cobra refused the command line", errors.New(`unknown command "x" for "earnlog"`), 2},
	}
	for _, c := range cases {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exitCode(%v) = %d; want %d", c.name, c.err, got, c.want)
		}
	}
}

// TestRunExitCodes drives the whole program with buffers.
func TestRunExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ledger.db")
	env := func(k string) string {
		switch k {
		case "EARNLOG_DB":
			return db
		case "EARNLOG_NOW":
			return "2026-03-27T12:00:00Z"
		}
		return ""
	}
	runArgs := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(args, nil, &out, &errb, env)
		return code, out.String(), errb.String()
	}
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"earn", "upwork/acme", "5"}, 0},
		{[]string{"earn", "upwork/acme", "5x"}, 2},
		{[]string{"earn", "upwork/acme"}, 2},
		{[]string{"earn", "upwork/acme", "5", "--nope"}, 2},
		{[]string{"nope"}, 2},
		{[]string{"void", "42", "--reason", "x"}, 2},
		{[]string{"list"}, 0},
	}
	for _, c := range cases {
		code, out, errText := runArgs(c.args...)
		if code != c.want {
			t.Errorf("earnlog %v: exit %d; want %d (stderr %q)", c.args, code, c.want, errText)
		}
		if code == 2 && out != "" {
			t.Errorf("earnlog %v: failed but wrote to stdout: %q", c.args, out)
		}
	}

	// A busy ledger is a runtime failure: exit 1.
	held, _, err := store.Open(db, store.Options{LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, errText := runArgs("--lock-timeout", "50ms", "earn", "upwork/acme", "5")
	if code != 1 || !bytes.Contains([]byte(errText), []byte("in use by another earnlog process")) {
		t.Errorf("busy ledger: exit %d, stderr %q; want 1 and the in-use message", code, errText)
	}
}

func TestNegativeAmounts(t *testing.T) {
	cases := []struct{ in, want []string }{
		{[]string{"earn", "etsy/x", "-2.50", "--kind", "fee"}, []string{"earn", "etsy/x", "--kind", "fee", "--", "-2.50"}},
		{[]string{"earn", "etsy/x", "5", "--note", "-5"}, []string{"earn", "etsy/x", "5", "--note", "-5"}},
		{[]string{"list", "-5"}, []string{"list", "-5"}},
		{[]string{"--db", "x.db", "earn", "etsy/x", "-$2"}, []string{"--db", "x.db", "earn", "etsy/x", "--", "-$2"}},
	}
	for _, c := range cases {
		if got := negativeAmounts(c.in); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("negativeAmounts(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}
