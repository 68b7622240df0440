package report

import (
	"sync"

	"github.com/earnlog/earnlog/ledger"
)

// sessionPart is what the engine's first pass learns of the work sessions,
// gathered apart from the engine so that it can be read beside the look at
// the events (Input.SessionsBeside): the streams in the order their first
// session comes, and per stream its spans of work. merge then hands it to
// the engine as if the sessions had been read after the events, as they
// are without SessionsBeside.
type sessionPart struct {
	names  []ledger.Stream
	byName map[ledger.Stream]int32
	addrs  addrCache
	// logged, work and items are by the part's own stream numbers, as
	// streamState's fields of the same names. When the rule ignores no
	// tags (allWork), every session is work: work stays empty and merge
	// takes logged for it, which saves a second list of a million spans.
	logged, work []spans
	allWork      bool
	items        [][]workItem
	sessions     sessionList // si: the part's stream numbers until merge
}

// readSessions is the first pass over the work sessions: each one's days
// are logged work on its stream, and work for the rule unless all its tags
// are ignored.
func readSessions(each func(fn func(*ledger.WorkSession) error) error, ignore ledger.TagSet, explain bool) (*sessionPart, error) {
	p := &sessionPart{byName: map[ledger.Stream]int32{}, allWork: len(ignore) == 0}
	err := each(func(w *ledger.WorkSession) error {
		if w.Voided {
			return nil
		}
		si := p.stream(w.Stream)
		a, b := w.StartDate(), w.EndDate()
		p.logged[si].add(a, b)
		if !ignore.Covers(w.Tags) {
			if !p.allWork {
				p.work[si].add(a, b)
			}
			if explain {
				p.items[si] = append(p.items[si], workItem{a, b, w.ID, EvidenceSession})
			}
		}
		p.sessions.add(session{si: si, start: a, seconds: w.Seconds})
		return nil
	})
	return p, err
}

func (p *sessionPart) stream(s ledger.Stream) int32 {
	if si, ok := p.addrs.find(string(s)); ok {
		return si
	}
	si, ok := p.byName[s]
	if !ok {
		si = int32(len(p.names))
		p.names = append(p.names, s)
		p.byName[s] = si
		p.logged = append(p.logged, spans{})
		p.work = append(p.work, spans{})
		p.items = append(p.items, nil)
		p.addrs.grow(len(p.names))
	}
	p.addrs.put(string(s), si)
	return si
}

// merge hands the part to the engine: its streams, in their order, after
// those of the events, their spans beside the events' billing periods (the
// spans are sorted and joined at the end of prepare), its sessions with
// the engine's stream numbers.
func (g *engine) merge(p *sessionPart) {
	to := make([]int32, len(p.names))
	for i, name := range p.names {
		si := g.stream(name)
		to[i] = si
		st := g.streams[si]
		st.logged.flush()
		st.work.flush()
		p.logged[i].flush()
		p.work[i].flush()
		st.logged.s = joined(st.logged.s, p.logged[i].s)
		if p.allWork {
			// A copy: finish sorts and joins each list in place.
			st.work.s = append(st.work.s, p.logged[i].s...)
		} else {
			st.work.s = joined(st.work.s, p.work[i].s)
		}
		for _, x := range p.items[i] {
			st.addItem(x)
		}
	}
	for _, b := range p.sessions.blocks {
		for j := range b {
			b[j].si = to[b[j].si]
		}
	}
	g.sessions = p.sessions
}

// joined is a and b in one list, in either order (finish sorts them):
// the longer one grows, and a list alone is taken as it is.
func joined(a, b []span) []span {
	if len(a) < len(b) {
		a, b = b, a
	}
	return append(a, b...)
}

// besideRun is fn run on a goroutine of its own (beside).
type besideRun struct {
	wg       sync.WaitGroup
	err      error
	panicked any
}

// beside runs fn on a goroutine of its own. wait waits for it and returns
// its error, and raises a panic of fn again, on the caller's goroutine;
// the caller must wait, or end, before what fn reads goes away: a deferred
// end waits for fn whatever the caller is unwinding from.
func beside(fn func() error) *besideRun {
	b := &besideRun{}
	b.wg.Go(func() {
		defer func() {
			if r := recover(); r != nil {
				b.panicked = r
			}
		}()
		b.err = fn()
	})
	return b
}

func (b *besideRun) wait() error {
	b.wg.Wait()
	if b.panicked != nil {
		panic(b.panicked)
	}
	return b.err
}

// end waits for fn and leaves its outcome: for a defer, when the caller
// has its own error or panic to give.
func (b *besideRun) end() { b.wg.Wait() }
