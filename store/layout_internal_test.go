package store

import "testing"

// The pages given back are whole pages around what a scan read, and never
// anything outside the mapped file.
func TestPageReleaseSpan(t *testing.T) {
	const lo, hi = 0x100000, 0x200000
	for _, c := range []struct {
		name     string
		min, max uintptr
		from, to uintptr
		ok       bool
	}{
		{"nothing seen", 0, 0, 0, 0, false},
		{"inside", lo + 0x1010, lo + 0x3020, lo + 0x1000, lo + 0x4000, true},
		{"page aligned", lo + 0x1000, lo + 0x2000, lo + 0x1000, lo + 0x2000, true},
		{"cut at the end of the file", hi - 0x10, hi + 0x5000, hi - 0x1000, hi, true},
		{"cut at the start", lo - 0x3000, lo + 0x10, lo, lo + 0x1000, true},
		{"copied out of the map, below", 0x1000, 0x2000, 0, 0, false},
		{"copied out of the map, above", hi + 0x1000, hi + 0x1010, 0, 0, false},
	} {
		r := pageRelease{lo: lo, hi: hi, page: 0x1000, min: c.min, max: c.max}
		from, to, ok := r.span()
		if ok != c.ok || (ok && (from != c.from || to != c.to)) {
			t.Errorf("%s: span = %#x..%#x %v, want %#x..%#x %v", c.name, from, to, ok, c.from, c.to, c.ok)
		}
		if ok && (from < lo || to > hi) {
			t.Errorf("%s: span %#x..%#x leaves the map %#x..%#x", c.name, from, to, lo, hi)
		}
	}
}
