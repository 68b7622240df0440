package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

type listOptions struct {
	from, to, stream, platform, kind, output, sort string
	work, all                                      bool
	find                                           findOptions
}

func newListCmd(a *app) *cobra.Command {
	var o listOptions
	c := &cobra.Command{
		Use:   "list",
		Short: "List income events (or work sessions with --work)",
		Long: `List income events, oldest first (by date, ties by ID; --sort id for the
order they were recorded in), or work sessions with --work. Voided records
are left out unless --all, which shows them marked: an amended record shows
"VOID: amended by #NEW", and its corrected copy "amends #OLD" (in JSON,
"amended_by" and "amends", present only on such records).

Find a record with --ref, --note (any case), --min and --max (the size of the
amount, whatever its sign and currency), --id 12,15-20 and --import ID.

-o json writes {"events": [...]} (or {"sessions": [...]}); -o csv the same
columns: events id,date,stream,platform,class,kind,amount,currency,hours,ref,
note,voided; sessions id,stream,start,hours,note,voided,tag (tag: the
session's tags, comma-separated).`,
		Example: `  earnlog list --from 2026-03 --platform upwork
  earnlog list --work --stream upwork/acme-logo
  earnlog list --note acme --min 100 --from 2026-03 --to 2026-03
  earnlog list --id 12,15-20 --all
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
	f.StringVar(&o.sort, "sort", "date", "date (ties by ID) or id")
	addFindFlags(f, &o.find)
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
	if from != "" && to != "" && f.To < f.From {
		return f, ledger.Errorf(ledger.EINVALID, "--from %s is after --to %s (%s to %s): give the earlier bound as --from", from, to, f.From, f.To)
	}
	if stream != "" {
		if f.Stream, err = ledger.ParseStream(stream); err != nil {
			return f, err
		}
	}
	if platform != "" {
		// Folded as a stream's platform is: --platform UPWORK is upwork.
		if f.Platform, err = ledger.ParsePlatform(platform); err != nil {
			return f, ledger.Errorf(ledger.EINVALID, "--platform %v", err)
		}
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
	// The amendment chain, only where there is one.
	Amends    uint64 `json:"amends,omitempty"`
	AmendedBy uint64 `json:"amended_by,omitempty"`
}

type jsonSession struct {
	ID        uint64 `json:"id"`
	Stream    string `json:"stream"`
	Start     string `json:"start"`
	Hours     string `json:"hours"`
	Note      string `json:"note"`
	Voided    bool   `json:"voided"`
	Tag       string `json:"tag"`
	Amends    uint64 `json:"amends,omitempty"`
	AmendedBy uint64 `json:"amended_by,omitempty"`
}

// newJSONEvent is an event with the stable names of list -o json
// (docs/names.md).
func newJSONEvent(e *ledger.Event, classes ledger.Classes) jsonEvent {
	p := e.Stream.Platform()
	return jsonEvent{e.ID, e.Date.String(), string(e.Stream), p, classes.OfStream(e.Stream).String(), e.Kind.String(),
		ledger.FormatAmount(e.Amount, e.Currency), e.Currency, hoursIf(e.Billed), e.Ref, e.Note, e.Voided, e.Amends, e.AmendedBy}
}

// newJSONSession is a session with the names of list --work -o json.
func newJSONSession(s *ledger.WorkSession) jsonSession {
	return jsonSession{s.ID, string(s.Stream), ledger.FormatCivil(s.Start, s.HasTime), ledger.FormatHours(s.Seconds), s.Note, s.Voided, s.Tags, s.Amends, s.AmendedBy}
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
	if err := o.find.apply(&f); err != nil {
		return err
	}
	if o.work {
		if err := o.find.worksOnSessions(); err != nil {
			return err
		}
	}
	switch o.sort {
	case "date":
		f.Order = ledger.OrderDate
	case "id":
	default:
		return ledger.Errorf(ledger.EINVALID, "--sort %q is not an order: use date or id", o.sort)
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
		t := newTable("id", "date", "stream", "kind", "amount", "currency", "hours", "ref", "void", "note")
		if err := eachRecord(tx, &f, false, func(e *ledger.Event) error {
			t.add(strconv.FormatUint(e.ID, 10), e.Date.String(), string(e.Stream), e.Kind.String(),
				ledger.FormatAmount(e.Amount, e.Currency), e.Currency, hoursIf(e.Billed), e.Ref, chainMark(e.Voided, e.VoidReason, e.Amends), e.Note)
			return nil
		}, nil); err != nil {
			return err
		}
		if t.len() == 0 {
			_, err := fmt.Fprintln(a.stdout, "no events")
			return err
		}
		return t.write(a.stdout)
	})
}

func listSessions(a *app, tx ledger.Tx, f *ledger.Filter) error {
	t := newTable("id", "start", "stream", "hours", "tag", "void", "note")
	if err := eachRecord(tx, f, true, nil, func(s *ledger.WorkSession) error {
		t.add(strconv.FormatUint(s.ID, 10), ledger.FormatCivil(s.Start, s.HasTime), string(s.Stream),
			ledger.FormatHours(s.Seconds), s.Tags, chainMark(s.Voided, s.VoidReason, s.Amends), s.Note)
		return nil
	}); err != nil {
		return err
	}
	if t.len() == 0 {
		_, err := fmt.Fprintln(a.stdout, "no work sessions")
		return err
	}
	return t.write(a.stdout)
}

// chainMark is the void column of list: the void and its reason, or for the
// corrected copy of an amended record, the record it amends.
func chainMark(voided bool, reason string, amends uint64) string {
	if amends != 0 && !voided {
		return fmt.Sprintf("amends #%d", amends)
	}
	return voidMark(voided, reason)
}

func voidMark(voided bool, reason string) string {
	if !voided {
		return ""
	}
	return "VOID: " + reason
}
