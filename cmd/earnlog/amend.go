package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newAmendCmd(a *app) *cobra.Command {
	var work bool
	vals := map[string]*string{}
	c := &cobra.Command{
		Use:   "amend ID [--amount ..] [--date ..] [--stream ..] [--kind ..] [--note ..] [--hours ..] [--ref ..] [--link ..]",
		Short: "Correct an event (or a work session with --work): the original stays, voided",
		Long: `Correct a record the way the ledger allows: in one step the record is voided
with the reason "amended by #NEW" and a corrected copy is added as #NEW, the
two linked both ways ('earnlog list --all' shows the chain). Give only what
changes; everything else is copied.

The copy takes over the original's import key, so importing the same file
again does not bring the original back. A void record cannot be amended
(unvoid it first), nor one that an amendment replaced (amend the newer one).

Events: --amount, --date, --stream, --kind, --currency, --hours (billed hours
of an hourly payment; 0 removes them), --ref, --link, --note. Changing the
kind keeps the amount's size and gives it the kind's sign.
Work sessions (--work): --stream, --date, --start HH:MM, --hours (the
duration: 2h30m, 1.5h, 90m, 1:30), --note.`,
		Example: `  earnlog amend 12 --amount 250
  earnlog amend 12 --stream upwork/acme-logo --note "milestone 2"
  earnlog amend --work 3 --hours 1h30m`,
		Args: exactArgs(1, "the ID of an event (or of a session with --work)"),
		RunE: func(c *cobra.Command, args []string) error {
			changed := map[string]*string{}
			for name, v := range vals {
				if c.Flags().Changed(name) {
					changed[name] = v
				}
			}
			return a.runAmend(args[0], work, changed)
		},
	}
	f := c.Flags()
	for _, name := range []string{"amount", "date", "stream", "kind", "note", "hours", "ref", "link", "currency", "start"} {
		vals[name] = f.String(name, "", amendUsage[name])
	}
	f.BoolVar(&work, "work", false, "ID is a work session")
	_ = c.RegisterFlagCompletionFunc("stream", a.completeStreams)
	return c
}

var amendUsage = map[string]string{
	"amount":   "the corrected amount",
	"date":     "the corrected day: YYYY-MM-DD, today or yesterday",
	"stream":   "the corrected stream",
	"kind":     "the corrected kind of event",
	"note":     "the corrected note",
	"hours":    "billed hours of an event (0: none), or a session's duration with --work",
	"ref":      "the corrected platform reference",
	"link":     "the corrected ref of the earning a fee, refund or adjustment belongs to",
	"currency": "the corrected currency of an event",
	"start":    "the corrected start of a session, HH:MM (--work)",
}

// parseID reads a record ID as list shows it ("12" or "#12").
func parseID(arg string) (uint64, error) {
	id, err := strconv.ParseUint(strings.TrimPrefix(arg, "#"), 10, 64)
	if err != nil || id == 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "%q is not an ID: use the number shown by 'earnlog list' (or 'list --work')", arg)
	}
	return id, nil
}

func (a *app) runAmend(arg string, work bool, v map[string]*string) error {
	id, err := parseID(arg)
	if err != nil {
		return err
	}
	for _, name := range []string{"note", "ref", "link"} {
		if p := v[name]; p != nil {
			if err := checkNote(*p); err != nil {
				return err
			}
		}
	}
	if work {
		for _, name := range []string{"amount", "kind", "ref", "link", "currency"} {
			if v[name] != nil {
				return ledger.Errorf(ledger.EINVALID, "--%s does not apply to work sessions (--work): give --stream, --date, --start, --hours or --note", name)
			}
		}
		ch := ledger.SessionChange{Stream: v["stream"], Date: v["date"], Start: v["start"], Duration: v["hours"], Note: v["note"]}
		if ch.Empty() {
			return ledger.Errorf(ledger.EINVALID, "nothing to amend: give --stream, --date, --start, --hours or --note")
		}
		var w ledger.WorkSession
		err := a.update(func(tx ledger.Tx) error {
			old, err := tx.Session(id)
			if err != nil {
				return err
			}
			if w, err = ch.Apply(*old, a.today()); err != nil {
				return err
			}
			if err := a.ensureStream(tx, w.Stream); err != nil {
				return err
			}
			return tx.AmendSession(id, &w, a.now())
		})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "amended work session #%d: now #%d %s %s %s\n", id, w.ID, ledger.FormatCivil(w.Start, w.HasTime), w.Stream, ledger.FormatDuration(w.Seconds))
		return err
	}
	if v["start"] != nil {
		return ledger.Errorf(ledger.EINVALID, "--start applies to work sessions: add --work")
	}
	ch := ledger.EventChange{Amount: v["amount"], Date: v["date"], Stream: v["stream"], Kind: v["kind"], Note: v["note"],
		Hours: v["hours"], Ref: v["ref"], Link: v["link"], Currency: v["currency"]}
	if ch.Empty() {
		return ledger.Errorf(ledger.EINVALID, "nothing to amend: give --amount, --date, --stream, --kind, --currency, --hours, --ref, --link or --note")
	}
	var e ledger.Event
	err = a.update(func(tx ledger.Tx) error {
		old, err := tx.Event(id)
		if err != nil {
			return err
		}
		if e, err = ch.Apply(*old, a.today()); err != nil {
			return err
		}
		if err := a.ensureStream(tx, e.Stream); err != nil {
			return err
		}
		return tx.AmendEvent(id, &e, a.now())
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "amended event #%d: now #%d %s %s %s %s %s\n", id, e.ID, e.Date, e.Stream, e.Kind, ledger.FormatAmount(e.Amount, e.Currency), e.Currency)
	return err
}

func init() { extraCommands = append(extraCommands, newAmendCmd) }
