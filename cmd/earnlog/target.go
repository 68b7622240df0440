package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

type targetSetOptions struct {
	per, currency, class, by, name string
	max                            bool
}

// targetsIn reads the ledger's targets.
func targetsIn(tx ledger.Tx) ([]ledger.Target, error) {
	s, err := tx.Setting(ledger.SettingTargets)
	if err != nil {
		return nil, err
	}
	ts, err := ledger.DecodeTargets(s)
	if err != nil {
		return nil, ledger.Errorf(ledger.EINTERNAL, "%v", err)
	}
	return ts, nil
}

func newTargetCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "target",
		Short: "Goals: a passive share, an income per period, hours on a stream",
		Long: `Targets are kept in the ledger (they travel with it and export json lists
them). report targets measures each one.`,
		Example: `  earnlog target set passive-share 0.30 --class storefront --by 2027-12
  earnlog target set income 4000 --per month
  earnlog target set hours etsy/pixel-press 10 --per week --max
  earnlog target list
  earnlog target rm income-month`,
	}
	c.AddCommand(newTargetSetCmd(a), newTargetListCmd(a), newTargetRmCmd(a))
	return c
}

func newTargetSetCmd(a *app) *cobra.Command {
	var o targetSetOptions
	c := &cobra.Command{
		Use:   "set passive-share SHARE | income AMOUNT | hours STREAM HOURS",
		Short: "Set (or replace) a target",
		Long: `Set a target, or replace the one with the same name.

  passive-share SHARE   the passive share of the last 12 months (0.30 or 30%),
                        of one class with --class, to reach by a month with
                        --by YYYY-MM (report targets then says the trend needed)
  income AMOUNT         income per --per week|month|quarter|year (default
                        month), in --currency (default: config currency)
  hours STREAM HOURS    hours on a stream per --per period (default week);
                        --max makes it a ceiling ("no more than 10 hours a week")

The name is made from what the target measures (passive-share-storefront,
income-month, hours-etsy-pixel-press-week) unless --name gives one.`,
		Example: `  earnlog target set passive-share 0.30 --class storefront --by 2027-12
  earnlog target set income 4000 --per month --currency USD
  earnlog target set hours upwork/acme-logo 20 --per week
  earnlog target set hours etsy/pixel-press 10 --per week --max`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return ledger.Errorf(ledger.EINVALID, "target set needs a kind: passive-share SHARE, income AMOUNT or hours STREAM HOURS")
			}
			kind, err := ledger.ParseTargetKind(args[0])
			if err != nil {
				return err
			}
			want := 2
			if kind == ledger.TargetHours {
				want = 3
			}
			if len(args) != want {
				return ledger.Errorf(ledger.EINVALID, "target set %s takes %d arguments after the kind; got %d", kind, want-1, len(args)-1)
			}
			return nil
		},
		ValidArgs: []string{"passive-share", "income", "hours"},
		RunE: func(c *cobra.Command, args []string) error {
			return a.runTargetSet(args, o, c)
		},
	}
	f := c.Flags()
	f.StringVar(&o.per, "per", "", "income and hours: week, month, quarter or year (income default month, hours week)")
	f.StringVar(&o.currency, "currency", "", "income, passive-share: the currency (default: config currency)")
	f.StringVar(&o.class, "class", "", "passive-share: only marketplace, storefront or other income")
	f.StringVar(&o.by, "by", "", "passive-share: the month to reach it by, YYYY-MM")
	f.BoolVar(&o.max, "max", false, "the value is a ceiling: met while at or under it")
	f.StringVar(&o.name, "name", "", "the target's name (default: made from what it measures)")
	return c
}

func (a *app) runTargetSet(args []string, o targetSetOptions, c *cobra.Command) error {
	kind, _ := ledger.ParseTargetKind(args[0])
	t := ledger.Target{Kind: kind, Max: o.max}
	var err error
	not := func(flag string) error {
		if c.Flags().Changed(flag) {
			return ledger.Errorf(ledger.EINVALID, "--%s does not apply to %s targets", flag, kind)
		}
		return nil
	}
	if o.currency != "" {
		if t.Currency, err = ledger.ParseCurrency(o.currency); err != nil {
			return err
		}
	}
	switch kind {
	case ledger.TargetPassiveShare:
		if err := not("per"); err != nil {
			return err
		}
		if t.Value, err = ledger.ParseShare(args[1]); err != nil {
			return err
		}
		if o.class != "" {
			if t.Class, err = ledger.ParseClass(o.class); err != nil {
				return err
			}
			t.HasClass = true
		}
		if o.by != "" {
			first, last, err := ledger.Calendar{}.ParseBound(o.by, a.today())
			if err != nil || len(o.by) != 7 || first == last {
				return ledger.Errorf(ledger.EINVALID, "--by %q is not a month: use YYYY-MM (2027-12)", o.by)
			}
			t.By = last
		}
	case ledger.TargetIncome, ledger.TargetHours:
		for _, fl := range []string{"class", "by"} {
			if err := not(fl); err != nil {
				return err
			}
		}
		t.Per = ledger.PeriodMonth
		if kind == ledger.TargetHours {
			t.Per = ledger.PeriodWeek
			if err := not("currency"); err != nil {
				return err
			}
		}
		if o.per != "" {
			if t.Per, err = ledger.ParsePeriodKind(o.per); err != nil {
				return err
			}
		}
	}
	err = a.update(func(tx ledger.Tx) error {
		switch kind {
		case ledger.TargetIncome:
			cur, err := a.currency(tx, o.currency)
			if err != nil {
				return err
			}
			if t.Value, err = ledger.ParseAmount(args[1], cur); err != nil {
				return err
			}
		case ledger.TargetHours:
			if t.Stream, err = ledger.ParseStream(args[1]); err != nil {
				return err
			}
			h := args[2]
			if bareNumber.MatchString(h) {
				h += "h"
			}
			if t.Value, err = ledger.ParseDuration(h); err != nil {
				return err
			}
		}
		t.Name = o.name
		if t.Name == "" {
			t.Name = t.DefaultTargetName()
		}
		if err := t.Validate(); err != nil {
			return err
		}
		ts, err := targetsIn(tx)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(ts, func(x ledger.Target) bool { return x.Name == t.Name }); i >= 0 {
			ts[i] = t
		} else {
			ts = append(ts, t)
		}
		if len(ts) > ledger.MaxTargets {
			return ledger.Errorf(ledger.EINVALID, "a ledger holds at most %d targets: remove one with earnlog target rm NAME", ledger.MaxTargets)
		}
		return tx.SetSetting(ledger.SettingTargets, ledger.EncodeTargets(ts))
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "target %s: %s %s\n", t.Name, t.Kind, describeTarget(&t))
	return err
}

// describeTarget says what a target asks in a few words.
func describeTarget(t *ledger.Target) string {
	s := ""
	if t.Max {
		s = "at most "
	}
	s += t.FormatValue()
	switch t.Kind {
	case ledger.TargetIncome:
		if t.Currency != "" {
			s += " " + t.Currency
		}
		s += " per " + t.Per.String()
	case ledger.TargetHours:
		s = string(t.Stream) + " " + s + " h per " + t.Per.String()
	default:
		if t.HasClass {
			s += " of " + t.Class.String() + " income"
		}
		if t.Currency != "" {
			s += " in " + t.Currency
		}
		if t.By != 0 {
			s += " by " + t.By.Month()
		}
	}
	return s
}

func newTargetListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the targets",
		Example: "  earnlog target list",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			var ts []ledger.Target
			if err := a.view(func(tx ledger.Tx) (err error) {
				ts, err = targetsIn(tx)
				return err
			}); err != nil {
				return err
			}
			if len(ts) == 0 {
				_, err := fmt.Fprintln(a.stdout, "no targets: set one with earnlog target set")
				return err
			}
			var rows [][]string
			for i := range ts {
				rows = append(rows, []string{ts[i].Name, ts[i].Kind.String(), describeTarget(&ts[i])})
			}
			return writeTable(a.stdout, []string{"name", "kind", "goal"}, rows)
		},
	}
}

func newTargetRmCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "rm NAME",
		Short:   "Remove a target",
		Example: "  earnlog target rm income-month",
		Args:    exactArgs(1, "NAME"),
		RunE: func(c *cobra.Command, args []string) error {
			err := a.update(func(tx ledger.Tx) error {
				ts, err := targetsIn(tx)
				if err != nil {
					return err
				}
				i := slices.IndexFunc(ts, func(x ledger.Target) bool { return x.Name == args[0] })
				if i < 0 {
					names := make([]string, len(ts))
					for j := range ts {
						names[j] = ts[j].Name
					}
					if len(names) == 0 {
						return ledger.Errorf(ledger.ENOTFOUND, "there is no target %q: the ledger has no targets", args[0])
					}
					return ledger.Errorf(ledger.ENOTFOUND, "there is no target %q: the targets are %v", args[0], names)
				}
				return tx.SetSetting(ledger.SettingTargets, ledger.EncodeTargets(slices.Delete(ts, i, i+1)))
			})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "removed target %s\n", args[0])
			return err
		},
	}
}

func newReportTargetsCmd(a *app) *cobra.Command {
	var f reportFlags
	c := &cobra.Command{
		Use:   "targets",
		Short: "Each target's actual figure, the gap, and the trend needed",
		Long: `One line per target (earnlog target set): the goal, the actual figure, the
gap (goal minus actual; for an "at most" goal, the room left), met or
missed, and the trend that would still meet it: for a passive share with
--by, the percentage points per month from now to that month; for income
and hours, what is needed per day for the rest of the period (for a
ceiling, the most per day that keeps under it). A passive share is that of
the 12 months up to today; income and hours are those of the current week,
month, quarter or (fiscal) year. A bar shows the actual figure against the
goal on a terminal.

-o csv columns name,kind,measures,goal,max,actual,gap,status,needed,from,to;
-o json {"today","targets":[{"name","kind","goal","max","currency","class",
"stream","per","by","from","to","actual","gap","met","needed"}]}.`,
		Example: "  earnlog report targets\n  earnlog report targets -o json",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			rule, topt, _, err := f.parse(a, "table", "csv", "json")
			if err != nil {
				return err
			}
			var opt report.TargetOptions
			if err := a.view(func(tx ledger.Tx) error {
				var err error
				if opt.Targets, err = targetsIn(tx); err != nil {
					return err
				}
				if opt.Currency, err = a.currency(tx, ""); err != nil {
					return err
				}
				opt.Calendar, err = calendarIn(tx)
				return err
			}); err != nil {
				return err
			}
			opt.Rule = rule
			return a.runReport(f.output, topt, valuation{}, func(in report.Input) (rendered, error) {
				return report.Targets(in, opt)
			})
		},
	}
	f.add(c, false)
	return c
}

// targetExportJSON is a target as export json writes it; fields that do not
// apply to its kind are null.
type targetExportJSON struct {
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Goal     string  `json:"goal"`
	Max      bool    `json:"max"`
	Currency *string `json:"currency"`
	Class    *string `json:"class"`
	Stream   *string `json:"stream"`
	Per      *string `json:"per"`
	By       *string `json:"by"`
}

func exportTargets(tx ledger.Tx) ([]targetExportJSON, error) {
	ts, err := targetsIn(tx)
	if err != nil {
		return nil, err
	}
	str := func(s string, ok bool) *string {
		if !ok {
			return nil
		}
		return &s
	}
	out := []targetExportJSON{}
	for _, t := range ts {
		j := targetExportJSON{Name: t.Name, Kind: t.Kind.String(), Goal: t.FormatValue(), Max: t.Max,
			Currency: str(t.Currency, t.Currency != ""), Class: str(t.Class.String(), t.HasClass),
			Stream: str(string(t.Stream), t.Kind == ledger.TargetHours), Per: str(t.Per.String(), t.Kind != ledger.TargetPassiveShare),
			By: str(t.By.String(), t.By != 0)}
		out = append(out, j)
	}
	return out, nil
}

func init() { extraCommands = append(extraCommands, newTargetCmd) }
