// Package report turns a ledger into figures: the monthly passive-income
// report, lifetime figures per stream, the test of the "UpWork is never
// passive" claim, logged-versus-billed hours and every income event with
// its verdict and reason (Events, Explain), each with table, CSV and JSON
// renderers, and the coverage warnings that say what a verdict cannot see.
//
// The rule: an income event dated D is active when it carries billed hours,
// is an hourly payment, or work on its stream falls on D or one of the
// WindowDays days before it (D-WindowDays..D, both included); since-last
// looks from the day after the stream's previous income instead.
//
// The package is pure: ledger values in, figures out. It never opens the
// store, so every report can be tested with a hand-built ledger.
//
// Money stays in int64 minor units while adding up; decimal is used only to
// divide (shares, hourly rates) and to print.
package report

import (
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// Input is a ledger as the reports read it. Events may be called more than
// once (each call streams every event in ID order, voided ones included with
// Voided set; the *Event is reused between calls, so copy what you keep).
// Sessions is called once and streams every work session in the same way.
// Reports skip voided records. A report keeps of each session only what it
// computes with (its stream, day and seconds), so that 200k sessions are a
// few megabytes, not tens.
type Input struct {
	Events   func(fn func(*ledger.Event) error) error
	Sessions func(fn func(*ledger.WorkSession) error) error
	// Facts, when set, hands out the facts of the same events as Events,
	// in the same order: the engine's first look at the ledger reads them
	// instead of whole events (a store decodes them without their texts).
	Facts func(fn func(*ledger.EventFacts) error) error
	// Wanted, when set, hands out the same events as Events, in the same
	// order, with Ref and Link only where want, shown the event without
	// them and a view of its reference that is valid during the call, says
	// so: a store then copies the texts of only those. The engine's pass
	// over the events reads it instead of Events. want may run on other
	// goroutines while the pass runs.
	Wanted func(want func(e *ledger.Event, ref string) bool, fn func(*ledger.Event) error) error
	// SessionsBeside says that Sessions may run while Facts (or Events)
	// does, on another goroutine: the engine then reads the sessions
	// beside its first look at the events rather than after it.
	SessionsBeside bool
	Classes        ledger.Classes
	Today          ledger.Date
}

// Sessions streams a slice of work sessions, for an Input built in memory.
func Sessions(ws []ledger.WorkSession) func(fn func(*ledger.WorkSession) error) error {
	return func(fn func(*ledger.WorkSession) error) error {
		for i := range ws {
			w := ws[i]
			if err := fn(&w); err != nil {
				return err
			}
		}
		return nil
	}
}

// Rule names.
const (
	RuleWindow    = "window"
	RuleSinceLast = "since-last"
)

// DefaultWindowDays is the window of the default rule.
const DefaultWindowDays = 30

// MaxWindowDays bounds the window: ten years is already beyond any use.
const MaxWindowDays = 3650

// Rule is how an income event is judged active or passive, after the one
// test every rule shares: an event with billed hours, or of kind hourly
// (UpWork pays hourly contracts only for tracked time, so an hourly payment
// is active by its kind, with or without an hours figure), is active. The
// zero Rule is the default: window, 30 days.
type Rule struct {
	Name       string // RuleWindow (default) or RuleSinceLast
	WindowDays int    // work on D-WindowDays..D makes an event dated D active; 0 = the same day only
	// IgnoreTags (stored form, "admin,market"; see ledger.ParseTags) are work
	// tags that do not make income active: a session all of whose tags are
	// among them is not work for the rule (its hours still count as hours).
	// Untagged sessions are always work.
	IgnoreTags string
}

// ParseRule reads a rule name and window as typed on the command line. The
// window is taken literally (0 is the same day only); it is ignored by
// since-last.
func ParseRule(name string, window int) (Rule, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "", RuleWindow:
		n = RuleWindow
	case RuleSinceLast, "sincelast", "since_last":
		n = RuleSinceLast
	default:
		return Rule{}, ledger.Errorf(ledger.EINVALID, "%q is not a rule: use window or since-last", name)
	}
	if window < 0 || window > MaxWindowDays {
		return Rule{}, ledger.Errorf(ledger.EINVALID, "a window of %d days is out of range: use a whole number of days from 0 (the same day only) to %d", window, MaxWindowDays)
	}
	return Rule{Name: n, WindowDays: window}, nil
}

// norm fills in the defaults of the zero Rule.
func (r Rule) norm() Rule {
	if r.Name == "" {
		return Rule{Name: RuleWindow, WindowDays: DefaultWindowDays, IgnoreTags: r.IgnoreTags}
	}
	return r
}

// ignored returns the tags the rule ignores, nil when none.
func (r Rule) ignored() ledger.TagSet {
	if r.IgnoreTags == "" {
		return nil
	}
	return strings.Split(r.IgnoreTags, ",")
}

// String says which rule a report used, as its table header prints it:
// "window, 30 days" or "since-last", then "; ignoring work tagged admin,
// market" when the rule ignores tags.
func (r Rule) String() string {
	r = r.norm()
	s := RuleSinceLast
	switch {
	case r.Name == RuleSinceLast:
	case r.WindowDays == 1:
		s = "window, 1 day"
	default:
		s = "window, " + itoa(int64(r.WindowDays)) + " days"
	}
	if r.IgnoreTags != "" {
		s += "; ignoring work tagged " + strings.ReplaceAll(r.IgnoreTags, ",", ", ")
	}
	return s
}

// windowDays is the window as machine output writes it: nil for since-last.
func (r Rule) windowDays() *int {
	r = r.norm()
	if r.Name == RuleSinceLast {
		return nil
	}
	w := r.WindowDays
	return &w
}

// BarStyle is how a table draws the passive share of a row.
type BarStyle int

// Bar styles: none (piped output, NO_COLOR), ASCII and Unicode blocks.
const (
	BarsNone BarStyle = iota
	BarsASCII
	BarsUnicode
)

// TableOptions are the choices for table output.
type TableOptions struct {
	Bars BarStyle
}

// ShareString writes passive/income as a fraction with four decimals,
// rounded half away from zero, exactly; ok is false when there is no share
// (see HasShare).
func ShareString(passive, income int64) (s string, ok bool) {
	if !HasShare(passive, income) {
		return "", false
	}
	return decimal.NewFromInt(passive).DivRound(decimal.NewFromInt(income), 4).StringFixed(4), true
}

// HasShare reports whether passive income out of income is a share, a
// fraction from 0 to 1: income must be positive, and the passive part of it
// between none and all of it. Refunds and adjustments can break that: a
// month whose refunds exceed its sales has negative income (-490.00 of
// income is not 100% passive), an unlinked refund of a passive sale made
// in an earlier month can make passive income negative, or larger than the
// month's income when it is charged to active work's month. Such a row has
// no share (empty in tables and CSV, null in JSON), as a row without
// income has none, and the report warns about it (see Warnings); its
// income, passive and active figures are printed as they are.
func HasShare(passive, income int64) bool {
	return income > 0 && passive >= 0 && passive <= income
}

// shareWarning explains why a row with income has no share, or is "" when
// it has one or has no income at all.
func shareWarning(what, currency string, passive, income int64) string {
	if income == 0 && passive == 0 || HasShare(passive, income) {
		return ""
	}
	amounts := "income " + ledger.FormatAmount(income, currency) + " " + currency + ", passive " + ledger.FormatAmount(passive, currency)
	switch {
	case income <= 0:
		return what + ": no passive share: " + amounts + "; refunds or adjustments exceed the income"
	case passive < 0:
		return what + ": no passive share: " + amounts + "; refunds of passive income exceed the passive income"
	}
	return what + ": no passive share: " + amounts + "; refunds of active income exceed the active income"
}

// RateString writes the effective hourly rate income/(secs/3600) with the
// currency's decimals; ok is false when there are no hours.
func RateString(income, secs int64, currency string) (s string, ok bool) {
	if secs <= 0 {
		return "", false
	}
	exp, known := ledger.CurrencyExponent(currency)
	if !known {
		exp = 2
	}
	r := ledger.AmountDecimal(income, currency).Mul(decimal.NewFromInt(3600)).DivRound(decimal.NewFromInt(secs), int32(exp))
	return r.StringFixed(int32(exp)), true
}

// nullable turns an (s, ok) pair into a JSON string or null.
func nullable(s string, ok bool) *string {
	if !ok {
		return nil
	}
	return &s
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
