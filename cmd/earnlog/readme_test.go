package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMENamesOnlyFilesThatExist: every file of the repository the README
// points to is there, and it cites no document the project does not have.
func TestREADMENamesOnlyFilesThatExist(t *testing.T) {
	root := filepath.Join("..", "..")
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	paths := regexp.MustCompile(`(?:cmd|docs|ledger|store|report)/[A-Za-z0-9_./-]+\.(?:csv|md|go|timeclock)`).FindAllString(text, -1)
	if len(paths) == 0 {
		t.Fatal("the README names no file of the repository: the pattern is out of date")
	}
	for _, p := range paths {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("the README names %s: %v", p, err)
		}
	}
	for _, m := range regexp.MustCompile(`\b[A-Z][A-Z_]+\.md\b`).FindAllString(text, -1) {
		if _, err := os.Stat(filepath.Join(root, m)); err != nil && !strings.EqualFold(m, "README.md") {
			t.Errorf("the README cites %s, which the project does not have", m)
		}
	}
	for _, cut := range []string{"_2026_3.csv"} {
		if strings.Contains(text, cut) {
			t.Errorf("the README shows a file like %q that is not in the repository", cut)
		}
	}
}
