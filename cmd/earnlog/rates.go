package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ratefile"
)

func newRatesCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "rates",
		Short: "Exchange rates kept in the ledger, for --value",
		Long: `Exchange rates let a report value every amount in one currency (--value
CODE) at the rate of the day the money arrived. A rate is one pair on one
day: "2025-03-03 EUR USD 1.0842" means one euro was 1.0842 dollars. Reports
use the latest rate on or before an event's day, found directly, inverted
(USD to EUR from EUR to USD) or through one common currency (USD to GBP
through EUR, as the ECB publishes every rate against the euro), the direct
pair first.`,
		Example: `  earnlog rates import eurofxref-hist.csv
  earnlog rates import prices.journal
  earnlog rates add 2025-03-03 EUR USD 1.0842
  earnlog rates list --pair EUR/USD --from 2025-03`,
	}
	c.AddCommand(newRatesImportCmd(a), newRatesAddCmd(a), newRatesListCmd(a))
	return c
}

func newRatesImportCmd(a *app) *cobra.Command {
	var format string
	var opt ledger.AddRatesOptions
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Import rates: the ECB's reference rates CSV, hledger/Ledger P directives, or date,from,to,rate CSV",
		Long: `Reads a rate file and keeps its rates. The format is recognised from the
file's first lines, or given with --format:

  ecb      the ECB euro reference rates (eurofxref-hist.csv or eurofxref.csv):
           Date,USD,JPY,... with units per euro; N/A cells are skipped, and
           so are columns of currencies the euro replaced (CYP, SIT, ...)
  pricedb  hledger or Ledger price directives: P 2025-03-03 EUR 1.0842 USD;
           prices of commodities that are not currencies are skipped
  csv      a header date,from,to,rate and one rate per line (what
           'rates list -o csv' writes)

Importing the same file again adds nothing. A rate that differs from the
stored rate of its pair and day refuses the whole file, unless --replace.
The file is read whole or not at all: the first bad line is named.`,
		Example: "  earnlog rates import eurofxref-hist.csv\n  earnlog rates import --format pricedb prices.journal",
		Args:    exactArgs(1, "a rate FILE (or - for standard input)"),
		RunE: func(c *cobra.Command, args []string) error {
			return a.runRatesImport(args[0], format, opt)
		},
	}
	c.Flags().StringVar(&format, "format", "", "ecb, pricedb or csv (default: recognised from the file)")
	c.Flags().BoolVar(&opt.Replace, "replace", false, "let the file's rates replace stored rates of the same pair and day that differ")
	return c
}

func (a *app) runRatesImport(file, format string, opt ledger.AddRatesOptions) error {
	if format != "" {
		format = strings.ToLower(format)
		ok := false
		for _, f := range ratefile.Formats {
			ok = ok || f == format
		}
		if !ok {
			return ledger.Errorf(ledger.EINVALID, "--format %q is not a rate file format: use %s", format, strings.Join(ratefile.Formats, ", "))
		}
	}
	var in io.Reader
	name := file
	if file == "-" {
		in, name = a.stdin, "stdin"
	} else {
		fh, err := os.Open(file)
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "cannot read %s: %v", file, unwrapPathError(err))
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil && st.IsDir() {
			return ledger.Errorf(ledger.EINVALID, "%s is a folder: give a rate file", file)
		}
		in = fh
	}
	br := bufio.NewReaderSize(in, 64<<10)
	if format == "" {
		head, _ := br.Peek(8 << 10)
		f, ok := ratefile.Detect(head)
		if !ok {
			return ledger.Errorf(ledger.EINVALID, "%s is not a rate file earnlog recognises: give --format ecb (Date,USD,JPY,... per euro), pricedb (P 2025-03-03 EUR 1.0842 USD) or csv (date,from,to,rate)", name)
		}
		format = f
	}
	f, err := ratefile.Parse(br, format, name)
	if err != nil {
		return err
	}
	if len(f.Rates) == 0 {
		return ledger.Errorf(ledger.EINVALID, "%s (%s) holds no rates", name, format)
	}
	var res ledger.RatesAdded
	if err := a.update(func(tx ledger.Tx) error {
		var err error
		res, err = ledger.AddRates(tx, f.Rates, opt)
		return err
	}); err != nil {
		return err
	}
	for _, s := range f.Skipped {
		fmt.Fprintf(a.stderr, "earnlog: skipped %s\n", s)
	}
	_, err = fmt.Fprintf(a.stdout, "imported rates from %s (%s): %s\n", name, format, res.Summary())
	return err
}

func newRatesAddCmd(a *app) *cobra.Command {
	var opt ledger.AddRatesOptions
	c := &cobra.Command{
		Use:     "add DATE FROM TO RATE",
		Short:   "Keep one rate: on DATE one FROM was RATE TO",
		Example: "  earnlog rates add 2025-03-03 EUR USD 1.0842\n  earnlog rates add today GBP USD 1.27 --replace",
		Args:    exactArgs(4, "DATE FROM TO RATE, such as 2025-03-03 EUR USD 1.0842"),
		RunE: func(c *cobra.Command, args []string) error {
			d, err := ledger.ParseDate(args[0], a.today())
			if err != nil {
				return err
			}
			from, err := ledger.ParseCurrency(args[1])
			if err != nil {
				return err
			}
			to, err := ledger.ParseCurrency(args[2])
			if err != nil {
				return err
			}
			v, err := ledger.ParseRateValue(args[3])
			if err != nil {
				return err
			}
			r := ledger.Rate{Date: d, From: from, To: to, Value: v, Source: "manual"}
			if err := r.Validate(); err != nil {
				return err
			}
			var res ledger.RatesAdded
			if err := a.update(func(tx ledger.Tx) error {
				var err error
				res, err = ledger.AddRates(tx, []ledger.Rate{r}, opt)
				return err
			}); err != nil {
				return err
			}
			what := "added"
			switch {
			case res.Present > 0:
				what = "already present:"
			case res.Replaced > 0:
				what = "replaced"
			}
			_, err = fmt.Fprintf(a.stdout, "%s rate %s %s→%s %s\n", what, d, from, to, ledger.FormatRate(v))
			return err
		},
	}
	c.Flags().BoolVar(&opt.Replace, "replace", false, "replace the stored rate of the same pair and day")
	return c
}

func newRatesListCmd(a *app) *cobra.Command {
	var from, to, pair, output string
	c := &cobra.Command{
		Use:   "list",
		Short: "List the rates kept, by pair and date",
		Long: `Lists the rates kept, by pair (as stored: --pair EUR/USD does not list
USD/EUR) and date. -o csv writes date,from,to,rate,source, which
'rates import' reads back.`,
		Example: "  earnlog rates list\n  earnlog rates list --pair EUR/USD --from 2025-03 --to 2025-03\n  earnlog rates list -o csv > rates.csv",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := outputFormat(output, "table", "csv", "json"); err != nil {
				return err
			}
			f, err := a.parseFilter(from, to, "", "", "", false)
			if err != nil {
				return err
			}
			var pf, pt string
			if pair != "" {
				if pf, pt, err = ledger.ParsePair(pair); err != nil {
					return err
				}
			}
			var rows [][]string
			if err := a.view(func(tx ledger.Tx) error {
				return tx.EachRate(func(r *ledger.Rate) error {
					if (pf != "" && (r.From != pf || r.To != pt)) || (f.From != 0 && r.Date < f.From) || (f.To != 0 && r.Date > f.To) {
						return nil
					}
					rows = append(rows, []string{r.Date.String(), r.From, r.To, ledger.FormatRate(r.Value), r.Source})
					return nil
				})
			}); err != nil {
				return err
			}
			return writeRates(a, output, rows)
		},
	}
	fl := c.Flags()
	fl.StringVar(&from, "from", "", "first day or month (YYYY-MM-DD or YYYY-MM)")
	fl.StringVar(&to, "to", "", "last day or month (a month means its last day)")
	fl.StringVar(&pair, "pair", "", "only this pair, such as EUR/USD")
	fl.StringVarP(&output, "output", "o", "table", "table, csv or json")
	return c
}

var ratesHeader = []string{"date", "from", "to", "rate", "source"}

func writeRates(a *app, output string, rows [][]string) error {
	switch output {
	case "csv":
		return writeCSVRows(a.stdout, ratesHeader, rows)
	case "json":
		type rateJSON struct {
			Date   string `json:"date"`
			From   string `json:"from"`
			To     string `json:"to"`
			Rate   string `json:"rate"`
			Source string `json:"source"`
		}
		out := struct {
			Rates []rateJSON `json:"rates"`
		}{Rates: []rateJSON{}}
		for _, r := range rows {
			out.Rates = append(out.Rates, rateJSON{r[0], r[1], r[2], r[3], r[4]})
		}
		return writeJSON(a.stdout, out)
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(a.stdout, "no rates: add one with 'earnlog rates add 2025-03-03 EUR USD 1.0842' or import a file with 'earnlog rates import FILE'")
		return err
	}
	return writeTable(a.stdout, ratesHeader, rows)
}

func init() { extraCommands = append(extraCommands, newRatesCmd) }

// writeCSVRows writes a header and rows as CSV.
func writeCSVRows(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
