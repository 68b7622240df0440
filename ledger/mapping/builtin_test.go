package mapping_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger/mapping"
)

func TestBuiltinLoads(t *testing.T) {
	ms := mapping.Builtin()
	if len(ms) != 7 {
		t.Fatalf("%d built-in mappings, want 7", len(ms))
	}
	var names []string
	for _, f := range mapping.Formats() {
		names = append(names, f.Name)
	}
	if got, want := len(names), 4; got != want {
		t.Fatalf("formats %v, want kofi, paypal, stripe, wise", names)
	}
}
