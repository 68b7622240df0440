package ledger

// Filter selects records for listings and exports. Zero fields select all.
type Filter struct {
	From, To Date // inclusive; 0 is open
	Stream   Stream
	Platform string
	Kind     Kind
	All      bool // include voided records
}

// Event reports whether e passes the filter.
func (f *Filter) Event(e *Event) bool {
	return (f.All || !e.Voided) &&
		(f.From == 0 || e.Date >= f.From) && (f.To == 0 || e.Date <= f.To) &&
		(f.Stream == "" || e.Stream == f.Stream) &&
		(f.Platform == "" || e.Stream.Platform() == f.Platform) &&
		(f.Kind == 0 || e.Kind == f.Kind)
}

// Session reports whether w passes the filter (Kind does not apply).
func (f *Filter) Session(w *WorkSession) bool {
	d := w.StartDate()
	return (f.All || !w.Voided) &&
		(f.From == 0 || d >= f.From) && (f.To == 0 || d <= f.To) &&
		(f.Stream == "" || w.Stream == f.Stream) &&
		(f.Platform == "" || w.Stream.Platform() == f.Platform)
}
