package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// Claim defaults: the article says marketplace income is (almost) never
// passive and storefront income can be. "Almost never" is read as at most a
// tenth; "can be" as at least a fifth, over at least half a year of months.
const (
	DefaultMarketplaceMax = 0.10
	DefaultStorefrontMin  = 0.20
	DefaultMinMonths      = 6
	// BootstrapDraws is the number of resamples behind each interval.
	BootstrapDraws = 2000
)

// SweepWindows are the windows --sweep tries, in days.
var SweepWindows = []int{0, 7, 14, 30, 60, 90, 180}

// Verdicts.
const (
	VerdictSupported    = "supported"
	VerdictContradicted = "contradicted"
	VerdictInconclusive = "inconclusive"
)

// ClaimOptions are the choices of `report claim`. Zero values take the
// defaults.
type ClaimOptions struct {
	Rule           Rule
	MarketplaceMax float64 // share thresholds, 0 < x <= 1; 0 = default 0.10
	StorefrontMin  float64 // 0 = default 0.20
	MinMonths      int     // months of data each class needs for a verdict; 0 = default 6
	Currency       string  // "" = the currency with the most income events
	Sweep          bool    // also judge the claim at each of SweepWindows
}

// ClassResult is the evidence of one platform class.
type ClassResult struct {
	Class   ledger.Class
	Income  int64 // minor units of the report's currency
	Passive int64
	// NoWorkPassive is the part of Passive on streams with no work ever
	// logged or billed: passive only because nothing says otherwise.
	NoWorkPassive int64
	Events        int // events that count as income
	Months        int // months with such events
	// Share, Low and High (the 95% bootstrap interval) have four decimals;
	// HasShare is false when the class has no share of its income (see
	// the function HasShare): no income, or refunds that exceed it.
	Share, Low, High decimal.Decimal
	HasShare         bool
	// NeededMonths is the estimated number of months of data at which the
	// interval would settle this class's statement (at least MinMonths); -1
	// when the share sits on the threshold and no amount of data is
	// expected to settle it. Equal to Months when already settled.
	NeededMonths int
}

// MoreMonths is how many months beyond the present the estimate asks for
// (0 when settled, -1 when unknown).
func (c ClassResult) MoreMonths() int {
	if c.NeededMonths < 0 {
		return -1
	}
	return max(0, c.NeededMonths-c.Months)
}

// SweepPoint is the claim judged with one window.
type SweepPoint struct {
	WindowDays              int
	Marketplace, Storefront ClassResult
	Verdict                 string
}

// ClaimReport is the result of Claim.
type ClaimReport struct {
	Rule           Rule
	Currency       string
	MarketplaceMax decimal.Decimal
	StorefrontMin  decimal.Decimal
	MinMonths      int
	Marketplace    ClassResult
	Storefront     ClassResult
	// Direct is client work paid outside any marketplace (class direct),
	// reported beside the two classes the claim is about, so that a
	// person sees whether it behaves like marketplace work; it takes no
	// part in the verdict.
	Direct  ClassResult
	Verdict string
	Sweep   []SweepPoint // only with ClaimOptions.Sweep
	// Warnings are the coverage warnings, with left-out for the income the
	// verdict does not judge.
	Warnings []Warning
	// LeftOut is the income in other currencies, which the verdict does
	// not see (value it in the report's currency to include it), in
	// currency order; the left-out warnings say the same for people.
	LeftOut []LeftOut
}

// LeftOut is the income of one currency that a claim leaves out.
type LeftOut struct {
	Currency string
	Income   int64
	Events   int
}

// WarningList returns the report's coverage warnings.
func (rep *ClaimReport) WarningList() []Warning { return rep.Warnings }

// RestsOnNoWork reports whether more than half of c's passive income is on
// streams with no logged work.
func (c ClassResult) RestsOnNoWork() bool { return c.Passive > 0 && 2*c.NoWorkPassive > c.Passive }

func (o *ClaimOptions) norm() error {
	if o.MarketplaceMax == 0 {
		o.MarketplaceMax = DefaultMarketplaceMax
	}
	if o.StorefrontMin == 0 {
		o.StorefrontMin = DefaultStorefrontMin
	}
	for _, t := range []struct {
		name string
		v    float64
	}{{"marketplace maximum", o.MarketplaceMax}, {"storefront minimum", o.StorefrontMin}} {
		if !(t.v > 0 && t.v <= 1) {
			return ledger.Errorf(ledger.EINVALID, "a %s share of %v is out of range: use a fraction above 0 and at most 1, such as 0.1", t.name, t.v)
		}
	}
	if o.MinMonths < 0 {
		return ledger.Errorf(ledger.EINVALID, "a minimum of %d months is out of range: use a whole number of months, 1 or more", o.MinMonths)
	}
	if o.MinMonths == 0 {
		o.MinMonths = DefaultMinMonths
	}
	if o.Currency != "" {
		c, err := ledger.ParseCurrency(o.Currency)
		if err != nil {
			return err
		}
		o.Currency = c
	}
	return checkRule(o.Rule)
}

// Claim tests the article's two statements against the ledger: marketplace
// income is (almost) never passive, storefront income can be.
func Claim(in Input, opt ClaimOptions) (*ClaimReport, error) {
	if err := opt.norm(); err != nil {
		return nil, err
	}
	g, err := newEngine(in, opt.Rule)
	if err != nil {
		return nil, err
	}
	rep := &ClaimReport{
		Rule:           opt.Rule.norm(),
		Currency:       opt.Currency,
		MarketplaceMax: decimal.NewFromFloat(opt.MarketplaceMax).Round(4),
		StorefrontMin:  decimal.NewFromFloat(opt.StorefrontMin).Round(4),
		MinMonths:      opt.MinMonths,
	}
	if rep.Currency == "" {
		rep.Currency = g.currencies[g.mainCur]
	}
	ci, ok := g.curIdx[rep.Currency]
	if !ok {
		ci = -1
	}
	cov := newCoverage(g)
	left := &leftOut{cur: map[int32]int64{}, curEvents: map[int32]int{}, other: map[int32]int64{}, otherPlatforms: map[int32][]string{}}
	if rep.Marketplace, rep.Storefront, rep.Direct, err = judge(g, ci, rep, cov, left); err != nil {
		return nil, err
	}
	rep.Warnings = append(cov.warnings(), left.warnings(g, rep.Currency)...)
	for ci, amount := range left.cur {
		rep.LeftOut = append(rep.LeftOut, LeftOut{Currency: g.currencies[ci], Income: amount, Events: left.curEvents[ci]})
	}
	slices.SortFunc(rep.LeftOut, func(a, b LeftOut) int { return strings.Compare(a.Currency, b.Currency) })
	rep.Verdict = rep.verdict(rep.Marketplace, rep.Storefront)
	if opt.Sweep {
		for _, w := range SweepWindows {
			g.rule = Rule{Name: RuleWindow, WindowDays: w}
			m, s, _, err := judge(g, ci, rep, nil, nil)
			if err != nil {
				return nil, err
			}
			rep.Sweep = append(rep.Sweep, SweepPoint{WindowDays: w, Marketplace: m, Storefront: s, Verdict: rep.verdict(m, s)})
		}
	}
	return rep, nil
}

// monthSums is one month of one class: what the bootstrap resamples.
type monthSums struct{ income, passive int64 }

// classMonths are the monthSums of one class by month: in a table over the
// engine's months (one lookup an event, where a map hashed), or in a map
// when those are too many for a table.
type classMonths struct {
	first int32
	table []monthSums
	seen  []bool
	byKey map[int32]*monthSums
}

// maxClassMonths bounds the table: 1,000 years.
const maxClassMonths = 12000

func newClassMonths(g *engine) classMonths {
	if n := int64(g.maxMonth) - int64(g.minMonth) + 1; n > 0 && n <= maxClassMonths {
		return classMonths{first: g.minMonth, table: make([]monthSums, n), seen: make([]bool, n)}
	}
	return classMonths{byKey: map[int32]*monthSums{}}
}

// at returns the sums of month m, which then counts as seen.
func (c *classMonths) at(m int32) *monthSums {
	if i := int64(m) - int64(c.first); c.byKey == nil && i >= 0 && i < int64(len(c.table)) {
		c.seen[i] = true
		return &c.table[i]
	}
	if c.byKey == nil {
		// A month outside the engine's (none is: they bound every event).
		c.byKey = map[int32]*monthSums{}
		for i, ok := range c.seen {
			if ok {
				c.byKey[c.first+int32(i)] = &c.table[i]
			}
		}
	}
	s := c.byKey[m]
	if s == nil {
		s = &monthSums{}
		c.byKey[m] = s
	}
	return s
}

// sorted returns the sums of the months seen, in month order.
func (c *classMonths) sorted() []monthSums {
	if c.byKey == nil {
		var out []monthSums
		for i, ok := range c.seen {
			if ok {
				out = append(out, c.table[i])
			}
		}
		return out
	}
	keys := make([]int32, 0, len(c.byKey))
	for k := range c.byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]monthSums, len(keys))
	for i, k := range keys {
		out[i] = *c.byKey[k]
	}
	return out
}

// leftOut sums the income the verdict does not judge: other currencies,
// and platforms of class other.
type leftOut struct {
	cur, other     map[int32]int64
	curEvents      map[int32]int
	otherPlatforms map[int32][]string
}

func (l *leftOut) warnings(g *engine, judged string) []Warning {
	var ws []Warning
	for ci, amount := range l.cur {
		cur := g.currencies[ci]
		ws = append(ws, Warning{Code: WarnLeftOut, Amount: amount, Currency: cur,
			Message: fmt.Sprintf("%s %s of income in %d %s is left out: the verdict judges %s only (add --value %s to value it in %s, or --currency %s judges it)",
				ledger.FormatAmount(amount, cur), cur, l.curEvents[ci], plural(l.curEvents[ci], "event", "events"), judged, judged, judged, cur)})
	}
	for ci, amount := range l.other {
		cur := g.currencies[ci]
		ps := l.otherPlatforms[ci]
		slices.Sort(ps)
		ws = append(ws, Warning{Code: WarnLeftOut, Amount: amount, Currency: cur,
			Message: ledger.FormatAmount(amount, cur) + " " + cur + " of income on platforms of class other (" + strings.Join(slices.Compact(ps), ", ") +
				") is left out: earnlog platform set-class NAME marketplace|storefront brings it in"})
	}
	slices.SortFunc(ws, func(a, b Warning) int { return strings.Compare(a.Message, b.Message) })
	return ws
}

func judge(g *engine, ci int32, rep *ClaimReport, cov *coverage, left *leftOut) (mk, sf, dr ClassResult, err error) {
	var months [ledger.MaxClass + 1]classMonths
	for i := range months {
		months[i] = newClassMonths(g)
	}
	var res [ledger.MaxClass + 1]ClassResult
	var sum sums
	err = g.run(func(it *item) {
		e := it.e
		if cov != nil {
			cov.observe(it)
		}
		if !e.Kind.CountsAsIncome() {
			return
		}
		st := g.streams[it.si]
		c := st.class
		if it.ci != ci {
			if left != nil {
				left.cur[it.ci] += e.Amount
				left.curEvents[it.ci]++
			}
			return
		}
		if c != ledger.ClassMarketplace && c != ledger.ClassStorefront && c != ledger.ClassDirect {
			if left != nil {
				left.other[it.ci] += e.Amount
				if ps := left.otherPlatforms[it.ci]; !slices.Contains(ps, st.platform) {
					left.otherPlatforms[it.ci] = append(ps, st.platform)
				}
			}
			return
		}
		r := &res[c]
		sum.add(&r.Income, e.Amount, ci)
		r.Events++
		s := months[c].at(g.month(e.Date))
		sum.add(&s.income, e.Amount, ci)
		if it.v.Passive {
			sum.add(&r.Passive, e.Amount, ci)
			sum.add(&s.passive, e.Amount, ci)
			if len(st.work.s) == 0 {
				sum.add(&r.NoWorkPassive, e.Amount, ci)
			}
		}
	})
	if err == nil {
		err = sum.err(g)
	}
	if err != nil {
		return mk, sf, dr, err
	}
	for _, c := range []ledger.Class{ledger.ClassMarketplace, ledger.ClassStorefront, ledger.ClassDirect} {
		r := &res[c]
		r.Class = c
		sums := months[c].sorted()
		r.Months = len(sums)
		if HasShare(r.Passive, r.Income) {
			r.HasShare = true
			r.Share = share(r.Passive, r.Income)
			var ok bool
			if r.Low, r.High, ok = bootstrap(sums, uint64(c)); !ok {
				return mk, sf, dr, overflowError(rep.Currency)
			}
		}
		r.NeededMonths = rep.needed(*r)
		if c == ledger.ClassDirect {
			r.NeededMonths = -1 // no statement of the claim to settle
		}
	}
	return res[ledger.ClassMarketplace], res[ledger.ClassStorefront], res[ledger.ClassDirect], nil
}

func share(p, i int64) decimal.Decimal {
	return decimal.NewFromInt(p).DivRound(decimal.NewFromInt(i), 4)
}

// bootstrap returns the 2.5th and 97.5th percentiles of the passive share
// over BootstrapDraws resamples of the months, with replacement. The seed is
// fixed, so the interval is the same run to run. Ranking uses float64 (a
// statistic, not money); the chosen draws are printed from their exact sums.
// ok is false when a resample's sum would not fit in int64 (a resample may
// draw the largest month many times).
func bootstrap(months []monthSums, stream uint64) (low, high decimal.Decimal, ok bool) {
	n := len(months)
	rng := rand.New(rand.NewPCG(0x6561726e6c6f67, stream))
	type draw struct {
		f       float64
		p, i    int64
		ordinal int
	}
	draws := make([]draw, 0, BootstrapDraws)
	for d := 0; d < BootstrapDraws; d++ {
		var p, i int64
		var sum sums
		for range n {
			m := months[rng.IntN(n)]
			sum.add(&p, m.passive, 0)
			sum.add(&i, m.income, 0)
		}
		if sum.bad {
			return decimal.Zero, decimal.Zero, false
		}
		if i == 0 {
			continue // a resample with no income has no share
		}
		draws = append(draws, draw{float64(p) / float64(i), p, i, d})
	}
	if len(draws) == 0 {
		return decimal.Zero, decimal.Zero, true
	}
	slices.SortFunc(draws, func(a, b draw) int {
		if a.f != b.f {
			if a.f < b.f {
				return -1
			}
			return 1
		}
		return a.ordinal - b.ordinal
	})
	lo := draws[int(0.025*float64(len(draws)-1)+0.5)]
	hi := draws[int(0.975*float64(len(draws)-1)+0.5)]
	return clampShare(share(lo.p, lo.i)), clampShare(share(hi.p, hi.i)), true
}

// clampShare bounds an interval end to [0, 1]. A resample can draw a month
// whose only passive figure is a refund of an earlier month's passive sale,
// giving a "share" below zero (or above one); a share of a class's income
// lies between 0 and 1, so the interval does too.
func clampShare(d decimal.Decimal) decimal.Decimal {
	if d.IsNegative() {
		return decimal.Zero
	}
	if d.GreaterThan(decimal.NewFromInt(1)) {
		return decimal.NewFromInt(1)
	}
	return d
}

// hasDirect reports whether the ledger has income of class direct in the
// report's currency: only then is its line shown, so that ledgers without
// it read as before.
func (rep *ClaimReport) hasDirect() bool { return rep.Direct.Events > 0 }

// ShareWarnings are the classes with income but no passive share (see
// HasShare), one line each, for stderr.
func (rep *ClaimReport) ShareWarnings() []string {
	var out []string
	classes := []ClassResult{rep.Marketplace, rep.Storefront}
	if rep.hasDirect() {
		classes = append(classes, rep.Direct)
	}
	for _, c := range classes {
		if w := shareWarning(c.Class.String(), rep.Currency, c.Passive, c.Income); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func (rep *ClaimReport) enough(c ClassResult) bool { return c.HasShare && c.Months >= rep.MinMonths }

func (rep *ClaimReport) verdict(mk, sf ClassResult) string {
	if (rep.enough(mk) && mk.Low.GreaterThan(rep.MarketplaceMax)) || (rep.enough(sf) && sf.High.LessThan(rep.StorefrontMin)) {
		return VerdictContradicted
	}
	if rep.enough(mk) && rep.enough(sf) && mk.High.LessThanOrEqual(rep.MarketplaceMax) && sf.Low.GreaterThanOrEqual(rep.StorefrontMin) {
		return VerdictSupported
	}
	return VerdictInconclusive
}

// needed estimates the months at which c's statement would be settled: the
// interval's half-width shrinks with the square root of the number of
// months, and it must shrink to the distance between share and threshold.
func (rep *ClaimReport) needed(c ClassResult) int {
	if !c.HasShare || c.Months == 0 {
		return rep.MinMonths
	}
	threshold := rep.MarketplaceMax
	settled := c.High.LessThanOrEqual(threshold) || c.Low.GreaterThan(threshold)
	if c.Class == ledger.ClassStorefront {
		threshold = rep.StorefrontMin
		settled = c.Low.GreaterThanOrEqual(threshold) || c.High.LessThan(threshold)
	}
	if settled {
		return max(c.Months, rep.MinMonths)
	}
	s, _ := c.Share.Float64()
	t, _ := threshold.Float64()
	lo, _ := c.Low.Float64()
	hi, _ := c.High.Float64()
	d := math.Abs(s - t)
	if d == 0 {
		return -1
	}
	// The side of the interval that reaches across the threshold.
	hw := hi - s
	if s > t {
		hw = s - lo
	}
	if hw <= d {
		// Only a hair short because of rounding: one more month.
		return max(c.Months+1, rep.MinMonths)
	}
	need := math.Ceil(float64(c.Months) * (hw / d) * (hw / d))
	if need > 1e6 {
		return -1
	}
	return max(int(need), c.Months+1, rep.MinMonths)
}

func fmtShare(d decimal.Decimal, ok bool) string {
	if !ok {
		return ""
	}
	return d.StringFixed(4)
}

// VerdictLine says the verdict in one line, with the figures that decided
// it and, when a class's passive share rests mostly on streams with no
// logged work, says so.
func (rep *ClaimReport) VerdictLine() string {
	line := rep.verdictLine()
	for _, n := range rep.VerdictNotes() {
		line += "; " + n
	}
	return line
}

// VerdictNotes are the remarks on the evidence behind the verdict: a class
// whose passive share rests mostly on streams with no logged work.
func (rep *ClaimReport) VerdictNotes() []string {
	var out []string
	for _, c := range []ClassResult{rep.Marketplace, rep.Storefront} {
		if c.RestsOnNoWork() {
			out = append(out, fmt.Sprintf("%s passive share rests mostly on streams with no logged work (%s of %s %s)",
				c.Class, ledger.FormatAmount(c.NoWorkPassive, rep.Currency), ledger.FormatAmount(c.Passive, rep.Currency), rep.Currency))
		}
	}
	return out
}

func (rep *ClaimReport) verdictLine() string {
	mk, sf := rep.Marketplace, rep.Storefront
	mmax, smin := rep.MarketplaceMax.StringFixed(4), rep.StorefrontMin.StringFixed(4)
	switch rep.Verdict {
	case VerdictSupported:
		return fmt.Sprintf("verdict: supported: marketplace share at most %s (95%% interval up to %s) and storefront share at least %s (95%% interval from %s)",
			mmax, mk.High.StringFixed(4), smin, sf.Low.StringFixed(4))
	case VerdictContradicted:
		var why []string
		if rep.enough(mk) && mk.Low.GreaterThan(rep.MarketplaceMax) {
			why = append(why, fmt.Sprintf("marketplace share is above %s (95%% interval from %s)", mmax, mk.Low.StringFixed(4)))
		}
		if rep.enough(sf) && sf.High.LessThan(rep.StorefrontMin) {
			why = append(why, fmt.Sprintf("storefront share is below %s (95%% interval up to %s)", smin, sf.High.StringFixed(4)))
		}
		return "verdict: contradicted: " + strings.Join(why, " and ")
	}
	var need []string
	for _, c := range []ClassResult{mk, sf} {
		switch m := c.MoreMonths(); {
		case m < 0:
			need = append(need, fmt.Sprintf("the %s share sits at its threshold, so more data may not settle it", c.Class))
		case m > 0:
			need = append(need, fmt.Sprintf("about %d more months of %s income (%d in all)", m, c.Class, c.NeededMonths))
		}
	}
	if len(need) == 0 {
		return "verdict: inconclusive"
	}
	return "verdict: inconclusive: " + strings.Join(need, "; ")
}

// claimRow is one class of a claim report, as its columns read it.
type claimRow struct {
	rep *ClaimReport
	c   ClassResult
}

func (r *claimRow) amount(v int64) string { return ledger.FormatAmount(v, r.rep.Currency) }

// claimColumns are the columns of a class, declared once for table, CSV and
// JSON (where the class is the key and the currency and verdict are the
// report's own fields).
var claimColumns = columns[claimRow]{
	{name: "class", head: "class", text: func(r *claimRow) string { return r.c.Class.String() }},
	{name: "currency", text: func(r *claimRow) string { return r.rep.Currency }},
	{name: "income", head: "income", right: true, text: func(r *claimRow) string { return r.amount(r.c.Income) }},
	{name: "passive_income", head: "passive", right: true, text: func(r *claimRow) string { return r.amount(r.c.Passive) }},
	{name: "no_work_passive_income", head: "no-work passive", right: true, text: func(r *claimRow) string { return r.amount(r.c.NoWorkPassive) }},
	{name: "passive_share", head: "share", right: true, text: func(r *claimRow) string { return fmtShare(r.c.Share, r.c.HasShare) },
		json: func(r *claimRow) any { return nullable(fmtShare(r.c.Share, r.c.HasShare), r.c.HasShare) }},
	{name: "low", head: "95% low", right: true, text: func(r *claimRow) string { return fmtShare(r.c.Low, r.c.HasShare) },
		json: func(r *claimRow) any { return nullable(fmtShare(r.c.Low, r.c.HasShare), r.c.HasShare) }},
	{name: "high", head: "95% high", right: true, text: func(r *claimRow) string { return fmtShare(r.c.High, r.c.HasShare) },
		json: func(r *claimRow) any { return nullable(fmtShare(r.c.High, r.c.HasShare), r.c.HasShare) }},
	{name: "events", head: "events", right: true, text: func(r *claimRow) string { return itoa(int64(r.c.Events)) },
		json: func(r *claimRow) any { return r.c.Events }},
	{name: "months", head: "months", right: true, text: func(r *claimRow) string { return itoa(int64(r.c.Months)) },
		json: func(r *claimRow) any { return r.c.Months }},
	{name: "needed_months", text: func(r *claimRow) string {
		if r.c.NeededMonths < 0 {
			return ""
		}
		return itoa(int64(r.c.NeededMonths))
	}, json: func(r *claimRow) any {
		if r.c.NeededMonths < 0 {
			return nil
		}
		return r.c.NeededMonths
	}},
}

// classJSON is a class's columns as a JSON object, less class and currency.
func (rep *ClaimReport) classJSON(c ClassResult) orderedObject {
	o := claimColumns.object(&claimRow{rep, c})
	return o[2:]
}

type leftOutJSON struct {
	Currency string `json:"currency"`
	Income   string `json:"income"`
	Events   int    `json:"events"`
}

type claimSweepJSON struct {
	WindowDays       int     `json:"window_days"`
	MarketplaceShare *string `json:"marketplace_share"`
	StorefrontShare  *string `json:"storefront_share"`
	Verdict          string  `json:"verdict"`
}

// WriteJSON writes {"rule","window_days","ignore_tags" (with --ignore-tags only),"currency","verdict","verdict_notes",
// "thresholds","min_months","classes":{"marketplace":{...},"storefront":{...}},
// "warnings":[...]} ("classes" has "direct" too when the ledger has direct
// income; "left_out":[{"currency","income","events"}] with income in other
// currencies) and, with a sweep,
// "sweep":[{"window_days","marketplace_share","storefront_share","verdict"}].
func (rep *ClaimReport) WriteJSON(w io.Writer) error {
	out := struct {
		Rule         string   `json:"rule"`
		WindowDays   *int     `json:"window_days"`
		IgnoreTags   []string `json:"ignore_tags,omitempty"`
		Currency     string   `json:"currency"`
		Verdict      string   `json:"verdict"`
		VerdictNotes []string `json:"verdict_notes"`
		Thresholds   struct {
			MarketplaceMax string `json:"marketplace_max"`
			StorefrontMin  string `json:"storefront_min"`
		} `json:"thresholds"`
		MinMonths int                      `json:"min_months"`
		Classes   map[string]orderedObject `json:"classes"`
		Sweep     []claimSweepJSON         `json:"sweep,omitempty"`
		Warnings  []warningJSON            `json:"warnings"`
		LeftOut   []leftOutJSON            `json:"left_out,omitempty"`
	}{
		Rule: rep.Rule.Name, WindowDays: rep.Rule.windowDays(), IgnoreTags: rep.Rule.ignored(), Currency: rep.Currency,
		Verdict: rep.Verdict, VerdictNotes: append([]string{}, rep.VerdictNotes()...), MinMonths: rep.MinMonths,
		Warnings: warningsJSON(rep.Warnings),
		Classes: map[string]orderedObject{
			"marketplace": rep.classJSON(rep.Marketplace),
			"storefront":  rep.classJSON(rep.Storefront),
		},
	}
	if rep.hasDirect() {
		out.Classes["direct"] = rep.classJSON(rep.Direct)
	}
	out.Thresholds.MarketplaceMax = rep.MarketplaceMax.StringFixed(4)
	out.Thresholds.StorefrontMin = rep.StorefrontMin.StringFixed(4)
	for _, o := range rep.LeftOut {
		out.LeftOut = append(out.LeftOut, leftOutJSON{Currency: o.Currency, Income: ledger.FormatAmount(o.Income, o.Currency), Events: o.Events})
	}
	for _, p := range rep.Sweep {
		out.Sweep = append(out.Sweep, claimSweepJSON{
			WindowDays:       p.WindowDays,
			MarketplaceShare: nullable(fmtShare(p.Marketplace.Share, p.Marketplace.HasShare), p.Marketplace.HasShare),
			StorefrontShare:  nullable(fmtShare(p.Storefront.Share, p.Storefront.HasShare), p.Storefront.HasShare),
			Verdict:          p.Verdict,
		})
	}
	return writeJSON(w, out)
}

// WriteCSV writes one line per class under the header
// class,currency,income,passive_income,no_work_passive_income,passive_share,low,high,events,months,needed_months,verdict
// (the verdict repeated on each line, so every line stands alone); a line
// for class direct follows when the ledger has direct income.
//
// With a sweep, two columns lead, judged and window_days: the report's own
// rule gives the first lines (judged "rule", window_days its window, or
// empty for since-last), then each window of the sweep two more (judged
// "sweep"), every one with the full figures of its class.
func (rep *ClaimReport) WriteCSV(w io.Writer) error {
	rows := [][]string{
		append(claimColumns.cells(&claimRow{rep, rep.Marketplace}), rep.Verdict),
		append(claimColumns.cells(&claimRow{rep, rep.Storefront}), rep.Verdict),
	}
	if rep.hasDirect() {
		rows = append(rows, append(claimColumns.cells(&claimRow{rep, rep.Direct}), rep.Verdict))
	}
	header := append(claimColumns.names(), "verdict")
	if len(rep.Sweep) == 0 {
		return writeCSV(w, header, rows)
	}
	window := ""
	if wd := rep.Rule.windowDays(); wd != nil {
		window = itoa(int64(*wd))
	}
	for i := range rows {
		rows[i] = append([]string{"rule", window}, rows[i]...)
	}
	for _, p := range rep.Sweep {
		for _, c := range []ClassResult{p.Marketplace, p.Storefront} {
			rows = append(rows, append(append([]string{"sweep", itoa(int64(p.WindowDays))}, claimColumns.cells(&claimRow{rep, c})...), p.Verdict))
		}
	}
	return writeCSV(w, append([]string{"judged", "window_days"}, header...), rows)
}

// WriteTable writes the rule, thresholds, one line per class, the verdict
// line and, with a sweep, the verdict per window.
func (rep *ClaimReport) WriteTable(w io.Writer, opt TableOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "rule: %s\n", rep.Rule)
	fmt.Fprintf(bw, "currency: %s\n", rep.Currency)
	fmt.Fprintf(bw, "claim: marketplace passive share at most %s; storefront passive share at least %s; at least %d months of each\n\n",
		rep.MarketplaceMax.StringFixed(4), rep.StorefrontMin.StringFixed(4), rep.MinMonths)
	t := claimColumns.table()
	if opt.Bars != BarsNone {
		t.head = append(t.head, "")
		t.right = append(t.right, false)
	}
	classes := []ClassResult{rep.Marketplace, rep.Storefront}
	if rep.hasDirect() {
		classes = append(classes, rep.Direct)
	}
	for _, c := range classes {
		cells := claimColumns.tableCells(&claimRow{rep, c})
		if opt.Bars != BarsNone {
			cells = append(cells, bar(opt.Bars, c.Passive, c.Income))
		}
		t.add(cells...)
	}
	t.write(bw)
	fmt.Fprintf(bw, "\n%s\n", rep.VerdictLine())
	if rep.hasDirect() {
		fmt.Fprintf(bw, "direct: client work outside any marketplace, shown beside the claim's two classes; not part of the verdict\n")
	}
	if len(rep.Sweep) > 0 {
		rep.writeSweep(bw, opt.Bars)
	}
	writeWarnings(bw, rep.Warnings)
	return bw.Flush()
}

// writeSweep writes the verdict per window and, with bars, draws the two
// shares against the window: one bar per class, the claim's threshold
// marked in each, so that a reader sees at which window a class crosses it.
func (rep *ClaimReport) writeSweep(bw *bufio.Writer, style BarStyle) {
	st := &table{
		head:  []string{"window", "marketplace", "storefront", "verdict"},
		right: []bool{true, true, true, false},
	}
	if style == BarsNone {
		bw.WriteString("\nsweep (rule window):\n")
	} else {
		mark, le, ge := "│", "≤", "≥"
		if style == BarsASCII {
			mark, le, ge = "|", "<=", ">="
		}
		fmt.Fprintf(bw, "\nsweep (rule window): bars run from share 0 to 1, %s marks the claim's threshold\n", mark)
		st.head = append(st.head, "marketplace "+le+" "+rep.MarketplaceMax.StringFixed(4), "storefront "+ge+" "+rep.StorefrontMin.StringFixed(4))
		st.right = append(st.right, false, false)
	}
	for _, p := range rep.Sweep {
		cells := []string{itoa(int64(p.WindowDays)) + "d",
			fmtShare(p.Marketplace.Share, p.Marketplace.HasShare),
			fmtShare(p.Storefront.Share, p.Storefront.HasShare), p.Verdict}
		if style != BarsNone {
			cells = append(cells,
				thresholdBar(style, p.Marketplace.Share, p.Marketplace.HasShare, rep.MarketplaceMax),
				thresholdBar(style, p.Storefront.Share, p.Storefront.HasShare, rep.StorefrontMin))
		}
		st.add(cells...)
	}
	st.write(bw)
}

// sweepBarWidth is the cells of a sweep bar: 5% a cell, finer than the
// table's share bar, because a threshold of 0.10 must be told from 0.08.
const sweepBarWidth = 20

// thresholdBar draws share (0..1) in sweepBarWidth cells with a marker
// inserted at threshold. The bar always ends on the same side of the
// marker as the share is of the threshold, even where rounding to a cell
// would put it on the other: the picture must not contradict the verdict.
// A class without income gets the marker alone.
func thresholdBar(style BarStyle, share decimal.Decimal, ok bool, threshold decimal.Decimal) string {
	w := decimal.NewFromInt(sweepBarWidth)
	k := int(threshold.Mul(w).Round(0).IntPart()) // the marker's cell boundary
	unit := 8                                     // eighths of a cell
	if style == BarsASCII {
		unit = 1
	}
	n := 0
	if ok {
		v := decimal.Min(decimal.Max(share, decimal.Zero), decimal.NewFromInt(1))
		n = int(v.Mul(w).Mul(decimal.NewFromInt(int64(unit))).Round(0).IntPart())
		switch share.Cmp(threshold) {
		case -1:
			n = min(n, k*unit-1)
		case 0:
			n = k * unit
		case 1:
			n = max(n, k*unit+1)
		}
		n = max(0, min(n, sweepBarWidth*unit))
	}
	cells := make([]string, sweepBarWidth)
	for i := range cells {
		switch {
		case style == BarsASCII && i < n:
			cells[i] = "#"
		case style == BarsASCII:
			cells[i] = "."
		case i < n/8:
			cells[i] = "█"
		case i == n/8 && n%8 > 0:
			cells[i] = eighths[n%8]
		default:
			cells[i] = " "
		}
	}
	mark := "│"
	if style == BarsASCII {
		mark = "|"
	}
	k = max(0, min(k, sweepBarWidth))
	return strings.Join(cells[:k], "") + mark + strings.Join(cells[k:], "")
}
