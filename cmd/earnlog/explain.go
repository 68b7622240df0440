package main

import (
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func newExplainCmd(a *app) *cobra.Command {
	var f reportFlags
	c := &cobra.Command{
		Use:   "explain ID",
		Short: "Why one income event is active or passive, and what would change it",
		Long: `Shows one income event in full: the days the rule looked at for work, the
verdict and its reason, the earning a linked refund follows, the nearest
work on its stream before and after it, and what would change the verdict
("logging work on etsy/shop between 2026-03-04 and 2026-04-03 would make
it active", "with --window 42 it is active").`,
		Example: `  earnlog explain 25
  earnlog explain 25 --window 14
  earnlog explain 25 -o json`,
		Args: exactArgs(1, "the ID of an income event"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil || id == 0 {
				return ledger.Errorf(ledger.EINVALID, "%q is not an ID: use the number shown by 'earnlog list' or 'earnlog report events'", args[0])
			}
			rule, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
				return report.Explain(in, rule, id)
			})
		},
	}
	f.add(c, false)
	c.Flags().Lookup("output").Usage = "table (lines for people), csv (the event's row of report events) or json"
	return c
}

func init() { extraCommands = append(extraCommands, newExplainCmd) }
