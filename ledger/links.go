package ledger

// Linked returns the live (not voided) fees, refunds and adjustments that
// belong to the earning e: on e's stream, with Link equal to e's Ref. They
// are what voiding e leaves behind: reports still count them, and a refund
// whose sale is voided makes income negative. There are none when e is not
// income or has no Ref, and none when another live earning on the stream
// carries the same Ref, since they stay linked to that one.
func Linked(tx Tx, e *Event) ([]Event, error) {
	if !e.Kind.IsIncome() || e.Ref == "" {
		return nil, nil
	}
	var out []Event
	other := false
	err := tx.EachEvent(func(x *Event) error {
		if x.ID == e.ID || x.Voided || x.Stream != e.Stream {
			return nil
		}
		switch {
		case x.Kind.IsIncome() && x.Ref == e.Ref:
			other = true
		case !x.Kind.IsIncome() && x.Link == e.Ref:
			out = append(out, *x)
		}
		return nil
	})
	if err != nil || other {
		return nil, err
	}
	return out, nil
}
