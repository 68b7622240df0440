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

// shape is log g(t) of a model with parameter p (the level apart).
func shape(model string, p, t float64) float64 {
	if model == ModelPowerLaw {
		return -p * math.Log(t/firstMid)
	}
	return -t / p * math.Ln2
}

// profile returns the Poisson log-likelihood of obs under model with
// parameter p, up to a constant, with the level at its best value for
// that p (observed over expected, in closed form): sum(y*s) - Y*log(E),
// where s is log g(t), Y the income and E the exposure-weighted g.
func profile(obs []curveObs, model string, p, sy float64) float64 {
	var sys, se float64
	for _, o := range obs {
		s := shape(model, p, o.t)
		sys += o.y * s
		se += o.exposure * math.Exp(s)
	}
	if se <= 0 {
		return math.Inf(-1)
	}
	return sys - sy*math.Log(se)
}

// fitCurve fits model to obs by maximum (quasi-)Poisson likelihood: a
// golden-section search over the shape parameter (the profile likelihood
// is unimodal, the log-link Poisson likelihood being concave). Negative
// period sums (refunds beyond sales) count as zero. ok is false when obs
// holds no income.
func fitCurve(obs []curveObs, model string) (curveFit, bool) {
	var sy float64
	for i := range obs {
		obs[i].y = math.Max(obs[i].y, 0)
		sy += obs[i].y
	}
	if sy <= 0 || len(obs) == 0 {
		return curveFit{Model: model}, false
	}
	// Search over x: the log of the half-life, or the exponent itself.
	lo, hi := math.Log(minHalfLife), math.Log(maxHalfLife)
	param := math.Exp
	if model == ModelPowerLaw {
		lo, hi = 0, maxAlpha
		param = func(x float64) float64 { return x }
	}
	f := func(x float64) float64 { return profile(obs, model, param(x), sy) }
	const phi = 0.6180339887498949
	a, b := lo, hi
	c, d := b-phi*(b-a), a+phi*(b-a)
	fc, fd := f(c), f(d)
	for range 100 {
		if fc > fd {
			b, d, fd = d, c, fc
			c = b - phi*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + phi*(b-a)
			fd = f(d)
		}
		if b-a < 1e-6 {
			break
		}
	}
	x := (a + b) / 2
	// The ends of the range are candidates too (the best may lie on one).
	best := f(x)
	for _, e := range []float64{lo, hi} {
		if v := f(e); v > best {
			x, best = e, v
		}
	}
	p := param(x)
	var se float64
	for _, o := range obs {
		se += o.exposure * math.Exp(shape(model, p, o.t))
	}
	fit := curveFit{Model: model, Level: sy / se}
	if model == ModelPowerLaw {
		fit.Alpha = p
	} else {
		fit.HalfLife = p
		if p >= maxHalfLife*0.999 {
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
