package ledger

import (
	"math/big"
	"math/bits"
	"slices"
	"strings"
)

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
