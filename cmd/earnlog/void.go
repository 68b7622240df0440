package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newVoidCmd(a *app) *cobra.Command {
	var reason string
	var work bool
	c := &cobra.Command{
		Use:   "void ID --reason TEXT",
		Short: "Void an event (or a work session with --work); the original stays",
		Long: `The ledger is append-only: voiding marks a record void with a reason, reports
skip it, and 'earnlog list --all' still shows it, marked. Record the
correction as a new event or session.`,
		Example: `  earnlog void 12 --reason "typed 2500 for 250"
  earnlog void --work 3 --reason "logged twice"`,
		Args: exactArgs(1, "the ID of an event (or of a session with --work)"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil || id == 0 {
				return ledger.Errorf(ledger.EINVALID, "%q is not an ID: use the number shown by 'earnlog list' (or 'list --work')", args[0])
			}
			reason = strings.TrimSpace(reason)
			if reason == "" {
				return ledger.Errorf(ledger.EINVALID, "--reason is required: say why the record is void")
			}
			if err := ledger.CheckText("--reason", reason, ledger.MaxNote); err != nil {
				return err
			}
			what := "event"
			err = a.update(func(tx ledger.Tx) error {
				if work {
					what = "session"
					return tx.VoidSession(id, reason, a.now())
				}
				return tx.VoidEvent(id, reason, a.now())
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "voided %s #%d\n", what, id)
			return err
		},
	}
	c.Flags().StringVar(&reason, "reason", "", "why the record is void (required)")
	c.Flags().BoolVar(&work, "work", false, "ID is a work session")
	return c
}
