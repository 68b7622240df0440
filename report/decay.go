package report

import (
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// AgeBucket is one range of ages, in days, of `report decay`.
type AgeBucket struct {
	Name   string // the CSV and JSON field
	Label  string // the table's heading
	Lo, Hi int64  // inclusive; Hi < 0 = no upper end
}

// AgeBuckets are the age ranges, youngest first; income with no work on its
// stream on or before its date has no age and is shown apart as "never
// worked".
var AgeBuckets = []AgeBucket{
	{"age_0_7", "0-7", 0, 7},
	{"age_8_30", "8-30", 8, 30},
	{"age_31_90", "31-90", 31, 90},
	{"age_91_180", "91-180", 91, 180},
	{"age_181_365", "181-365", 181, 365},
	{"age_over_365", ">365", 366, -1},
}

func bucketOf(age int64) int {
	for i, b := range AgeBuckets {
		if b.Hi < 0 || age <= b.Hi {
			return i
		}
	}
	return len(AgeBuckets) - 1
}

// AgeFigures are one group's income by age, in minor units.
type AgeFigures struct {
	Income      int64
	Buckets     [6]int64 // as AgeBuckets
	NeverWorked int64
	// byAge is income by its age in days (classes only).
	byAge []int64
}

func (a *AgeFigures) add(age, amount int64, keepAges bool) {
	a.Income += amount
	if age < 0 {
		a.NeverWorked += amount
		return
	}
	a.Buckets[bucketOf(age)] += amount
	if keepAges {
		if int(age) >= len(a.byAge) {
			a.byAge = append(a.byAge, make([]int64, int(age)+1-len(a.byAge))...)
		}
		a.byAge[age] += amount
	}
}

// OlderThan is the income more than w days old, or with no age: what the
// rule window with w days finds passive (classes only).
func (a *AgeFigures) OlderThan(w int) int64 {
	s := a.NeverWorked
	for d := w + 1; d < len(a.byAge); d++ {
		s += a.byAge[d]
	}
	return s
}

// pass is what one classified pass of the engine gathers for decay and
// runway, in one currency.
type pass struct {
	g        *engine
	ci       int32
	cur      string
	lastDate ledger.Date // the ledger's last date: of any event or work
	today    ledger.Date // the runway's starting day
	classes  [3]AgeFigures
	streams  []AgeFigures
	stopped  []*stopped // per stream; nil when its work has not stopped
	// the stream's income by kind: paid for the work (hourly, billed or
	// fixed-price) or not.
	workPaid, otherPaid []int64
	// trailing is each stream's income on each of the 90 days up to today.
	trailing [][RecentDays]int64
	first    []ledger.Date
	hasFirst []bool
	left     map[int32]int64 // income in other currencies
}

// RecentDays is the trailing span whose income sets a stream's recent rate.
const RecentDays = 90

// runPass runs the engine once and gathers the ages, the residual sales of
// stopped streams and, for the runway, the trailing income.
func runPass(in Input, currency string) (*pass, error) {
	if currency != "" {
		c, err := ledger.ParseCurrency(currency)
		if err != nil {
			return nil, err
		}
		currency = c
	}
	g, err := newEngine(in, Rule{})
	if err != nil {
		return nil, err
	}
	p := &pass{g: g, cur: currency, left: map[int32]int64{}}
	if p.cur == "" {
		p.cur = g.currencies[g.mainCur]
	}
	p.ci = -1
	if ci, ok := g.curIdx[p.cur]; ok {
		p.ci = ci
	}
	p.lastDate = g.maxDate
	for _, st := range g.streams {
		if l, ok := st.work.last(); ok && l > p.lastDate {
			p.lastDate = l
		}
	}
	// The runway starts from today, or from the ledger's last date when
	// the ledger ends before today: a ledger not yet brought up to date
	// must not read as income that stopped.
	p.today = in.Today
	if p.today == 0 || p.today > p.lastDate {
		p.today = p.lastDate
	}
	n := len(g.streams)
	p.streams = make([]AgeFigures, n)
	p.stopped = make([]*stopped, n)
	p.workPaid, p.otherPaid = make([]int64, n), make([]int64, n)
	p.trailing = make([][RecentDays]int64, n)
	p.first, p.hasFirst = make([]ledger.Date, n), make([]bool, n)
	for si, st := range g.streams {
		if l, ok := st.work.last(); ok && int64(p.lastDate)-int64(l) >= StoppedDays {
			p.stopped[si] = &stopped{si: int32(si), last: l, periods: int(int64(p.lastDate)-int64(l)) / PeriodDays}
		}
	}
	ages := newAgeAcc(g)
	err = g.run(func(it *item) {
		e := it.e
		if !e.Kind.CountsAsIncome() {
			return
		}
		age := ages.observe(it)
		if it.ci != p.ci {
			p.left[it.ci] += e.Amount
			return
		}
		si := it.si
		p.classes[g.streams[si].class].add(age, e.Amount, true)
		p.streams[si].add(age, e.Amount, false)
		if !p.hasFirst[si] || e.Date < p.first[si] {
			p.first[si], p.hasFirst[si] = e.Date, true
		}
		if e.Kind == ledger.KindHourly || e.Kind == ledger.KindFixed || e.Billed > 0 {
			p.workPaid[si] += e.Amount
		} else {
			p.otherPaid[si] += e.Amount
		}
		if d := int64(p.today) - int64(e.Date); d >= 0 && d < RecentDays {
			p.trailing[si][d] += e.Amount
		}
		if s := p.stopped[si]; s != nil {
			switch t := int64(e.Date) - int64(s.last); {
			case t > 0 && t <= int64(s.periods*PeriodDays):
				s.sales = append(s.sales, sale{int32(t), e.Amount})
			case t <= 0 && t > -BeforeDays:
				s.before += e.Amount
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for si, s := range p.stopped {
		if s == nil || !p.hasFirst[si] || p.first[si] > s.last {
			continue
		}
		from := max(int64(s.last)-BeforeDays+1, int64(p.first[si]))
		s.baseDays = int(int64(s.last) - from + 1)
		s.binSales()
		s.base30 = float64(s.before) * PeriodDays / float64(s.baseDays)
	}
	return p, nil
}

// curves fits the residual of every stopped stream and, per class, the
// pooled curve over those with income before their last work, and
// bootstraps them class by class.
func (p *pass) curves() (classes [3]*Curve, streams []*Curve) {
	var pooled [3][]*stopped
	own := map[int32]*Curve{}
	for si, s := range p.stopped {
		if s == nil {
			continue
		}
		st := p.g.streams[si]
		c := buildCurve([]*stopped{s})
		c.Group, c.Class, c.LastWork = string(st.name), st.class, s.last
		streams = append(streams, c)
		own[int32(si)] = c
		if s.base30 > 0 {
			pooled[st.class] = append(pooled[st.class], s)
		}
	}
	slices.SortFunc(streams, func(a, b *Curve) int { return strings.Compare(a.Group, b.Group) })
	for cl := range pooled {
		if len(pooled[cl]) == 0 {
			continue
		}
		// Streams in name order, so that the sums do not depend on the
		// order streams first appear in.
		parts := pooled[cl]
		slices.SortFunc(parts, func(a, b *stopped) int {
			return strings.Compare(string(p.g.streams[a.si].name), string(p.g.streams[b.si].name))
		})
		c := buildCurve(parts)
		c.Group, c.Class, c.Pooled = ledger.Class(cl).String(), ledger.Class(cl), true
		classes[cl] = c
		members := make([]*Curve, len(parts))
		seeds := make([]uint64, len(parts))
		for i, s := range parts {
			members[i] = own[s.si]
			seeds[i] = uint64(s.si) + 16
		}
		bootstrapCurves(c, members, seeds)
	}
	return classes, streams
}

// leftWarnings says which income in other currencies the report leaves out.
func (p *pass) leftWarnings(cmd string) []Warning {
	var ws []Warning
	for ci, amount := range p.left {
		cur := p.g.currencies[ci]
		ws = append(ws, Warning{Code: WarnLeftOut, Amount: amount, Currency: cur,
			Message: ledger.FormatAmount(amount, cur) + " " + cur + " of income is left out: the report is in " + p.cur + " only (" + cmd + " --currency " + cur + " shows it)"})
	}
	slices.SortFunc(ws, func(a, b Warning) int { return strings.Compare(a.Message, b.Message) })
	return ws
}

// DecayOptions are the choices of `report decay`.
type DecayOptions struct {
	Currency string // "" = the currency with the most income events
	ByStream bool   // also one row per stream
}

// DecayGroup is one class's or stream's income by age, with its residual
// curve when it has one.
type DecayGroup struct {
	Group string
	Class ledger.Class
	AgeFigures
	Curve *Curve // nil: no stopped stream behind it
}

// DecayReport is the result of Decay.
type DecayReport struct {
	Currency string
	LastDate ledger.Date // the ledger's last date: of any event or work
	Classes  []DecayGroup
	Streams  []DecayGroup // with ByStream
	// Curves are the residual curves: the pooled one of each class with a
	// stopped stream, then every stopped stream's own.
	Curves   []*Curve
	Warnings []Warning
}

// WarningList returns the report's warnings.
func (r *DecayReport) WarningList() []Warning { return r.Warnings }

// Decay shows how old income is when it arrives (the days since the last
// work on its stream) and how income fades after the last work.
func Decay(in Input, opt DecayOptions) (*DecayReport, error) {
	p, err := runPass(in, opt.Currency)
	if err != nil {
		return nil, err
	}
	return p.decay(opt), nil
}

func (p *pass) decay(opt DecayOptions) *DecayReport {
	r := &DecayReport{Currency: p.cur, LastDate: p.lastDate, Warnings: p.leftWarnings("report decay")}
	classCurves, streamCurves := p.curves()
	for _, cl := range []ledger.Class{ledger.ClassMarketplace, ledger.ClassStorefront, ledger.ClassOther} {
		r.Classes = append(r.Classes, DecayGroup{Group: cl.String(), Class: cl, AgeFigures: p.classes[cl], Curve: classCurves[cl]})
		if classCurves[cl] != nil {
			r.Curves = append(r.Curves, classCurves[cl])
		}
	}
	r.Curves = append(r.Curves, streamCurves...)
	if opt.ByStream {
		byName := map[string]*Curve{}
		for _, c := range streamCurves {
			byName[c.Group] = c
		}
		for si, st := range p.g.streams {
			if p.streams[si].Income == 0 && !p.hasFirst[si] {
				continue
			}
			r.Streams = append(r.Streams, DecayGroup{Group: string(st.name), Class: st.class, AgeFigures: p.streams[si], Curve: byName[string(st.name)]})
		}
		slices.SortFunc(r.Streams, func(a, b DecayGroup) int { return strings.Compare(a.Group, b.Group) })
	}
	return r
}
