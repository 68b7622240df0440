package main

import (
	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func newReportHTMLCmd(a *app) *cobra.Command {
	var rule, output string
	var window, maxEvents int
	c := &cobra.Command{
		Use:   "html",
		Short: "The dashboard: one self-contained HTML page with every report, charts and filters",
		Long: `Writes one HTML page that needs nothing else: no network, no fonts to fetch,
it opens from a file and works offline. Sections: Overview (income per month
stacked passive and active per class, with the passive share; select a month
for its events with their class and reason, its streams and its warnings),
Where the money comes from (a treemap of class, platform and stream; gross,
fees and net per platform), Hours (logged against billed per contract and
week; the effective hourly rate per stream), and The verdict (report claim
with its interval, thresholds and sweep across windows).

Filters in the page (dates, currency, class, platform, stream) recompute every
section but the verdict, which judges the whole ledger. Without JavaScript
the tables of every section still show the whole ledger. The figures are
embedded as one JSON block (-o json writes it alone), summed per day and
stream; the income events of the latest 24 months are embedded whole month
by whole month, newest first, up to --max-events events.`,
		Example: `  earnlog report html > earnlog.html
  earnlog report html --window 14 --max-events 50000 > earnlog.html`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := outputFormat(output, "html", "json"); err != nil {
				return err
			}
			r, err := report.ParseRule(rule, window)
			if err != nil {
				return err
			}
			if maxEvents < 1 {
				return ledger.Errorf(ledger.EINVALID, "--max-events %d: use a whole number of events, 1 or more", maxEvents)
			}
			var d *report.DashboardReport
			if err := a.view(func(tx ledger.Tx) error {
				in, err := reportInput(a, tx)
				if err != nil {
					return err
				}
				d, err = report.Dashboard(in, report.DashboardOptions{Rule: r, MaxEvents: maxEvents})
				return err
			}); err != nil {
				return err
			}
			if output == "json" {
				return d.WriteJSON(a.stdout)
			}
			return d.WriteHTML(a.stdout)
		},
	}
	fl := c.Flags()
	fl.StringVar(&rule, "rule", "window", "window or since-last, as in the other reports")
	fl.IntVar(&window, "window", report.DefaultWindowDays, "days of the window rule")
	fl.IntVar(&maxEvents, "max-events", report.DefaultDashboardEvents, "the most income events the page embeds (whole months of the latest 24)")
	fl.StringVarP(&output, "output", "o", "html", "html (the page) or json (its data block)")
	return c
}
