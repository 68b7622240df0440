package main

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// demoFiles are realistic sample exports of one freelancer's 2026: an UpWork
// transaction history (an hourly contract with weekly invoices, a
// fixed-price contract with milestones, their service fees, withdrawals and
// Connects), an Etsy monthly statement of a print shop, a Gumroad sales
// export of an icon pack, and a timeclock file with the client hours and a
// few evenings of shop maintenance.
//
//go:embed demo/*
var demoFiles embed.FS

// demoImports is the order the demo imports in, with the flags each needs.
var demoImports = []struct {
	format, file string
	stream       ledger.Stream
}{
	{"upwork", "upwork_transactions.csv", ""},
	{"etsy", "etsy_statement.csv", "etsy/pixel-press"},
	{"gumroad", "gumroad_sales.csv", ""},
	{"timeclock", "work.timeclock", ""},
}

func newDemoCmd(a *app) *cobra.Command {
	var keep string
	c := &cobra.Command{
		Use:   "demo",
		Short: "Import bundled sample data into a temporary ledger and show the reports",
		Long: `Imports a year of realistic sample exports (UpWork, Etsy, Gumroad and a
timeclock file) into a temporary ledger, then prints the monthly report, the
claim verdict and the runway (what would still come in if all work stopped). Nothing is written outside a temporary folder unless
--keep PATH, which keeps the demo ledger at PATH (refused if PATH exists).`,
		Example: "  earnlog demo\n  earnlog demo --keep demo.db && earnlog --db demo.db report streams",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			dir, err := os.MkdirTemp("", "earnlog-demo-")
			if err != nil {
				return runtimeError{err}
			}
			defer os.RemoveAll(dir)
			path := filepath.Join(dir, "ledger.db")
			if keep != "" {
				if _, err := os.Lstat(keep); err == nil {
					return ledger.Errorf(ledger.EINVALID, "--keep %s: the file exists; give a new path", keep)
				}
				path = keep
			}
			return a.runDemo(path)
		},
	}
	c.Flags().StringVar(&keep, "keep", "", "keep the demo ledger at this path")
	return c
}

func (a *app) runDemo(path string) error {
	demo := *a
	demo.dbPath = path
	fmt.Fprintf(a.stdout, "earnlog demo: importing sample exports into a temporary ledger\n\n")
	for _, d := range demoImports {
		data, err := demoFiles.ReadFile("demo/" + d.file)
		if err != nil {
			return runtimeError{err}
		}
		fmt.Fprintf(a.stdout, "$ earnlog import %s %s", d.format, d.file)
		if d.stream != "" {
			fmt.Fprintf(a.stdout, " --stream %s", d.stream)
		}
		fmt.Fprintln(a.stdout)
		f, err := formats().Lookup(d.format)
		if err != nil {
			return err
		}
		if err := demo.importFrom(f, d.file, bytes.NewReader(data), 0, importOptions{stream: string(d.stream)}); err != nil {
			return err
		}
	}
	topt := report.TableOptions{}
	if isTerminal(a.stdout) && a.getenv("NO_COLOR") == "" {
		topt.Bars = report.BarsASCII
		if a.utf8Locale() {
			topt.Bars = report.BarsUnicode
		}
	}
	fmt.Fprintf(a.stdout, "\n$ earnlog report monthly --by class\n")
	if err := demo.runReport("table", topt, valuation{}, func(in report.Input) (rendered, error) {
		return report.Monthly(in, report.MonthlyOptions{By: report.ByClass})
	}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n$ earnlog report claim\n")
	if err := demo.runReport("table", topt, valuation{}, func(in report.Input) (rendered, error) {
		return report.Claim(in, report.ClaimOptions{})
	}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\n$ earnlog report runway\n")
	if err := demo.runReport("table", topt, valuation{}, func(in report.Input) (rendered, error) {
		return report.Runway(in, report.RunwayOptions{})
	}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "\nSee why each payment is passive: earnlog report events --passive, then earnlog explain ID.\n")
	fmt.Fprintf(a.stdout, "Try it on your own exports: earnlog import upwork YOUR_FILE.csv, then earnlog report claim.\n")
	return nil
}

func init() { extraCommands = append(extraCommands, newDemoCmd) }
