package main

import (
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
}

func (f *reportFlags) add(c *cobra.Command, dates bool) {
	fl := c.Flags()
	fl.StringVar(&f.rule, "rule", "window", "window (work within --window days before an event makes it active) or since-last (work since the stream's previous income)")
	fl.IntVar(&f.window, "window", report.DefaultWindowDays, "days before an income event in which work makes it active (0 = the same day only)")
	fl.StringVarP(&f.output, "output", "o", "table", "table, csv or json")
	fl.StringVar(&f.bars, "bars", "auto", "passive-share bars in tables: auto (on a terminal, unless NO_COLOR), unicode, ascii or none")
	if dates {
		fl.StringVar(&f.from, "from", "", "first day or month (YYYY-MM-DD or YYYY-MM)")
		fl.StringVar(&f.to, "to", "", "last day or month (a month means its last day)")
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
	return report.Input{Events: tx.EachEventLean, Sessions: tx.EachSessionLean, Classes: cl, Today: a.today()}, nil
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
	switch output {
	case "csv":
		if c, ok := r.(*report.ClaimReport); ok && c.LeftOutLine() != "" {
			a.printNotes([]string{c.LeftOutLine()})
		}
		if v, ok := r.(*report.Valued); ok {
			a.printNotes(v.Notes())
		}
		return r.WriteCSV(a.stdout)
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
		Short: "Passive-ratio reports: monthly, streams, claim, hours",
		Long: `Reports on the ledger. Income is passive when no work on its stream falls in
the window of days before it (rule "window", 30 days by default); every
report says which rule and window it used. Fees are shown beside income and
never enter the passive share. Currencies are never added together: one
section per currency, unless --value CODE values every event in CODE at the
rate of its own date (the latest rate on or before it, kept in the ledger by
'earnlog rates'), rounded once per event, half to even; totals are sums of
the valued events, and the report ends with the rates it used. An event with
no rate within --max-rate-age days (7) stops the report: nothing is guessed.`,
		Example: `  earnlog report monthly --by class
  earnlog report claim --sweep
  earnlog report claim --value USD
  earnlog report hours`,
	}
	c.AddCommand(newReportMonthlyCmd(a), newReportStreamsCmd(a), newReportClaimCmd(a), newReportHoursCmd(a))
	return c
}

func newReportMonthlyCmd(a *app) *cobra.Command {
	var f reportFlags
	var v valueFlags
	var by string
	c := &cobra.Command{
		Use:   "monthly",
		Short: "Per month: income, fees, net, hours, passive income and share, hourly rate",
		Example: `  earnlog report monthly
  earnlog report monthly --by platform --from 2026-01
  earnlog report monthly --window 14 -o csv
  earnlog report monthly --value USD -o html > report.html`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			rule, topt, filter, err := f.parse(a, "table", "csv", "json", "html")
			if err != nil {
				return err
			}
			if by, err = report.ParseBy(by); err != nil {
				return err
			}
			if err := v.check(); err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{&v, filter.From, filter.To}, func(in report.Input) (rendered, error) {
				return report.Monthly(in, report.MonthlyOptions{Rule: rule, By: by, From: filter.From, To: filter.To})
			})
		},
	}
	f.add(c, true)
	v.add(c)
	c.Flags().StringVar(&by, "by", "", "one row per month and platform, class or stream")
	c.Flags().Lookup("output").Usage = "table, csv, json or html"
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
	fl.IntVar(&o.MinMonths, "min-months", report.DefaultMinMonths, "months of income each class needs before a verdict")
	fl.StringVar(&currency, "currency", "", "the currency to judge (default: the one with the most income events)")
	fl.BoolVar(&o.Sweep, "sweep", false, "also show share and verdict for windows of 0, 7, 14, 30, 60, 90 and 180 days")
	v.add(c)
	return c
}

func newReportHoursCmd(a *app) *cobra.Command {
	var f reportFlags
	var tolerance string
	var o report.HoursOptions
	c := &cobra.Command{
		Use:   "hours",
		Short: "Hours you logged against the hours UpWork billed, per contract and week",
		Long: `For every stream with hourly invoices that carry billed hours, and every
billing period, the hours billed beside the hours you logged on that stream
in that period. A row is flagged when they differ by more than the
tolerance: --tolerance (default 15m) or --tolerance-percent of the billed
hours (default 10), whichever is larger.`,
		Example: "  earnlog report hours\n  earnlog report hours --tolerance 30m -o csv",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			_, topt, filter, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			if tolerance != "" {
				if o.ToleranceSeconds, err = ledger.ParseDuration(tolerance); err != nil {
					return err
				}
			}
			o.From, o.To = filter.From, filter.To
			return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
				return report.Hours(in, o)
			})
		},
	}
	f.add(c, true)
	c.Flags().StringVar(&tolerance, "tolerance", "", "difference in hours that is not a mismatch (default 15m)")
	c.Flags().IntVar(&o.TolerancePercent, "tolerance-percent", report.DefaultTolerancePercent, "difference as a percentage of billed hours that is not a mismatch")
	return c
}

func init() { extraCommands = append(extraCommands, newReportCmd) }
