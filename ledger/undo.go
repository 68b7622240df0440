package ledger

import (
	"fmt"
	"time"
)

// UndoPlan is what `earnlog undo` takes back: the records of the last
// change to void, or the record whose void to lift.
type UndoPlan struct {
	Change   *Change
	Events   []Event       // to void
	Sessions []WorkSession // to void
	Unvoid   *Event        // ChangeVoid of an event: to unvoid
	UnvoidW  *WorkSession  // ChangeVoid of a session: to unvoid
}

// PlanUndo reads the last change and what undoing it would do. Only records
// added (by hand or by an import) and single voids can be undone; anything
// else, or a ledger with no recorded change, is ECONFLICT.
func PlanUndo(tx Tx) (*UndoPlan, error) {
	ch, err := tx.LastChange()
	if err != nil {
		return nil, err
	}
	if ch == nil {
		return nil, Errorf(ECONFLICT, "there is no change to undo: earnlog records the last change from this version on, and cannot undo imports or records made before it; use earnlog void (earnlog list --all shows the IDs)")
	}
	p := &UndoPlan{Change: ch}
	switch ch.Kind {
	case ChangeUndo:
		return nil, Errorf(ECONFLICT, "the last change was an undo (%s): undo takes back one change and does not redo", ch.What)
	case ChangeOther:
		return nil, Errorf(ECONFLICT, "the last change was %s: undo takes back only added records, imports and voids; use earnlog void, unvoid or amend", ch.What)
	case ChangeVoid:
		if ch.Session {
			w, err := tx.Session(ch.Voided)
			if err != nil {
				return nil, err
			}
			p.UnvoidW = w
		} else {
			e, err := tx.Event(ch.Voided)
			if err != nil {
				return nil, err
			}
			p.Unvoid = e
		}
		return p, nil
	}
	if ch.Events.First == 0 && ch.Sessions.First == 0 {
		return nil, Errorf(ECONFLICT, "the last change (%s) added no records: there is nothing to undo", ch.Describe())
	}
	if ch.Events.First != 0 {
		if err := tx.EachEvent(func(e *Event) error {
			if ch.Events.Has(e.ID) && !e.Voided {
				p.Events = append(p.Events, *e)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if ch.Sessions.First != 0 {
		if err := tx.EachSession(func(w *WorkSession) error {
			if ch.Sessions.Has(w.ID) && !w.Voided {
				p.Sessions = append(p.Sessions, *w)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if len(p.Events) == 0 && len(p.Sessions) == 0 {
		return nil, Errorf(ECONFLICT, "the last change (%s) left nothing to void: its records are void already", ch.Describe())
	}
	return p, nil
}

// Apply undoes the plan's change in tx, which must still have it as its last
// change (another command may have written since the plan was shown).
func (p *UndoPlan) Apply(tx Tx, at time.Time) error {
	now, err := PlanUndo(tx)
	if err != nil {
		return err
	}
	if *now.Change != *p.Change {
		return Errorf(ECONFLICT, "the ledger changed since undo showed what it would do: run earnlog undo again")
	}
	what := p.Change.Describe()
	reason := "undone: " + what
	switch {
	case now.Unvoid != nil:
		err = tx.UnvoidEvent(now.Unvoid.ID, at)
	case now.UnvoidW != nil:
		err = tx.UnvoidSession(now.UnvoidW.ID, at)
	}
	if err != nil {
		return err
	}
	// The keys go too: a person who undoes an import expects to be able to
	// import the file again (with the right --stream, say).
	for _, e := range now.Events {
		if err := tx.VoidEvent(e.ID, reason, at); err != nil {
			return err
		}
		if err := tx.ReleaseEventKey(e.ID); err != nil {
			return err
		}
	}
	for _, w := range now.Sessions {
		if err := tx.VoidSession(w.ID, reason, at); err != nil {
			return err
		}
		if err := tx.ReleaseSessionKey(w.ID); err != nil {
			return err
		}
	}
	tx.MarkUndo(fmt.Sprintf("undo of %s", what))
	return nil
}
