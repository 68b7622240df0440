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
	var work, withLinked bool
	c := &cobra.Command{
		Use:   "void ID --reason TEXT",
		Short: "Void an event (or a work session with --work); the original stays",
		Long: `The ledger is append-only: voiding marks a record void with a reason, reports
skip it, and 'earnlog list --all' still shows it, marked. Record the
correction as a new event or session.

The fees, refunds and adjustments linked to an earning (--link, or an
import's order number) are records of their own: voiding the earning leaves
them in the reports, where a refund of a voided sale makes income negative.
--with-linked voids them too, with the same reason; without it, void says
on stderr which linked records stay, so that you can void them or keep them
(a real fee on a cancelled order stays a cost).`,
		Example: `  earnlog void 12 --reason "typed 2500 for 250"
  earnlog void 12 --with-linked --reason "order imported twice"
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
			if work && withLinked {
				return ledger.Errorf(ledger.EINVALID, "--with-linked goes with an event, not --work: a session has nothing linked to it")
			}
			what := "event"
			var linked []ledger.Event
			err = a.update(func(tx ledger.Tx) error {
				if work {
					what = "session"
					return tx.VoidSession(id, reason, a.now())
				}
				e, err := tx.Event(id)
				if err != nil {
					return err
				}
				if err := tx.VoidEvent(id, reason, a.now()); err != nil {
					return err
				}
				if linked, err = ledger.Linked(tx, e); err != nil || !withLinked {
					return err
				}
				for _, l := range linked {
					if err := tx.VoidEvent(l.ID, reason, a.now()); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if _, err = fmt.Fprintf(a.stdout, "voided %s #%d\n", what, id); err != nil {
				return err
			}
			for _, l := range linked {
				desc := fmt.Sprintf("#%d %s %s %s %s", l.ID, l.Date, l.Kind, ledger.FormatAmount(l.Amount, l.Currency), l.Currency)
				if withLinked {
					if _, err = fmt.Fprintf(a.stdout, "voided event %s, linked to #%d\n", desc, id); err != nil {
						return err
					}
					continue
				}
				fmt.Fprintf(a.stderr, "earnlog: %s stays: it is linked to #%d (ref %q) but is a record of its own, and reports still count it; void it with 'earnlog void %d --reason ...', or void #%d with --with-linked next time\n", desc, id, l.Link, l.ID, id)
			}
			return nil
		},
	}
	c.Flags().StringVar(&reason, "reason", "", "why the record is void (required)")
	c.Flags().BoolVar(&work, "work", false, "ID is a work session")
	c.Flags().BoolVar(&withLinked, "with-linked", false, "also void the fees, refunds and adjustments linked to the earning")
	return c
}
