package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"pgregory.net/rapid"
)

// Spans that join the last one as they are added end as the sorted, merged
// spans of every range added one by one, whatever the order: the days any
// range covers, and no others.
func TestPropSpansAdd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var p spans
		var all []span
		for range rapid.IntRange(0, 60).Draw(t, "n") {
			a := ledger.Date(rapid.IntRange(0, 120).Draw(t, "start"))
			b := a + ledger.Date(rapid.IntRange(0, 10).Draw(t, "len"))
			p.add(a, b)
			all = append(all, span{a, b})
		}
		p.finish()
		checkCovers(t, &p, all, -1, 135)
	})
}

// checkCovers fails unless the finished spans p are disjoint, sorted and
// apart, and cover the days from lo to hi that the spans in all cover.
func checkCovers(t *rapid.T, p *spans, all []span, lo, hi ledger.Date) {
	covered := map[ledger.Date]bool{}
	for _, s := range all {
		for d := s.start; d <= s.end; d++ {
			covered[d] = true
		}
	}
	for i, s := range p.s {
		if s.end < s.start || (i > 0 && int64(s.start) <= int64(p.s[i-1].end)+1) {
			t.Fatalf("spans %v are not disjoint, sorted and apart", p.s)
		}
	}
	for d := lo; d <= hi; d++ {
		if p.overlaps(d, d) != covered[d] {
			t.Fatalf("day %d: overlaps %v, covered %v (spans %v from %v)", d, p.overlaps(d, d), covered[d], p.s, all)
		}
	}
}

// Spans in one or two sorted runs (a stream's billing periods, then its
// sessions), or in any order, finish as the sorted, merged spans that cover
// the same days.
func TestPropSpansFinish(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := func(label string, sorted bool) []span {
			var out []span
			for range rapid.IntRange(0, 40).Draw(t, label+"n") {
				a := ledger.Date(rapid.IntRange(-5, 120).Draw(t, label+"start"))
				out = append(out, span{a, a + ledger.Date(rapid.IntRange(0, 10).Draw(t, label+"len"))})
			}
			if sorted {
				slices.SortFunc(out, func(x, y span) int {
					if spanLess(x, y) {
						return -1
					}
					if spanLess(y, x) {
						return 1
					}
					return 0
				})
			}
			return out
		}
		sorted := rapid.Bool().Draw(t, "sorted")
		all := append(gen("a", sorted), gen("b", sorted)...)
		p := spans{s: slices.Clone(all)}
		p.finish()
		checkCovers(t, &p, all, -6, 135)
	})
}

// The session list gives back what was added, in order, across blocks,
// and stops when told.
func TestSessionList(t *testing.T) {
	var l sessionList
	const n = 2*sessionBlock + 5
	for i := range n {
		l.add(session{si: int32(i % 7), start: ledger.Date(i), seconds: int64(i)})
	}
	i := 0
	for j, w := range l.all() {
		if j != i || w.start != ledger.Date(i) || w.si != int32(i%7) || w.seconds != int64(i) {
			t.Fatalf("session %d: got %d %+v", i, j, w)
		}
		i++
	}
	if i != n {
		t.Fatalf("%d sessions back, want %d", i, n)
	}
	for j := range l.all() {
		if j == sessionBlock {
			break
		}
		i = j
	}
	if i != sessionBlock-1 {
		t.Fatalf("stopped after %d", i)
	}
}

// A stream is the same stream whatever string its name comes in, and
// different names are different streams, beyond the cache's size too.
func TestEngineStreamByAddress(t *testing.T) {
	g := &engine{byName: map[ledger.Stream]int32{}, curIdx: map[string]int32{}, lastCI: -1}
	const n = maxStreamSlots + 100
	names := make([]ledger.Stream, n)
	for i := range names {
		names[i] = ledger.Stream(fmt.Sprintf("etsy/shop-%d", i))
	}
	for round := range 3 {
		for i, s := range names {
			if round == 2 {
				s = ledger.Stream(strings.Clone(string(s))) // the same name at another address
			}
			if got := g.stream(s); got != int32(i) || g.streams[got].name != names[i] {
				t.Fatalf("round %d: stream %q is %d (%q), want %d", round, s, got, g.streams[got].name, i)
			}
		}
		// Every other one again, out of order.
		for i := n - 1; i >= 0; i -= 2 {
			if got := g.stream(names[i]); got != int32(i) {
				t.Fatalf("round %d, backwards: stream %q is %d, want %d", round, names[i], got, i)
			}
		}
	}
	if len(g.streams) != n {
		t.Fatalf("%d streams, want %d", len(g.streams), n)
	}
}

// The link filter never hides a link, and what it lets through is looked
// up in the map: link agrees with the map for every reference.
func TestPropLinkFilter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		st := &streamState{links: map[string]int32{}}
		for i := range rapid.IntRange(0, 200).Draw(t, "links") {
			ref := fmt.Sprintf("r%d", rapid.IntRange(0, 1000).Draw(t, "ref"))
			if _, ok := st.links[ref]; !ok {
				st.links[ref] = int32(i)
			}
		}
		st.finishLinks()
		for i := range 1001 {
			ref := fmt.Sprintf("r%d", i)
			want, wok := st.links[ref]
			got, ok := st.link(ref)
			if ok != wok || got != want {
				t.Fatalf("%s: link %d %v, map %d %v", ref, got, ok, want, wok)
			}
		}
		if got, ok := st.link(""); ok {
			t.Fatalf("the empty reference links to %d", got)
		}
	})
}

// The filter's hash spreads references that differ in a digit or two, as
// invoice and order numbers do: about one in seventy of the references it
// does not hold gets through at most (two bits of sixteen or more per
// reference), and a hash that left such references together would let far
// more through.
func TestLinkFilterSpreadsNumbers(t *testing.T) {
	for _, form := range []string{"%d", "100%06d", "INV-%d", "order #%d-2024-uk"} {
		var refs []string
		for i := range 10000 {
			refs = append(refs, fmt.Sprintf(form, 2*i))
		}
		f := newLinkFilter(refs)
		for _, ref := range refs {
			if !f.has(refHash(ref)) {
				t.Fatalf("%s: the filter hides %q", form, ref)
			}
		}
		through := 0
		const tries = 100000
		for i := range tries {
			if f.has(refHash(fmt.Sprintf(form, 2*i+1))) {
				through++
			}
		}
		if rate := float64(through) / tries; rate > 0.025 {
			t.Errorf("%s: %.2f%% of references not held get through (%d of %d), want at most 2.5%% (an even spread lets about 0.5%% through at this size, 1.4%% at the smallest)", form, 100*rate, through, tries)
		}
	}
}

// classMonths gives the months seen in order, with their sums, whether
// they fall in the engine's months (a table) or not (a map from then on).
func TestPropClassMonths(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := int32(rapid.IntRange(-30, 30).Draw(t, "lo"))
		g := &engine{minMonth: lo, maxMonth: lo + int32(rapid.IntRange(-1, 40).Draw(t, "months"))}
		c := newClassMonths(g)
		want := map[int32]monthSums{}
		for range rapid.IntRange(0, 100).Draw(t, "events") {
			m := int32(rapid.IntRange(-50, 80).Draw(t, "month"))
			if rapid.Bool().Draw(t, "inside") && g.maxMonth >= g.minMonth {
				m = lo + int32(rapid.IntRange(0, int(g.maxMonth-lo)).Draw(t, "in"))
			}
			s := c.at(m)
			s.income++
			s.passive += int64(m)
			w := want[m]
			w.income++
			w.passive += int64(m)
			want[m] = w
		}
		keys := slices.Sorted(maps.Keys(want))
		got := c.sorted()
		if len(got) != len(keys) {
			t.Fatalf("%d months, want %d", len(got), len(keys))
		}
		for i, k := range keys {
			if got[i] != want[k] {
				t.Fatalf("month %d: %+v, want %+v", k, got[i], want[k])
			}
		}
	})
}
