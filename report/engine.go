package report

import (
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// The engine reads a ledger in two passes over the events. The first pass
// (prepare) learns, per stream, when work happened (sessions and billing
// periods), which references refunds link to and, for since-last, the dates
// of income. The second pass (run) classifies every event with a binary
// search over those spans and hands it to a report's accumulator. Memory
// grows with streams, spans and months, never with a copy of every event.

// span is an inclusive range of days with work in it.
type span struct{ start, end ledger.Date }

// spans are merged into disjoint, sorted ranges (touching ones joined), so
// "does any work overlap [a, b]" is one binary search over a list that is
// short even when work is logged every day.
type spans struct {
	s []span
}

func (p *spans) add(start, end ledger.Date) { p.s = append(p.s, span{start, end}) }

func (p *spans) finish() {
	slices.SortFunc(p.s, func(a, b span) int {
		if a.start != b.start {
			return int(a.start - b.start)
		}
		return int(a.end - b.end)
	})
	out := p.s[:0]
	for _, x := range p.s {
		if n := len(out); n > 0 && int64(x.start) <= int64(out[n-1].end)+1 {
			if x.end > out[n-1].end {
				out[n-1].end = x.end
			}
			continue
		}
		out = append(out, x)
	}
	p.s = slices.Clip(out)
}

// overlaps reports whether any span has a day in [a, b].
func (p *spans) overlaps(a, b ledger.Date) bool {
	// The first range ending on or after a is the only candidate.
	lo, hi := 0, len(p.s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.s[m].end < a {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(p.s) && p.s[lo].start <= b
}

// last returns the latest day of work, and false when there is none.
func (p *spans) last() (ledger.Date, bool) {
	if len(p.s) == 0 {
		return 0, false
	}
	return p.s[len(p.s)-1].end, true
}

// streamState is what the engine knows of one stream.
type streamState struct {
	name     ledger.Stream
	platform string
	class    ledger.Class
	work     spans // sessions and billing periods: what makes income active
	logged   spans // sessions only: where logged hours win over billed ones
	// incomeDates are the dates of income events, sorted and unique (since-last).
	incomeDates []ledger.Date
	// curEvents counts income events per currency index, to pick the
	// currency the stream's logged hours are shown in.
	curEvents []int
	home      int32
	// links holds the references that refunds and adjustments on this
	// stream link to, with the class of the earning found for each; nil
	// when none link, so most events skip the lookup.
	// links maps a reference to its index in linkState; states are kept
	// apart so that no key is ever rewritten with a caller's string.
	links     map[string]int32
	linkState []int8
}

// link states.
const (
	linkUnseen int8 = iota
	linkActive
	linkPassive
)

// linkOf returns the state of the earning that ref names.
func (st *streamState) linkOf(ref string) int8 {
	if i, ok := st.links[ref]; ok {
		return st.linkState[i]
	}
	return linkUnseen
}

// session is what a report computes with of a work session.
type session struct {
	si      int32 // stream
	start   ledger.Date
	seconds int64
}

type engine struct {
	in         Input
	rule       Rule
	streams    []*streamState
	byName     map[ledger.Stream]int32
	currencies []string
	curIdx     map[string]int32
	mainCur    int32
	// minMonth and maxMonth bound the months of non-voided events.
	minMonth, maxMonth int32
	minDate, maxDate   ledger.Date
	// months caches monthOf for every day from minDate to maxDate.
	months []int32
	// sessions are the non-voided work sessions, as the reports use them.
	sessions []session

	// caches of the last lookups: events of one stream or currency tend to
	// come in runs.
	lastStream ledger.Stream
	lastSI     int32
	lastCur    string
	lastCI     int32
}

func newEngine(in Input, rule Rule) (*engine, error) {
	g := &engine{
		in:      in,
		rule:    rule.norm(),
		byName:  map[ledger.Stream]int32{},
		curIdx:  map[string]int32{},
		lastSI:  -1,
		lastCI:  -1,
		mainCur: -1,
	}
	if err := g.prepare(); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *engine) stream(s ledger.Stream) int32 {
	if g.lastSI >= 0 && s == g.lastStream {
		return g.lastSI
	}
	i, ok := g.byName[s]
	if !ok {
		// The store may hand out strings backed by its own buffers: keep a copy.
		s = ledger.Stream(strings.Clone(string(s)))
		i = int32(len(g.streams))
		g.streams = append(g.streams, &streamState{
			name: s, platform: s.Platform(), class: g.in.Classes.OfStream(s), home: -1,
		})
		g.byName[s] = i
	}
	g.lastStream, g.lastSI = g.streams[i].name, i
	return i
}

func (g *engine) currency(c string) int32 {
	if g.lastCI >= 0 && c == g.lastCur {
		return g.lastCI
	}
	// Ledgers hold a handful of currencies: comparing beats hashing.
	if len(g.currencies) <= 8 {
		for i, x := range g.currencies {
			if x == c {
				g.lastCur, g.lastCI = x, int32(i)
				return int32(i)
			}
		}
	}
	i, ok := g.curIdx[c]
	if !ok {
		c = strings.Clone(c)
		i = int32(len(g.currencies))
		g.currencies = append(g.currencies, c)
		g.curIdx[c] = i
	}
	g.lastCur, g.lastCI = g.currencies[i], i
	return i
}

// period is the billing period of an event with billed hours. An event that
// bills hours without a period (an old record) is taken to bill the week
// ending on its date, as a hand-typed one does.
func period(e *ledger.Event) (ledger.Date, ledger.Date) {
	if e.PeriodEnd < e.PeriodStart || (e.PeriodStart == 0 && e.PeriodEnd == 0) {
		return ledger.BillingWeek(e.Date)
	}
	return e.PeriodStart, e.PeriodEnd
}

func linkable(k ledger.Kind) bool { return k == ledger.KindRefund || k == ledger.KindAdjustment }

func (g *engine) prepare() error {
	sinceLast := g.rule.Name == RuleSinceLast
	first := true
	if g.in.Events != nil {
		err := g.in.Events(func(e *ledger.Event) error {
			if e.Voided {
				return nil
			}
			si := g.stream(e.Stream)
			st := g.streams[si]
			ci := g.currency(e.Currency)
			if e.Billed > 0 {
				a, b := period(e)
				st.work.add(a, b)
			}
			if e.Kind.CountsAsIncome() {
				for int(ci) >= len(st.curEvents) {
					st.curEvents = append(st.curEvents, 0)
				}
				st.curEvents[ci]++
			}
			if linkable(e.Kind) && e.Link != "" {
				if st.links == nil {
					st.links = map[string]int32{}
				}
				if _, ok := st.links[e.Link]; !ok {
					st.links[strings.Clone(e.Link)] = int32(len(st.linkState))
					st.linkState = append(st.linkState, linkUnseen)
				}
			}
			if first || e.Date < g.minDate {
				g.minDate = e.Date
			}
			if first || e.Date > g.maxDate {
				g.maxDate = e.Date
			}
			first = false
			if sinceLast && e.Kind.IsIncome() {
				if n := len(st.incomeDates); n == 0 || st.incomeDates[n-1] != e.Date {
					st.incomeDates = append(st.incomeDates, e.Date)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if g.in.Sessions != nil {
		err := g.in.Sessions(func(w *ledger.WorkSession) error {
			if w.Voided {
				return nil
			}
			si := g.stream(w.Stream)
			st := g.streams[si]
			a, b := w.StartDate(), w.EndDate()
			st.work.add(a, b)
			st.logged.add(a, b)
			g.sessions = append(g.sessions, session{si: si, start: a, seconds: w.Seconds})
			return nil
		})
		if err != nil {
			return err
		}
	}
	g.minMonth, g.maxMonth = monthOf(g.minDate), monthOf(g.maxDate)
	if n := int64(g.maxDate) - int64(g.minDate) + 1; !first && n <= 1<<16 {
		g.months = make([]int32, n)
		for i := range g.months {
			g.months[i] = monthOf(g.minDate + ledger.Date(i))
		}
	}
	// The main currency is the one with the most income events (amounts in
	// different currencies cannot be compared); ties go to the lower code.
	total := make([]int, len(g.currencies))
	for _, st := range g.streams {
		st.work.finish()
		st.logged.finish()
		if sinceLast {
			slices.Sort(st.incomeDates)
			st.incomeDates = slices.Compact(st.incomeDates)
		}
		st.home = g.pickCurrency(st.curEvents)
		for c, n := range st.curEvents {
			total[c] += n
		}
	}
	g.mainCur = g.pickCurrency(total)
	if g.mainCur < 0 {
		if len(g.currencies) > 0 {
			g.mainCur = g.lowestCurrency()
		} else {
			g.mainCur = g.currency(ledger.DefaultCurrency)
		}
	}
	for _, st := range g.streams {
		if st.home < 0 {
			st.home = g.mainCur
		}
	}
	return nil
}

// pickCurrency returns the index with the highest count (ties: the lower
// code), or -1 when every count is zero.
func (g *engine) pickCurrency(counts []int) int32 {
	best := int32(-1)
	for c, n := range counts {
		if n == 0 {
			continue
		}
		if best < 0 || n > counts[best] || (n == counts[best] && g.currencies[c] < g.currencies[best]) {
			best = int32(c)
		}
	}
	return best
}

func (g *engine) lowestCurrency() int32 {
	best := int32(0)
	for c := range g.currencies {
		if g.currencies[c] < g.currencies[best] {
			best = int32(c)
		}
	}
	return best
}

// passiveByRule classifies an event by the rule on its own date.
func (g *engine) passiveByRule(st *streamState, d ledger.Date, billed int64) bool {
	if billed > 0 {
		return false
	}
	var from ledger.Date
	if g.rule.Name == RuleSinceLast {
		// Work counts from the day after the last earlier date with income;
		// for the first income on a stream, any work before counts.
		dates := st.incomeDates
		lo, hi := 0, len(dates)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if dates[m] < d {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo == 0 {
			from = minDate
		} else {
			from = dates[lo-1] + 1
		}
	} else {
		from = d - ledger.Date(g.rule.WindowDays)
	}
	return !st.work.overlaps(from, d)
}

const minDate = ledger.Date(-1 << 31)

// item is one event as the accumulators see it.
type item struct {
	e       *ledger.Event
	si      int32
	ci      int32
	passive bool // meaningful for events that count as income
	// billedCounts is true for an event with billed hours on a stream with
	// no logged session in its billing period: its hours are the period's hours.
	billedCounts bool
}

// run streams every non-voided event to fn, classified. Refunds and
// adjustments whose linked earning comes later in ID order are handed over
// at the end, so the result does not depend on the order of the ledger.
func (g *engine) run(fn func(it *item)) error {
	if g.in.Events == nil {
		return nil
	}
	for _, st := range g.streams {
		clear(st.linkState)
	}
	var pending []ledger.Event
	var it item
	err := g.in.Events(func(e *ledger.Event) error {
		if e.Voided {
			return nil
		}
		si := g.stream(e.Stream)
		st := g.streams[si]
		it = item{e: e, si: si, ci: g.currency(e.Currency)}
		if e.Kind.CountsAsIncome() {
			if st.links != nil && linkable(e.Kind) && e.Link != "" {
				switch st.linkOf(e.Link) {
				case linkActive:
					it.passive = false
				case linkPassive:
					it.passive = true
				default:
					// Only what the accumulators read is kept.
					pending = append(pending, ledger.Event{
						ID: e.ID, Date: e.Date, Stream: st.name, Kind: e.Kind, Amount: e.Amount,
						Currency: g.currencies[it.ci], Billed: e.Billed, PeriodStart: e.PeriodStart,
						PeriodEnd: e.PeriodEnd, Link: strings.Clone(e.Link),
					})
					return nil
				}
			} else {
				it.passive = g.passiveByRule(st, e.Date, e.Billed)
			}
			if st.links != nil && e.Ref != "" && e.Kind.IsIncome() {
				if i, ok := st.links[e.Ref]; ok && st.linkState[i] == linkUnseen {
					if it.passive {
						st.linkState[i] = linkPassive
					} else {
						st.linkState[i] = linkActive
					}
				}
			}
		}
		if e.Billed > 0 {
			a, b := period(e)
			it.billedCounts = !st.logged.overlaps(a, b)
		}
		fn(&it)
		return nil
	})
	if err != nil {
		return err
	}
	for i := range pending {
		e := &pending[i]
		si := g.stream(e.Stream)
		st := g.streams[si]
		it = item{e: e, si: si, ci: g.currency(e.Currency)}
		switch st.linkOf(e.Link) {
		case linkActive:
			it.passive = false
		case linkPassive:
			it.passive = true
		default:
			// No earning on the stream carries that reference: the rule decides.
			it.passive = g.passiveByRule(st, e.Date, e.Billed)
		}
		if e.Billed > 0 {
			a, b := period(e)
			it.billedCounts = !st.logged.overlaps(a, b)
		}
		fn(&it)
	}
	return nil
}

// month is monthOf through the engine's table.
func (g *engine) month(d ledger.Date) int32 {
	if i := int64(d) - int64(g.minDate); i >= 0 && i < int64(len(g.months)) {
		return g.months[i]
	}
	return monthOf(d)
}

// monthOf returns year*12+month-1 of d without going through time.Time:
// this runs once per event (days-to-civil after H. Hinnant).
func monthOf(d ledger.Date) int32 {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return int32(y*12 + m - 1)
}

// inRange reports whether d lies within from..to, where 0 is an open end.
func inRange(d, from, to ledger.Date) bool {
	return (from == 0 || d >= from) && (to == 0 || d <= to)
}

// Classify returns, for every non-voided event that counts as income, whether
// the rule finds it passive, keyed by event ID. Reports do not need it; it
// explains them (and tests them).
func Classify(in Input, rule Rule) (map[uint64]bool, error) {
	if err := checkRule(rule); err != nil {
		return nil, err
	}
	g, err := newEngine(in, rule)
	if err != nil {
		return nil, err
	}
	out := map[uint64]bool{}
	err = g.run(func(it *item) {
		if it.e.Kind.CountsAsIncome() {
			out[it.e.ID] = it.passive
		}
	})
	return out, err
}

func checkRule(r Rule) error {
	if r.Name == "" {
		return nil
	}
	_, err := ParseRule(r.Name, r.WindowDays)
	return err
}
