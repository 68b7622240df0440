package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

func newCheckCmd(a *app) *cobra.Command {
	var duplicates bool
	c := &cobra.Command{
		Use:   "check",
		Short: "Verify the ledger file and the ledger's own invariants",
		Long: `Verify the ledger: bbolt's own consistency check of the file, then the
ledger's invariants (every record decodes and is valid, every void and import
key points at a record that exists, every stream resolves). The file is opened
read-only and never changed, not even migrated.

Exit 0 with "ledger OK: N events, M sessions, K streams" when clean; exit 1
with the list of problems otherwise. A damaged file is reported, never a crash.

Warnings do not fail the check: a fee, refund or adjustment linked to a ref
that no event on its platform has (an import that began after the sale it
belongs to) is listed as a warning, because reports handle it (an unlinked
refund is classified on its own date) and nothing is lost. So is a fee,
refund or adjustment whose earning is voided while it is not: it still
counts (see 'earnlog void --with-linked'). An older schema
version is a warning too: earnlog migrates it the next time it opens the file.

With --duplicates, check lists instead the income that may have been
recorded twice from two files without a shared transaction ID: pairs of
equal amount and currency, at most 3 days apart, on two platforms of which
one is a payment account (paypal, stripe, wise, payoneer), such as a Ko-fi
tip and the PayPal payment it came by. Void one of each real pair with
'earnlog void ID'. Payments that carry a shared ID are matched at import
and recorded once, so they are never listed.`,
		Example: `  earnlog check
  earnlog check --duplicates
  earnlog --db backup.db check`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if duplicates {
				return a.runDuplicates()
			}
			return a.runCheck()
		},
	}
	c.Flags().BoolVar(&duplicates, "duplicates", false, "list likely pairs of the same money from two files, and check nothing else")
	return c
}

func (a *app) runDuplicates() error {
	var events []ledger.Event
	err := a.view(func(tx ledger.Tx) error {
		return tx.EachEventLean(func(e *ledger.Event) error {
			if !e.Voided && e.Kind.IsIncome() {
				events = append(events, *e)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	pairs := ledger.LikelyDuplicates(events)
	rows := make([][]string, 0, 2*len(pairs))
	for i, p := range pairs {
		for _, e := range []ledger.Event{p.A, p.B} {
			rows = append(rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("#%d", e.ID), e.Date.String(), string(e.Stream), e.Kind.String(), ledger.FormatAmount(e.Amount, e.Currency) + " " + e.Currency, e.Ref})
		}
	}
	if len(pairs) == 0 {
		_, err := fmt.Fprintln(a.stdout, "no likely duplicates: no two income events of equal amount on two platforms, one a payment account, within 3 days")
		return err
	}
	if err := writeTable(a.stdout, []string{"pair", "id", "date", "stream", "kind", "amount", "ref"}, rows); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s: where one is the same money as the other, void it with 'earnlog void ID'\n", plural(len(pairs), "likely duplicate pair"))
	return err
}

func (a *app) runCheck() error {
	path, err := a.path()
	if err != nil {
		return err
	}
	// The check counts what it walked: a clean ledger is not read again.
	problems, n, err := store.CheckFileCounts(path)
	if err != nil {
		return wrapRuntime(err)
	}
	var errs, warnings []string
	oldSchema := false
	for _, p := range problems {
		if w, ok := strings.CutPrefix(p, store.WarningPrefix); ok {
			warnings = append(warnings, w)
			oldSchema = oldSchema || strings.HasPrefix(w, "the schema version")
			continue
		}
		errs = append(errs, p)
	}
	for _, p := range errs {
		fmt.Fprintf(a.stdout, "problem: %s\n", p)
	}
	for _, w := range warnings {
		fmt.Fprintf(a.stdout, "warning: %s\n", w)
	}
	if len(errs) > 0 {
		return runtimeError{ledger.Errorf(ledger.EINTERNAL, "%s has %s, listed above; where it is damaged, put a backup back with 'earnlog restore FILE'", path, plural(len(errs), "problem"))}
	}
	if oldSchema {
		// Counting would open the file, and opening migrates it: check
		// leaves the file as it found it.
		_, err := fmt.Fprintln(a.stdout, "ledger OK: records are counted after the migration")
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "ledger OK: %s, %s, %s\n", plural(n.Events, "event"), plural(n.Sessions, "session"), plural(n.Streams, "stream"))
	return err
}

func init() { extraCommands = append(extraCommands, newCheckCmd) }
