package report

import (
	"iter"
	"slices"
	"strings"
	"unsafe"

	"github.com/earnlog/earnlog/ledger"
)

// The engine reads a ledger in two passes over the events. The first pass
// (prepare) learns, per stream, when work happened (sessions and billing
// periods), which references refunds link to and, for since-last, the dates
// of income; it reads each event's facts only (Input.Facts: a store decodes
// them without the event's texts), and finds streams by the address of
// their names, not by hashing them. It reads the work sessions beside
// that look when the input allows (Input.SessionsBeside: a store's
// read-only transaction), and hands what they hold to the engine after it,
// as if read then (engine_sessions.go). The second pass (run) decodes each
// event once, without its texts unless it is a refund or an earning a
// refund may name (Input.Wanted: a store copies only those), and
// classifies it once (classify.go: a binary search over those spans, or
// the earning a refund links to, found through a per-stream filter before
// any map) and hands it with its Verdict to a report's
// accumulator. A refund read before its earning (an import of refunds
// before sales, or an earning amended after its refunds, which gives it a
// higher ID) waits for the end of the pass. Memory grows with streams,
// spans and months, and work sessions, never with a copy of every event.
//
// The first pass cannot be folded into the second: an invoice's billing
// period can make an earlier event active, and a refund can come before or
// after the earning it names; without the first pass the engine would have
// to keep every earning's reference.

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
	// links maps each reference that refunds and adjustments on this
	// stream link to, to its index in linkState (what is known of the
	// earning with that reference); nil when none link, so most events
	// skip the lookup. States are kept apart from the map so that no key is
	// ever rewritten with a caller's string.
	links map[string]int32
	// filter filters lookups in links (finishLinks).
	filter    linkFilter
	linkState []int8
	linkWho   []linkRec // the earnings found, when the engine explains
	// items are the stream's sessions and billing periods one by one,
	// sorted by start, and longest the most days one spans: kept only when
	// the engine explains its verdicts.
	items   []workItem
	longest int64
	// lastIncome and lastImport are the latest dates of income, and of
	// imported income, on the stream (coverage warnings).
	lastIncome, lastImport ledger.Date
	hasIncome, hasImport   bool
}

// session is what a report computes with of a work session.
type session struct {
	si      int32 // stream
	start   ledger.Date
	seconds int64
}

// sessionList holds sessions in blocks of a fixed size: a ledger with a
// million of them grows block by block instead of copying them all at every
// doubling (and holding old and new copies at once).
type sessionList struct {
	blocks [][]session
	n      int
}

const sessionBlock = 1 << 13

func (l *sessionList) add(w session) {
	if l.n%sessionBlock == 0 {
		l.blocks = append(l.blocks, make([]session, 0, sessionBlock))
	}
	b := &l.blocks[len(l.blocks)-1]
	*b = append(*b, w)
	l.n++
}

// all yields the sessions in the order they were added.
func (l *sessionList) all() iter.Seq2[int, session] {
	return func(yield func(int, session) bool) {
		i := 0
		for _, b := range l.blocks {
			for _, w := range b {
				if !yield(i, w) {
					return
				}
				i++
			}
		}
	}
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
	sessions sessionList

	// addrs finds streams by the address of their names; lastCur and
	// lastCI are the last currency looked up (events of one currency come
	// in runs).
	addrs   addrCache
	lastCur string
	lastCI  int32

	// explain makes the engine keep every record with work, so that a
	// verdict can name the session or invoice behind it.
	explain bool

	// setLinkIdx is the link index the last classified event set (the
	// earning refunds link to), -1 when none: what decay records the age of.
	setLinkIdx int32

	// linked holds the streams refunds or adjustments link on, by name,
	// and linkedBy finds them by the address of their names (open
	// addressing; linkedShift makes a hash an index): made at the end of
	// prepare and only read after, by wantTexts.
	linked      map[ledger.Stream]*streamState
	linkedBy    []linkedSlot
	linkedShift uint
	// anyLinks filters the references of all those streams at once: an
	// earning whose reference no refund on any stream names (nearly all)
	// is let go at one hash and a table that stays in cache, before its
	// stream is looked for.
	anyLinks linkFilter
}

func newEngine(in Input, rule Rule) (*engine, error) {
	return newEngineExplaining(in, rule, false)
}

// newEngineExplaining is newEngine that, with explain, keeps what it needs
// to name the evidence of each verdict.
func newEngineExplaining(in Input, rule Rule, explain bool) (*engine, error) {
	g := &engine{
		in:      in,
		rule:    rule.norm(),
		byName:  map[ledger.Stream]int32{},
		curIdx:  map[string]int32{},
		lastCI:  -1,
		mainCur: -1,
		explain: explain,
	}
	if err := g.prepare(); err != nil {
		return nil, err
	}
	return g, nil
}

func (g *engine) stream(s ledger.Stream) int32 {
	if si, ok := g.addrs.find(string(s)); ok {
		return si
	}
	i, ok := g.byName[s]
	if !ok {
		// The store may hand out strings backed by its own buffers: keep a copy.
		c := ledger.Stream(strings.Clone(string(s)))
		i = int32(len(g.streams))
		g.streams = append(g.streams, &streamState{
			name: c, platform: c.Platform(), class: g.in.Classes.OfStream(c), home: -1,
		})
		g.byName[c] = i
		g.addrs.grow(len(g.streams))
	}
	g.addrs.put(string(s), i)
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

func (g *engine) prepare() error {
	sinceLast := g.rule.Name == RuleSinceLast
	ignore := g.rule.ignored()
	first := true
	// The sessions are read beside the first look at the events when the
	// input allows it, else after it.
	var sessions func() error
	var part *sessionPart
	if each := g.in.Sessions; each != nil {
		read := func() (err error) {
			part, err = readSessions(each, ignore, g.explain)
			return err
		}
		sessions = read
		if g.in.SessionsBeside {
			// A panic of the events' look (a damaged file) must not end
			// the transaction under the sessions' scan: it waits for it.
			b := beside(read)
			defer b.end()
			sessions = b.wait
		}
	}
	// The first look at the events reads their facts: from the store's
	// own scan of them when the input has one, else from the events.
	var err error
	switch {
	case g.in.Facts != nil:
		err = g.in.Facts(func(f *ledger.EventFacts) error {
			g.prepareEvent(f, sinceLast, &first)
			return nil
		})
	case g.in.Events != nil:
		err = g.in.Events(func(e *ledger.Event) error {
			f := e.Facts()
			g.prepareEvent(&f, sinceLast, &first)
			return nil
		})
	}
	if sessions != nil && (err == nil || g.in.SessionsBeside) {
		// Beside, the sessions are waited for even after an error.
		if serr := sessions(); err == nil {
			err = serr
		}
		if err == nil {
			g.merge(part)
		}
	}
	if err != nil {
		return err
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
		st.finishLinks()
		sortWork(st.items)
		if sinceLast {
			slices.Sort(st.incomeDates)
			st.incomeDates = slices.Compact(st.incomeDates)
		}
		st.home = g.pickCurrency(st.curEvents)
		for c, n := range st.curEvents {
			total[c] += n
		}
	}
	g.freezeLinked()
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

// prepareEvent is the first look at one event: the work its billing period
// holds, its currency, the link it names, its date.
func (g *engine) prepareEvent(e *ledger.EventFacts, sinceLast bool, first *bool) {
	if e.Voided {
		return
	}
	si := g.stream(e.Stream)
	st := g.streams[si]
	ci := g.currency(e.Currency)
	if e.Billed > 0 {
		a, b := periodOf(e.Date, e.PeriodStart, e.PeriodEnd)
		st.work.add(a, b)
		if g.explain {
			st.addItem(workItem{a, b, e.ID, EvidenceBilling})
		}
	}
	if e.Kind.CountsAsIncome() {
		for int(ci) >= len(st.curEvents) {
			st.curEvents = append(st.curEvents, 0)
		}
		st.curEvents[ci]++
	}
	if e.Kind.Links() && e.Link != "" {
		if st.links == nil {
			st.links = map[string]int32{}
		}
		if _, ok := st.links[e.Link]; !ok {
			st.links[cloneLink(e.Link)] = int32(len(st.linkState))
			st.linkState = append(st.linkState, linkUnseen)
			if g.explain {
				st.linkWho = append(st.linkWho, linkRec{})
			}
		}
	}
	if *first || e.Date < g.minDate {
		g.minDate = e.Date
	}
	if *first || e.Date > g.maxDate {
		g.maxDate = e.Date
	}
	*first = false
	if e.Kind.IsIncome() {
		if !st.hasIncome || e.Date > st.lastIncome {
			st.lastIncome, st.hasIncome = e.Date, true
		}
		if e.Imported && (!st.hasImport || e.Date > st.lastImport) {
			st.lastImport, st.hasImport = e.Date, true
		}
	}
	if sinceLast && e.Kind.IsIncome() {
		if n := len(st.incomeDates); n == 0 || st.incomeDates[n-1] != e.Date {
			st.incomeDates = append(st.incomeDates, e.Date)
		}
	}
}

func (st *streamState) addItem(x workItem) {
	st.items = append(st.items, x)
	st.longest = max(st.longest, int64(x.end)-int64(x.start))
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

// item is one event as the accumulators see it.
type item struct {
	e  *ledger.Event
	si int32
	ci int32
	v  Verdict // meaningful for events that count as income
	// billedCounts is true for an event with billed hours on a stream with
	// no logged session in its billing period: its hours are the period's hours.
	billedCounts bool
}

// addsToFigures reports whether the item changes a period's Figures: it
// counts as income, is a fee, or its billed hours are the period's hours.
func (it *item) addsToFigures() bool {
	return it.e.Kind.CountsAsIncome() || it.e.Kind == ledger.KindFee || it.billedCounts
}

// addItem sums an item into f as Monthly does, money through sum's
// overflow check: income and its passive part, fees, and billed hours where
// they count.
func (f *Figures) addItem(it *item, sum *sums) {
	e := it.e
	switch {
	case e.Kind.CountsAsIncome():
		sum.add(&f.Income, e.Amount, it.ci)
		if it.v.Passive {
			sum.add(&f.Passive, e.Amount, it.ci)
		}
	case e.Kind == ledger.KindFee:
		sum.add(&f.Fees, e.Amount, it.ci)
	}
	if it.billedCounts {
		f.Seconds += e.Billed
	}
}

// run streams every non-voided event to fn, classified. Refunds and
// adjustments whose linked earning comes later in ID order are handed over
// at the end, so the result does not depend on the order of the ledger.
func (g *engine) run(fn func(it *item)) error {
	each := g.in.Events
	if g.in.Wanted != nil {
		each = func(fn func(*ledger.Event) error) error { return g.in.Wanted(g.wantTexts, fn) }
	}
	if each == nil {
		return nil
	}
	for _, st := range g.streams {
		clear(st.linkState)
	}
	var pending []ledger.Event
	var it item
	err := each(func(e *ledger.Event) error {
		if e.Voided {
			return nil
		}
		si := g.stream(e.Stream)
		st := g.streams[si]
		it = item{e: e, si: si, ci: g.currency(e.Currency)}
		if e.Kind.CountsAsIncome() {
			if !g.classify(st, e, false, &it.v) {
				// Only what the accumulators read is kept.
				pending = append(pending, ledger.Event{
					ID: e.ID, Date: e.Date, Stream: st.name, Kind: e.Kind, Amount: e.Amount,
					Currency: g.currencies[it.ci], Billed: e.Billed, PeriodStart: e.PeriodStart,
					PeriodEnd: e.PeriodEnd, Link: cloneLink(e.Link),
				})
				return nil
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
		g.classify(st, e, true, &it.v)
		if e.Billed > 0 {
			a, b := period(e)
			it.billedCounts = !st.logged.overlaps(a, b)
		}
		fn(&it)
	}
	return nil
}

// wantTexts tells Input.Wanted which events the pass needs the reference
// and link of: refunds and adjustments, whose link decides their verdict,
// and earnings whose reference a refund or adjustment on their stream
// links to (classify reads nothing else of them). A store may call it on
// goroutines of its own while the pass runs: it only reads what prepare
// left.
func (g *engine) wantTexts(e *ledger.Event, ref string) bool {
	switch {
	case e.Voided:
		return false
	case e.Kind.Links():
		return true
	case ref == "" || !e.Kind.IsIncome() || len(g.linked) == 0:
		return false
	}
	h := refHash(ref)
	if !g.anyLinks.has(h) {
		return false
	}
	st := g.linkedStream(e.Stream)
	if st == nil {
		return false
	}
	_, ok := st.linkHashed(ref, h)
	return ok
}

// linkedStream returns the stream named s if refunds or adjustments link
// on it, else nil: read-only, for wantTexts, on the store's goroutines.
func (g *engine) linkedStream(s ledger.Stream) *streamState {
	if len(s) > 0 && len(g.linkedBy) > 0 {
		p := unsafe.StringData(string(s))
		mask := uint64(len(g.linkedBy) - 1)
		for h := (uint64(uintptr(unsafe.Pointer(p))) * 0x9E3779B97F4A7C15) >> g.linkedShift; ; h = (h + 1) & mask {
			slot := &g.linkedBy[h]
			if slot.data == p && slot.n == len(s) {
				return slot.st
			}
			if slot.data == nil {
				break
			}
		}
	}
	return g.linked[s]
}

// freezeLinked fills linked with the streams refunds or adjustments link
// on, and linkedBy with those of them the cache of streams by the address
// of their names holds.
func (g *engine) freezeLinked() {
	for _, st := range g.streams {
		if len(st.links) > 0 {
			if g.linked == nil {
				g.linked = map[ledger.Stream]*streamState{}
			}
			g.linked[st.name] = st
		}
	}
	if len(g.linked) == 0 {
		return
	}
	var refs []string
	for _, st := range g.linked {
		for ref := range st.links {
			refs = append(refs, ref)
		}
	}
	g.anyLinks = newLinkFilter(refs)
	n, shift := 16, uint(64-4)
	for n < 4*len(g.linked) {
		n, shift = n*2, shift-1
	}
	g.linkedBy, g.linkedShift = make([]linkedSlot, n), shift
	for _, x := range g.addrs.slots {
		if x.data == nil || len(g.streams[x.si].links) == 0 {
			continue
		}
		h := (uint64(uintptr(unsafe.Pointer(x.data))) * 0x9E3779B97F4A7C15) >> shift
		for g.linkedBy[h].data != nil {
			h = (h + 1) & uint64(n-1)
		}
		g.linkedBy[h] = linkedSlot{x.data, x.n, g.streams[x.si]}
	}
}

// linkedSlot is an entry of linkedBy: a name's bytes and length, and its
// stream.
type linkedSlot struct {
	data *byte
	n    int
	st   *streamState
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

func checkRule(r Rule) error {
	if r.Name == "" {
		return nil
	}
	_, err := ParseRule(r.Name, r.WindowDays)
	return err
}
