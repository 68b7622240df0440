//go:build man

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// The man pages are made by a binary built with the man tag (make man), so
// that every other one starts without cobra's doc generator and the
// Markdown and YAML packages it brings: 0.8 ms and 0.8 MB less for each
// command a person types. make test runs these with the tag.

func TestManPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "EARNLOG_NOW" {
			return "2026-03-27T17:00:00Z"
		}
		return ""
	}
	if code := run([]string{"__man", dir}, nil, &out, &errb, env); code != 0 {
		t.Fatalf("__man: exit %d, stderr %q", code, errb.String())
	}
	cmds := append([]*cobra.Command{newRootCmd(testApp())}, visible(newRootCmd(testApp()))...)
	want := map[string]bool{}
	for _, c := range cmds {
		want[strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"] = true
	}
	for _, must := range []string{"earnlog.1", "earnlog-earn.1", "earnlog-report-monthly.1", "earnlog-report-claim.1", "earnlog-config-currency.1"} {
		if !want[must] {
			t.Errorf("no command makes %s: the command tree changed?", must)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range entries {
		got[e.Name()] = true
	}
	for name := range want {
		if !got[name] {
			t.Errorf("no man page %s", name)
		}
	}
	for name := range got {
		if !want[name] {
			t.Errorf("man page %s for no visible command (hidden ones must not get one)", name)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "earnlog-report-monthly.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`.TH "EARNLOG-REPORT-MONTHLY" "1" "Mar 2026"`, "EXAMPLE", "report.html"} {
		if !bytes.Contains(page, []byte(s)) {
			t.Errorf("earnlog-report-monthly.1 lacks %q:\n%s", s, page)
		}
	}
}

func TestManNeedsDir(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"__man"}, nil, &out, &errb, func(string) string { return "" }); code != 2 {
		t.Errorf("__man without DIR: exit %d; want 2 (stderr %q)", code, errb.String())
	}
}
