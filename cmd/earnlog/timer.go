package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newStartCmd(a *app) *cobra.Command {
	var note string
	var tagArgs []string
	c := &cobra.Command{
		Use:   "start STREAM",
		Short: "Start a timer on a stream (stops a running one first)",
		Long: `Start a timer on a stream. The timer lives in the ledger, so it survives a
reboot. If another timer is running, it is stopped first (its session is
recorded) and earnlog says so.`,
		Example:           "  earnlog start upwork/acme-logo --note \"revisions\"\n  earnlog start etsy/pixelshop --tag maintain",
		Args:              exactArgs(1, "STREAM"),
		ValidArgsFunction: a.completeStreams,
		RunE: func(c *cobra.Command, args []string) error {
			stream, err := ledger.ParseStream(args[0])
			if err != nil {
				return err
			}
			if err := checkNote(note); err != nil {
				return err
			}
			tags, err := ledger.ParseTags(tagArgs...)
			if err != nil {
				return err
			}
			now := a.now()
			var stopped *ledger.WorkSession
			var old *ledger.Timer
			err = a.update(func(tx ledger.Tx) error {
				var err error
				if old, err = tx.Timer(); err != nil {
					return err
				}
				if stopped, err = a.stopTimer(tx, now); err != nil {
					return err
				}
				if err := a.ensureStream(tx, stream); err != nil {
					return err
				}
				return tx.SetTimer(&ledger.Timer{Stream: stream, Start: now, Note: note, Tags: tags})
			})
			if err != nil {
				return err
			}
			switch {
			case stopped != nil:
				fmt.Fprintf(a.stderr, "earnlog: stopped the timer on %s: #%d %s\n", stopped.Stream, stopped.ID, ledger.FormatDuration(stopped.Seconds))
			case old != nil:
				fmt.Fprintf(a.stderr, "earnlog: stopped the timer on %s after less than a second: nothing recorded\n", old.Stream)
			}
			_, err = fmt.Fprintf(a.stdout, "started %s at %s\n", stream, now.Format("2006-01-02 15:04"))
			return err
		},
	}
	c.Flags().StringVar(&note, "note", "", "free text for the session")
	addTagFlag(c, &tagArgs)
	return c
}

// addTagFlag adds --tag, repeatable or comma-separated, with the suggested
// tags offered by shell completion.
func addTagFlag(c *cobra.Command, tags *[]string) {
	c.Flags().StringArrayVar(tags, "tag", nil, "what kind of work: build, maintain, market, support, admin or any word (repeat or use commas for several)")
	_ = c.RegisterFlagCompletionFunc("tag", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return ledger.SuggestedTags, cobra.ShellCompDirectiveNoFileComp
	})
}

func checkNote(note string) error { return ledger.CheckText("--note", note, ledger.MaxNote) }

// stopTimer turns the running timer, if any, into a session ending at now.
func (a *app) stopTimer(tx ledger.Tx, now time.Time) (*ledger.WorkSession, error) {
	t, err := tx.Timer()
	if err != nil || t == nil {
		return nil, err
	}
	secs := int64(now.Sub(t.Start) / time.Second)
	if now.Before(t.Start) {
		// The clock went back (or the timer came from a machine whose clock
		// ran ahead): nothing is known of the time worked, so the timer is
		// kept, and the error rolls the transaction back.
		return nil, ledger.Errorf(ledger.EINVALID, "the clock says %s, before the timer on %s started (%s): nothing recorded, and the timer keeps running; fix the clock and stop it again, or drop it with 'earnlog stop --discard' and log the time with 'earnlog work'",
			now.Format("2006-01-02 15:04:05"), t.Stream, t.Start.In(now.Location()).Format("2006-01-02 15:04:05"))
	}
	if err := tx.SetTimer(nil); err != nil {
		return nil, err
	}
	if secs <= 0 {
		return nil, nil
	}
	if secs > ledger.MaxDuration {
		return nil, ledger.Errorf(ledger.EINVALID, "the timer on %s has run since %s, more than 1000h: drop it with 'earnlog stop --discard' and log the real time with 'earnlog work'", t.Stream, t.Start.Format("2006-01-02 15:04"))
	}
	w := &ledger.WorkSession{Stream: t.Stream, Start: ledger.CivilSeconds(t.Start.In(now.Location())), HasTime: true, Seconds: secs, Note: t.Note, Tags: t.Tags}
	if _, err := tx.AddSession(w); err != nil {
		return nil, err
	}
	return w, nil
}

func newStopCmd(a *app) *cobra.Command {
	var discard bool
	c := &cobra.Command{
		Use:     "stop",
		Short:   "Stop the running timer and record its session",
		Example: "  earnlog stop\n  earnlog stop --discard",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			var w *ledger.WorkSession
			var t *ledger.Timer
			err := a.update(func(tx ledger.Tx) error {
				var err error
				if t, err = tx.Timer(); err != nil {
					return err
				}
				if t == nil {
					return ledger.Errorf(ledger.EINVALID, "no timer is running: start one with 'earnlog start STREAM'")
				}
				if discard {
					return tx.SetTimer(nil)
				}
				w, err = a.stopTimer(tx, a.now())
				return err
			})
			if err != nil {
				return err
			}
			switch {
			case discard:
				_, err = fmt.Fprintf(a.stdout, "discarded the timer on %s started %s\n", t.Stream, t.Start.Format("2006-01-02 15:04"))
			case w == nil:
				_, err = fmt.Fprintf(a.stdout, "stopped %s after less than a second: nothing recorded\n", t.Stream)
			default:
				_, err = fmt.Fprintf(a.stdout, "#%d %s %s %s\n", w.ID, ledger.FormatCivil(w.Start, true), w.Stream, ledger.FormatDuration(w.Seconds))
			}
			return err
		},
	}
	c.Flags().BoolVar(&discard, "discard", false, "drop the timer without recording a session")
	return c
}

func newStatusCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "status",
		Short:   "Show the running timer",
		Example: "  earnlog status",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			var t *ledger.Timer
			if err := a.view(func(tx ledger.Tx) error {
				var err error
				t, err = tx.Timer()
				return err
			}); err != nil {
				return err
			}
			if t == nil {
				_, err := fmt.Fprintln(a.stdout, "no timer running")
				return err
			}
			now := a.now()
			since := t.Start.In(now.Location()).Format("2006-01-02 15:04")
			if now.Before(t.Start) {
				_, err := fmt.Fprintf(a.stdout, "%s running since %s, which is after the clock's time now (%s): the clock went back; stop cannot record it until the clock is past its start\n", t.Stream, since, now.Format("2006-01-02 15:04"))
				return err
			}
			_, err := fmt.Fprintf(a.stdout, "%s running since %s (%s)\n", t.Stream, since, ledger.FormatDuration(int64(now.Sub(t.Start)/time.Second)))
			return err
		},
	}
}
