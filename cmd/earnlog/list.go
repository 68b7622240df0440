package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

type listOptions struct {
	from, to, stream, platform, kind, output string
	work, all                                bool
}

func newListCmd(a *app) *cobra.Command {
	var o listOptions
	c := &cobra.Command{
		Use:   "list",
		Short: "List income events (or work sessions with --work)",
		Long: `List income events, oldest first, or work sessions with --work. Voided
records are left out unless --all, which shows them marked.

-o json writes {"events": [...]} (or {"sessions": [...]}); -o csv the same
columns: events id,date,stream,platform,class,kind,amount,currency,hours,ref,
note,voided; sessions id,stream,start,hours,note,voided,tag (tag: the
session's tags, comma-separated).`,
		Example: `  earnlog list --from 2026-03 --platform upwork
  earnlog list --work --stream upwork/acme-logo
  earnlog list --all -o json`,
		Args: exactArgs(0, "no arguments (filters are flags)"),
		RunE: func(c *cobra.Command, args []string) error { return a.runList(o) },
	}
	f := c.Flags()
	f.StringVar(&o.from, "from", "", "first day: YYYY-MM-DD, or the first day of a period: 2025, 2025-Q2, 2025-W14, 2025-04")
	f.StringVar(&o.to, "to", "", "last day: YYYY-MM-DD, or the last day of a period: 2025, 2025-Q2, 2025-W14, 2025-04")
	f.StringVar(&o.stream, "stream", "", "only this stream")
	f.StringVar(&o.platform, "platform", "", "only this platform")
	f.StringVar(&o.kind, "kind", "", "only this kind of event")
	f.BoolVar(&o.work, "work", false, "list work sessions instead of events")
	f.BoolVar(&o.all, "all", false, "include voided records, marked")
	f.StringVarP(&o.output, "output", "o", "table", "table, csv or json")
	_ = c.RegisterFlagCompletionFunc("stream", a.completeStreams)
	return c
}

// parseFilter reads the filter flags shared by list and export.
func (a *app) parseFilter(from, to, stream, platform, kind string, all bool) (ledger.Filter, error) {
	f := ledger.Filter{All: all, Platform: platform}
	var err error
	if from != "" {
		if f.From, _, err = a.parseBound(from); err != nil {
			return f, err
		}
	}
	if to != "" {
		if _, f.To, err = a.parseBound(to); err != nil {
			return f, err
		}
	}
	if stream != "" {
		if f.Stream, err = ledger.ParseStream(stream); err != nil {
			return f, err
		}
	}
	if platform != "" && !ledger.ValidPlatform(platform) {
		return f, ledger.Errorf(ledger.EINVALID, "--platform %q is not a platform name: use lower case letters, digits and '-' (for example upwork)", platform)
	}
	if kind != "" {
		if f.Kind, err = ledger.ParseKind(kind); err != nil {
			return f, err
		}
	}
	return f, nil
}

type jsonEvent struct {
	ID       uint64 `json:"id"`
	Date     string `json:"date"`
	Stream   string `json:"stream"`
	Platform string `json:"platform"`
	Class    string `json:"class"`
	Kind     string `json:"kind"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Hours    string `json:"hours"`
	Ref      string `json:"ref"`
	Note     string `json:"note"`
	Voided   bool   `json:"voided"`
}

type jsonSession struct {
	ID     uint64 `json:"id"`
	Stream string `json:"stream"`
	Start  string `json:"start"`
	Hours  string `json:"hours"`
	Note   string `json:"note"`
	Voided bool   `json:"voided"`
	Tag    string `json:"tag"`
}

// newJSONEvent is an event with the names DESIGN.md fixes for list -o json.
func newJSONEvent(e *ledger.Event, classes ledger.Classes) jsonEvent {
	p := e.Stream.Platform()
	return jsonEvent{e.ID, e.Date.String(), string(e.Stream), p, classes.Of(p).String(), e.Kind.String(),
		ledger.FormatAmount(e.Amount, e.Currency), e.Currency, hoursIf(e.Billed), e.Ref, e.Note, e.Voided}
}

// newJSONSession is a session with the names of list --work -o json.
func newJSONSession(s *ledger.WorkSession) jsonSession {
	return jsonSession{s.ID, string(s.Stream), ledger.FormatCivil(s.Start, s.HasTime), ledger.FormatHours(s.Seconds), s.Note, s.Voided, s.Tags}
}

func (a *app) runList(o listOptions) error {
	if err := outputFormat(o.output, "table", "csv", "json"); err != nil {
		return err
	}
	if o.work && o.kind != "" {
		return ledger.Errorf(ledger.EINVALID, "--kind %q does not apply to work sessions (--work)", o.kind)
	}
	f, err := a.parseFilter(o.from, o.to, o.stream, o.platform, o.kind, o.all)
	if err != nil {
		return err
	}
	return a.view(func(tx ledger.Tx) error {
		cl, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		if o.output != "table" {
			return writeRecords(a.stdout, tx, &f, o.output, o.work, false, false, ledger.Classes(cl))
		}
		if o.work {
			return listSessions(a, tx, &f)
		}
		var rows [][]string
		if err := tx.EachEvent(func(e *ledger.Event) error {
			if f.Event(e) {
				rows = append(rows, []string{strconv.FormatUint(e.ID, 10), e.Date.String(), string(e.Stream), e.Kind.String(),
					ledger.FormatAmount(e.Amount, e.Currency), e.Currency, hoursIf(e.Billed), e.Ref, voidMark(e.Voided, e.VoidReason), oneLine(e.Note)})
			}
			return nil
		}); err != nil {
			return err
		}
		if len(rows) == 0 {
			_, err := fmt.Fprintln(a.stdout, "no events")
			return err
		}
		return writeTable(a.stdout, []string{"id", "date", "stream", "kind", "amount", "currency", "hours", "ref", "void", "note"}, rows)
	})
}

func listSessions(a *app, tx ledger.Tx, f *ledger.Filter) error {
	var rows [][]string
	if err := tx.EachSession(func(s *ledger.WorkSession) error {
		if f.Session(s) {
			rows = append(rows, []string{strconv.FormatUint(s.ID, 10), ledger.FormatCivil(s.Start, s.HasTime), string(s.Stream),
				ledger.FormatHours(s.Seconds), s.Tags, voidMark(s.Voided, s.VoidReason), oneLine(s.Note)})
		}
		return nil
	}); err != nil {
		return err
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(a.stdout, "no work sessions")
		return err
	}
	return writeTable(a.stdout, []string{"id", "start", "stream", "hours", "tag", "void", "note"}, rows)
}

func voidMark(voided bool, reason string) string {
	if !voided {
		return ""
	}
	return "VOID: " + oneLine(reason)
}
