package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newConfigCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:     "config",
		Short:   "Settings kept in the ledger",
		Example: "  earnlog config currency\n  earnlog config currency EUR",
		Args:    groupArgs,
		RunE:    groupRun,
	}
	c.AddCommand(&cobra.Command{
		Use:   "currency [CODE]",
		Short: "Show or set the default currency (USD unless set)",
		Long: `The currency of amounts typed without --currency and of imported files that
name none. It is kept in the ledger, so it travels with it.`,
		Example: "  earnlog config currency\n  earnlog config currency EUR",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return ledger.Errorf(ledger.EINVALID, "config currency takes at most one CODE; got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				var cur string
				if err := a.view(func(tx ledger.Tx) error {
					var err error
					cur, err = a.currency(tx, "")
					return err
				}); err != nil {
					return err
				}
				_, err := fmt.Fprintln(a.stdout, cur)
				return err
			}
			cur, err := ledger.ParseCurrency(args[0])
			if err != nil {
				return err
			}
			if err := a.update(func(tx ledger.Tx) error { return tx.SetSetting("currency", cur) }); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "default currency: %s\n", cur)
			return err
		},
	})
	c.AddCommand(newConfigFiscalStartCmd(a))
	return c
}
