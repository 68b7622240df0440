package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestProgressDrawsAndClears(t *testing.T) {
	data := strings.Repeat("x", 1<<20)
	var term bytes.Buffer
	p := newProgress(&term, strings.NewReader(data), int64(len(data)), "big.csv")
	n, err := io.Copy(io.Discard, p)
	if err != nil || n != int64(len(data)) {
		t.Fatalf("read %d, %v; want all %d bytes", n, err, len(data))
	}
	p.draw()
	p.done()
	out := term.String()
	if !strings.HasPrefix(out, "\rimporting big.csv [") {
		t.Errorf("progress output starts %q; want the bar", out[:min(len(out), 40)])
	}
	if !strings.Contains(out, "[##############################] 100%") {
		t.Errorf("progress never showed a full bar: %q", out)
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("progress does not clear its line at the end: %q", out)
	}
}
