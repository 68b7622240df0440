package ledger

import (
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strconv"

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
	c, e := new(big.Int).Set(v.Coefficient()), v.Exponent()
	d := big.NewInt(1)
	if e >= 0 {
		c.Mul(c, pow10(int(e)))
	} else {
		d = pow10(int(-e))
	}
	return ratio{c, d}
}

func (r ratio) inverse() ratio { return ratio{r.den, r.num} }

func (r ratio) times(o ratio) ratio {
	return ratio{new(big.Int).Mul(r.num, o.num), new(big.Int).Mul(r.den, o.den)}
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// rateSeries is the rates of one pair, by date.
type rateSeries struct {
	dates  []Date
	values []decimal.Decimal
	ratios []ratio
}

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
		for i, v := range values {
			s.ratios[i] = ratioOf(v)
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
	Date  Date
	ratio ratio
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
	n := decimal.NewFromBigInt(q.ratio.num, 0)
	d := decimal.NewFromBigInt(q.ratio.den, 0)
	v := n.DivRound(d, 20)
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

// legs returns the ways to go from a to b in one step: the direct series
// first, then the inverse.
func (t *RateTable) legs(a, b string) []leg {
	var out []leg
	if s := t.series[pairKey{a, b}]; s != nil {
		out = append(out, leg{s, false})
	}
	if s := t.series[pairKey{b, a}]; s != nil {
		out = append(out, leg{s, true})
	}
	return out
}

// pick returns the leg with a rate on or before d, the direct one if it has
// one; ok is false when neither has.
func pick(ls []leg, d Date) (l leg, i int, ok bool) {
	for _, l := range ls {
		if i := l.s.latest(d); i >= 0 {
			return l, i, true
		}
	}
	return leg{}, -1, false
}

func (l leg) ratio(i int) ratio {
	if l.inv {
		return l.s.ratios[i].inverse()
	}
	return l.s.ratios[i]
}

// candidates lists the quotes for from to to on d that have a rate on or
// before d, in order of preference: direct, inverse, then through each
// common currency in code order.
func (t *RateTable) candidates(from, to string, d Date) []Quote {
	var out []Quote
	if s := t.series[pairKey{from, to}]; s != nil {
		if i := s.latest(d); i >= 0 {
			out = append(out, Quote{From: from, To: to, Path: PathDirect, Date: s.dates[i], ratio: s.ratios[i]})
		}
	}
	if s := t.series[pairKey{to, from}]; s != nil {
		if i := s.latest(d); i >= 0 {
			out = append(out, Quote{From: from, To: to, Path: PathInverse, Date: s.dates[i], ratio: s.ratios[i].inverse()})
		}
	}
	for _, c := range t.peers[from] {
		if c == to {
			continue
		}
		l1, i1, ok1 := pick(t.legs(from, c), d)
		if !ok1 {
			continue
		}
		l2, i2, ok2 := pick(t.legs(c, to), d)
		if !ok2 {
			continue
		}
		out = append(out, Quote{From: from, To: to, Path: PathVia, Via: c,
			Date: min(l1.s.dates[i1], l2.s.dates[i2]), ratio: l1.ratio(i1).times(l2.ratio(i2))})
	}
	return out
}

// Lookup returns the rate from from to to for day d: the first of
// candidates (direct, inverse, through one common currency) whose rate is
// at most maxAge days older than d. A stale direct rate does not hide a
// fresh one through the euro. With no such rate the error names the pair,
// the day, the freshest rate there is, and how to add one.
func (t *RateTable) Lookup(from, to string, d Date, maxAge int) (Quote, error) {
	cands := t.candidates(from, to, d)
	for _, q := range cands {
		if int(d-q.Date) <= maxAge {
			return q, nil
		}
	}
	add := "add one with 'earnlog rates add " + d.String() + " " + from + " " + to + " RATE' or import a rate file with 'earnlog rates import FILE'"
	if len(cands) == 0 {
		return Quote{}, Errorf(EINVALID, "no %s→%s rate on or before %s: %s", from, to, d, add)
	}
	best := cands[0]
	for _, q := range cands[1:] {
		if q.Date > best.Date {
			best = q
		}
	}
	age := int(d - best.Date)
	return Quote{}, Errorf(EINVALID, "no %s→%s rate within %d days of %s (the latest is of %s, %s, %d days before): %s, or allow older rates with --max-rate-age %d",
		from, to, maxAge, d, best.Date, best.Route(), age, add, age)
}

// Converter values amounts in one currency at the rate of each amount's own
// date, rounding once, half to even, to the target's minor units. It caches
// the rate of each currency and day, so a million events cost a million map
// lookups, not a million searches. Not safe for concurrent use.
type Converter struct {
	To     string
	MaxAge int
	table  *RateTable
	toExp  int
	plans  map[string]*convPlan
	last   *convPlan
}

type convPlan struct {
	from    string
	fromExp int
	days    map[Date]*conversion
}

// conversion is one currency's rate on one day, folded with the two
// currencies' decimals into amount*p/q, in 64-bit words when they fit.
type conversion struct {
	quote Quote
	err   error
	p, q  uint64 // 0 when the factor needs big numbers
	bp    *big.Int
	bq    *big.Int
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
	return &Converter{To: to, MaxAge: maxAge, table: t, toExp: exp, plans: map[string]*convPlan{}}, nil
}

// Convert returns amount (minor units of cur) in minor units of c.To at the
// rate for day d, and the quote it used (nil when cur is c.To). The quote is
// shared between calls: do not change it.
func (c *Converter) Convert(amount int64, cur string, d Date) (int64, *Quote, error) {
	if cur == c.To {
		return amount, nil, nil
	}
	p := c.last
	if p == nil || p.from != cur {
		p = c.plans[cur]
		if p == nil {
			exp, ok := CurrencyExponent(cur)
			if !ok {
				return 0, nil, Errorf(EINVALID, "%q is not an ISO 4217 currency code", cur)
			}
			p = &convPlan{from: cur, fromExp: exp, days: map[Date]*conversion{}}
			c.plans[cur] = p
		}
		c.last = p
	}
	cv := p.days[d]
	if cv == nil {
		cv = c.prepare(p, d)
		p.days[d] = cv
	}
	if cv.err != nil {
		return 0, nil, cv.err
	}
	v, ok := cv.apply(amount)
	if !ok {
		return 0, nil, Errorf(EINVALID, "%s %s valued in %s at %s is too large",
			FormatAmount(amount, cur), cur, c.To, FormatRate(cv.quote.Value()))
	}
	return v, &cv.quote, nil
}

func (c *Converter) prepare(p *convPlan, d Date) *conversion {
	q, err := c.table.Lookup(p.from, c.To, d, c.MaxAge)
	if err != nil {
		return &conversion{err: err}
	}
	// amount/10^fromExp major units * num/den = minor units of To / 10^toExp.
	num := new(big.Int).Mul(q.ratio.num, pow10(c.toExp))
	den := new(big.Int).Mul(q.ratio.den, pow10(p.fromExp))
	g := new(big.Int).GCD(nil, nil, num, den)
	num.Quo(num, g)
	den.Quo(den, g)
	cv := &conversion{quote: q, bp: num, bq: den}
	if num.IsUint64() && den.IsUint64() && num.Uint64() < 1<<63 && den.Uint64() < 1<<63 {
		cv.p, cv.q = num.Uint64(), den.Uint64()
	}
	return cv
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
		quo, rem := bits.Div64(hi, lo, cv.q)
		if r2 := rem * 2; r2 > cv.q || (r2 == cv.q && quo&1 == 1) {
			quo++
		}
		v = quo
	} else {
		x := new(big.Int).Mul(new(big.Int).SetUint64(a), cv.bp)
		quo, rem := new(big.Int).QuoRem(x, cv.bq, new(big.Int))
		switch rem.Lsh(rem, 1).Cmp(cv.bq) {
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

// ageString says "3 days" or "1 day".
func ageString(days int) string {
	if days == 1 {
		return "1 day"
	}
	return strconv.Itoa(days) + " days"
}

// RateAge says how old a rate was for an event: "the same day", "1 day",
// "3 days".
func RateAge(days int) string {
	if days == 0 {
		return "the same day"
	}
	return ageString(days)
}
