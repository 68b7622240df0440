package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// periodsFlags are the flags of report periods and report monthly.
type periodsFlags struct {
	reportFlags
	by, period, fiscal string
	compare, average   bool
}

// newReportPeriodsCmd makes report periods or, with monthly, report monthly:
// the same command with the period fixed to month. Plain month rows are
// report.Monthly's (the same JSON and CSV names, and the HTML page); with
// --compare or --average, or another period, they are report.Periods'.
func newReportPeriodsCmd(a *app, monthly bool) *cobra.Command {
	var f periodsFlags
	var v valueFlags
	c := &cobra.Command{
		Use:   "periods",
		Short: "Per week, month, quarter or year: income, fees, net, hours, passive income and share",
		Long: `One row per period (and group) and currency, with the same figures as
report monthly: --period week (ISO weeks, Monday to Sunday, 2025-W14),
month, quarter or year. Quarters and years follow the fiscal year
(--fiscal-year-start MM, or config fiscal-year-start); a fiscal year is
named after the calendar year it starts in.

--compare adds to every row its change against the previous period and the
same period a year before: income as an amount and the passive share in
percentage points. The periods compared with are read from the whole
ledger, also when --from leaves them out. --average adds, per currency, the
mean per period over the range (--from..--to, else the first to the last
period with figures, empty periods counted as zero).

-o csv and -o json name the period column after the period (week, month,
quarter or year) and add start and end, the period's first and last day.`,
		Example: `  earnlog report periods --period quarter
  earnlog report periods --period year --fiscal-year-start 04 --compare
  earnlog report periods --period week --from 2026-W10 --to 2026-W14 --average`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			kind, err := ledger.ParsePeriodKind(f.period)
			if err != nil {
				return err
			}
			if f.fiscal != "" {
				if a.fiscal, err = ledger.ParseFiscalStart(f.fiscal); err != nil {
					return err
				}
			}
			plain := kind == ledger.PeriodMonth && !f.compare && !f.average
			rule, topt, filter, err := f.parse(a, "table", "csv", "json", "html")
			if err != nil {
				return err
			}
			by, err := report.ParseBy(f.by)
			if err != nil {
				return err
			}
			var cal ledger.Calendar
			var topts report.TargetOptions
			if !plain {
				if cal, err = a.calendar(); err != nil {
					return err
				}
			}
			if !plain && f.output == "html" {
				if err := a.view(func(tx ledger.Tx) error {
					var err error
					if topts.Targets, err = targetsIn(tx); err != nil {
						return err
					}
					topts.Currency, err = a.currency(tx, "")
					return err
				}); err != nil {
					return err
				}
				topts.Rule, topts.Calendar = rule, cal
			}
			if err := v.check(); err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{&v, filter.From, filter.To}, func(in report.Input) (rendered, error) {
				if plain {
					r, err := report.Monthly(in, report.MonthlyOptions{Rule: rule, By: by, From: filter.From, To: filter.To, Detail: f.output == "html"})
					if err != nil || f.output != "html" {
						return r, err
					}
					return r, withEstimates(r, in)
				}
				opt := report.PeriodOptions{
					Rule: rule, Period: kind, Calendar: cal, By: by, From: filter.From, To: filter.To,
					Compare: f.compare, Average: f.average,
				}
				if f.output != "html" {
					return report.Periods(in, opt)
				}
				// The page: the period asked for first, then the others.
				page := &report.PeriodsPage{}
				for _, k := range append([]ledger.PeriodKind{kind}, ledger.PeriodMonth, ledger.PeriodQuarter, ledger.PeriodYear) {
					if len(page.Reports) > 0 && k == kind {
						continue
					}
					opt.Period = k
					r, err := report.Periods(in, opt)
					if err != nil {
						return nil, err
					}
					page.Reports = append(page.Reports, r)
				}
				if len(topts.Targets) > 0 {
					t, err := report.Targets(in, topts)
					if err != nil {
						return nil, err
					}
					page.Targets = t
				}
				return htmlOnly{page}, nil
			})
		},
	}
	if monthly {
		c.Use = "monthly"
		c.Short = "Per month: income, fees, net, hours, passive income and share, hourly rate"
		c.Long = `Per month (and --by group) and currency: income, fees, net, hours, passive
income, passive share and hourly rate. The hourly rate is all income,
passive included, divided by the hours; a row without hours has none.

It is report periods --period month: --compare, --average and bounds such
as 2025 or 2025-Q2 work here too (see earnlog report periods --help).`
		c.Example = `  earnlog report monthly
  earnlog report monthly --by platform --from 2026-01
  earnlog report monthly --window 14 -o csv
  earnlog report monthly --from 2025 --to 2025 --compare --average
  earnlog report monthly -o html > report.html`
		f.period = "month"
	}
	f.add(c, true)
	v.add(c)
	fl := c.Flags()
	fl.StringVar(&f.by, "by", "", "one row per period and platform, class or stream")
	if !monthly {
		fl.StringVar(&f.period, "period", "month", "week, month, quarter or year")
	}
	fl.StringVar(&f.fiscal, "fiscal-year-start", "", "the month years and quarters start in, 01-12 (default: config fiscal-year-start, else 01)")
	fl.BoolVar(&f.compare, "compare", false, "add the change against the previous period and the same period a year before")
	fl.BoolVar(&f.average, "average", false, "add the mean per period over the range")
	fl.Lookup("output").Usage = "table, csv, json or html (a page with a section per period and the targets)"
	return c
}

// htmlOnly is a page that has no table, CSV or JSON form.
type htmlOnly struct {
	page interface{ WriteHTML(io.Writer) error }
}

func (h htmlOnly) WriteHTML(w io.Writer) error { return h.page.WriteHTML(w) }
func (h htmlOnly) WriteTable(io.Writer, report.TableOptions) error {
	return ledger.Errorf(ledger.EINTERNAL, "this page has no table")
}
func (h htmlOnly) WriteCSV(io.Writer) error {
	return ledger.Errorf(ledger.EINTERNAL, "this page has no CSV")
}
func (h htmlOnly) WriteJSON(io.Writer) error {
	return ledger.Errorf(ledger.EINTERNAL, "this page has no JSON")
}
