package store_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"github.com/earnlog/earnlog/store"
)

// correctionModel is what a ledger should hold after a sequence of
// corrections: the live records by ID, the voided ones that may be
// unvoided, where each name (stream or alias) lands, and streams' classes.
type correctionModel struct {
	events   map[uint64]ledger.Event
	sessions map[uint64]ledger.WorkSession
	voidedE  map[uint64]ledger.Event
	voidedS  map[uint64]ledger.WorkSession
	lands    map[ledger.Stream]ledger.Stream // every name ever used -> its stream
	classes  map[ledger.Stream]ledger.Class  // streams' own classes
	fresh    int
}

func (m *correctionModel) streams() []ledger.Stream {
	var out []ledger.Stream
	for name, to := range m.lands {
		if name == to {
			out = append(out, name)
		}
	}
	slices.Sort(out) // map order would make a seed's run differ each time
	return out
}

func (m *correctionModel) names() []ledger.Stream {
	var out []ledger.Stream
	for name := range m.lands {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func keysOf[V any](m map[uint64]V) []uint64 {
	var out []uint64
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var pool = []ledger.Stream{"upwork/acme", "upwork/globex", "etsy/pixelshop", "kofi/tips", "gumroad/icons"}

func (m *correctionModel) name(r *rand.Rand) ledger.Stream {
	if len(m.lands) > 0 && r.IntN(3) > 0 {
		return pick(r, m.names())
	}
	return pick(r, pool)
}

func randomEvent(r *rand.Rand, s ledger.Stream) ledger.Event {
	kinds := []ledger.Kind{ledger.KindFixed, ledger.KindSale, ledger.KindHourly, ledger.KindFee, ledger.KindRefund, ledger.KindTip}
	k := pick(r, kinds)
	amount := int64(100 + r.IntN(50000))
	if k.Sign() < 0 {
		amount = -amount
	}
	e := ledger.Event{Date: ledger.NewDate(2026, time.January, 1) + ledger.Date(r.IntN(300)), Stream: s, Kind: k,
		Amount: amount, Currency: pick(r, []string{"USD", "USD", "EUR"})}
	if k == ledger.KindHourly && r.IntN(2) == 0 {
		e.Billed = int64(1+r.IntN(20)) * 3600
		e.PeriodStart, e.PeriodEnd = ledger.BillingWeek(e.Date)
	}
	if r.IntN(4) == 0 {
		e.Key = fmt.Sprintf("test:%d", r.Uint64())
	}
	return e
}

func randomSession(r *rand.Rand, s ledger.Stream) ledger.WorkSession {
	d := ledger.NewDate(2026, time.January, 1) + ledger.Date(r.IntN(300))
	return ledger.WorkSession{Stream: s, Start: int64(d)*86400 + int64(r.IntN(12))*3600, HasTime: true, Seconds: int64(1+r.IntN(16)) * 1800}
}

// step makes one random correction on db and the same change in m.
func (m *correctionModel) step(t *testing.T, r *rand.Rand, db *store.DB, at time.Time) {
	t.Helper()
	err := db.Update(func(tx ledger.Tx) error {
		switch op := r.IntN(10); {
		case op < 2 || len(m.events) == 0: // add an event, maybe naming an alias
			e := randomEvent(r, m.name(r))
			if _, err := tx.EnsureStream(e.Stream, at); err != nil {
				return err
			}
			if _, err := tx.AddEvent(&e); err != nil {
				return err
			}
			m.land(e.Stream)
			e.Stream = m.lands[e.Stream]
			m.events[e.ID] = e
		case op == 2: // add a session
			w := randomSession(r, m.name(r))
			if _, err := tx.AddSession(&w); err != nil {
				return err
			}
			m.land(w.Stream)
			w.Stream = m.lands[w.Stream]
			m.sessions[w.ID] = w
		case op == 3: // amend an event
			id := pick(r, keysOf(m.events))
			e := randomEvent(r, m.name(r))
			if _, err := tx.EnsureStream(e.Stream, at); err != nil {
				return err
			}
			if err := tx.AmendEvent(id, &e, at); err != nil {
				return err
			}
			m.land(e.Stream)
			e.Key = m.events[id].Key
			delete(m.events, id)
			m.events[e.ID] = e
		case op == 4 && len(m.sessions) > 0: // amend a session
			id := pick(r, keysOf(m.sessions))
			w := randomSession(r, m.name(r))
			if _, err := tx.EnsureStream(w.Stream, at); err != nil {
				return err
			}
			if err := tx.AmendSession(id, &w, at); err != nil {
				return err
			}
			m.land(w.Stream)
			delete(m.sessions, id)
			m.sessions[w.ID] = w
		case op == 5: // void
			if r.IntN(2) == 0 && len(m.sessions) > 0 {
				id := pick(r, keysOf(m.sessions))
				m.voidedS[id] = m.sessions[id]
				delete(m.sessions, id)
				return tx.VoidSession(id, "test", at)
			}
			id := pick(r, keysOf(m.events))
			m.voidedE[id] = m.events[id]
			delete(m.events, id)
			return tx.VoidEvent(id, "test", at)
		case op == 6 && len(m.voidedE)+len(m.voidedS) > 0: // unvoid
			if len(m.voidedS) > 0 && (len(m.voidedE) == 0 || r.IntN(2) == 0) {
				id := pick(r, keysOf(m.voidedS))
				m.sessions[id] = m.voidedS[id]
				delete(m.voidedS, id)
				return tx.UnvoidSession(id, at)
			}
			id := pick(r, keysOf(m.voidedE))
			m.events[id] = m.voidedE[id]
			delete(m.voidedE, id)
			return tx.UnvoidEvent(id, at)
		case op == 7 || op == 8: // rename to a fresh name, or merge
			from := pick(r, m.streams())
			to := ledger.Stream(fmt.Sprintf("%s/renamed-%d", from.Platform(), m.fresh))
			m.fresh++
			merge := op == 8 && len(m.streams()) > 1
			if merge {
				for to = from; to == from; {
					to = pick(r, m.streams())
				}
			}
			move := tx.RenameStream
			if merge {
				move = tx.MergeStream
			}
			if err := move(from, to, at); err != nil {
				return err
			}
			m.move(from, to, merge)
		default: // a stream's own class, or none
			s := pick(r, m.streams())
			if r.IntN(3) == 0 {
				delete(m.classes, s)
				return tx.ClearStreamClass(s)
			}
			c := pick(r, []ledger.Class{ledger.ClassOther, ledger.ClassMarketplace, ledger.ClassStorefront})
			m.classes[s] = c
			return tx.SetStreamClass(s, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// land notes a name used by a record: a new name is a stream of its own.
func (m *correctionModel) land(s ledger.Stream) {
	if _, ok := m.lands[s]; !ok {
		m.lands[s] = s
	}
}

// move is a rename (or merge) of from into to.
func (m *correctionModel) move(from, to ledger.Stream, merge bool) {
	for name, target := range m.lands {
		if target == from {
			m.lands[name] = to
		}
	}
	m.lands[to] = to
	if c, ok := m.classes[from]; ok && !merge {
		m.classes[to] = c
	}
	delete(m.classes, from)
	for id, e := range m.events {
		if e.Stream == from {
			e.Stream = to
			m.events[id] = e
		}
	}
	for id, e := range m.voidedE {
		if e.Stream == from {
			e.Stream = to
			m.voidedE[id] = e
		}
	}
	for id, w := range m.sessions {
		if w.Stream == from {
			w.Stream = to
			m.sessions[id] = w
		}
	}
	for id, w := range m.voidedS {
		if w.Stream == from {
			w.Stream = to
			m.voidedS[id] = w
		}
	}
}

// reports renders every report of db, as CSV and JSON.
func reports(t *testing.T, db *store.DB) string {
	t.Helper()
	var out bytes.Buffer
	err := db.View(func(tx ledger.Tx) error {
		cl, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		in := report.Input{Events: tx.EachEventLean, Sessions: tx.EachSessionLean, Classes: cl, Today: ledger.NewDate(2026, time.December, 1)}
		for _, by := range []string{report.ByNone, report.ByClass, report.ByStream} {
			m, err := report.Monthly(in, report.MonthlyOptions{By: by})
			if err != nil {
				return err
			}
			if err := m.WriteCSV(&out); err != nil {
				return err
			}
		}
		s, err := report.Streams(in, report.StreamsOptions{})
		if err != nil {
			return err
		}
		if err := s.WriteCSV(&out); err != nil {
			return err
		}
		c, err := report.Claim(in, report.ClaimOptions{MinMonths: 1})
		if err != nil {
			return err
		}
		return c.WriteJSON(&out)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestCorrectionsProperty: any sequence of amend, void, unvoid, rename,
// merge and set-class leaves the reports equal to those of a ledger built
// directly with the final records and classes.
func TestCorrectionsProperty(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 21))
			dir := t.TempDir()
			db := open(t, filepath.Join(dir, "corrected.db"), store.Options{Now: func() time.Time { return at }})
			defer db.Close()
			m := &correctionModel{events: map[uint64]ledger.Event{}, sessions: map[uint64]ledger.WorkSession{},
				voidedE: map[uint64]ledger.Event{}, voidedS: map[uint64]ledger.WorkSession{},
				lands: map[ledger.Stream]ledger.Stream{}, classes: map[ledger.Stream]ledger.Class{}}
			for range 60 {
				m.step(t, r, db, at)
			}
			problems, err := db.Check()
			if err != nil || len(problems) != 0 {
				t.Fatalf("check after the corrections: %q, %v", problems, err)
			}

			direct := open(t, filepath.Join(dir, "direct.db"), store.Options{Now: func() time.Time { return at }})
			defer direct.Close()
			err = direct.Update(func(tx ledger.Tx) error {
				for _, id := range keysOf(m.events) {
					// The import key stays: stale-import warnings tell
					// imported income from typed income by it.
					e := m.events[id]
					e.ID = 0
					if _, err := tx.AddEvent(&e); err != nil {
						return err
					}
				}
				for _, id := range keysOf(m.sessions) {
					w := m.sessions[id]
					w.ID = 0
					if _, err := tx.AddSession(&w); err != nil {
						return err
					}
				}
				for s, c := range m.classes {
					if _, err := tx.EnsureStream(s, at); err != nil {
						return err
					}
					if err := tx.SetStreamClass(s, c); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got, want := reports(t, db), reports(t, direct)
			if got != want {
				t.Errorf("reports after %d live events and %d sessions differ from the direct ledger's:\n--- corrected\n%s\n--- direct\n%s",
					len(m.events), len(m.sessions), got, want)
			}
			if len(m.events) == 0 {
				t.Error("the sequence left no events: the comparison says little")
			}
		})
	}
}
