package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// visible returns every command a person can find in --help: not hidden,
// not cobra's own help command.
func visible(c *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
			continue
		}
		out = append(out, sub)
		out = append(out, visible(sub)...)
	}
	return out
}

func testApp() *app {
	return &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
}

// TestEveryCommandHasExample: every command in --help shows at least one
// example of its use.
func TestEveryCommandHasExample(t *testing.T) {
	root := newRootCmd(testApp())
	for _, c := range append([]*cobra.Command{root}, visible(root)...) {
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s has no Example in its help", c.CommandPath())
		}
	}
}
