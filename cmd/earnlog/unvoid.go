package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newUnvoidCmd(a *app) *cobra.Command {
	var work bool
	c := &cobra.Command{
		Use:   "unvoid ID",
		Short: "Make a voided event (or work session with --work) count again",
		Long: `Lift the void of a record, in one step: it counts in reports again. The
ledger keeps a history line of the void it lifted. A record that an
amendment replaced cannot be unvoided (both would count): amend the newer
record instead.`,
		Example: "  earnlog unvoid 12\n  earnlog unvoid --work 3",
		Args:    exactArgs(1, "the ID of an event (or of a session with --work)"),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := parseID(args[0])
			if err != nil {
				return err
			}
			what := "event"
			err = a.update(func(tx ledger.Tx) error {
				if work {
					what = "work session"
					return tx.UnvoidSession(id, a.now())
				}
				return tx.UnvoidEvent(id, a.now())
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "unvoided %s #%d\n", what, id)
			return err
		},
	}
	c.Flags().BoolVar(&work, "work", false, "ID is a work session")
	return c
}

func init() { extraCommands = append(extraCommands, newUnvoidCmd) }
