package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// rendered is what every report offers.
type rendered interface {
	WriteTable(w io.Writer, opt report.TableOptions) error
	WriteCSV(w io.Writer) error
	WriteJSON(w io.Writer) error
}

// reportFlags are the flags every report shares.
type reportFlags struct {
	rule, output, from, to, bars string
	window                       int
	ignoreTags                   []string
}

func (f *reportFlags) add(c *cobra.Command, dates bool) {
	fl := c.Flags()
	fl.StringVar(&f.rule, "rule", "window", "window (work on an event's day or the --window days before it makes it active) or since-last (work since the stream's previous income)")
	fl.IntVar(&f.window, "window", report.DefaultWindowDays, "work on an income event's day or in this many days before it makes it active (0 = the same day only)")
	fl.StringVarP(&f.output, "output", "o", "table", "table, csv or json")
	fl.StringArrayVar(&f.ignoreTags, "ignore-tags", nil, "work tags that do not make income active, such as market,admin (a session counts as work unless all its tags are ignored)")
	fl.StringVar(&f.bars, "bars", "auto", "passive-share bars in tables: auto (on a terminal, unless NO_COLOR), unicode, ascii or none")
	if dates {
		fl.StringVar(&f.from, "from", "", "first day: YYYY-MM-DD, or the first day of a period: 2025, 2025-Q2, 2025-W14, 2025-04")
		fl.StringVar(&f.to, "to", "", "last day: YYYY-MM-DD, or the last day of a period: 2025, 2025-Q2, 2025-W14, 2025-04")
	}
}

func (f *reportFlags) parse(a *app, formats ...string) (report.Rule, report.TableOptions, ledger.Filter, error) {
	var topt report.TableOptions
	if err := outputFormat(f.output, formats...); err != nil {
		return report.Rule{}, topt, ledger.Filter{}, err
	}
	rule, err := report.ParseRule(f.rule, f.window)
	if err != nil {
		return rule, topt, ledger.Filter{}, err
	}
	if rule.IgnoreTags, err = ledger.ParseTags(f.ignoreTags...); err != nil {
		return rule, topt, ledger.Filter{}, err
	}
	switch f.bars {
	case "auto":
		if isTerminal(a.stdout) && a.getenv("NO_COLOR") == "" {
			topt.Bars = report.BarsASCII
			if a.utf8Locale() {
				topt.Bars = report.BarsUnicode
			}
		}
	case "unicode":
		topt.Bars = report.BarsUnicode
	case "ascii":
		topt.Bars = report.BarsASCII
	case "none":
	default:
		return rule, topt, ledger.Filter{}, ledger.Errorf(ledger.EINVALID, "--bars %q is not a bar style: use auto, unicode, ascii or none", f.bars)
	}
	filter, err := a.parseFilter(f.from, f.to, "", "", "", false)
	return rule, topt, filter, err
}

// reportInput reads the ledger as the reports need it, inside tx.
func reportInput(a *app, tx ledger.Tx) (report.Input, error) {
	cl, err := tx.PlatformClasses()
	if err != nil {
		return report.Input{}, err
	}
	in := report.Input{Events: tx.EachEventLean, Sessions: tx.EachSessionLean, Classes: cl, Today: a.today()}
	if f, ok := tx.(factScanner); ok {
		in.Facts, in.Wanted, in.SessionsBeside = f.EachEventFacts, f.EachEventWanted, f.ScansAtOnce()
	}
	return in, nil
}

// factScanner is a transaction that reads the facts of its events apart,
// and copies their texts only where asked (the store's), for the reports'
// two passes over the ledger; ScansAtOnce says whether its lean scans may
// run at once, on goroutines of their own.
type factScanner interface {
	EachEventFacts(fn func(*ledger.EventFacts) error) error
	EachEventWanted(want func(e *ledger.Event, ref string) bool, fn func(*ledger.Event) error) error
	ScansAtOnce() bool
}

// valuation is what a report needs to value its events: the flags and the
// days the report shows (0: open).
type valuation struct {
	flags    *valueFlags
	from, to ledger.Date
}

// runReport builds a report in one read-only transaction and writes it.
// With --value, the report reads valued events and says which rates it used.
func (a *app) runReport(output string, topt report.TableOptions, val valuation, build func(report.Input) (rendered, error)) error {
	// The report's options are checked on an empty ledger first, before
	// the ledger is opened: a bad option exits 2 even while a writer holds
	// the ledger, rather than 1 "in use". An ID that the empty ledger lacks
	// (explain) is looked up in the real one.
	none := func(func(*ledger.Event) error) error { return nil }
	noSessions := func(func(*ledger.WorkSession) error) error { return nil }
	if _, err := build(report.Input{Events: none, Sessions: noSessions, Today: a.today()}); ledger.IsInputError(err) && ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return err
	}
	var r rendered
	if err := a.view(func(tx ledger.Tx) error {
		in, err := reportInput(a, tx)
		if err != nil {
			return err
		}
		var v *report.Valuer
		if val.flags != nil {
			if v, err = val.flags.valuer(a, tx, val.from, val.to); err != nil {
				return err
			}
		}
		if v != nil {
			in = v.Input(in)
		}
		r, err = build(in)
		if err == nil && v != nil {
			r = &report.Valued{Report: r, Summary: v.Summary()}
		}
		return err
	}); err != nil {
		return err
	}
	inner := r
	if v, ok := r.(*report.Valued); ok {
		inner = v.Report
	}
	// Rows without a share say why on stderr, whatever the output format.
	if w, ok := inner.(interface{ ShareWarnings() []string }); ok {
		for _, line := range w.ShareWarnings() {
			fmt.Fprintf(a.stderr, "earnlog: warning: %s\n", line)
		}
	}
	switch output {
	case "csv":
		if v, ok := r.(*report.Valued); ok {
			a.printNotes(v.Notes())
		}
		// The CSV stays clean for scripts: warnings go to stderr.
		if err := r.WriteCSV(a.stdout); err != nil {
			return err
		}
		if wr, ok := inner.(interface{ WarningList() []report.Warning }); ok {
			for _, w := range wr.WarningList() {
				if _, err := fmt.Fprintf(a.stderr, "warning: %s\n", w.Message); err != nil {
					return err
				}
			}
		}
		return nil
	case "json":
		return r.WriteJSON(a.stdout)
	case "html":
		if h, ok := r.(interface{ WriteHTML(io.Writer) error }); ok {
			return h.WriteHTML(a.stdout)
		}
	}
	return r.WriteTable(a.stdout, topt)
}

func newReportCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "report",
		Short: "Passive-ratio reports: monthly, periods, events, streams, claim, hours",
		Long: `Reports on the ledger. An income event dated D is passive when no work on
its stream falls on D or in the N days before it (rule "window", N = 30 by
default), unless it carries billed hours or is an hourly payment; every
report says which rule and window it used. 'report events' lists every
income event with its verdict and reason. Fees are shown beside income and
never enter the passive share. Currencies are never added together: one
section per currency.

The passive share is passive income out of positive income, from 0 to 1; a
row whose refunds exceed its income, or whose passive or active part is
negative, has no share (empty, null in JSON) and a warning on stderr. The
hourly rate (rate/h, hourly_rate) is all income of the row, passive income
included, divided by all its hours, logged or billed. A sum too large for
earnlog to add exits 1.

Reports warn (after a table, on stderr beside CSV, in a "warnings" array in
JSON) about what a verdict cannot see: no-work-ever (a stream's income is
passive only because no work was ever logged on it), time-gap (2 or more
calendar months with no work at all, while streams with work before and
after received income), stale-import (a platform's last imported income is
more than 45 days before the last income elsewhere) and, in 'report claim',
left-out (income in other currencies or on platforms of class other).

With --value CODE, a report values every event in CODE at the rate of its
own date (the latest rate on or before it, kept in the ledger by 'earnlog
rates'), rounded once per event, half to even; totals are sums of
the valued events, and the report ends with the rates it used. An event with
no rate within --max-rate-age days (7) stops the report: nothing is guessed.`,
		Example: `  earnlog report monthly --by class
  earnlog report claim --sweep
  earnlog report claim --value USD
  earnlog report hours`,
		Args: groupArgs,
		RunE: groupRun,
	}
	c.AddCommand(newReportPeriodsCmd(a, true), newReportPeriodsCmd(a, false), newReportEventsCmd(a), newReportStreamsCmd(a), newReportClaimCmd(a), newReportHoursCmd(a), newReportTargetsCmd(a), newReportDecayCmd(a), newReportRunwayCmd(a), newReportHTMLCmd(a))
	return c
}

// reportEventsOptions are the flags of report events beyond the shared ones.
type reportEventsOptions struct {
	stream, platform, kind string
	passive, active        bool
}

func newReportEventsCmd(a *app) *cobra.Command {
	var f reportFlags
	var v valueFlags
	var o reportEventsOptions
	c := &cobra.Command{
		Use:   "events",
		Short: "Every income event with its verdict, active or passive, and the reason",
		Long: `One row per income event (refunds and adjustments included, fees not) with
its verdict under the rule and the reason, such as "work on 2026-04-03
(session #5), 30 days before" or "no work on etsy/shop from 2026-03-04 to
2026-04-03". The rows add up to report monthly for the same dates.

-o csv and -o json have the columns id,date,stream,platform,class,kind,
amount,currency,passive,reason,evidence,evidence_id,evidence_date: evidence
says what evidence_id names (session, invoice or earning); evidence_date is
the day of that record nearest the event.`,
		Example: `  earnlog report events --from 2026-05 --to 2026-05
  earnlog report events --stream etsy/pixel-press --passive
  earnlog report events --window 14 -o csv`,
		Args: exactArgs(0, "no arguments (filters are flags)"),
		RunE: func(c *cobra.Command, args []string) error {
			rule, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			filter, err := a.parseFilter(f.from, f.to, o.stream, o.platform, o.kind, false)
			if err != nil {
				return err
			}
			if filter.Kind == ledger.KindFee {
				return ledger.Errorf(ledger.EINVALID, "--kind fee: fees are never active or passive; list them with earnlog list --kind fee")
			}
			if err := v.check(); err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{&v, filter.From, filter.To}, func(in report.Input) (rendered, error) {
				return report.Events(in, report.EventsOptions{Rule: rule, Filter: filter, Passive: o.passive, Active: o.active})
			})
		},
	}
	f.add(c, true)
	v.add(c)
	fl := c.Flags()
	fl.StringVar(&o.stream, "stream", "", "only this stream")
	fl.StringVar(&o.platform, "platform", "", "only this platform")
	fl.StringVar(&o.kind, "kind", "", "only this kind of event")
	fl.BoolVar(&o.passive, "passive", false, "only passive events")
	fl.BoolVar(&o.active, "active", false, "only active events")
	_ = c.RegisterFlagCompletionFunc("stream", a.completeStreams)
	return c
}

func newReportStreamsCmd(a *app) *cobra.Command {
	var f reportFlags
	var v valueFlags
	c := &cobra.Command{
		Use:     "streams",
		Short:   "Lifetime figures per stream, with last work and last income dates",
		Example: "  earnlog report streams\n  earnlog report streams -o json",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			rule, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			if err := v.check(); err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{flags: &v}, func(in report.Input) (rendered, error) {
				return report.Streams(in, report.StreamsOptions{Rule: rule})
			})
		},
	}
	f.add(c, false)
	v.add(c)
	return c
}

func newReportClaimCmd(a *app) *cobra.Command {
	var f reportFlags
	var o report.ClaimOptions
	var v valueFlags
	var currency string
	c := &cobra.Command{
		Use:   "claim",
		Short: "Test the claim: marketplace income is never passive, storefront income can be",
		Long: `Restates the claim as two testable statements, marketplace income is (almost)
never passive and storefront income can be, and judges them on your ledger:
per class the passive share, the events and months behind it, and a 95%
interval from a bootstrap over months (fixed seed: the same ledger gives the
same output). The verdict is supported, contradicted, or inconclusive (with
how many more months of data would settle it). --sweep shows how share and
verdict move as the window goes from 0 to 180 days.

Only one currency is judged (--currency, or the one with the most income
events); income in others is listed as left out. --value CODE values every
event in CODE at the rate of its own date, so that all of it is judged.`,
		Example: `  earnlog report claim
  earnlog report claim --sweep
  earnlog report claim --marketplace-max 0.05 --storefront-min 0.5 -o json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			rule, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			o.Rule = rule
			if o.MinMonths < 1 {
				// 0 was taken for the default 6 without a word.
				return ledger.Errorf(ledger.EINVALID, "--min-months %d: a verdict needs at least 1 month of income per class; use a whole number from 1 (the default is %d)", o.MinMonths, report.DefaultMinMonths)
			}
			if currency != "" {
				if o.Currency, err = ledger.ParseCurrency(currency); err != nil {
					return err
				}
			}
			if err := v.check(); err != nil {
				return err
			}
			if v.on() && currency != "" && v.code != valueDefault && v.code != o.Currency {
				return ledger.Errorf(ledger.EINVALID, "--currency %s and --value %s disagree: with --value every amount is in %s, so judge that (leave out --currency)", o.Currency, v.code, v.code)
			}
			return a.runReport(f.output, topt, valuation{flags: &v}, func(in report.Input) (rendered, error) {
				if v.on() {
					// Every event is in the value currency now.
					o.Currency = ""
				}
				return report.Claim(in, o)
			})
		},
	}
	f.add(c, false)
	fl := c.Flags()
	fl.Float64Var(&o.MarketplaceMax, "marketplace-max", report.DefaultMarketplaceMax, "the claim holds for marketplaces when their passive share is at most this (upper end of the interval)")
	fl.Float64Var(&o.StorefrontMin, "storefront-min", report.DefaultStorefrontMin, "the claim holds for storefronts when their passive share is at least this (lower end of the interval)")
	fl.IntVar(&o.MinMonths, "min-months", report.DefaultMinMonths, "months of income each class needs before a verdict (1 or more)")
	fl.StringVar(&currency, "currency", "", "the currency to judge (default: the one with the most income events)")
	fl.BoolVar(&o.Sweep, "sweep", false, "also show share and verdict for windows of 0, 7, 14, 30, 60, 90 and 180 days")
	v.add(c)
	return c
}

func newReportHoursCmd(a *app) *cobra.Command {
	var f reportFlags
	var tolerance, by string
	var o report.HoursOptions
	c := &cobra.Command{
		Use:   "hours",
		Short: "Hours you logged against the hours UpWork billed, per contract and week",
		Long: `For every stream with hourly invoices that carry billed hours, and every
billing period, the hours billed beside the hours you logged on that stream
in that period. A row is flagged when they differ by more than the
tolerance: --tolerance (default 15m) or --tolerance-percent of the billed
hours (default 10), whichever is larger. Hourly invoices that state no hours
are listed apart as "hours not stated". --tolerance-percent 0 leaves
--tolerance alone.

--by tag instead breaks the hours you logged down by work tag and stream
(sessions without tags under "(untagged)"; a session with several tags
counts under each): -o csv columns tag,stream,sessions,hours.`,
		Example: "  earnlog report hours\n  earnlog report hours --tolerance 30m -o csv\n  earnlog report hours --by tag --from 2026-Q1",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			_, topt, filter, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			switch by {
			case "":
			case "tag":
				return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
					return report.TagHours(in, report.TagHoursOptions{From: filter.From, To: filter.To})
				})
			default:
				return ledger.Errorf(ledger.EINVALID, "--by %q is not a grouping of report hours: use tag", by)
			}
			if tolerance != "" {
				if o.ToleranceSeconds, err = ledger.ParseDuration(tolerance); err != nil {
					return err
				}
			}
			if o.TolerancePercent < 0 || o.TolerancePercent > 100 {
				return ledger.Errorf(ledger.EINVALID, "--tolerance-percent %d is out of range: use a whole percentage from 0 to 100", o.TolerancePercent)
			}
			if o.TolerancePercent == 0 {
				// 0 means no percentage: --tolerance alone decides.
				o.TolerancePercent = report.NoTolerancePercent
			}
			o.From, o.To = filter.From, filter.To
			return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
				return report.Hours(in, o)
			})
		},
	}
	f.add(c, true)
	c.Flags().StringVar(&tolerance, "tolerance", "", "difference in hours that is not a mismatch (default 15m)")
	c.Flags().StringVar(&by, "by", "", "tag: the hours you logged per work tag and stream instead")
	c.Flags().IntVar(&o.TolerancePercent, "tolerance-percent", report.DefaultTolerancePercent, "difference as a percentage of billed hours that is not a mismatch")
	return c
}

func init() { extraCommands = append(extraCommands, newReportCmd) }
