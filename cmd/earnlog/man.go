//go:build man

package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCmd writes a man page per command from the commands' own help, so
// the pages never drift from --help. Hidden: it is for packagers and `make
// man`, not for people tracking income. It is built only with the man tag
// (make man): cobra's doc generator and the Markdown and YAML packages it
// brings cost every other command 0.8 ms of start-up.
func newManCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "__man DIR",
		Short:   "Write man pages for every command into DIR",
		Example: "  earnlog __man out/man",
		Hidden:  true,
		Args:    exactArgs(1, "one DIR"),
		RunE: func(c *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return runtimeError{fmt.Errorf("man pages: %w", err)}
			}
			root := c.Root()
			// The pages are dated by the clock earnlog uses (EARNLOG_NOW
			// makes them reproducible) and carry no generator line.
			root.DisableAutoGenTag = true
			now := a.now()
			header := &doc.GenManHeader{Section: "1", Date: &now, Source: "earnlog " + buildVersion(), Manual: "earnlog manual"}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return runtimeError{fmt.Errorf("man pages in %s: %w", dir, err)}
			}
			return nil
		},
	}
}

func init() { extraCommands = append(extraCommands, newManCmd) }
