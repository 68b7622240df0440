package ledger

import "sort"

// Activity is what `earnlog streams` shows of one stream.
type Activity struct {
	Stream      Stream
	Class       Class
	First, Last Date // first and last day with an event or a session; 0 when none
	Events      int  // non-voided events
	Sessions    int  // non-voided sessions
	Aliases     []Stream
	Archived    bool
}

// StreamActivities returns every stream the ledger knows, sorted by name,
// with its class and the span of its (non-voided) records.
func StreamActivities(tx Tx) ([]Activity, error) {
	infos, err := tx.Streams()
	if err != nil {
		return nil, err
	}
	classes, err := tx.PlatformClasses()
	if err != nil {
		return nil, err
	}
	byName := make(map[Stream]*Activity, len(infos))
	out := make([]Activity, len(infos))
	for i, in := range infos {
		out[i] = Activity{Stream: in.Stream, Class: Classes(classes).OfStream(in.Stream), Aliases: in.Aliases, Archived: in.Archived}
	}
	for i := range out {
		byName[out[i].Stream] = &out[i]
	}
	seen := func(s Stream, d Date) *Activity {
		a := byName[s]
		if a == nil {
			return nil
		}
		if a.First == 0 || d < a.First {
			a.First = d
		}
		if d > a.Last {
			a.Last = d
		}
		return a
	}
	if err := tx.EachEvent(func(e *Event) error {
		if !e.Voided {
			if a := seen(e.Stream, e.Date); a != nil {
				a.Events++
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := tx.EachSession(func(w *WorkSession) error {
		if !w.Voided {
			if a := seen(w.Stream, w.StartDate()); a != nil {
				a.Sessions++
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Stream < out[j].Stream })
	return out, nil
}
