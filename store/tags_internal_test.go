package store

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

// A session record written before tags existed (flags 0 or 1, no tags text)
// reads as untagged, and a tagged record keeps its tags in the lean scan
// reports use, without a schema migration.
func TestSessionTagsEncoding(t *testing.T) {
	st := fuzzStreams()
	// format 1, stream 2, start 86400*3 (zig-zag varint), flags 1 (time),
	// seconds 3600, note "ab", no key: the layout of every older session.
	old := []byte{recordFormat, 2, 0x80, 0xd2, 0x1f, 1, 0xa0, 0x38, 2, 0, 'a', 'b'}
	var w ledger.WorkSession
	if err := decodeSession(&w, old, st, nil, false); err != nil {
		t.Fatalf("old record: %v", err)
	}
	want := ledger.WorkSession{Stream: "etsy/pixelshop", Start: 86400 * 3, HasTime: true, Seconds: 3600, Note: "ab"}
	if w != want {
		t.Fatalf("old record = %+v, want %+v", w, want)
	}
	if got := encodeSession(&want, 2); string(got) != string(old) {
		t.Fatalf("an untagged session encodes as % x, not as before (% x)", got, old)
	}

	tagged := want
	tagged.Tags = "maintain,market"
	v := encodeSession(&tagged, 2)
	for _, lean := range []bool{false, true} {
		w = ledger.WorkSession{Tags: "stale"}
		if err := decodeSession(&w, v, st, &textArena{}, lean); err != nil {
			t.Fatal(err)
		}
		if w.Tags != "maintain,market" {
			t.Fatalf("lean %v: tags %q", lean, w.Tags)
		}
	}
	// Reading an untagged record into a reused session clears its tags.
	w = ledger.WorkSession{Tags: "stale"}
	if err := decodeSession(&w, old, st, nil, true); err != nil || w.Tags != "" {
		t.Fatalf("reused session: tags %q, %v", w.Tags, err)
	}
	// A flag the decoder does not know is damage, not silence.
	bad := append([]byte{}, old...)
	bad[5] = 4
	if err := decodeSession(&w, bad, st, nil, false); err == nil {
		t.Fatalf("flags 4 decoded")
	}
}
