package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

func newCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
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
version is a warning too: earnlog migrates it the next time it opens the file.`,
		Example: `  earnlog check
  earnlog --db backup.db check`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error { return a.runCheck() },
	}
}

func (a *app) runCheck() error {
	path, err := a.path()
	if err != nil {
		return err
	}
	problems, err := store.CheckFile(path)
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
	var events, sessions, streams int
	err = a.view(func(tx ledger.Tx) error {
		if err := tx.EachEvent(func(*ledger.Event) error { events++; return nil }); err != nil {
			return err
		}
		if err := tx.EachSession(func(*ledger.WorkSession) error { sessions++; return nil }); err != nil {
			return err
		}
		infos, err := tx.Streams()
		streams = len(infos)
		return err
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "ledger OK: %s, %s, %s\n", plural(events, "event"), plural(sessions, "session"), plural(streams, "stream"))
	return err
}

func init() { extraCommands = append(extraCommands, newCheckCmd) }
