package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

type workOptions struct {
	date, start, note string
	allowFuture       bool
	tags              []string
}

func newWorkCmd(a *app) *cobra.Command {
	var o workOptions
	c := &cobra.Command{
		Use:   "work STREAM DURATION",
		Short: "Record time worked on a stream",
		Long: `Record time worked on a stream. Durations: 2h30m, 1.5h, 90m, 45s, or 1:30
(hours:minutes). Without --start the session is known by its date only.`,
		Example: `  earnlog work upwork/acme-logo 2h30m
  earnlog work etsy/pixelshop 45m --date yesterday --note "new listing photos"
  earnlog work upwork/acme-logo 1:30 --date 2026-03-27 --start 09:00
  earnlog work etsy/pixelshop 1h --tag market --tag admin`,
		Args:              exactArgs(2, "STREAM and DURATION"),
		ValidArgsFunction: a.completeStreams,
		RunE: func(c *cobra.Command, args []string) error {
			return a.runWork(args[0], args[1], o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.date, "date", "today", "the day of the work: YYYY-MM-DD, today or yesterday")
	f.StringVar(&o.start, "start", "", "the time the work started, HH:MM (24-hour clock)")
	f.StringVar(&o.note, "note", "", "free text")
	f.BoolVar(&o.allowFuture, "allow-future", false, "accept a --date more than a year after today (refused by default as a typo)")
	addTagFlag(c, &o.tags)
	return c
}

func (a *app) runWork(streamArg, durationArg string, o workOptions) error {
	stream, err := ledger.ParseStream(streamArg)
	if err != nil {
		return err
	}
	secs, err := ledger.ParseDuration(durationArg)
	if err != nil {
		return err
	}
	date, err := ledger.ParseDate(o.date, a.today())
	if err != nil {
		return err
	}
	tags, err := ledger.ParseTags(o.tags...)
	if err != nil {
		return err
	}
	w := &ledger.WorkSession{Stream: stream, Start: int64(date) * 86400, Seconds: secs, Note: o.note, Tags: tags}
	if o.start != "" {
		t, err := time.Parse("15:04", strings.TrimSpace(o.start))
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "--start %q is not a time of day: use HH:MM, 24-hour clock (09:00, 17:30)", o.start)
		}
		w.Start += int64(t.Hour()*3600 + t.Minute()*60)
		w.HasTime = true
	} else if secs > 24*3600 {
		return ledger.Errorf(ledger.EINVALID, "%q is more than a day: a session on a date is at most 24h; give --start, or log each day", durationArg)
	}
	if err := w.Validate(); err != nil {
		return err
	}
	if err := w.CheckDates(ledger.FutureBound(a.today(), o.allowFuture)); err != nil {
		return err
	}
	err = a.update(func(tx ledger.Tx) error {
		if err := a.ensureStream(tx, stream); err != nil {
			return err
		}
		_, err := tx.AddSession(w)
		return err
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "#%d %s %s %s\n", w.ID, ledger.FormatCivil(w.Start, w.HasTime), w.Stream, ledger.FormatDuration(w.Seconds))
	return err
}
