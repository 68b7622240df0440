package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

// settingFiscalStart is the ledger setting behind config fiscal-year-start:
// the month (01-12) fiscal years start in.
const settingFiscalStart = "fiscal-year-start"

// calendar returns the fiscal calendar: --fiscal-year-start when given, else
// the ledger's setting, else calendar years.
func (a *app) calendar() (ledger.Calendar, error) {
	if a.fiscal != 0 {
		return ledger.Calendar{FiscalStart: a.fiscal}, nil
	}
	var c ledger.Calendar
	err := a.view(func(tx ledger.Tx) error {
		var err error
		c, err = calendarIn(tx)
		return err
	})
	return c, err
}

// calendarIn reads the fiscal calendar inside a transaction.
func calendarIn(tx ledger.Tx) (ledger.Calendar, error) {
	s, err := tx.Setting(settingFiscalStart)
	if err != nil || s == "" {
		return ledger.Calendar{}, err
	}
	m, err := ledger.ParseFiscalStart(s)
	if err != nil {
		return ledger.Calendar{}, ledger.Errorf(ledger.EINTERNAL, "the ledger's %s setting %q is damaged: set it again with earnlog config %s MM", settingFiscalStart, s, settingFiscalStart)
	}
	return ledger.Calendar{FiscalStart: m}, nil
}

// parseBound reads a --from or --to value. Only years and quarters depend on
// the fiscal calendar, so only they read the ledger's setting.
func (a *app) parseBound(s string) (first, last ledger.Date, err error) {
	var c ledger.Calendar
	if t := strings.TrimSpace(s); len(t) == 4 || (len(t) == 7 && (t[5] == 'Q' || t[5] == 'q')) {
		if c, err = a.calendar(); err != nil {
			return 0, 0, err
		}
	}
	return c.ParseBound(s, a.today())
}

func newConfigFiscalStartCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "fiscal-year-start [MM]",
		Short: "Show or set the month fiscal years start in (01, January, unless set)",
		Long: `The month years and quarters start in, for report periods and for bounds
such as --from 2025 or --to 2025-Q2. A fiscal year is named after the
calendar year it starts in: with 04, "2025" runs from 2025-04-01 to
2026-03-31 and 2025-Q1 is April to June 2025. Months and ISO weeks do not
depend on it. 01 goes back to calendar years.`,
		Example: "  earnlog config fiscal-year-start\n  earnlog config fiscal-year-start 04",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return ledger.Errorf(ledger.EINVALID, "config fiscal-year-start takes at most one MM; got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				var cal ledger.Calendar
				if err := a.view(func(tx ledger.Tx) error {
					var err error
					cal, err = calendarIn(tx)
					return err
				}); err != nil {
					return err
				}
				m := max(cal.FiscalStart, 1)
				_, err := fmt.Fprintf(a.stdout, "%02d (%s)\n", int(m), m)
				return err
			}
			m, err := ledger.ParseFiscalStart(args[0])
			if err != nil {
				return err
			}
			if err := a.update(func(tx ledger.Tx) error {
				v := fmt.Sprintf("%02d", int(m))
				if m == 1 {
					v = ""
				}
				return tx.SetSetting(settingFiscalStart, v)
			}); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "fiscal years start in %s (%02d)\n", m, int(m))
			return err
		},
	}
}
