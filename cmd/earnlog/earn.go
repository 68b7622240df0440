package main

import (
	"fmt"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

type earnOptions struct {
	kind, date, hours, currency, ref, link, note string
	allowFuture                                  bool
}

func newEarnCmd(a *app) *cobra.Command {
	var o earnOptions
	c := &cobra.Command{
		Use:   "earn STREAM AMOUNT",
		Short: "Record money that arrived on a stream",
		Long: `Record money that arrived on a stream (platform/name).

The kind defaults to the stream's platform class: sale on a storefront (etsy,
shopify, gumroad, ...), fixed on a marketplace (upwork, fiverr, ...) and
elsewhere. Income kinds: hourly, fixed, bonus, sale, royalty, tip.

Signs: income is positive and refused if typed negative (that would be a
refund). Fees and refunds are stored negative whichever sign you type, so
"--kind fee 2.50" and "--kind fee -2.50" record the same fee. An adjustment
keeps the sign you type.

Amounts: 1234.56, 1,234.56, $1,234.56, -12.50 or (12.50), with at most the
currency's decimals (JPY 0, USD 2, KWD 3). A currency symbol must agree with
the currency: $ for any dollar, € for EUR, £ for a pound, ¥ for JPY or CNY
(the README lists them all); "€5" in USD is refused.

A --date more than a year after today is refused as a typo unless
--allow-future is given.`,
		Example: `  earnlog earn upwork/acme-logo 250 --kind fixed --note "logo milestone 1"
  earnlog earn upwork/acme-logo 432.00 --kind hourly --hours 24 --date 2026-03-27
  earnlog earn etsy/pixelshop 18.50
  earnlog earn etsy/pixelshop 2.12 --kind fee --link 2233445566`,
		Args:              exactArgs(2, "STREAM and AMOUNT"),
		ValidArgsFunction: a.completeStreams,
		RunE: func(c *cobra.Command, args []string) error {
			return a.runEarn(args[0], args[1], o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.kind, "kind", "", "hourly, fixed, bonus, sale, royalty, tip, refund, fee or adjustment (default: by platform class)")
	f.StringVar(&o.date, "date", "today", "the day the money arrived: YYYY-MM-DD, today or yesterday")
	f.StringVar(&o.hours, "hours", "", "hours an hourly payment billed (24, 2h30m, 1.5h, 90m, 1:30); they count as work over the 7 days ending on --date")
	f.StringVar(&o.currency, "currency", "", "ISO 4217 code (default: 'earnlog config currency', else USD)")
	f.StringVar(&o.ref, "ref", "", "the platform's reference (Ref ID, order number)")
	f.StringVar(&o.link, "link", "", "the ref of the earning a fee, refund or adjustment belongs to")
	f.StringVar(&o.note, "note", "", "free text")
	f.BoolVar(&o.allowFuture, "allow-future", false, "accept a --date more than a year after today (refused by default as a typo)")
	return c
}

var bareNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

func (a *app) runEarn(streamArg, amountArg string, o earnOptions) error {
	// Everything typed is checked before the ledger is opened, so that bad
	// input exits 2 even while another earnlog holds the ledger, and a
	// refused command never creates a ledger or its folder.
	stream, err := ledger.ParseStream(streamArg)
	if err != nil {
		return err
	}
	date, err := ledger.ParseDate(o.date, a.today())
	if err != nil {
		return err
	}
	if err := ledger.FutureBound(a.today(), o.allowFuture).Check("--date", date); err != nil {
		return err
	}
	var billed int64
	if o.hours != "" {
		h := o.hours
		if bareNumber.MatchString(h) {
			h += "h" // --hours names its unit: "24" is 24 hours
		}
		if billed, err = ledger.ParseDuration(h); err != nil {
			return ledger.Errorf(ledger.EINVALID, "--hours %q is not a number of hours billed: use more than 0 and at most 1000 hours, as 24, 2h30m, 1.5h, 90m or 1:30", o.hours)
		}
	}
	var kind ledger.Kind
	if o.kind != "" {
		if kind, err = ledger.ParseKind(o.kind); err != nil {
			return err
		}
	}
	if billed > 0 && kind != ledger.KindHourly {
		what := kind
		if o.kind == "" {
			// The default kind is sale or fixed: never hourly.
			what = ledger.DefaultKind(ledger.BuiltinClass(stream.Platform()))
		}
		return ledger.Errorf(ledger.EINVALID, "--hours %q goes with --kind hourly, not %s", o.hours, what)
	}
	var currency string
	if o.currency != "" {
		if currency, err = ledger.ParseCurrency(o.currency); err != nil {
			return err
		}
	}
	if err := checkEarnAmount(amountArg, currency, kind); err != nil {
		return err
	}
	ev := &ledger.Event{Date: date, Stream: stream, Ref: o.ref, Link: o.link, Note: o.note, Billed: billed}
	if billed > 0 {
		ev.PeriodStart, ev.PeriodEnd = ledger.BillingWeek(date)
	}
	// The rest of the rules, on the event as it will be unless the ledger
	// sets another kind or currency.
	draft := *ev
	draft.Kind, draft.Currency, draft.Amount = ledger.KindFixed, "USD", 0
	if kind != 0 {
		draft.Kind = kind
	}
	if err := draft.Validate(); err != nil {
		return err
	}
	err = a.update(func(tx ledger.Tx) error {
		classes, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		ev.Kind = kind
		if ev.Kind == 0 {
			ev.Kind = ledger.DefaultKind(ledger.Classes(classes).OfStream(stream))
		}
		if ev.Currency, err = a.currency(tx, currency); err != nil {
			return err
		}
		amount, err := ledger.ParseAmount(amountArg, ev.Currency)
		if err != nil {
			return err
		}
		if ev.Amount, err = ledger.SignAmount(ev.Kind, amount, amountArg); err != nil {
			return err
		}
		if err := ev.Validate(); err != nil {
			return err
		}
		if err := a.ensureStream(tx, stream); err != nil {
			return err
		}
		_, err = tx.AddEvent(ev)
		return err
	})
	if err != nil {
		return err
	}
	// Printed only once the transaction is committed.
	_, err = fmt.Fprintf(a.stdout, "#%d %s %s %s %s %s\n", ev.ID, ev.Date, ev.Stream, ev.Kind, ledger.FormatAmount(ev.Amount, ev.Currency), ev.Currency)
	return err
}

// checkEarnAmount refuses, before the ledger is opened, an amount that no
// currency would take: with the currency typed, exactly; without, when it
// is not an amount in a currency of any number of decimals (the ledger's
// default currency is known only inside the transaction). It refuses zero,
// and a negative amount of income (without --kind the kind is sale or
// fixed, both income).
func checkEarnAmount(amountArg, currency string, kind ledger.Kind) error {
	if kind == 0 {
		kind = ledger.KindFixed
	}
	check := func(cur string) error {
		amount, err := ledger.ParseAmount(amountArg, cur)
		if err != nil {
			return err
		}
		if amount == 0 {
			return ledger.Errorf(ledger.EINVALID, "%q is zero: there is nothing to record", amountArg)
		}
		_, err = ledger.SignAmount(kind, amount, amountArg)
		return err
	}
	if currency != "" {
		return check(currency)
	}
	first := check(ledger.DefaultCurrency)
	if first == nil {
		return nil
	}
	for _, cur := range []string{"JPY", "KWD", "CLF"} { // 0, 3 and 4 decimals
		if err := check(cur); err == nil {
			return nil
		}
	}
	return first
}

// currency returns the currency typed, else the ledger's configured default,
// else USD.
func (a *app) currency(tx ledger.Tx, typed string) (string, error) {
	if typed != "" {
		return ledger.ParseCurrency(typed)
	}
	c, err := tx.Setting("currency")
	if err != nil || c != "" {
		return c, err
	}
	return ledger.DefaultCurrency, nil
}
