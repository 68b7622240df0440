package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// valueDefault is what --value holds when given without a code: the
// ledger's default currency (config currency).
const valueDefault = "default"

// valueFlags are --value and --max-rate-age, on every report with money and
// on export csv/json.
type valueFlags struct {
	code   string
	maxAge int
	cmd    *cobra.Command
	args   []string // the positional arguments, without a code taken for --value
}

func (v *valueFlags) add(c *cobra.Command) {
	v.cmd = c
	fl := c.Flags()
	fl.StringVar(&v.code, "value", "", "value every amount in currency `CODE` at the rate of its own date (--value alone: the currency of 'earnlog config currency')")
	fl.Lookup("value").NoOptDefVal = valueDefault
	_ = c.RegisterFlagCompletionFunc("value", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return ledger.CurrencyCodes(), cobra.ShellCompDirectiveNoFileComp
	})
	fl.IntVar(&v.maxAge, "max-rate-age", ledger.DefaultMaxRateAge, "with --value: days a rate may be older than the event it values")
	// "--value USD" (a space, not "=") leaves USD among the arguments,
	// because --value may also stand alone: take it back from there.
	check := c.Args
	c.Args = func(c *cobra.Command, args []string) error {
		v.args = args
		if v.code == valueDefault {
			for i, a := range args {
				if code, err := ledger.ParseCurrency(a); err == nil && strings.ToUpper(a) == code {
					v.code = code
					v.args = append(append([]string(nil), args[:i]...), args[i+1:]...)
					break
				}
			}
		}
		if check == nil {
			return nil
		}
		err := check(c, v.args)
		if err != nil && v.code == valueDefault {
			// "--value XYZ" with a code that is no currency: say so.
			for _, a := range v.args {
				if _, cerr := ledger.ParseCurrency(a); len(a) == 3 && cerr != nil {
					return ledger.Errorf(ledger.EINVALID, "--value %q: %v", a, cerr)
				}
			}
		}
		return err
	}
}

// check refuses --max-rate-age without --value and a bad --value code.
func (v *valueFlags) check() error {
	if v.code == "" {
		if v.cmd != nil && v.cmd.Flags().Changed("max-rate-age") {
			return ledger.Errorf(ledger.EINVALID, "--max-rate-age applies with --value CODE only: add --value USD (or another currency) to value every amount in one currency")
		}
		return nil
	}
	if v.code != valueDefault {
		code, err := ledger.ParseCurrency(v.code)
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "--value %q: %v", v.code, err)
		}
		v.code = code
	}
	if v.maxAge < 0 || v.maxAge > ledger.MaxRateAge {
		return ledger.Errorf(ledger.EINVALID, "--max-rate-age %d is out of range: use a whole number of days from 0 (the same day only) to %d", v.maxAge, ledger.MaxRateAge)
	}
	return nil
}

// on reports whether --value was given.
func (v *valueFlags) on() bool { return v != nil && v.code != "" }

// currency resolves the target inside tx: the code given, or the ledger's
// default currency for --value alone.
func (v *valueFlags) currency(a *app, tx ledger.Tx) (string, error) {
	if v.code == valueDefault {
		return a.currency(tx, "")
	}
	return v.code, nil
}

// loadRates reads every rate of the ledger into a table.
func loadRates(tx ledger.Tx) (*ledger.RateTable, error) {
	var rates []ledger.Rate
	if err := tx.EachRate(func(r *ledger.Rate) error {
		x := *r
		x.Source = "" // a table needs no sources
		rates = append(rates, x)
		return nil
	}); err != nil {
		return nil, err
	}
	return ledger.NewRateTable(rates), nil
}

// valuer returns the valuation of a report of the days from..to (0: open),
// or nil without --value.
func (v *valueFlags) valuer(a *app, tx ledger.Tx, from, to ledger.Date) (*report.Valuer, error) {
	if !v.on() {
		return nil, nil
	}
	code, err := v.currency(a, tx)
	if err != nil {
		return nil, err
	}
	rates, err := loadRates(tx)
	if err != nil {
		return nil, err
	}
	return report.NewValuer(report.Valuation{Currency: code, Rates: rates, MaxAge: v.maxAge, From: from, To: to})
}

// printNotes writes lines to stderr, for outputs that have no room for them.
func (a *app) printNotes(lines []string) {
	for _, l := range lines {
		fmt.Fprintln(a.stderr, "earnlog: "+strings.TrimSpace(l))
	}
}
