package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newStreamCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "stream",
		Short: "Rename, merge, classify or archive a stream",
		Long: `Change a stream without touching its records: the ledger stays append-only.

A rename or merge moves every record of a stream, in one step, and keeps the
old name as an alias: a later record or import that names it lands on the
new stream ('earnlog streams' lists the aliases). A class set on a stream
wins over its platform's class in every report and in the claim. An
archived stream is hidden from completion and 'earnlog streams' (--all
shows it); its records and reports are unchanged.`,
		Example: `  earnlog stream rename upwork/acme-lgo upwork/acme-logo
  earnlog stream set-class kofi/tips storefront
  earnlog stream archive etsy/old-shop`,
		Args: exactArgs(0, "a subcommand: rename, merge, set-class, archive or unarchive"),
		RunE: func(c *cobra.Command, args []string) error { return c.Help() },
	}
	c.AddCommand(
		&cobra.Command{
			Use:               "rename OLD NEW",
			Short:             "Give a stream a new name; OLD stays as an alias",
			Example:           "  earnlog stream rename upwork/acme-lgo upwork/acme-logo",
			Args:              exactArgs(2, "OLD and NEW stream names"),
			ValidArgsFunction: a.completeStreams,
			RunE:              func(c *cobra.Command, args []string) error { return a.runStreamMove(args[0], args[1], false) },
		},
		&cobra.Command{
			Use:               "merge FROM INTO",
			Short:             "Move every record of FROM onto INTO; FROM stays as an alias",
			Example:           "  earnlog stream merge etsy/pixel-shop etsy/pixelshop",
			Args:              exactArgs(2, "FROM and INTO stream names"),
			ValidArgsFunction: a.completeStreams,
			RunE:              func(c *cobra.Command, args []string) error { return a.runStreamMove(args[0], args[1], true) },
		},
		&cobra.Command{
			Use:   "set-class STREAM CLASS",
			Short: "Give a stream its own class (or 'platform' to use its platform's again)",
			Long: `Give a stream its own class, which every report and the claim use instead of
its platform's: ` + classChoices() + `, or platform to remove it.`,
			Example:           "  earnlog stream set-class kofi/tips storefront\n  earnlog stream set-class kofi/tips platform",
			Args:              exactArgs(2, "STREAM and CLASS"),
			ValidArgsFunction: a.completeStreams,
			RunE:              func(c *cobra.Command, args []string) error { return a.runStreamClass(args[0], args[1]) },
		},
		&cobra.Command{
			Use:               "archive STREAM",
			Short:             "Hide a stream from completion and 'earnlog streams'",
			Example:           "  earnlog stream archive etsy/old-shop",
			Args:              exactArgs(1, "a STREAM name"),
			ValidArgsFunction: a.completeStreams,
			RunE:              func(c *cobra.Command, args []string) error { return a.runStreamArchive(args[0], true) },
		},
		&cobra.Command{
			Use:     "unarchive STREAM",
			Short:   "Show an archived stream again",
			Example: "  earnlog stream unarchive etsy/old-shop",
			Args:    exactArgs(1, "a STREAM name"),
			RunE:    func(c *cobra.Command, args []string) error { return a.runStreamArchive(args[0], false) },
		},
	)
	return c
}

// classChoices lists the class names ledger reads.
func classChoices() string {
	var names []string
	for c := ledger.Class(0); ; c++ {
		if p, err := ledger.ParseClass(c.String()); err != nil || p != c {
			break
		}
		names = append(names, c.String())
	}
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			out += " or "
		default:
			out += ", "
		}
		out += n
	}
	return out
}

func (a *app) runStreamMove(fromArg, toArg string, merge bool) error {
	from, err := ledger.ParseStream(fromArg)
	if err != nil {
		return err
	}
	to, err := ledger.ParseStream(toArg)
	if err != nil {
		return err
	}
	var events, sessions int
	err = a.update(func(tx ledger.Tx) error {
		if err := tx.EachEventLean(func(e *ledger.Event) error {
			if e.Stream == from {
				events++
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.EachSessionLean(func(w *ledger.WorkSession) error {
			if w.Stream == from {
				sessions++
			}
			return nil
		}); err != nil {
			return err
		}
		if merge {
			return tx.MergeStream(from, to, a.now())
		}
		return tx.RenameStream(from, to, a.now())
	})
	if err != nil {
		return err
	}
	verb := "renamed"
	if merge {
		verb = "merged"
	}
	_, err = fmt.Fprintf(a.stdout, "%s %s into %s: %s and %s moved; %s stays as an alias\n", verb, from, to,
		plural(events, "event"), plural(sessions, "session"), from)
	return err
}

func (a *app) runStreamClass(streamArg, classArg string) error {
	s, err := ledger.ParseStream(streamArg)
	if err != nil {
		return err
	}
	set := classArg != "platform"
	var c ledger.Class
	if set {
		if c, err = ledger.ParseClass(classArg); err != nil {
			return ledger.Errorf(ledger.EINVALID, "%q is not a class: use %s, or platform to use the platform's class", classArg, classChoices())
		}
	}
	var now ledger.Class
	err = a.update(func(tx ledger.Tx) error {
		if set {
			err = tx.SetStreamClass(s, c)
		} else {
			err = tx.ClearStreamClass(s)
		}
		if err != nil {
			return err
		}
		cl, err := tx.PlatformClasses()
		now = ledger.Classes(cl).OfStream(s)
		return err
	})
	if err != nil {
		return err
	}
	if !set {
		_, err = fmt.Fprintf(a.stdout, "%s now takes its platform's class (%s)\n", s, now)
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s is now %s\n", s, now)
	return err
}

func (a *app) runStreamArchive(streamArg string, archived bool) error {
	s, err := ledger.ParseStream(streamArg)
	if err != nil {
		return err
	}
	if err := a.update(func(tx ledger.Tx) error { return tx.ArchiveStream(s, archived) }); err != nil {
		return err
	}
	if archived {
		_, err = fmt.Fprintf(a.stdout, "archived %s: 'earnlog streams --all' still shows it\n", s)
	} else {
		_, err = fmt.Fprintf(a.stdout, "unarchived %s\n", s)
	}
	return err
}

func init() { extraCommands = append(extraCommands, newStreamCmd) }
