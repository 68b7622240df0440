package report

import (
	"bufio"
	"cmp"
	"slices"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// Coverage warnings name what a verdict cannot see: income judged passive
// only because no work was ever logged, months in which the timer was
// probably forgotten, platforms whose exports stop early, and income a
// verdict leaves out. They are computed beside the figures, from the same
// classified events, and never change a figure.

// Warning codes.
const (
	WarnNoWorkEver  = "no-work-ever"
	WarnTimeGap     = "time-gap"
	WarnStaleImport = "stale-import"
	WarnLeftOut     = "left-out"
)

// StaleImportDays is how far a platform's last imported income may lie
// before the last income elsewhere before its exports look incomplete.
const StaleImportDays = 45

// MinGapMonths is the shortest run of calendar months without any work
// that counts as a time-gap.
const MinGapMonths = 2

// Warning is one coverage warning. Stream is empty when it is about no one
// stream; Currency is empty when it names no amount. From and To are the
// days it is about (0 when none): a no-work-ever stream's first and last
// income, a time-gap's first and last day, a platform's last imported
// income and the last income elsewhere (stale-import).
type Warning struct {
	Code     string
	Message  string
	Stream   ledger.Stream
	From, To ledger.Date
	Amount   int64
	Currency string
}

var warnOrder = map[string]int{WarnNoWorkEver: 0, WarnTimeGap: 1, WarnStaleImport: 2, WarnLeftOut: 3}

func sortWarnings(ws []Warning) {
	slices.SortStableFunc(ws, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(warnOrder[a.Code], warnOrder[b.Code]), cmp.Compare(a.From, b.From),
			cmp.Compare(a.Stream, b.Stream), cmp.Compare(a.Currency, b.Currency))
	})
}

// monthRun is a run of calendar months (month indexes, inclusive).
type monthRun struct{ first, last int32 }

func (r monthRun) firstDay() ledger.Date { return monthStart(r.first) }
func (r monthRun) lastDay() ledger.Date  { return monthStart(r.last+1) - 1 }

func monthStart(m int32) ledger.Date { return ledger.NewDate(int(m/12), time.Month(m%12+1), 1) }

type gapKey struct{ gap, si, ci int32 }

type streamSums struct {
	income, passive int64
	first, last     ledger.Date
}

// coverage collects the warnings of one report as its events stream by.
type coverage struct {
	g        *engine
	gaps     []monthRun
	gapBase  int32
	gapOf    []int32 // per month from gapBase: 1 + the index of its gap, 0 for none
	noWork   map[streamKey]*streamSums
	inGap    map[gapKey]int64
	observed bool
}

// maxGapMonths bounds the months scanned for gaps (a thousand years).
const maxGapMonths = 12000

func newCoverage(g *engine) *coverage {
	c := &coverage{g: g, noWork: map[streamKey]*streamSums{}, inGap: map[gapKey]int64{}}
	// The months with any work at all, on any stream.
	first, last, any := int32(0), int32(0), false
	for _, st := range g.streams {
		if len(st.work.s) == 0 {
			continue
		}
		a, b := monthOf(st.work.s[0].start), monthOf(st.work.s[len(st.work.s)-1].end)
		if !any || a < first {
			first = a
		}
		if !any || b > last {
			last = b
		}
		any = true
	}
	if !any || last-first+1 > maxGapMonths {
		return c
	}
	worked := make([]bool, last-first+1)
	for _, st := range g.streams {
		for _, s := range st.work.s {
			for m := monthOf(s.start); m <= monthOf(s.end); m++ {
				worked[m-first] = true
			}
		}
	}
	c.gapBase, c.gapOf = first, make([]int32, len(worked))
	for i := 0; i < len(worked); {
		if worked[i] {
			i++
			continue
		}
		j := i
		for j < len(worked) && !worked[j] {
			j++
		}
		if j-i >= MinGapMonths {
			c.gaps = append(c.gaps, monthRun{first + int32(i), first + int32(j-1)})
			for k := i; k < j; k++ {
				c.gapOf[k] = int32(len(c.gaps))
			}
		}
		i = j
	}
	return c
}

// observe takes one event that the report includes.
func (c *coverage) observe(it *item) {
	e := it.e
	if !e.Kind.CountsAsIncome() {
		return
	}
	c.observed = true
	st := c.g.streams[it.si]
	if len(st.work.s) == 0 {
		k := streamKey{it.si, it.ci}
		s := c.noWork[k]
		if s == nil {
			s = &streamSums{first: e.Date, last: e.Date}
			c.noWork[k] = s
		}
		s.income += e.Amount
		if it.v.Passive {
			s.passive += e.Amount
		}
		s.first, s.last = min(s.first, e.Date), max(s.last, e.Date)
		return
	}
	if c.gapOf == nil {
		return
	}
	i := int64(c.g.month(e.Date)) - int64(c.gapBase)
	if i < 0 || i >= int64(len(c.gapOf)) || c.gapOf[i] == 0 {
		return
	}
	gi := c.gapOf[i] - 1
	// Work before and after the gap: there is none inside it.
	gap := c.gaps[gi]
	if st.work.s[0].start < gap.firstDay() && st.work.s[len(st.work.s)-1].end > gap.lastDay() {
		c.inGap[gapKey{gi, it.si, it.ci}] += e.Amount
	}
}

// warnings returns no-work-ever, time-gap and stale-import warnings.
func (c *coverage) warnings() []Warning {
	g := c.g
	var ws []Warning
	for k, s := range c.noWork {
		if s.passive <= 0 {
			continue // refunds outweigh: nothing pushes the share up
		}
		st, cur := g.streams[k.stream], g.currencies[k.cur]
		msg := "all " + ledger.FormatAmount(s.passive, cur) + " " + cur + " of " + string(st.name)
		if s.passive != s.income {
			msg = ledger.FormatAmount(s.passive, cur) + " " + cur + " of the " + ledger.FormatAmount(s.income, cur) + " " + cur + " of " + string(st.name)
		}
		ws = append(ws, Warning{Code: WarnNoWorkEver, Stream: st.name, From: s.first, To: s.last, Amount: s.passive, Currency: cur,
			Message: msg + " counts as passive because no work was ever logged on it"})
	}
	for k, amount := range c.inGap {
		if amount <= 0 {
			continue
		}
		st, cur, gap := g.streams[k.si], g.currencies[k.ci], c.gaps[k.gap]
		ws = append(ws, Warning{Code: WarnTimeGap, Stream: st.name, From: gap.firstDay(), To: gap.lastDay(), Amount: amount, Currency: cur,
			Message: "no work at all was logged from " + ledger.MonthString(int(gap.first)) + " to " + ledger.MonthString(int(gap.last)) +
				", yet " + string(st.name) + ", with work before and after, received " + ledger.FormatAmount(amount, cur) + " " + cur +
				" then: the timer was probably forgotten"})
	}
	ws = append(ws, c.staleImports()...)
	sortWarnings(ws)
	return ws
}

// staleImports names each platform whose last imported income lies more
// than StaleImportDays before the last income on any other platform. It
// looks at the whole ledger, whatever the report's filters.
func (c *coverage) staleImports() []Warning {
	type plat struct {
		name                   string
		lastImport, lastIncome ledger.Date
		imported, income       bool
	}
	var ps []*plat
	idx := map[string]*plat{}
	for _, st := range c.g.streams {
		p := idx[st.platform]
		if p == nil {
			p = &plat{name: st.platform}
			idx[st.platform] = p
			ps = append(ps, p)
		}
		if st.hasImport && (!p.imported || st.lastImport > p.lastImport) {
			p.lastImport, p.imported = st.lastImport, true
		}
		if st.hasIncome && (!p.income || st.lastIncome > p.lastIncome) {
			p.lastIncome, p.income = st.lastIncome, true
		}
	}
	var ws []Warning
	for _, p := range ps {
		if !p.imported {
			continue
		}
		var other ledger.Date
		found := false
		for _, q := range ps {
			if q != p && q.income && (!found || q.lastIncome > other) {
				other, found = q.lastIncome, true
			}
		}
		if !found || int64(other)-int64(p.lastImport) <= StaleImportDays {
			continue
		}
		days := int64(other) - int64(p.lastImport)
		ws = append(ws, Warning{Code: WarnStaleImport, From: p.lastImport, To: other,
			Message: "the last imported income on " + p.name + " is on " + p.lastImport.String() + ", " + itoa(days) +
				" days before the last income on other platforms (" + other.String() + "): its exports are probably missing a period"})
	}
	return ws
}

// writeWarnings writes "warning: ..." lines after a blank line.
func writeWarnings(bw *bufio.Writer, ws []Warning) {
	if len(ws) == 0 {
		return
	}
	bw.WriteByte('\n')
	for _, w := range ws {
		bw.WriteString("warning: " + w.Message + "\n")
	}
}

type warningJSON struct {
	Code     string  `json:"code"`
	Message  string  `json:"message"`
	Stream   *string `json:"stream"`
	From     *string `json:"from"`
	To       *string `json:"to"`
	Amount   *string `json:"amount"`
	Currency *string `json:"currency"`
}

// warningsJSON is ws as JSON: absent fields are null.
func warningsJSON(ws []Warning) []warningJSON {
	out := []warningJSON{}
	for _, w := range ws {
		j := warningJSON{Code: w.Code, Message: w.Message,
			Stream: nullable(string(w.Stream), w.Stream != ""),
			From:   nullable(dateString(w.From, true), w.From != 0), To: nullable(dateString(w.To, true), w.To != 0),
			Currency: nullable(w.Currency, w.Currency != ""),
			Amount:   nullable(ledger.FormatAmount(w.Amount, w.Currency), w.Currency != ""),
		}
		out = append(out, j)
	}
	return out
}
