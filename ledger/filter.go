package ledger

import (
	"slices"
	"strconv"
	"strings"
)

// Filter selects records for listings and exports, and says in which order
// a listing shows them. Zero fields select all.
type Filter struct {
	From, To Date // inclusive; 0 is open
	Stream   Stream
	Platform string
	Kind     Kind
	All      bool // include voided records

	Ref string // the platform's reference, exactly
	// Note is a case-insensitive substring of the note (NoteFilter makes it).
	Note string
	// Min and Max bound the size of an amount, whatever its sign, in units
	// of 10^-AmountScale of its currency (FilterAmount makes them), so that
	// one bound applies to every currency: --min 100 finds a refund of
	// -120 as well as a payment of 120. Nil is open.
	Min, Max *int64
	IDs      IDSet // only these IDs; nil selects all
	// Import selects the records of one import; 0 selects all. Like Note,
	// it needs the full scans (EachEvent, EachSession): the lean ones leave
	// Import and Note empty.
	Import uint64

	Order Order
}

// Order is the order a listing shows records in.
type Order uint8

// Orders. The zero value is ID order, the order records were stored in,
// which exports keep; `earnlog list` asks for date order.
const (
	OrderID   Order = iota
	OrderDate       // by date (sessions by start), ties by ID
)

// AmountScale is the number of decimals Filter's Min and Max carry: the
// most any currency has.
const AmountScale = 4

// Event reports whether e passes the filter.
func (f *Filter) Event(e *Event) bool {
	return (f.All || !e.Voided) &&
		(f.From == 0 || e.Date >= f.From) && (f.To == 0 || e.Date <= f.To) &&
		(f.Stream == "" || e.Stream == f.Stream) &&
		(f.Platform == "" || e.Stream.Platform() == f.Platform) &&
		(f.Kind == 0 || e.Kind == f.Kind) &&
		(f.Ref == "" || e.Ref == f.Ref) &&
		f.note(e.Note) && f.amount(e.Amount, e.Currency) &&
		(f.IDs == nil || f.IDs.Has(e.ID)) &&
		(f.Import == 0 || e.Import == f.Import)
}

// Session reports whether w passes the filter (Kind, Ref and the amounts
// do not apply).
func (f *Filter) Session(w *WorkSession) bool {
	d := w.StartDate()
	return (f.All || !w.Voided) &&
		(f.From == 0 || d >= f.From) && (f.To == 0 || d <= f.To) &&
		(f.Stream == "" || w.Stream == f.Stream) &&
		(f.Platform == "" || w.Stream.Platform() == f.Platform) &&
		f.note(w.Note) &&
		(f.IDs == nil || f.IDs.Has(w.ID)) &&
		(f.Import == 0 || w.Import == f.Import)
}

func (f *Filter) note(n string) bool {
	return f.Note == "" || strings.Contains(strings.ToLower(n), f.Note)
}

func (f *Filter) amount(minor int64, currency string) bool {
	if f.Min == nil && f.Max == nil {
		return true
	}
	exp, ok := CurrencyExponent(currency)
	if !ok || exp > AmountScale {
		return false
	}
	if minor < 0 {
		minor = -minor
	}
	for range AmountScale - exp {
		minor *= 10 // at most MaxMinor * 10^4: far from overflow
	}
	return (f.Min == nil || minor >= *f.Min) && (f.Max == nil || minor <= *f.Max)
}

// NoteFilter is the Note of a Filter for what a person typed.
func NoteFilter(s string) string { return strings.ToLower(s) }

// FilterAmount reads a bound for Filter's Min or Max: a plain amount with
// at most AmountScale decimals ("100", "12.50"), whose sign is ignored.
func FilterAmount(s string) (int64, error) {
	v, err := parseAmount(s, AmountScale, "")
	if err != nil {
		return 0, Errorf(EINVALID, "%q is not an amount: %s; use %s", s, err.Error(), amountForms)
	}
	if v < 0 {
		v = -v
	}
	return v, nil
}

// IDSet is a set of record IDs, as ranges.
type IDSet []IDRange

// Has reports whether id is in the set.
func (s IDSet) Has(id uint64) bool {
	for _, r := range s {
		if r.Has(id) {
			return true
		}
	}
	return false
}

// ParseIDSet reads a list of IDs and ranges: "12", "12,15-20", "#12".
func ParseIDSet(s string) (IDSet, error) {
	var out IDSet
	for _, part := range strings.Split(s, ",") {
		p := strings.TrimPrefix(strings.TrimSpace(part), "#")
		lo, hi, isRange := strings.Cut(p, "-")
		a, errA := strconv.ParseUint(strings.TrimSpace(lo), 10, 64)
		b, errB := a, error(nil)
		if isRange {
			b, errB = strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(hi), "#"), 10, 64)
		}
		if errA != nil || errB != nil || a == 0 || b < a {
			return nil, Errorf(EINVALID, "%q is not a list of IDs: use IDs and ranges such as 12 or 12,15-20", s)
		}
		out = append(out, IDRange{a, b})
	}
	return out, nil
}

// SortEvents puts events in date order, ties by ID.
func SortEvents(es []Event) {
	slices.SortStableFunc(es, func(a, b Event) int {
		if a.Date != b.Date {
			return int(a.Date) - int(b.Date)
		}
		return cmpID(a.ID, b.ID)
	})
}

// SortSessions puts sessions in order of their start, ties by ID.
func SortSessions(ws []WorkSession) {
	slices.SortStableFunc(ws, func(a, b WorkSession) int {
		if a.Start != b.Start {
			if a.Start < b.Start {
				return -1
			}
			return 1
		}
		return cmpID(a.ID, b.ID)
	})
}

func cmpID(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
