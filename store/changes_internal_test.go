package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// FuzzDecodeCorrections feeds the decoders of version 4's values (stream
// entries of the second form, imports, last changes, history lines)
// arbitrary bytes: they must never panic, and what they accept must encode
// back to the same value.
func FuzzDecodeCorrections(f *testing.F) {
	at := time.Unix(1774600000, 5)
	f.Add(encodeStream(streamRecord{Num: 3, Created: at, Alias: "upwork/acme-logo"}))
	f.Add(encodeStream(streamRecord{Num: 1, Created: at, Archived: true, ClassSet: true, Class: ledger.ClassStorefront}))
	f.Add(encodeImport(&ledger.ImportInfo{At: at, File: "a.csv", Format: "csv", New: 3, Events: ledger.IDRange{First: 2, Last: 4}}))
	f.Add(encodeChange(&ledger.Change{Kind: ledger.ChangeVoid, At: at, Voided: 9, Session: true}))
	f.Add(encodeChange(&ledger.Change{Kind: ledger.ChangeOther, At: at, What: "stream rename"}))
	f.Add([]byte{})
	f.Add([]byte{streamFormat2})
	f.Fuzz(func(t *testing.T, v []byte) {
		if s, err := decodeStream(v); err == nil {
			back, err := decodeStream(encodeStream(s))
			if err != nil || !reflect.DeepEqual(back, s) {
				t.Fatalf("stream %+v round trips to %+v, %v", s, back, err)
			}
		}
		if in, err := decodeImport(v); err == nil {
			back, err := decodeImport(encodeImport(&in))
			if err != nil || !reflect.DeepEqual(back, in) {
				t.Fatalf("import %+v round trips to %+v, %v", in, back, err)
			}
		}
		if c, err := decodeChange(v); err == nil {
			back, err := decodeChange(encodeChange(c))
			if err != nil || !reflect.DeepEqual(back, c) {
				t.Fatalf("change %+v round trips to %+v, %v", c, back, err)
			}
		}
		_, _, _ = decodeHistory(v)
	})
}
