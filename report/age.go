package report

import (
	"math"
	"slices"

	"github.com/earnlog/earnlog/ledger"
)

// The age of income and what happens after the last work: one pass of the
// engine's classified events (the same spans of work the rule judges by)
// gathers what `report decay` and `report runway` compute with.

// noAge is the age of income with no work on its stream on or before its date.
const noAge = -1

// ageAt returns the days from the most recent work on st on or before d to
// d (0 when work falls on d), and false when no work comes before d. The
// spans are disjoint and sorted: the last one starting on or before d ends
// latest.
func (st *streamState) ageAt(d ledger.Date) (int64, bool) {
	s := st.work.s
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m].start <= d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return 0, false
	}
	return int64(d) - int64(min(s[lo-1].end, d)), true
}

// ageOf returns the age of an income event as the verdict sees it: an
// event with billed hours or an hourly payment is 0 days old (it pays for
// the work itself), a refund or adjustment that follows an earning has
// that earning's age, and any other event the days since the last work on
// its stream. The passive share at window W is then exactly the share of
// income older than W days, or without an age.
func (a *ageAcc) ageOf(it *item) int64 {
	switch it.v.Reason {
	case ReasonBilled, ReasonHourly:
		return 0
	case ReasonLinked:
		st := a.g.streams[it.si]
		if i, ok := st.link(it.e.Link); ok && a.links[it.si] != nil && a.links[it.si][i] != unsetAge {
			return int64(a.links[it.si][i])
		}
	}
	d, ok := a.g.streams[it.si].ageAt(it.e.Date)
	if !ok {
		return noAge
	}
	return d
}

const unsetAge = math.MinInt32

// ageAcc remembers the age of each earning that refunds or adjustments
// link to, when the engine records its verdict (the first income event
// with that reference on the stream: classify says which link it set).
type ageAcc struct {
	g     *engine
	links [][]int32 // per stream, per link index
}

func newAgeAcc(g *engine) *ageAcc {
	a := &ageAcc{g: g, links: make([][]int32, len(g.streams))}
	for si, st := range g.streams {
		if len(st.linkState) > 0 {
			a.links[si] = slices.Repeat([]int32{unsetAge}, len(st.linkState))
		}
	}
	return a
}

// observe returns the age of it and, when it is an earning others link to,
// records it.
func (a *ageAcc) observe(it *item) int64 {
	age := a.ageOf(it)
	if i := a.g.setLinkIdx; i >= 0 && it.e.Kind.IsIncome() {
		a.links[it.si][i] = int32(max(age, noAge))
	}
	return age
}
