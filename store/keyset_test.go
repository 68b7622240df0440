package store

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// keySet answers as a map would, through growth and through keys whose
// hashes collide in full or in the slot bits only.
func TestKeySetAgreesWithMap(t *testing.T) {
	var s keySet
	want := map[string]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		k := fmt.Sprintf("etsy:%d", rng.IntN(30000))
		h := keyHash(k)
		switch n := rng.IntN(500); i % 7 {
		case 0:
			k, h = fmt.Sprintf("full:%d", n), 42 // every one collides in full
		case 1:
			k, h = fmt.Sprintf("slot:%d", n), uint64(n+1)<<40 // same slot, different hashes
		}
		if got := s.has(k, h); got != want[k] {
			t.Fatalf("step %d: has(%q) = %v, want %v", i, k, got, want[k])
		}
		if !want[k] {
			s.add(k, h, keyRef{refEvent, uint64(i)})
			want[k] = true
		}
	}
	if s.len() != len(want) {
		t.Fatalf("%d entries, want %d", s.len(), len(want))
	}
	for i := range s.entries {
		e := &s.entries[i]
		if !s.has(s.key(e), e.hash) {
			t.Fatalf("entry %d (%q) not found", i, s.key(e))
		}
	}
	if s.has("absent", 42) || s.has("absent", keyHash("absent")) {
		t.Fatal("found a key never added")
	}
}
