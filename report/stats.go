package report

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Statistics shared by the reports that estimate rather than add up: decay
// curves fitted to income after the last work, and percentile intervals
// from bootstrap draws. Everything here is float64 (statistics, not money)
// and pure: the random draws come from a generator the caller seeds, so the
// same ledger always prints the same numbers.

// statSeed is the fixed seed of every bootstrap ("earnlog").
const statSeed = 0x6561726e6c6f67

// newRand returns the generator of one bootstrap, told apart by stream.
func newRand(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(statSeed, stream)) }

// Curve models.
const (
	ModelExponential = "exponential"
	ModelPowerLaw    = "power-law"
)

// curveObs is one 30-day period of a decay curve: y is the income in the
// period whose middle is t days after the last work, exposure what the
// stream (or streams) earned in 30 days before the work stopped. A pooled
// curve adds up the streams that observed the period.
type curveObs struct {
	t        float64
	y        float64
	exposure float64
}

// curveFit is a fitted decay curve: relative income at t days after the
// last work is Level*2^(-t/HalfLife) (exponential) or Level*(t/15)^(-Alpha)
// (power law, 15 days being the middle of the first 30-day period).
type curveFit struct {
	Model    string
	Level    float64
	HalfLife float64 // days; +Inf when the income does not fall
	Alpha    float64
	Deviance float64 // Poisson deviance: the smaller, the better the fit
}

// at is the curve's relative income t days after the last work. Before the
// middle of the first period the curve is held at its value there: the
// periods say nothing finer.
func (c curveFit) at(t float64) float64 {
	t = math.Max(t, firstMid)
	if c.Model == ModelPowerLaw {
		return c.Level * math.Pow(t/firstMid, -c.Alpha)
	}
	if math.IsInf(c.HalfLife, 1) {
		return c.Level
	}
	return c.Level * math.Exp2(-t/c.HalfLife)
}

// firstMid is the middle of the first 30-day period after the last work.
const firstMid = 15

// Bounds of the fits: half-lives from one day to a century (longer reads as
// "does not fall"), power-law exponents from 0 to 10.
const (
	minHalfLife = 1
	maxHalfLife = 36500
	maxAlpha    = 10
)

// feature is x in log g(t) = -c*x: t itself for the exponential (c is
// ln 2 over the half-life), log(t/15) for the power law (c is the exponent).
func feature(model string, t float64) float64 {
	if model == ModelPowerLaw {
		return math.Log(t / firstMid)
	}
	return t
}

// fitCurve fits model to obs by maximum (quasi-)Poisson likelihood. With
// the level at its best value for each shape (observed over expected, in
// closed form), the likelihood's slope in c is Y*(m(c) - my), where my is
// the income-weighted mean of x and m(c) the mean of x weighted by
// exposure*exp(-c*x), which falls as c grows (the log-link Poisson
// likelihood is concave): the best c is where the two means meet, found by
// Newton's method kept inside a bisection bracket. Negative period sums
// (refunds beyond sales) count as zero. ok is false when obs holds no
// income.
func fitCurve(obs []curveObs, model string) (curveFit, bool) {
	return fitCurveFrom(obs, model, 0)
}

// fitCurveFrom is fitCurve with Newton's method starting from c0 (0: a
// default), such as the fit a bootstrap resample varies.
func fitCurveFrom(obs []curveObs, model string, c0 float64) (curveFit, bool) {
	var sy, syx float64
	xs := make([]float64, len(obs))
	for i := range obs {
		obs[i].y = math.Max(obs[i].y, 0)
		xs[i] = feature(model, obs[i].t)
		sy += obs[i].y
		syx += obs[i].y * xs[i]
	}
	if sy <= 0 || len(obs) == 0 {
		return curveFit{Model: model}, false
	}
	my := syx / sy
	lo, hi := 0.0, float64(maxAlpha)
	if model == ModelExponential {
		lo, hi = math.Ln2/maxHalfLife, math.Ln2/minHalfLife
	}
	// Exponential periods are evenly spaced: their weights are powers of
	// one factor, a single Exp per step.
	even := model == ModelExponential
	for i := 1; i < len(xs) && even; i++ {
		even = xs[i]-xs[i-1] == xs[1]-xs[0]
	}
	// moments returns m(c) and its slope, minus the variance of x.
	moments := func(c float64) (m, v float64) {
		var sw, swx, swxx float64
		q, qk := 1.0, 1.0
		if even && len(xs) > 1 {
			q = math.Exp(-c * (xs[1] - xs[0]))
		}
		for i, o := range obs {
			var w float64
			if even {
				w = o.exposure * qk
				qk *= q
			} else {
				w = o.exposure * math.Exp(-c*(xs[i]-xs[0]))
			}
			sw += w
			swx += w * xs[i]
			swxx += w * xs[i] * xs[i]
		}
		m = swx / sw
		return m, swxx/sw - m*m
	}
	c := (lo + hi) / 2
	switch {
	case c0 > lo && c0 < hi:
		c = c0
	case model == ModelExponential:
		c = math.Ln2 / 180
	}
	a, b := lo, hi
	for range 100 {
		m, v := moments(c)
		g := m - my // the slope's sign: positive means c should grow
		if g > 0 {
			a = c
		} else {
			b = c
		}
		if math.Abs(g) < 1e-12*math.Max(1, math.Abs(my)) || b-a < 1e-12*math.Max(1, b) {
			break
		}
		next := c + g/v
		if v <= 0 || math.IsNaN(next) || next <= a || next >= b {
			next = (a + b) / 2
		}
		c = next
	}
	var se float64
	for i, o := range obs {
		se += o.exposure * math.Exp(-c*xs[i])
	}
	fit := curveFit{Model: model, Level: sy / se}
	if model == ModelPowerLaw {
		fit.Alpha = c
	} else {
		fit.HalfLife = math.Ln2 / c
		if fit.HalfLife >= maxHalfLife*0.999 {
			fit.HalfLife = math.Inf(1)
		}
	}
	fit.Deviance = deviance(obs, fit)
	return fit, true
}

// deviance is the Poisson deviance of obs under fit, in the units of y.
func deviance(obs []curveObs, fit curveFit) float64 {
	var d float64
	for _, o := range obs {
		mu := o.exposure * fit.at(o.t)
		if o.y > 0 && mu > 0 {
			d += o.y * math.Log(o.y/mu)
		}
		d -= o.y - mu
	}
	return 2 * d
}

// poissonDraw draws a Poisson count with mean mu: by multiplying uniforms
// for small means, by the normal approximation (rounded, at least 0) above
// 30, where it is close.
func poissonDraw(rng *rand.Rand, mu float64) int {
	if mu > 30 {
		return max(0, int(math.Round(mu+math.Sqrt(mu)*rng.NormFloat64())))
	}
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// percentile returns the q-th quantile (0..1) of sorted xs, the nearest
// rank; NaN for none.
func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	return sorted[int(q*float64(len(sorted)-1)+0.5)]
}

// interval returns the lower and upper quantiles of xs at the central
// level (0.9 gives the 5th and 95th percentiles). xs is sorted in place.
func interval(xs []float64, level float64) (lo, hi float64) {
	slices.Sort(xs)
	return percentile(xs, (1-level)/2), percentile(xs, 1-(1-level)/2)
}
