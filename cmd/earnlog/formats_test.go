package main

import (
	"strings"
	"testing"
)

// TestFormatNames: the formats import's help names are the registry's.
func TestFormatNames(t *testing.T) {
	if got := strings.Join(formats().Names(), ", "); got != formatNames {
		t.Errorf("formatNames is %q, the registry has %q: update formatNames", formatNames, got)
	}
}
