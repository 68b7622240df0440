package ledger

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Recorder is the Sink behind `earnlog import`: it adds what an importer
// reads to one transaction (or, in a dry run, only counts and shows it),
// deduplicating on import keys.
type Recorder struct {
	Tx     Tx
	DryRun bool
	Now    time.Time
	// Show, when set, is called for every record that would be new.
	Show func(e *Event, w *WorkSession)
	// NewStream, when set, is called once for every stream created.
	NewStream func(s Stream)

	New, Present int
	Skipped      map[string]int
	dryKeys      map[string]bool
	known        map[Stream]bool
}

// Event stores e unless its key is already in the ledger (or, in a dry run,
// earlier in the same file).
func (r *Recorder) Event(e *Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	fresh, err := r.fresh(e.Key)
	if err != nil || !fresh {
		return err
	}
	if err := r.stream(e.Stream); err != nil {
		return err
	}
	if r.DryRun {
		r.New++
		if r.Show != nil {
			r.Show(e, nil)
		}
		return nil
	}
	voided, reason := e.Voided, e.VoidReason
	added, err := r.Tx.AddEvent(e)
	if err != nil {
		return err
	}
	if !added {
		r.Present++
		return nil
	}
	r.New++
	if voided {
		return r.Tx.VoidEvent(e.ID, reason, r.Now)
	}
	return nil
}

// Session is Event for work sessions.
func (r *Recorder) Session(w *WorkSession) error {
	if err := w.Validate(); err != nil {
		return err
	}
	fresh, err := r.fresh(w.Key)
	if err != nil || !fresh {
		return err
	}
	if err := r.stream(w.Stream); err != nil {
		return err
	}
	if r.DryRun {
		r.New++
		if r.Show != nil {
			r.Show(nil, w)
		}
		return nil
	}
	voided, reason := w.Voided, w.VoidReason
	added, err := r.Tx.AddSession(w)
	if err != nil {
		return err
	}
	if !added {
		r.Present++
		return nil
	}
	r.New++
	if voided {
		return r.Tx.VoidSession(w.ID, reason, r.Now)
	}
	return nil
}

// Skip counts a row that is not income or work.
func (r *Recorder) Skip(line int, reason string) {
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason]++
}

// fresh reports whether a record with this key is new, counting it as
// present when it is not.
func (r *Recorder) fresh(key string) (bool, error) {
	if key == "" {
		return true, nil
	}
	has, err := r.Tx.HasKey(key)
	if err != nil {
		return false, err
	}
	if r.DryRun && !has {
		if r.dryKeys == nil {
			r.dryKeys = map[string]bool{}
		}
		has = r.dryKeys[key]
		r.dryKeys[key] = true
	}
	if has {
		r.Present++
	}
	return !has, nil
}

func (r *Recorder) stream(s Stream) error {
	if r.DryRun {
		// A read-only transaction: find new streams without creating them.
		if r.known == nil {
			infos, err := r.Tx.Streams()
			if err != nil {
				return err
			}
			r.known = make(map[Stream]bool, len(infos))
			for _, in := range infos {
				r.known[in.Stream] = true
			}
		}
		if !r.known[s] {
			r.known[s] = true
			if r.NewStream != nil {
				r.NewStream(s)
			}
		}
		return nil
	}
	created, err := r.Tx.EnsureStream(s, r.Now)
	if err == nil && created && r.NewStream != nil {
		r.NewStream(s)
	}
	return err
}

// Summary is one line for people: "12 new, 3 already present, 5 skipped
// (3 withdrawal, 2 connects)".
func (r *Recorder) Summary() string {
	total := 0
	reasons := make([]string, 0, len(r.Skipped))
	for reason, n := range r.Skipped {
		total += n
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	s := fmt.Sprintf("%d new, %d already present, %d skipped", r.New, r.Present, total)
	if total > 0 {
		parts := make([]string, len(reasons))
		for i, reason := range reasons {
			parts[i] = fmt.Sprintf("%d %s", r.Skipped[reason], reason)
		}
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}
