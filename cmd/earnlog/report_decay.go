package main

import (
	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// addEstimateFlags adds the flags of the estimating reports (decay,
// runway): output, bars and currency; they have no rule (age and the
// residual do not depend on one).
func (f *reportFlags) addEstimateFlags(c *cobra.Command, currency *string) {
	fl := c.Flags()
	fl.StringVarP(&f.output, "output", "o", "table", "table, csv or json")
	fl.StringVar(&f.bars, "bars", "auto", "charts in tables: auto (on a terminal, unless NO_COLOR), unicode, ascii or none")
	fl.StringVar(currency, "currency", "", "the currency to report (default: the one with the most income events)")
}

func parseCurrencyFlag(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	return ledger.ParseCurrency(s)
}

func newReportDecayCmd(a *app) *cobra.Command {
	var f reportFlags
	var currency, by string
	c := &cobra.Command{
		Use:   "decay",
		Short: "How old income is when it arrives, and how it fades after the last work",
		Long: `Income by age: the days from the most recent work on its stream (a session,
or the billing period of billed hours) on or before its date to its date,
in ranges 0-7, 8-30, 31-90, 91-180, 181-365 and over 365 days, and "never
worked" for income with no work before it. Billed and hourly payments are 0
days old; a refund takes its earning's age. The passive share at window W
is the share older than W days (never worked included).

Then the residual: for every stream whose last work is 90 days or more
before the ledger's last date, its income in each 30-day period after the
last work relative to its average 30-day income in the 180 days before,
with an exponential fit (half-life in days, 90% bootstrap interval, fixed
seed) and a power-law fit, the better one marked; per class the pooled
curve of its stopped streams. Too little data says how many more income
events would settle the half-life. Figures are estimates.`,
		Example: `  earnlog report decay
  earnlog report decay --by stream -o csv`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			_, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			if by != "" && by != report.ByStream {
				return ledger.Errorf(ledger.EINVALID, "--by %q is not a grouping of report decay: use stream (classes are always shown)", by)
			}
			cur, err := parseCurrencyFlag(currency)
			if err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
				return report.Decay(in, report.DecayOptions{Currency: cur, ByStream: by == report.ByStream})
			})
		},
	}
	f.addEstimateFlags(c, &currency)
	c.Flags().StringVar(&by, "by", "", "stream: also one row per stream")
	return c
}

func newReportRunwayCmd(a *app) *cobra.Command {
	var f reportFlags
	var currency string
	c := &cobra.Command{
		Use:   "runway",
		Short: "If you stopped all work today: expected income of each of the next 12 months",
		Long: `Per stream and in total, the expected income of each of the next 12 periods of
30 days if all work stopped today, with an 80% interval, and the month in
which it falls under half of today's rate. A stream's rate is its income in
the 90 days up to today; it fades with the stream's own residual curve (see
report decay) when that is settled, else its class's pooled curve, else
the report says which assumption it made. Hourly, billed and fixed-price
(milestone) streams end with the work. Figures are estimates, rounded to
the currency's minor units, and never stored.`,
		Example: `  earnlog report runway
  earnlog report runway -o json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			_, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			cur, err := parseCurrencyFlag(currency)
			if err != nil {
				return err
			}
			return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
				return report.Runway(in, report.RunwayOptions{Currency: cur})
			})
		},
	}
	f.addEstimateFlags(c, &currency)
	return c
}

// withEstimates adds the residual curves and the runway to the HTML page
// of report monthly.
func withEstimates(r *report.MonthlyReport, in report.Input) error {
	d, err := report.Decay(in, report.DecayOptions{})
	if err != nil {
		return err
	}
	w, err := report.Runway(in, report.RunwayOptions{})
	if err != nil {
		return err
	}
	r.WithEstimates(d, w)
	return nil
}
