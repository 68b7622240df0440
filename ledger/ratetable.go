package ledger

import (
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// DefaultMaxRateAge is how many days older than an event its rate may be
// before a valuation refuses to guess: a week covers weekends and the
// holidays on which central banks publish nothing.
const DefaultMaxRateAge = 7

// MaxRateAge bounds --max-rate-age: ten years.
const MaxRateAge = 3650

// ratio is an exact positive rational: num/den.
type ratio struct{ num, den *big.Int }

func ratioOf(v decimal.Decimal) ratio {
	c, e := v.Coefficient(), v.Exponent()
	d := big.NewInt(1)
	if e >= 0 {
		c.Mul(c, pow10(int(e)))
	} else {
		d = new(big.Int).Set(pow10(int(-e)))
	}
	return ratio{c, d}
}

func (r ratio) inverse() ratio { return ratio{r.den, r.num} }

func (r ratio) times(o ratio) ratio {
	return ratio{new(big.Int).Mul(r.num, o.num), new(big.Int).Mul(r.den, o.den)}
}

// pow10 returns 10^n; callers may not change it.
func pow10(n int) *big.Int {
	if n < len(powers) {
		return powers[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

var powers = func() []*big.Int {
	p := make([]*big.Int, 40)
	for i := range p {
		p[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
	return p
}()

// rateSeries is the rates of one pair, by date.
type rateSeries struct {
	dates  []Date
	values []decimal.Decimal
	ratios []ratio
	// small is each rate as num/den in 64 bits; den is 0 where it does not fit.
	small []smallRatio
}

type smallRatio struct{ num, den uint64 }

// latest returns the index of the last rate on or before d, or -1.
func (s *rateSeries) latest(d Date) int {
	return sort.Search(len(s.dates), func(i int) bool { return s.dates[i] > d }) - 1
}

type pairKey struct{ from, to string }

// RateTable holds exchange rates and answers "from A to B on day D": the
// latest rate on or before D, directly (A to B), inverted (B to A), or
// through one common currency (A to C and C to B, each leg direct or
// inverted, as the ECB publishes every rate against the euro).
type RateTable struct {
	series map[pairKey]*rateSeries
	// peers lists, per currency, the currencies it has rates with, in
	// either direction, in code order.
	peers map[string][]string
}

// NewRateTable returns a table holding rates. Of two rates of one pair and
// day, the later in rates wins.
func NewRateTable(rates []Rate) *RateTable {
	t := &RateTable{series: map[pairKey]*rateSeries{}, peers: map[string][]string{}}
	for _, r := range rates {
		t.add(r)
	}
	t.finish()
	return t
}

func (t *RateTable) add(r Rate) {
	k := pairKey{r.From, r.To}
	s := t.series[k]
	if s == nil {
		s = &rateSeries{}
		t.series[k] = s
		t.peers[r.From] = append(t.peers[r.From], r.To)
		t.peers[r.To] = append(t.peers[r.To], r.From)
	}
	s.dates = append(s.dates, r.Date)
	s.values = append(s.values, r.Value)
}

func (t *RateTable) finish() {
	for _, s := range t.series {
		idx := make([]int, len(s.dates))
		for i := range idx {
			idx[i] = i
		}
		// Stable: of one day's rates the last added is kept.
		slices.SortStableFunc(idx, func(a, b int) int { return int(s.dates[a]) - int(s.dates[b]) })
		dates, values := make([]Date, 0, len(idx)), make([]decimal.Decimal, 0, len(idx))
		for _, i := range idx {
			if n := len(dates); n > 0 && dates[n-1] == s.dates[i] {
				values[n-1] = s.values[i]
				continue
			}
			dates, values = append(dates, s.dates[i]), append(values, s.values[i])
		}
		s.dates, s.values = dates, values
		s.ratios = make([]ratio, len(values))
		s.small = make([]smallRatio, len(values))
		for i, v := range values {
			s.ratios[i] = ratioOf(v)
			if n, d := s.ratios[i].num, s.ratios[i].den; n.IsUint64() && d.IsUint64() {
				s.small[i] = smallRatio{n.Uint64(), d.Uint64()}
			}
		}
	}
	for c, p := range t.peers {
		slices.Sort(p)
		t.peers[c] = slices.Compact(p)
	}
}

// Len is the number of rates in the table (one per pair and day).
func (t *RateTable) Len() int {
	n := 0
	for _, s := range t.series {
		n += len(s.dates)
	}
	return n
}

// Path kinds of a Quote.
const (
	PathDirect  = "direct"
	PathInverse = "inverse"
	PathVia     = "via" // Quote.Via names the common currency
)

// Quote is the rate a conversion used.
type Quote struct {
	From, To string
	Path     string // PathDirect, PathInverse or PathVia
	Via      string // the common currency of PathVia
	// Date is the date of the rate, the older leg's for PathVia: an
	// event's rate is as old as its oldest part.
	Date Date
	legs [2]legAt // the series behind the rate: one, or two for PathVia
}

// legAt is one rate of a series, used in a direction.
type legAt struct {
	leg
	i int
}

// exact is the quote's rate as an exact fraction.
func (q *Quote) exact() ratio {
	r := q.legs[0].ratio(q.legs[0].i)
	if q.legs[1].s != nil {
		r = r.times(q.legs[1].ratio(q.legs[1].i))
	}
	return r
}

// small is the quote's rate as a 64-bit fraction; ok is false when it
// does not fit.
func (q *Quote) small() (num, den uint64, ok bool) {
	num, den = 1, 1
	for _, l := range q.legs {
		if l.s == nil {
			break
		}
		r := l.s.small[l.i]
		if r.den == 0 {
			return 0, 0, false
		}
		n, d := r.num, r.den
		if l.inv {
			n, d = d, n
		}
		var hi1, hi2 uint64
		hi1, num = bits.Mul64(num, n)
		hi2, den = bits.Mul64(den, d)
		if hi1 != 0 || hi2 != 0 {
			return 0, 0, false
		}
	}
	return num, den, true
}

// Route says how the rate was found: "direct", "inverse" or "via EUR".
func (q *Quote) Route() string {
	if q.Path == PathVia {
		return "via " + q.Via
	}
	return q.Path
}

// Value is the quote's exact rate rounded to ten significant digits, for
// display; conversions use the exact rate.
func (q *Quote) Value() decimal.Decimal {
	r := q.exact()
	n := decimal.NewFromBigInt(r.num, 0)
	d := decimal.NewFromBigInt(r.den, 0)
	v := n.DivRound(d, 2*MaxRateScale)
	if v.IsZero() {
		return v
	}
	// Round to 10 significant digits.
	digits := int32(len(v.Coefficient().String())) + v.Exponent()
	return normRate(v.Round(MaxRateDigits - digits))
}

// leg is one series used in a direction.
type leg struct {
	s   *rateSeries
	inv bool
}

func (l leg) ratio(i int) ratio {
	if l.inv {
		return l.s.ratios[i].inverse()
	}
	return l.s.ratios[i]
}

// candidates calls fn with each quote for from to to on d that has a rate
// on or before d, in order of preference: direct, inverse, then through
// each common currency in code order, until fn returns true.
func (t *RateTable) candidates(from, to string, d Date, fn func(q Quote) bool) {
	if s := t.series[pairKey{from, to}]; s != nil {
		if i := s.latest(d); i >= 0 && fn(Quote{From: from, To: to, Path: PathDirect, Date: s.dates[i], legs: [2]legAt{{leg{s, false}, i}}}) {
			return
		}
	}
	if s := t.series[pairKey{to, from}]; s != nil {
		if i := s.latest(d); i >= 0 && fn(Quote{From: from, To: to, Path: PathInverse, Date: s.dates[i], legs: [2]legAt{{leg{s, true}, i}}}) {
			return
		}
	}
	for _, c := range t.peers[from] {
		if c == to {
			continue
		}
		l1, i1, ok1 := t.pick(from, c, d)
		if !ok1 {
			continue
		}
		l2, i2, ok2 := t.pick(c, to, d)
		if !ok2 {
			continue
		}
		q := Quote{From: from, To: to, Path: PathVia, Via: c, Date: min(l1.s.dates[i1], l2.s.dates[i2]), legs: [2]legAt{{l1, i1}, {l2, i2}}}
		if fn(q) {
			return
		}
	}
}

// pick returns the leg from a to b with a rate on or before d, the direct
// series if it has one, else the inverse; ok is false when neither has.
func (t *RateTable) pick(a, b string, d Date) (l leg, i int, ok bool) {
	if s := t.series[pairKey{a, b}]; s != nil {
		if i := s.latest(d); i >= 0 {
			return leg{s, false}, i, true
		}
	}
	if s := t.series[pairKey{b, a}]; s != nil {
		if i := s.latest(d); i >= 0 {
			return leg{s, true}, i, true
		}
	}
	return leg{}, -1, false
}

// Lookup returns the rate from from to to for day d: the first of
// candidates (direct, inverse, through one common currency) whose rate is
// at most maxAge days older than d. A stale direct rate does not hide a
// fresh one through the euro. With no such rate the error names the pair,
// the day, the freshest rate there is, and how to add one.
func (t *RateTable) Lookup(from, to string, d Date, maxAge int) (Quote, error) {
	var found, best Quote
	ok, any := false, false
	t.candidates(from, to, d, func(q Quote) bool {
		if int(d-q.Date) <= maxAge {
			found, ok = q, true
			return true
		}
		if !any || q.Date > best.Date {
			best, any = q, true
		}
		return false
	})
	if ok {
		return found, nil
	}
	add := "add one with 'earnlog rates add " + d.String() + " " + from + " " + to + " RATE' or import a rate file with 'earnlog rates import FILE'"
	if !any {
		return Quote{}, Errorf(EINVALID, "no %s→%s rate on or before %s: %s", from, to, d, add)
	}
	age := int(d - best.Date)
	return Quote{}, Errorf(EINVALID, "no %s→%s rate within %d days of %s (the latest is of %s, %s, %d days before): %s, or allow older rates with --max-rate-age %d",
		from, to, maxAge, d, best.Date, best.Route(), age, add, age)
}

// Converter values amounts in one currency at the rate of each amount's own
// date, rounding once, half to even, to the target's minor units. It
// caches the rate of each currency and day in a slice by day, so that a
// million events cost a million array reads, not a million searches. Not
// safe for concurrent use.
type Converter struct {
	To     string
	MaxAge int
	table  *RateTable
	toExp  int
	toIdx  int
	plans  []*convPlan
	// planOf maps a currency's index (currencyIndex) to its plan + 1:
	// events of several currencies interleave, and this costs no hashing.
	planOf *[26 * 26 * 26]uint8
	last   *convPlan
}

// convPlan converts one currency. Its days are cached in a slice by day
// from base, which covers the span of a ledger in a few thousand entries;
// days far outside it go to a map.
type convPlan struct {
	from    string
	idx     int
	fromExp int
	base    Date
	days    []conversion
	far     map[Date]*conversion
	routes  []string // the routes its conversions took, by conversion.route
}

// maxDenseDays bounds a plan's slice: forty years of days.
const maxDenseDays = 40 * 366

// conversion is one currency's rate on one day, folded with the two
// currencies' decimals into amount*p/q, in 64-bit words when they fit. It
// holds only what every conversion reads (24 bytes, so a ledger's span of
// days stays in cache); the rest is in its detail.
type conversion struct {
	p, q   uint64 // 0 when the factor needs big numbers
	date   Date
	state  uint8 // convUnready, convReady or convFailed
	route  uint8 // index into the plan's routes
	detail *convDetail
}

const (
	convUnready uint8 = iota
	convReady
	convFailed
)

type convDetail struct {
	quote  Quote
	err    error
	bp, bq *big.Int
}

// Converted is the rate one conversion used.
type Converted struct {
	// RateDate is the date of the rate (of the older leg, through a common
	// currency); zero when the amount was already in the target currency.
	RateDate Date
	// Route is "direct", "inverse" or "via EUR"; "" when nothing was converted.
	Route string
}

// NewConverter returns a converter to currency to, refusing rates more than
// maxAge days older than an amount.
func NewConverter(t *RateTable, to string, maxAge int) (*Converter, error) {
	exp, ok := CurrencyExponent(to)
	if !ok {
		return nil, Errorf(EINVALID, "%q is not an ISO 4217 currency code", to)
	}
	if maxAge < 0 || maxAge > MaxRateAge {
		return nil, Errorf(EINVALID, "a maximum rate age of %d days is out of range: use a whole number of days from 0 (the same day only) to %d", maxAge, MaxRateAge)
	}
	if t == nil {
		t = NewRateTable(nil)
	}
	idx, _ := currencyIndex(to)
	return &Converter{To: to, MaxAge: maxAge, table: t, toExp: exp, toIdx: idx, planOf: new([26 * 26 * 26]uint8)}, nil
}

// Convert returns amount (minor units of cur) in minor units of c.To at the
// rate for day d, and which rate it used.
func (c *Converter) Convert(amount int64, cur string, d Date) (int64, Converted, error) {
	p := c.last
	if p == nil || len(cur) != 3 || p.idx != int(cur[0]-'A')*676+int(cur[1]-'A')*26+int(cur[2]-'A') {
		i, ok := currencyIndex(cur)
		if !ok || currencyTable[i] == 0 {
			return 0, Converted{}, Errorf(EINVALID, "%q is not an ISO 4217 currency code", cur)
		}
		if i == c.toIdx {
			return amount, Converted{}, nil
		}
		p = c.plan(cur, i)
		c.last = p
	}
	cv := p.slot(d)
	if cv == nil {
		if p.far == nil {
			p.far = map[Date]*conversion{}
		}
		if cv = p.far[d]; cv == nil {
			cv = &conversion{}
			p.far[d] = cv
		}
	}
	if cv.state == convUnready {
		c.prepare(cv, p, d)
	}
	if cv.state == convFailed {
		return 0, Converted{}, cv.detail.err
	}
	v, ok := cv.apply(amount)
	if !ok {
		return 0, Converted{}, Errorf(EINVALID, "%s %s valued in %s at %s is too large",
			FormatAmount(amount, cur), cur, c.To, FormatRate(cv.detail.quote.Value()))
	}
	return v, Converted{RateDate: cv.date, Route: p.routes[cv.route]}, nil
}

// Quote returns the full quote for cur on day d, as Convert uses it; nil
// when cur is the target.
func (c *Converter) Quote(cur string, d Date) (*Quote, error) {
	if _, conv, err := c.Convert(0, cur, d); err != nil || conv.Route == "" {
		return nil, err
	}
	i, _ := currencyIndex(cur)
	p := c.plan(cur, i)
	if cv := p.slot(d); cv != nil {
		return &cv.detail.quote, nil
	}
	return &p.far[d].detail.quote, nil
}

func (c *Converter) plan(cur string, i int) *convPlan {
	if n := c.planOf[i]; n > 0 {
		return c.plans[n-1]
	}
	exp, _ := CurrencyExponent(cur)
	p := &convPlan{from: strings.Clone(cur), idx: i, fromExp: exp}
	c.plans = append(c.plans, p)
	c.planOf[i] = uint8(len(c.plans))
	return p
}

// slot returns the cache entry of day d, growing the window to take d
// in, or nil when d is too far from the days seen so far.
func (p *convPlan) slot(d Date) *conversion {
	if p.days == nil {
		p.base = d - 2*366
		p.days = make([]conversion, 4*366)
	}
	i := int64(d) - int64(p.base)
	if i >= 0 && i < int64(len(p.days)) {
		return &p.days[i]
	}
	// Grow by a year beyond d, so that a ledger's span costs a few
	// reallocations, not one per new first or last day.
	lo, hi := int64(p.base), int64(p.base)+int64(len(p.days))
	if int64(d) < lo {
		lo = int64(d) - 366
	} else {
		hi = int64(d) + 366
	}
	if hi-lo > maxDenseDays {
		return nil
	}
	days := make([]conversion, hi-lo)
	copy(days[int64(p.base)-lo:], p.days)
	p.base, p.days = Date(lo), days
	return &p.days[int64(d)-lo]
}

func (c *Converter) prepare(cv *conversion, p *convPlan, d Date) {
	q, err := c.table.Lookup(p.from, c.To, d, c.MaxAge)
	if err != nil {
		cv.state, cv.detail = convFailed, &convDetail{err: err}
		return
	}
	route := q.Route()
	ri := slices.Index(p.routes, route)
	if ri < 0 {
		ri = len(p.routes)
		p.routes = append(p.routes, route)
	}
	cv.state, cv.date, cv.route = convReady, q.Date, uint8(ri)
	cv.detail = &convDetail{quote: q}
	// amount/10^fromExp major units * num/den = minor units of To / 10^toExp.
	if n, d, ok := q.small(); ok {
		hi1, n := bits.Mul64(n, pow10u[c.toExp])
		hi2, d := bits.Mul64(d, pow10u[p.fromExp])
		if g := gcd(n, d); hi1 == 0 && hi2 == 0 {
			if n, d = n/g, d/g; n < 1<<63 && d < 1<<63 {
				cv.p, cv.q = n, d
				return
			}
		}
	}
	r := q.exact()
	num := new(big.Int).Mul(r.num, pow10(c.toExp))
	den := new(big.Int).Mul(r.den, pow10(p.fromExp))
	g := new(big.Int).GCD(nil, nil, num, den)
	cv.detail.bp, cv.detail.bq = num.Quo(num, g), den.Quo(den, g)
}

// pow10u are the powers of ten a currency's decimals take (0 to 4).
var pow10u = [...]uint64{1, 10, 100, 1000, 10000}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// apply computes round_half_even(amount*p/q); ok is false beyond MaxMinor.
func (cv *conversion) apply(amount int64) (int64, bool) {
	neg := amount < 0
	a := uint64(amount)
	if neg {
		a = uint64(-amount)
	}
	var v uint64
	if cv.p != 0 {
		hi, lo := bits.Mul64(a, cv.p)
		if hi >= cv.q {
			return 0, false
		}
		var quo, rem uint64
		if hi == 0 {
			quo, rem = lo/cv.q, lo%cv.q // the common case: a 64-bit division
		} else {
			quo, rem = bits.Div64(hi, lo, cv.q)
		}
		if r2 := rem * 2; r2 > cv.q || (r2 == cv.q && quo&1 == 1) {
			quo++
		}
		v = quo
	} else {
		x := new(big.Int).Mul(new(big.Int).SetUint64(a), cv.detail.bp)
		quo, rem := new(big.Int).QuoRem(x, cv.detail.bq, new(big.Int))
		switch rem.Lsh(rem, 1).Cmp(cv.detail.bq) {
		case 1:
			quo.Add(quo, big.NewInt(1))
		case 0:
			if quo.Bit(0) == 1 {
				quo.Add(quo, big.NewInt(1))
			}
		}
		if !quo.IsUint64() {
			return 0, false
		}
		v = quo.Uint64()
	}
	if v > MaxMinor {
		return 0, false
	}
	if neg {
		return -int64(v), true
	}
	return int64(v), true
}
