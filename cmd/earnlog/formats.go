package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newFormatsCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "formats",
		Short: "List the import formats with the headers each recognises",
		Long: `List every format 'earnlog import' reads: its name, whether Go code or a
mapping file reads it, what exports it covers, and the headers (or shapes)
it recognises. 'earnlog formats show NAME' prints a mapping format's file,
to copy and adapt for another platform with 'import FILE --map MAP.toml'.`,
		Example: "  earnlog formats\n  earnlog formats show paypal > mypay.toml",
		Args:    exactArgs(0, "no arguments (or a subcommand: show)"),
		RunE: func(c *cobra.Command, args []string) error {
			w := bufio.NewWriter(a.stdout)
			for i, f := range formats().All() {
				if i > 0 {
					fmt.Fprintln(w)
				}
				fmt.Fprintf(w, "%s (%s): %s\n", f.Name, f.Engine, f.Summary)
				for _, h := range f.Headers {
					fmt.Fprintf(w, "  %s\n", h)
				}
			}
			return w.Flush()
		},
	}
	c.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Print a format's mapping file (or, for a Go format, its headers)",
		Example: `  earnlog formats show paypal
  earnlog formats show wise > mybank.toml`,
		Args: exactArgs(1, "a format NAME ("+importFormats()+")"),
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			return formats().Names(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			f, err := formats().Lookup(args[0])
			if err != nil {
				return err
			}
			return showFormat(a, f)
		},
	})
	return c
}

// showFormat prints a mapping format's files, one after another; a Go
// format has no file, so its headers are printed with a word on why.
func showFormat(a *app, f ledger.Format) error {
	w := bufio.NewWriter(a.stdout)
	if len(f.Mappings) == 0 {
		fmt.Fprintf(w, "# %s is read by Go code (no mapping file): %s\n# headers it recognises:\n", f.Name, f.Summary)
		for _, h := range f.Headers {
			fmt.Fprintf(w, "#   %s\n", h)
		}
		return w.Flush()
	}
	for i, m := range f.Mappings {
		if i > 0 {
			fmt.Fprintln(w)
		}
		w.WriteString(m)
	}
	return w.Flush()
}

func init() { extraCommands = append(extraCommands, newFormatsCmd) }
