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
	// AllowFuture lets records lie more than a year after Now's date
	// (see FutureBound).
	AllowFuture bool
	// Show, when set, is called for every record that would be new.
	Show func(e *Event, w *WorkSession)
	// NewStream, when set, is called once for every stream created.
	NewStream func(s Stream)
	// Trace, when set, is told what every record and skipped row became,
	// in the order the importer handed them over (see Outcome).
	Trace func(o Outcome)

	New, Present int
	Skipped      map[string]int
	dryKeys      seenKeys // the keys a dry run has met in the file
	known        map[Stream]bool
	line         int               // the line of the record being handed over, 0 if unknown
	aliases      map[Stream]Stream // of a dry run: where a renamed name lands
	dateBound    DateBound
	boundSet     bool
}

// landsOn is the stream a record naming s is stored on.
func (r *Recorder) landsOn(s Stream) Stream {
	if to, ok := r.aliases[s]; ok {
		return to
	}
	return s
}

// Event stores e unless its key is already in the ledger (or, in a dry run,
// earlier in the same file).
func (r *Recorder) Event(e *Event) error {
	if err := e.CheckDates(r.bound()); err != nil {
		return Errorf(EINVALID, "%s %s %s on %s: %s", e.Kind, FormatAmount(e.Amount, e.Currency), e.Currency, e.Stream, err)
	}
	if r.DryRun {
		return r.dry(e.Validate(), e.Key, e.Stream, func(fresh bool) {
			e.Stream = r.landsOn(e.Stream)
			if fresh && r.Show != nil {
				r.Show(e, nil)
			}
			r.trace(Outcome{What: OutcomeEvent, Present: !fresh, Event: *e})
		})
	}
	if err := r.stream(e.Stream); err != nil {
		return err
	}
	// AddEvent validates and deduplicates on the key itself: one lookup
	// and one validation per row, which a million-row import feels.
	voided, reason := e.Voided, e.VoidReason
	added, err := r.Tx.AddEvent(e)
	if err == nil {
		r.trace(Outcome{What: OutcomeEvent, Present: !added, Event: *e})
	}
	if err != nil || !r.count(added) || !voided {
		return err
	}
	return r.Tx.VoidEvent(e.ID, reason, r.Now)
}

// Session is Event for work sessions.
func (r *Recorder) Session(w *WorkSession) error {
	if err := w.CheckDates(r.bound()); err != nil {
		return Errorf(EINVALID, "session of %s on %s: %s", FormatDuration(w.Seconds), w.Stream, err)
	}
	if r.DryRun {
		return r.dry(w.Validate(), w.Key, w.Stream, func(fresh bool) {
			w.Stream = r.landsOn(w.Stream)
			if fresh && r.Show != nil {
				r.Show(nil, w)
			}
			r.trace(Outcome{What: OutcomeSession, Present: !fresh, Session: *w})
		})
	}
	if err := r.stream(w.Stream); err != nil {
		return err
	}
	voided, reason := w.Voided, w.VoidReason
	added, err := r.Tx.AddSession(w)
	if err == nil {
		r.trace(Outcome{What: OutcomeSession, Present: !added, Session: *w})
	}
	if err != nil || !r.count(added) || !voided {
		return err
	}
	return r.Tx.VoidSession(w.ID, reason, r.Now)
}

// bound is the latest date a record of this import may carry.
func (r *Recorder) bound() DateBound {
	if !r.boundSet {
		r.dateBound, r.boundSet = FutureBound(DateOf(r.Now), r.AllowFuture), true
	}
	return r.dateBound
}

// count counts a record as new or already present and returns added.
func (r *Recorder) count(added bool) bool {
	if added {
		r.New++
	} else {
		r.Present++
	}
	return added
}

// dry counts and shows a record of a dry run, which writes nothing: show is
// told whether the record would be new.
func (r *Recorder) dry(invalid error, key string, s Stream, show func(fresh bool)) error {
	if invalid != nil {
		return invalid
	}
	fresh, err := r.fresh(key)
	if err != nil {
		return err
	}
	if !fresh {
		show(false)
		return nil
	}
	if err := r.stream(s); err != nil {
		return err
	}
	r.New++
	show(true)
	return nil
}

// Skip counts a row that is not income or work.
func (r *Recorder) Skip(line int, reason string) {
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason]++
	if r.Trace != nil {
		r.Trace(Outcome{Line: line, What: OutcomeSkipped, Reason: reason})
	}
}

// fresh reports whether a record of a dry run with this key is new,
// counting it as present when it is not.
func (r *Recorder) fresh(key string) (bool, error) {
	if key == "" {
		return true, nil
	}
	has, err := r.Tx.HasKey(key)
	if err != nil {
		return false, err
	}
	if r.DryRun && !has {
		has = r.dryKeys.add(key)
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
				for _, a := range in.Aliases {
					r.known[a] = true // lands on its stream: not new
					if r.aliases == nil {
						r.aliases = map[Stream]Stream{}
					}
					r.aliases[a] = in.Stream
				}
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
	if r.known[s] {
		return nil // ensured already by this import
	}
	created, err := r.Tx.EnsureStream(s, r.Now)
	if err != nil {
		return err
	}
	if r.known == nil {
		r.known = map[Stream]bool{}
	}
	r.known[s] = true
	if created && r.NewStream != nil {
		r.NewStream(s)
	}
	return nil
}

// Import is the record of this import for Tx.RecordImport.
func (r *Recorder) Import(file, format string) *ImportInfo {
	skipped := 0
	for _, n := range r.Skipped {
		skipped += n
	}
	return &ImportInfo{File: file, Format: format, New: r.New, Present: r.Present, Skipped: skipped}
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
