package report

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"unsafe"

	"github.com/earnlog/earnlog/ledger"
)

// Classification: the spans of work per stream, the links from refunds and
// adjustments to their earnings, and the rules that judge an income event
// active or passive. The engine (engine.go) feeds it the ledger; every
// report, and the explanations, read its Verdict.

// span is an inclusive range of days with work in it.
type span struct{ start, end ledger.Date }

// spans are merged into disjoint, sorted ranges (touching ones joined), so
// "does any work overlap [a, b]" is one binary search over a list that is
// short even when work is logged every day.
type spans struct {
	s    []span
	hint int // where overlaps found its candidate last
	// cur is the span add grows, not yet in s while open: add compares
	// with it rather than with the last of s, which for one stream among
	// thousands is a cache miss away. flush puts it in s.
	cur  span
	open bool
}

// add adds start..end. One that overlaps or touches the last span added and
// does not start before it joins it (work is mostly logged in order), which
// finish would do anyway.
func (p *spans) add(start, end ledger.Date) {
	if p.open {
		if l := &p.cur; start >= l.start && int64(start) <= int64(l.end)+1 {
			l.end = max(l.end, end)
			return
		}
		p.s = append(p.s, p.cur)
	}
	p.cur, p.open = span{start, end}, true
}

// flush ends what add grows: s then holds every span added.
func (p *spans) flush() {
	if p.open {
		p.s = append(p.s, p.cur)
		p.open = false
	}
}

// finish sorts and joins the spans. A stream's spans are mostly one or two
// sorted runs (sessions logged in order, which add joins as they come,
// after the billing periods of its invoices): those are merged in one
// pass, the rest sorted.
func (p *spans) finish() {
	p.flush()
	breaks, at := 0, 0 // where the order breaks: how often, and the last place
	for i := 1; i < len(p.s) && breaks < 2; i++ {
		if spanLess(p.s[i], p.s[i-1]) {
			breaks, at = breaks+1, i
		}
	}
	switch breaks {
	case 0:
	case 1:
		p.s = mergeSpans(p.s[:at], p.s[at:])
	default:
		slices.SortFunc(p.s, func(a, b span) int {
			return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
		})
	}
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

// spanLess orders spans by start, then end.
func spanLess(a, b span) bool { return a.start < b.start || (a.start == b.start && a.end < b.end) }

// mergeSpans returns the sorted runs a and b as one sorted list, in a new
// slice.
func mergeSpans(a, b []span) []span {
	out := make([]span, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if spanLess(b[0], a[0]) {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// overlaps reports whether any span has a day in [a, b].
func (p *spans) overlaps(a, b ledger.Date) bool {
	// The first range ending on or after a is the only candidate. Queries
	// on a stream come mostly in date order: the one found last, or the
	// next, is the candidate again more often than not.
	s := p.s
	for _, h := range [2]int{p.hint, p.hint + 1} {
		if h < len(s) && s[h].end >= a && (h == 0 || s[h-1].end < a) {
			p.hint = h
			return s[h].start <= b
		}
	}
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m].end < a {
			lo = m + 1
		} else {
			hi = m
		}
	}
	p.hint = lo
	return lo < len(s) && s[lo].start <= b
}

// last returns the latest day of work, and false when there is none.
func (p *spans) last() (ledger.Date, bool) {
	if len(p.s) == 0 {
		return 0, false
	}
	return p.s[len(p.s)-1].end, true
}

// link states.
const (
	linkUnseen int8 = iota
	linkActive
	linkPassive
)

// linkRec is what a refund or adjustment learns of the earning its link
// names: whether it was passive and, when the engine explains, which event
// it was.
type linkRec struct {
	state int8
	id    uint64
	date  ledger.Date
}

// linkFilter is a filter of references: two bits per reference in a table
// of at least 16 bits per reference, so that a reference it does not hold
// is told apart at one hash and two bit tests (about one in seventy gets
// through anyway, and is looked up).
type linkFilter struct {
	bits []uint64
	mask uint64
}

func newLinkFilter(refs []string) linkFilter {
	n := 64
	for n < 16*len(refs) {
		n *= 2
	}
	f := linkFilter{bits: make([]uint64, n/64), mask: uint64(n - 1)}
	for _, ref := range refs {
		h := refHash(ref)
		a, b := h&f.mask, (h>>32)&f.mask
		f.bits[a/64] |= 1 << (a % 64)
		f.bits[b/64] |= 1 << (b % 64)
	}
	return f
}

// refHash is the hash of a reference that link filters test: its bytes
// eight at a time, each word multiplied in, then murmur3's finaliser to
// spread them over both halves (a filter takes a bit from each). The
// references are short (invoice and order numbers), and every earning
// with one is hashed once per report: a few multiplications inline cost
// less than the runtime's seeded hash behind a call. A filter only tells
// which references to look up in a map, so a poor spread would cost time,
// never a wrong verdict.
func refHash(ref string) uint64 {
	b := unsafe.Slice(unsafe.StringData(ref), len(ref))
	h := uint64(len(b)) * 0x9E3779B97F4A7C15
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xff51afd7ed558ccd
		h ^= h >> 29
		b = b[8:]
	}
	var w uint64
	for i, c := range b {
		w |= uint64(c) << (8 * i)
	}
	h = (h ^ w) * 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// has reports whether the reference hashed h (refHash) may be among the
// filter's references; a filter of none lets everything through.
func (f *linkFilter) has(h uint64) bool {
	if f.bits == nil {
		return true
	}
	a, b := h&f.mask, (h>>32)&f.mask
	return f.bits[a/64]&(1<<(a%64)) != 0 && f.bits[b/64]&(1<<(b%64)) != 0
}

// finishLinks builds st's filter of the references its refunds and
// adjustments link to, so that the earnings no refund names (nearly all)
// skip the map.
func (st *streamState) finishLinks() {
	if len(st.links) == 0 {
		return
	}
	refs := make([]string, 0, len(st.links))
	for ref := range st.links {
		refs = append(refs, ref)
	}
	st.filter = newLinkFilter(refs)
}

// link returns the index of the link ref, if a refund or adjustment on st
// names it.
func (st *streamState) link(ref string) (int32, bool) { return st.linkHashed(ref, refHash(ref)) }

// linkHashed is link of a reference whose hash is h.
func (st *streamState) linkHashed(ref string, h uint64) (int32, bool) {
	if !st.filter.has(h) {
		return 0, false
	}
	i, ok := st.links[ref]
	return i, ok
}

// linkOf returns what is known of the earning that ref names.
func (st *streamState) linkOf(ref string) linkRec {
	if i, ok := st.link(ref); ok {
		r := linkRec{state: st.linkState[i]}
		if st.linkWho != nil {
			r.id, r.date = st.linkWho[i].id, st.linkWho[i].date
		}
		return r
	}
	return linkRec{}
}

// setLink records the earning e found for the link at index i.
func (st *streamState) setLink(i int32, e *ledger.Event, passive bool) {
	st.linkState[i] = linkActive
	if passive {
		st.linkState[i] = linkPassive
	}
	if st.linkWho != nil {
		st.linkWho[i] = linkRec{id: e.ID, date: e.Date}
	}
}

// period is the billing period of an event with billed hours. An event that
// bills hours without a period (an old record) is taken to bill the week
// ending on its date, as a hand-typed one does.
func period(e *ledger.Event) (ledger.Date, ledger.Date) {
	return periodOf(e.Date, e.PeriodStart, e.PeriodEnd)
}

// periodOf is period of an event dated d that bills start..end.
func periodOf(d, start, end ledger.Date) (ledger.Date, ledger.Date) {
	if end < start || (start == 0 && end == 0) {
		return ledger.BillingWeek(d)
	}
	return start, end
}

// Reason says why the rule judged an income event as it did.
type Reason uint8

// Reasons. ReasonWork and ReasonNoWork come from the rule's window;
// ReasonBilled from the event itself; ReasonLinked from the earning a
// refund or adjustment follows.
const (
	ReasonNone   Reason = iota // not judged: the event is not income (a fee)
	ReasonBilled               // it carries billed hours: active
	ReasonHourly               // an hourly payment without an hours figure: active by its kind
	ReasonWork                 // work on its stream falls in the window: active
	ReasonNoWork               // no work on its stream in the window: passive
	ReasonLinked               // a refund or adjustment takes its earning's class
)

// Evidence is what kind of record Verdict.Evidence names.
type Evidence uint8

// Evidence kinds.
const (
	EvidenceNone    Evidence = iota
	EvidenceSession          // a work session
	EvidenceBilling          // an invoice whose billing period has the work
	EvidenceEarning          // the earning a refund or adjustment links to
)

// Verdict is how the rule judged one income event, and why.
type Verdict struct {
	Passive bool
	Reason  Reason
	// Unlinked is set on a refund or adjustment whose link names no
	// earning on its stream (or that has no link): it is judged on its
	// own date.
	Unlinked bool
	// From and To bound the days the rule looked at for work (ReasonWork
	// and ReasonNoWork); From is FirstDay when any earlier work counts
	// (since-last, first income on the stream).
	From, To ledger.Date
	// Evidence is the record that decided: a session or an invoice with
	// the work (explanations only), or the linked earning. EvidenceStart
	// and EvidenceEnd are its days (a session's, a billing period, the
	// earning's date).
	EvidenceKind               Evidence
	Evidence                   uint64
	EvidenceStart, EvidenceEnd ledger.Date
}

// FirstDay stands for "no lower bound" in a Verdict's From.
const FirstDay = ledger.Date(-1 << 31)

// judgeByRule classifies an event by the rule on its own date. An hourly
// payment is active by its kind, with or without its hours: UpWork pays
// hourly contracts only for tracked time.
func (g *engine) judgeByRule(st *streamState, e *ledger.Event) Verdict {
	d := e.Date
	if e.Billed > 0 {
		return Verdict{Reason: ReasonBilled}
	}
	if e.Kind == ledger.KindHourly {
		return Verdict{Reason: ReasonHourly}
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
			from = FirstDay
		} else {
			from = dates[lo-1] + 1
		}
	} else {
		from = d - ledger.Date(g.rule.WindowDays)
	}
	if st.work.overlaps(from, d) {
		return Verdict{Reason: ReasonWork, From: from, To: d}
	}
	return Verdict{Passive: true, Reason: ReasonNoWork, From: from, To: d}
}

// fromLink is the verdict of a refund or adjustment that follows the
// earning l.
func fromLink(l linkRec) Verdict {
	return Verdict{Passive: l.state == linkPassive, Reason: ReasonLinked,
		EvidenceKind: EvidenceEarning, Evidence: l.id, EvidenceStart: l.date, EvidenceEnd: l.date}
}

// classify judges an income event e of stream st into *out. It returns
// false when e is a refund or adjustment whose earning comes later in ID
// order: the engine hands it over again at the end (final set).
func (g *engine) classify(st *streamState, e *ledger.Event, final bool, out *Verdict) bool {
	v := out
	if e.Kind.Links() {
		l := linkRec{}
		if st.links != nil && e.Link != "" {
			l = st.linkOf(e.Link)
		}
		switch {
		case l.state != linkUnseen:
			*v = fromLink(l)
		case !final && st.links != nil && e.Link != "":
			return false
		default:
			// No earning on the stream carries that reference: the rule decides.
			*v = g.judgeByRule(st, e)
			v.Unlinked = true
		}
	} else {
		*v = g.judgeByRule(st, e)
	}
	if g.explain && v.Reason == ReasonWork {
		g.evidence(st, e.Date, v.From, v)
	}
	g.setLinkIdx = -1
	if !final && st.links != nil && e.Ref != "" && e.Kind.IsIncome() {
		if i, ok := st.link(e.Ref); ok && st.linkState[i] == linkUnseen {
			st.setLink(i, e, v.Passive)
			g.setLinkIdx = i
		}
	}
	return true
}

// workItem is one record with work in it, kept for explanations only: a
// session or an invoice's billing period.
type workItem struct {
	start, end ledger.Date
	id         uint64
	kind       Evidence // EvidenceSession or EvidenceBilling
}

func sortWork(w []workItem) {
	slices.SortFunc(w, func(a, b workItem) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end), cmp.Compare(a.kind, b.kind), cmp.Compare(a.id, b.id))
	})
}

// nearestBefore returns the work item whose days come closest to d from
// before (or on d) and start on or after from: the one with the latest
// day min(end, d). ok is false when there is none.
func (st *streamState) nearestBefore(d, from ledger.Date) (workItem, bool) {
	w := st.items
	// Items start in order: everything from i on starts after d.
	i, _ := slices.BinarySearchFunc(w, d+1, func(x workItem, t ledger.Date) int { return cmp.Compare(x.start, t) })
	var best workItem
	var bestDay ledger.Date
	found := false
	for j := i - 1; j >= 0; j-- {
		x := w[j]
		if found && int64(x.start)+st.longest < int64(bestDay) {
			break // no earlier item can reach past the best one
		}
		if x.end < from {
			continue
		}
		day := min(x.end, d)
		if !found || day > bestDay || (day == bestDay && x.kind == EvidenceSession && best.kind != EvidenceSession) {
			best, bestDay, found = x, day, true
		}
	}
	return best, found
}

// nearestAfter returns the first work item that starts after d.
func (st *streamState) nearestAfter(d ledger.Date) (workItem, bool) {
	w := st.items
	i, _ := slices.BinarySearchFunc(w, d+1, func(x workItem, t ledger.Date) int { return cmp.Compare(x.start, t) })
	if i < len(w) {
		return w[i], true
	}
	return workItem{}, false
}

// evidence fills in the record behind an active verdict on d.
func (g *engine) evidence(st *streamState, d, from ledger.Date, v *Verdict) {
	if x, ok := st.nearestBefore(d, from); ok {
		v.EvidenceKind, v.Evidence, v.EvidenceStart, v.EvidenceEnd = x.kind, x.id, x.start, x.end
	}
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
			out[it.e.ID] = it.v.Passive
		}
	})
	return out, err
}

// cloneLink copies a link string out of the store's buffers.
func cloneLink(s string) string { return strings.Clone(s) }
