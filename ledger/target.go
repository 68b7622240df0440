package ledger

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// TargetKind is what a target measures.
type TargetKind int8

// Target kinds.
const (
	TargetPassiveShare TargetKind = iota // passive income / income
	TargetIncome                         // income per period, in one currency
	TargetHours                          // hours on one stream per period
)

// String is the kind as `target set` takes it.
func (k TargetKind) String() string {
	switch k {
	case TargetIncome:
		return "income"
	case TargetHours:
		return "hours"
	}
	return "passive-share"
}

// ParseTargetKind reads a target kind.
func ParseTargetKind(s string) (TargetKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "passive-share", "passive", "share":
		return TargetPassiveShare, nil
	case "income":
		return TargetIncome, nil
	case "hours":
		return TargetHours, nil
	}
	return 0, Errorf(EINVALID, "%q is not a kind of target: use passive-share, income or hours", s)
}

// Target is a goal the person set. Targets are settings kept in the ledger
// (the setting SettingTargets), so they travel with it.
type Target struct {
	Name string
	Kind TargetKind
	// Value is the goal: a share in ten-thousandths (0.30 is 3000), income
	// in minor units of Currency, hours in seconds.
	Value    int64
	Currency string     // income; "" means the ledger's default currency
	Per      PeriodKind // income and hours
	Class    Class      // passive-share: only this class, when HasClass
	HasClass bool
	Stream   Stream // hours
	By       Date   // passive-share: the last day to reach it by; 0 = none
	Max      bool   // the value is a ceiling, not a floor
}

// SettingTargets is the setting that holds the targets, one per line.
const SettingTargets = "targets"

// MaxTargets bounds the targets of a ledger (a setting is at most MaxNote
// bytes).
const MaxTargets = 12

// DefaultTargetName names a target after what it measures:
// passive-share, passive-share-storefront, income-month, hours-etsy-shop-week.
func (t *Target) DefaultTargetName() string {
	switch t.Kind {
	case TargetIncome:
		n := "income-" + t.Per.String()
		if t.Currency != "" {
			n += "-" + strings.ToLower(t.Currency)
		}
		return n
	case TargetHours:
		return "hours-" + strings.ReplaceAll(string(t.Stream), "/", "-") + "-" + t.Per.String()
	}
	if t.HasClass {
		return "passive-share-" + t.Class.String()
	}
	return "passive-share"
}

// FormatValue writes the target's value as `target set` takes it: 0.3000,
// 4000.00, 10.00 (hours).
func (t *Target) FormatValue() string {
	switch t.Kind {
	case TargetIncome:
		cur := t.Currency
		if cur == "" {
			cur = DefaultCurrency
		}
		return FormatAmount(t.Value, cur)
	case TargetHours:
		return FormatHours(t.Value)
	}
	return decimal.New(t.Value, -4).StringFixed(4)
}

// ParseShare reads a share from 0 to 1 (0.30, or 30%) in ten-thousandths.
func ParseShare(s string) (int64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	d, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") || t == "" {
		return 0, Errorf(EINVALID, "%q is not a share: use a number from 0 to 1 (0.30) or a percentage (30%%)", s)
	}
	if pct {
		d = d.Div(decimal.NewFromInt(100))
	}
	if d.Sign() < 0 || d.GreaterThan(decimal.NewFromInt(1)) || !d.Mul(decimal.NewFromInt(10000)).IsInteger() {
		return 0, Errorf(EINVALID, "%q is not a share: use a number from 0 to 1 with at most four decimals (0.30) or a percentage (30%%)", s)
	}
	return d.Mul(decimal.NewFromInt(10000)).IntPart(), nil
}

// Validate checks a target before it is stored.
func (t *Target) Validate() error {
	if !validTag(t.Name) {
		return Errorf(EINVALID, "%q is not a target name: use a short word of letters, digits, '-' or '_'", t.Name)
	}
	switch t.Kind {
	case TargetPassiveShare:
		if t.Value < 0 || t.Value > 10000 {
			return Errorf(EINVALID, "a passive share of %s is out of range: use 0 to 1", t.FormatValue())
		}
	case TargetIncome:
		if t.Value <= 0 || t.Value > MaxMinor {
			return Errorf(EINVALID, "an income target must be more than 0")
		}
		if t.Currency != "" {
			if _, ok := CurrencyExponent(t.Currency); !ok {
				return Errorf(EINVALID, "%q is not an ISO 4217 currency code", t.Currency)
			}
		}
	case TargetHours:
		if t.Value <= 0 || t.Value > MaxDuration {
			return Errorf(EINVALID, "an hours target must be more than 0 and at most 1000h")
		}
		if _, err := ParseStream(string(t.Stream)); err != nil {
			return err
		}
	default:
		return Errorf(EINVALID, "target kind %d is not a kind", t.Kind)
	}
	if t.Per < PeriodMonth || t.Per > PeriodYear {
		return Errorf(EINVALID, "period %d is not a period", t.Per)
	}
	if t.HasClass && t.Class > ClassStorefront {
		return Errorf(EINVALID, "class %d is not a class", t.Class)
	}
	return nil
}

// encode writes one target as a line of the targets setting:
// name kind value currency per class stream by max, separated by spaces,
// "-" for an empty field.
func (t *Target) encode() string {
	field := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	class := "-"
	if t.HasClass {
		class = t.Class.String()
	}
	by := "-"
	if t.By != 0 {
		by = t.By.String()
	}
	return strings.Join([]string{t.Name, t.Kind.String(), strconv.FormatInt(t.Value, 10), field(t.Currency),
		t.Per.String(), class, field(string(t.Stream)), by, strconv.FormatBool(t.Max)}, " ")
}

// EncodeTargets writes the value of the targets setting.
func EncodeTargets(ts []Target) string {
	lines := make([]string, len(ts))
	for i := range ts {
		lines[i] = ts[i].encode()
	}
	return strings.Join(lines, "\n")
}

// DecodeTargets reads the value of the targets setting; an error says the
// setting is damaged.
func DecodeTargets(s string) ([]Target, error) {
	if s == "" {
		return nil, nil
	}
	var out []Target
	seen := map[string]bool{}
	for i, line := range strings.Split(s, "\n") {
		bad := func(why string) ([]Target, error) {
			return nil, Errorf(EINVALID, "target %d of the ledger's targets setting is damaged (%s): %q", i+1, why, line)
		}
		f := strings.Split(line, " ")
		if len(f) != 9 || slices.Contains(f, "") {
			return bad("not 9 fields")
		}
		var t Target
		var err error
		t.Name = f[0]
		if t.Kind, err = ParseTargetKind(f[1]); err != nil || f[1] != t.Kind.String() {
			return bad("kind")
		}
		if t.Value, err = strconv.ParseInt(f[2], 10, 64); err != nil || strconv.FormatInt(t.Value, 10) != f[2] {
			return bad("value")
		}
		if f[3] != "-" {
			t.Currency = f[3]
		}
		if t.Per, err = ParsePeriodKind(f[4]); err != nil || f[4] != t.Per.String() {
			return bad("period")
		}
		if f[5] != "-" {
			if t.Class, err = ParseClass(f[5]); err != nil || t.Class.String() != f[5] {
				return bad("class")
			}
			t.HasClass = true
		}
		if f[6] != "-" {
			t.Stream = Stream(f[6])
		}
		if f[7] != "-" {
			var ok bool
			if t.By, ok = ParseISODate(f[7]); !ok {
				return bad("date")
			}
		}
		if t.Max, err = strconv.ParseBool(f[8]); err != nil || strconv.FormatBool(t.Max) != f[8] {
			return bad("max")
		}
		if err := t.Validate(); err != nil {
			return bad(err.Error())
		}
		if seen[t.Name] {
			return bad("name twice")
		}
		seen[t.Name] = true
		out = append(out, t)
	}
	if len(out) > MaxTargets {
		return nil, Errorf(EINVALID, "the ledger's targets setting holds %d targets: at most %d", len(out), MaxTargets)
	}
	return out, nil
}
