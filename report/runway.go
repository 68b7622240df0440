package report

import (
	"math"
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// RunwayMonths is how many 30-day periods ahead the runway looks.
const RunwayMonths = 12

// RunwayLevel is the level of the runway's intervals.
const RunwayLevel = 0.80

// Runway bases: what a stream's expected income rests on.
const (
	BasisWork       = "ends-with-work" // paid for hours or milestones: nothing comes without the work
	BasisOwnCurve   = "own-curve"      // the stream's own residual curve
	BasisClassCurve = "class-curve"    // its class's pooled curve
	BasisFlat       = "flat"           // no curve to go by: the recent rate is assumed to hold
	BasisNone       = "no-recent-income"
)

// RunwayOptions are the choices of `report runway`.
type RunwayOptions struct {
	Currency string // "" = the currency with the most income events
}

// RunwayMonth is one 30-day period ahead: its days and the expected income,
// with the 80% interval, in minor units (estimates, rounded).
type RunwayMonth struct {
	Index            int
	From, To         ledger.Date
	Expected         int64
	Low, High        int64
	expected, lo, hi float64
}

// RunwayRow is one stream, or the total.
type RunwayRow struct {
	Group string
	Class ledger.Class
	Total bool
	// Recent is the income of the RecentDays up to today per 30 days
	// (minor units, rounded): the rate the runway starts from.
	Recent int64
	Basis  string
	// Model is the curve the stream fades with (own or class basis).
	Model string
	// SinceWork is the days from the stream's last work to today (-1: no work).
	SinceWork int64
	Months    []RunwayMonth
	// UnderHalf is the first month whose expected income is under half of
	// Recent; 0 when none of the RunwayMonths is.
	UnderHalf int
	Note      string
}

// RunwayReport is the result of Runway.
type RunwayReport struct {
	Currency string
	// AsOf is the day the runway starts from: today, or the ledger's last
	// date when that is earlier.
	AsOf     ledger.Date
	Streams  []RunwayRow
	Total    RunwayRow
	Warnings []Warning
}

// WarningList returns the report's warnings.
func (r *RunwayReport) WarningList() []Warning { return r.Warnings }

// Runway estimates, for each stream and in total, the income of each of the
// next RunwayMonths 30-day periods if all work stopped today (or on the
// ledger's last date, when the ledger ends before today).
func Runway(in Input, opt RunwayOptions) (*RunwayReport, error) {
	p, err := runPass(in, opt.Currency)
	if err != nil {
		return nil, err
	}
	return p.runway(), nil
}

func (p *pass) runway() *RunwayReport {
	r := &RunwayReport{Currency: p.cur, AsOf: p.today, Warnings: p.leftWarnings("report runway")}
	classCurves, streamCurves := p.curves()
	own := map[int32]*Curve{}
	for _, c := range streamCurves {
		own[c.parts[0].si] = c
	}
	total := make([][]float64, RunwayMonths) // per month, per draw
	for m := range total {
		total[m] = make([]float64, CurveDraws)
	}
	r.Total = RunwayRow{Group: "total", Total: true, SinceWork: -1}
	for si, st := range p.g.streams {
		if !p.hasFirst[si] {
			continue
		}
		row, draws := p.streamRunway(int32(si), own[int32(si)], classCurves[st.class])
		r.Streams = append(r.Streams, row)
		r.Total.Recent += row.Recent
		for m := range total {
			for b := range total[m] {
				total[m][b] += draws[m][b]
			}
		}
	}
	slices.SortFunc(r.Streams, func(a, b RunwayRow) int { return strings.Compare(a.Group, b.Group) })
	for m := range total {
		var sum float64
		for i := range r.Streams {
			sum += r.Streams[i].Months[m].expected
		}
		r.Total.Months = append(r.Total.Months, p.month(m, sum, total[m]))
	}
	r.Total.UnderHalf = underHalf(r.Total.Months, r.Total.Recent)
	return r
}

// month is the m-th period ahead (0-based) with its expected value and the
// interval of its draws.
func (p *pass) month(m int, expected float64, draws []float64) RunwayMonth {
	lo, hi := expected, expected
	if len(draws) > 0 {
		lo, hi = interval(slices.Clone(draws), RunwayLevel)
	}
	from := p.today + ledger.Date(m*PeriodDays+1)
	return RunwayMonth{Index: m + 1, From: from, To: from + PeriodDays - 1,
		Expected: roundMinor(expected), Low: roundMinor(lo), High: roundMinor(hi), expected: expected, lo: lo, hi: hi}
}

func roundMinor(x float64) int64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return int64(math.Round(x))
}

func underHalf(ms []RunwayMonth, recent int64) int {
	if recent <= 0 {
		return 0
	}
	for _, m := range ms {
		if 2*m.Expected < recent {
			return m.Index
		}
	}
	return 0
}

// streamRunway is one stream's runway and its draws (per month, per draw).
func (p *pass) streamRunway(si int32, own, class *Curve) (RunwayRow, [][]float64) {
	st := p.g.streams[si]
	row := RunwayRow{Group: string(st.name), Class: st.class, SinceWork: -1}
	var recent int64
	for _, v := range p.trailing[si] {
		recent += v
	}
	rate := float64(recent) * PeriodDays / RecentDays
	row.Recent = roundMinor(rate)
	last, worked := st.work.last()
	t0 := 0.0
	if worked {
		t0 = math.Max(0, float64(int64(p.today)-int64(last)))
		row.SinceWork = int64(t0)
	}
	draws := make([][]float64, RunwayMonths)
	for m := range draws {
		draws[m] = make([]float64, CurveDraws)
	}
	zero := func(basis, note string) (RunwayRow, [][]float64) {
		row.Basis, row.Note = basis, note
		for m := range RunwayMonths {
			row.Months = append(row.Months, p.month(m, 0, nil))
		}
		row.UnderHalf = underHalf(row.Months, row.Recent)
		return row, draws
	}
	if p.workPaid[si] > p.otherPaid[si] {
		return zero(BasisWork, "paid for hours or milestones: its income ends with the work")
	}
	if recent <= 0 {
		return zero(BasisNone, "no income in the 90 days up to today")
	}
	var curve *Curve
	switch {
	case !worked:
		row.Basis, row.Note = BasisFlat, "no work ever logged: assumed to keep its recent rate"
	case own != nil && own.HasFit && own.Settled:
		curve, row.Basis = own, BasisOwnCurve
	case class != nil && class.HasFit:
		curve, row.Basis = class, BasisClassCurve
	case own != nil && own.HasFit:
		curve, row.Basis = own, BasisOwnCurve
		row.Note = "its own curve rests on too little data"
	default:
		row.Basis, row.Note = BasisFlat, "no residual curve for it or its class: assumed to keep its recent rate"
	}
	// Resampled recent rates: the 90 days drawn with replacement. Their sum
	// is drawn at once, from the normal distribution with the mean and
	// variance of a sum of 90 such draws (close to it at 90 draws), floored
	// at zero.
	rng := newRand(uint64(si) + 1<<32)
	var dm, dv float64
	for _, v := range p.trailing[si] {
		dm += float64(v)
	}
	dm /= RecentDays
	for _, v := range p.trailing[si] {
		dv += (float64(v) - dm) * (float64(v) - dm)
	}
	dv /= RecentDays
	rates := make([]float64, CurveDraws)
	for b := range rates {
		sum := RecentDays*dm + math.Sqrt(RecentDays*dv)*rng.NormFloat64()
		rates[b] = math.Max(0, sum) * PeriodDays / RecentDays
	}
	// The recent rate is what the curve gives over the trailing days (1
	// while the work went on); the months ahead are scaled by it. Curves
	// are averaged over 5-day steps: finer than any fit can tell.
	then := func(fit curveFit) float64 {
		var s float64
		for j := 0; j < RecentDays; j += 5 {
			s += relAt(fit, t0-float64(j)-2)
		}
		return s / (RecentDays / 5)
	}
	// months fills the curve's mean over each month ahead. An exponential
	// falls by one factor a month once past its first period's middle, so
	// only the first two months are summed point by point.
	months := func(fit curveFit, out *[RunwayMonths]float64) {
		mean := func(m int) float64 {
			var next float64
			for j := 0; j < PeriodDays; j += 5 {
				next += relAt(fit, t0+float64(m*PeriodDays+j)+3)
			}
			return next / (PeriodDays / 5)
		}
		exp := fit.Model == ModelExponential && !math.IsInf(fit.HalfLife, 1)
		q := 1.0
		if exp {
			q = math.Exp2(-PeriodDays / fit.HalfLife)
		}
		for m := range out {
			if m >= 2 && exp {
				out[m] = out[m-1] * q
			} else {
				out[m] = mean(m)
			}
		}
	}
	// scale is the rate over what the curve gives the trailing days.
	scale := func(fit curveFit, rate float64) float64 {
		if curve == nil {
			return rate
		}
		if th := then(fit); th > 0 {
			return rate / th
		}
		return 0
	}
	var fit curveFit
	if curve != nil {
		fit = curve.best()
		row.Model = fit.Model
	}
	var ms [RunwayMonths]float64
	for b := range CurveDraws {
		f := fit
		if curve != nil {
			f = curve.draws[b]
		}
		sc := scale(f, rates[b])
		if curve != nil {
			months(f, &ms)
		}
		for m := range RunwayMonths {
			if curve == nil {
				draws[m][b] = sc
			} else {
				draws[m][b] = sc * ms[m]
			}
		}
	}
	sc := scale(fit, rate)
	if curve != nil {
		months(fit, &ms)
	}
	for m := range RunwayMonths {
		v := sc
		if curve != nil {
			v = sc * ms[m]
		}
		if curve == nil && m > 0 {
			// A flat rate: every month has the first one's draws.
			x := row.Months[0]
			x.Index, x.From, x.To = m+1, x.From+ledger.Date(m*PeriodDays), x.To+ledger.Date(m*PeriodDays)
			row.Months = append(row.Months, x)
			continue
		}
		row.Months = append(row.Months, p.month(m, v, draws[m]))
	}
	row.UnderHalf = underHalf(row.Months, row.Recent)
	return row, draws
}

// relAt is a curve's relative income t days after the last work, and 1
// before it (the work still went on).
func relAt(fit curveFit, t float64) float64 {
	if t <= 0 {
		return 1
	}
	return fit.at(t)
}
