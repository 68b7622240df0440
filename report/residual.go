package report

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/earnlog/earnlog/ledger"
)

// Residual income: what a stream earns in each 30-day period after its last
// work, relative to what it earned in 30 days before.

// Residual constants.
const (
	// StoppedDays is how long before the ledger's last date a stream's
	// last work must be for its residual to be measured: three periods.
	StoppedDays = 90
	// PeriodDays is the length of a period of the residual and the runway.
	PeriodDays = 30
	// BeforeDays is the span before the last work that sets the level the
	// residual is relative to.
	BeforeDays = 180
	// CurveDraws is the number of bootstrap resamples behind the
	// half-life's interval and the runway's.
	CurveDraws = 500
	// MinCurveEvents is the fewest income events after the last work
	// that a settled curve needs.
	MinCurveEvents = 30
	// HalfLifeLevel is the level of the half-life's interval.
	HalfLifeLevel = 0.90
)

// sale is an income event after a stream's last work: its day counted from
// the last work (1 = the day after) and its amount.
type sale struct {
	t      int32
	amount int64
}

// stopped is what the pass gathers of a stream whose work stopped.
type stopped struct {
	si       int32
	last     ledger.Date
	periods  int
	base30   float64 // average income per 30 days before the last work; 0 = none
	baseDays int     // the days that average spans
	before   int64
	sales    []sale // within the complete periods
	// bins index sales by period once sorted: period k's sales are
	// sales[bins[k]:bins[k+1]]; mean and sd are their amounts' (resamples).
	bins     []int
	mean, sd []float64
}

// binSales sorts the sales by day and indexes them by period.
func (p *stopped) binSales() {
	slices.SortFunc(p.sales, func(a, b sale) int { return int(a.t) - int(b.t) })
	p.bins = make([]int, p.periods+1)
	p.mean, p.sd = make([]float64, p.periods), make([]float64, p.periods)
	// bins[k] is the first sale in period k or later.
	i := 0
	for k := range p.bins {
		for i < len(p.sales) && int(p.sales[i].t-1)/PeriodDays < k {
			i++
		}
		p.bins[k] = i
	}
	for k := range p.periods {
		b := p.sales[p.bins[k]:p.bins[k+1]]
		if len(b) == 0 {
			continue
		}
		var sum, sq float64
		for _, x := range b {
			sum += float64(x.amount)
		}
		m := sum / float64(len(b))
		for _, x := range b {
			sq += (float64(x.amount) - m) * (float64(x.amount) - m)
		}
		p.mean[k], p.sd[k] = m, math.Sqrt(sq/float64(len(b)))
	}
}

// exactResample is the most sales a period draws one by one; a period
// with more draws its sum at once from the normal distribution with the
// compound Poisson sum's mean and variance (count*mean and
// count*(mean^2+sd^2)), which it is close to by then.
const exactResample = 16

// resample is one bootstrap draw of the periods (a Poisson bootstrap: every
// period draws a Poisson number of its own sales, with replacement).
func (p *stopped) resample(rng *rand.Rand, fn func(k int, y float64)) {
	for k := range p.periods {
		b := p.sales[p.bins[k]:p.bins[k+1]]
		if len(b) == 0 {
			continue
		}
		c := float64(len(b))
		var y float64
		if len(b) > exactResample {
			m, sd := p.mean[k], p.sd[k]
			y = c*m + math.Sqrt(c*(m*m+sd*sd))*rng.NormFloat64()
		} else {
			for range poissonDraw(rng, c) {
				y += float64(b[rng.IntN(len(b))].amount)
			}
		}
		fn(k, y)
	}
}

// ResidualPeriod is one 30-day period after the last work.
type ResidualPeriod struct {
	Index    int     // 1 = the 30 days after the last work
	Income   int64   // minor units (a pooled curve: its streams added up)
	Relative float64 // Income over the 30-day income before
	Streams  int     // the streams that observed this period (pooled curves)
}

// Curve is the residual of one stream or the pooled residual of a class,
// with its fits.
type Curve struct {
	Group    string // the stream, or the class for a pooled curve
	Class    ledger.Class
	Pooled   bool
	Streams  int         // stopped streams behind it
	LastWork ledger.Date // a stream's last work (0 for a pooled curve)
	// Before is the average income per 30 days in the BeforeDays before
	// the last work (or since the stream's first income, when later), in
	// minor units rounded; pooled: the streams' added up.
	Before  int64
	Periods []ResidualPeriod
	Events  int // income events in the periods
	// HasFit is false when there is nothing to fit (no income before the
	// last work, or none after).
	HasFit      bool
	Exponential curveFit
	PowerLaw    curveFit
	// Better is the model with the smaller Poisson deviance (both have two
	// parameters, so this is also the smaller AIC).
	Better string
	// HalfLifeLow and HalfLifeHigh bound the 90% bootstrap interval.
	HalfLifeLow, HalfLifeHigh float64
	// Settled is true when the curve rests on at least MinCurveEvents
	// income events and its half-life interval is no wider than the
	// half-life itself; NeededEvents is then 0, else about how many income
	// events after the last work would settle it (-1: no amount would:
	// the income does not fall).
	Settled      bool
	NeededEvents int
	// Note says why a curve has no fit.
	Note string

	draws []curveFit // the better model refitted to each resample
	parts []*stopped
	obs   []curveObs // the periods as fitted
}

// best returns the better of the two fits.
func (c *Curve) best() curveFit {
	if c.Better == ModelPowerLaw {
		return c.PowerLaw
	}
	return c.Exponential
}

// HalfLife is the exponential fit's half-life in days (+Inf: no decay).
func (c *Curve) HalfLife() float64 { return c.Exponential.HalfLife }

// PowerExponent is the power-law fit's exponent.
func (c *Curve) PowerExponent() float64 { return c.PowerLaw.Alpha }

// obsOf bins parts' sales into periods, with the exposure of the streams
// that observed each.
func obsOf(parts []*stopped, pick func(p *stopped, fn func(sale))) []curveObs {
	n := 0
	for _, p := range parts {
		n = max(n, p.periods)
	}
	obs := make([]curveObs, n)
	for k := range obs {
		obs[k].t = float64(PeriodDays*k + firstMid)
	}
	for _, p := range parts {
		for k := 0; k < p.periods; k++ {
			obs[k].exposure += p.base30
		}
		pick(p, func(s sale) {
			obs[(s.t-1)/PeriodDays].y += float64(s.amount)
		})
	}
	return obs
}

func allSales(p *stopped, fn func(sale)) {
	for _, s := range p.sales {
		fn(s)
	}
}

// buildCurve fits the residual of parts (one stream, or a class's stopped
// streams with income before their last work); bootstrapCurves adds the
// intervals.
func buildCurve(parts []*stopped) *Curve {
	c := &Curve{parts: parts, Streams: len(parts)}
	var before float64
	for _, p := range parts {
		before += p.base30
		c.Events += len(p.sales)
	}
	c.Before = int64(math.Round(before))
	obs := obsOf(parts, allSales)
	c.obs = obs
	for k, o := range obs {
		rp := ResidualPeriod{Index: k + 1, Income: int64(o.y)}
		for _, p := range parts {
			if p.periods > k {
				rp.Streams++
			}
		}
		if o.exposure > 0 {
			rp.Relative = o.y / o.exposure
		}
		c.Periods = append(c.Periods, rp)
	}
	if before <= 0 {
		c.Note = "no income in the 180 days before the last work"
		c.NeededEvents = -1
		return c
	}
	var ok bool
	if c.Exponential, ok = fitCurve(slices.Clone(obs), ModelExponential); !ok {
		c.Note = "no income after the last work"
		c.NeededEvents = -1
		return c
	}
	c.PowerLaw, _ = fitCurve(slices.Clone(obs), ModelPowerLaw)
	c.HasFit = true
	c.Better = ModelExponential
	if c.PowerLaw.Deviance < c.Exponential.Deviance {
		c.Better = ModelPowerLaw
	}
	return c
}

// drawer is one curve's bootstrap under way.
type drawer struct {
	c      *Curve
	o      []curveObs
	halves []float64
}

func newDrawer(c *Curve) *drawer {
	if c == nil || !c.HasFit {
		return nil
	}
	c.draws = make([]curveFit, 0, CurveDraws)
	return &drawer{c: c, o: make([]curveObs, len(c.obs)), halves: make([]float64, 0, CurveDraws)}
}

func (d *drawer) reset() {
	if d == nil {
		return
	}
	copy(d.o, d.c.obs)
	for k := range d.o {
		d.o[k].y = 0
	}
}

func (d *drawer) add(k int, y float64) {
	if d != nil {
		d.o[k].y += y
	}
}

// drawn is what the fit of one resample gives a drawer: the exponential
// half-life, and the draw of the model that fits the curve better.
type drawn struct {
	half float64
	draw curveFit
}

// fitOf fits o, a resample of d's curve. It reads only d's curve, so the
// resamples of one bootstrap are fitted on several goroutines at once.
func (d *drawer) fitOf(o []curveObs) drawn {
	c := d.c
	e, ok := fitCurveFrom(o, ModelExponential, math.Ln2/c.Exponential.HalfLife)
	if !ok {
		// The resample drew no income after the last work: as short a
		// half-life as the fit allows, and nothing to come.
		e = curveFit{Model: ModelExponential, HalfLife: minHalfLife}
	}
	r := drawn{half: e.HalfLife, draw: e}
	if c.Better == ModelPowerLaw {
		r.draw, _ = fitCurveFrom(o, ModelPowerLaw, c.PowerLaw.Alpha)
	}
	return r
}

// record adds the fit of the next resample.
func (d *drawer) record(r drawn) {
	d.halves = append(d.halves, r.half)
	d.c.draws = append(d.c.draws, r.draw)
}

func (d *drawer) done() {
	if d == nil {
		return
	}
	d.c.HalfLifeLow, d.c.HalfLifeHigh = interval(d.halves, HalfLifeLevel)
	d.c.settle()
}

// bootstrapCurves draws the intervals of one class's stopped streams and of
// their pooled curve together: in each of CurveDraws resamples every
// period of every stream draws a Poisson number (mean: its count) of its
// own sales with replacement, with the stream's own generator, and the
// pooled curve refits the streams' draws added up. streams[i] is the
// curve of pooled.parts[i] alone (pooled may be nil).
func bootstrapCurves(pooled *Curve, streams []*Curve, seeds []uint64) {
	pd := newDrawer(pooled)
	ds := make([]*drawer, len(streams))
	rngs := make([]*rand.Rand, len(streams))
	for i, c := range streams {
		ds[i] = newDrawer(c)
		rngs[i] = newRand(seeds[i])
	}
	if pd == nil && !slices.ContainsFunc(ds, func(d *drawer) bool { return d != nil }) {
		return
	}
	// The resamples are drawn here, one after the other, from the streams'
	// generators; their fits, nearly all the work, run on fitters of their
	// own, each resample a copy of what was drawn, and are recorded in the
	// order of the draws: the same intervals as fitting each in turn.
	all := append(ds, pd)
	fits := make([]drawn, CurveDraws*len(all))
	type resample struct {
		j   int
		obs [][]curveObs
	}
	jobs, free := make(chan resample), make(chan [][]curveObs, 4)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), 4)) {
		wg.Go(func() {
			for r := range jobs {
				for i, d := range all {
					if d != nil {
						fits[r.j*len(all)+i] = d.fitOf(r.obs[i])
					}
				}
				select {
				case free <- r.obs:
				default: // enough are kept
				}
			}
		})
	}
	for j := range CurveDraws {
		pd.reset()
		for i, c := range streams {
			d := ds[i]
			d.reset()
			c.parts[0].resample(rngs[i], func(k int, y float64) { d.add(k, y); pd.add(k, y) })
		}
		var obs [][]curveObs
		select {
		case obs = <-free:
		default:
			obs = make([][]curveObs, len(all))
		}
		for i, d := range all {
			if d != nil {
				obs[i] = append(obs[i][:0], d.o...)
			}
		}
		jobs <- resample{j, obs}
	}
	close(jobs)
	wg.Wait()
	for j := range CurveDraws {
		for i, d := range all {
			if d != nil {
				d.record(fits[j*len(all)+i])
			}
		}
	}
	pd.done()
	for _, d := range ds {
		d.done()
	}
}

// settle decides whether the curve is settled and, if not, estimates the
// income events that would settle it: the interval narrows with the square
// root of the events, and must narrow to the half-life's own size.
func (c *Curve) settle() {
	h := c.Exponential.HalfLife
	if math.IsInf(h, 1) {
		c.NeededEvents = -1
		return
	}
	width := c.HalfLifeHigh - c.HalfLifeLow
	if math.IsInf(width, 1) {
		// Some resamples saw no decay: the interval is open above.
		c.NeededEvents = max(MinCurveEvents, 4*c.Events)
		return
	}
	if c.Events >= MinCurveEvents && width <= h {
		c.Settled = true
		return
	}
	need := MinCurveEvents
	if c.Events > 0 && width > h {
		r := width / h
		need = max(need, int(math.Ceil(float64(c.Events)*r*r)))
	}
	c.NeededEvents = max(need, c.Events+1)
}

// MoreEvents is how many income events beyond the present the curve needs
// (0 when settled, -1 when unknown).
func (c *Curve) MoreEvents() int {
	if c.NeededEvents < 0 {
		return -1
	}
	return max(0, c.NeededEvents-c.Events)
}
