package ledger

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// seenKeys answers as a map does, through growth, across text blocks and
// for keys too long for its entries.
func TestSeenKeysAgreesWithMap(t *testing.T) {
	var s seenKeys
	want := map[string]bool{}
	rng := rand.New(rand.NewPCG(4, 2))
	for i := range 60000 {
		k := fmt.Sprintf("csv:%d", rng.IntN(40000))
		switch i % 50 {
		case 0:
			k = strings.Repeat("x", 1<<16+rng.IntN(3)) // too long for an entry
		case 1:
			k = ""
		case 2:
			k = strings.Repeat("k", 900) + fmt.Sprint(rng.IntN(2000)) // fills blocks fast
		}
		if got := s.add(k); got != want[k] {
			t.Fatalf("step %d: add(%.20q) = %v, want %v", i, k, got, want[k])
		}
		want[k] = true
	}
	if len(s.text) < 2 {
		t.Fatalf("the keys took %d text blocks: the test never crossed one", len(s.text))
	}
}
