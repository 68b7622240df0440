package ledger

import (
	"math/big"
	"math/bits"
	"slices"
	"sort"

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
