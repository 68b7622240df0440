package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// Schema version 1 had the buckets of version 2 with JSON values:
//
//	events   8-byte ID -> {"date":"2026-03-01","stream":"upwork/acme","kind":"hourly",
//	                       "amount":"12.50","currency":"USD","hours":"2.5","ref":"...","note":"..."}
//	sessions 8-byte ID -> {"stream":"...","start":"2026-03-01T09:00:00" or "2026-03-01",
//	                       "hours":"1.5","note":"..."}
//	voids    'e'|'s' + ID -> {"reason":"...","at":RFC 3339}
//	keys     import key -> 'e'|'s' + ID (unchanged in version 2)
//	streams  name -> {"created":RFC 3339}
//	classes  platform -> "marketplace", "storefront" or "other"
//	meta     "schema" -> "1", "timer" -> {"stream","start":RFC 3339,"note"},
//	         "setting/NAME" -> value (unchanged in version 2)
//
// Version 1 had no links, no billing periods and kept import keys only in the
// keys bucket; the migration puts each key into its record and gives hourly
// events with hours the billing week that ends on their date, as version 1
// reports assumed.

type v1Event struct {
	Date     string `json:"date"`
	Stream   string `json:"stream"`
	Kind     string `json:"kind"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Hours    string `json:"hours"`
	Ref      string `json:"ref"`
	Note     string `json:"note"`
}

type v1Session struct {
	Stream string `json:"stream"`
	Start  string `json:"start"`
	Hours  string `json:"hours"`
	Note   string `json:"note"`
}

type v1Void struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

type v1Stream struct {
	Created time.Time `json:"created"`
}

type v1Timer struct {
	Stream string    `json:"stream"`
	Start  time.Time `json:"start"`
	Note   string    `json:"note"`
}

// v1Hours reads version 1's decimal hours ("2.5") as seconds.
func v1Hours(h string) (int64, error) {
	if h == "" || h == "0" {
		return 0, nil
	}
	return ledger.ParseDuration(h + "h")
}

// migrateV1 rewrites every record of a version 1 file in the version 2 form,
// inside the caller's transaction: a failure leaves the file as it was.
func migrateV1(btx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := btx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	// Keys lived only in the keys bucket: find each record's key.
	keyOf := map[string]string{}
	if err := btx.Bucket(bucketKeys).ForEach(func(k, v []byte) error {
		keyOf[string(v)] = string(k)
		return nil
	}); err != nil {
		return err
	}

	// Streams get numbers, in name order.
	created := map[ledger.Stream]time.Time{}
	var order []ledger.Stream
	if err := btx.Bucket(bucketStreams).ForEach(func(k, v []byte) error {
		var s v1Stream
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("version 1 stream %q: %v", k, err)
		}
		created[ledger.Stream(k)] = s.Created
		order = append(order, ledger.Stream(k))
		return nil
	}); err != nil {
		return err
	}
	if err := btx.DeleteBucket(bucketStreams); err != nil {
		return err
	}
	sb, err := btx.CreateBucket(bucketStreams)
	if err != nil {
		return err
	}
	table := &streamTable{names: []ledger.Stream{""}, nums: map[ledger.Stream]uint64{}}
	addStream := func(s ledger.Stream, at time.Time) (uint64, error) {
		if n, ok := table.nums[s]; ok {
			return n, nil
		}
		if p, err := ledger.ParseStream(string(s)); err != nil || p != s {
			return 0, fmt.Errorf("%q is not a stream name", s)
		}
		n, err := sb.NextSequence()
		if err != nil {
			return 0, err
		}
		table.names = append(table.names, s)
		table.nums[s] = n
		return n, sb.Put([]byte(s), encodeStream(streamRecord{Num: n, Created: at}))
	}
	for _, s := range order {
		if _, err := addStream(s, created[s]); err != nil {
			return fmt.Errorf("version 1 stream: %v", err)
		}
	}
	// A record on a stream the streams bucket forgot: created when first seen.
	streamAt := func(s string, at time.Time) (uint64, error) {
		return addStream(ledger.Stream(s), at)
	}

	events, err := collect(btx.Bucket(bucketEvents))
	if err != nil {
		return err
	}
	for _, kv := range events {
		id := kv.id
		var r v1Event
		if err := json.Unmarshal(kv.v, &r); err != nil {
			return fmt.Errorf("version 1 event %d: %v", id, err)
		}
		e, err := r.event(keyOf[string(recordRef(refEvent, id))])
		if err != nil {
			return fmt.Errorf("version 1 event %d: %v", id, err)
		}
		num, err := streamAt(r.Stream, e.Date.Time())
		if err != nil {
			return fmt.Errorf("version 1 event %d: %v", id, err)
		}
		if err := btx.Bucket(bucketEvents).Put(idKey(id), encodeEvent(e, num)); err != nil {
			return err
		}
	}

	sessions, err := collect(btx.Bucket(bucketSessions))
	if err != nil {
		return err
	}
	for _, kv := range sessions {
		id := kv.id
		var r v1Session
		if err := json.Unmarshal(kv.v, &r); err != nil {
			return fmt.Errorf("version 1 session %d: %v", id, err)
		}
		w, err := r.session(keyOf[string(recordRef(refSession, id))])
		if err != nil {
			return fmt.Errorf("version 1 session %d: %v", id, err)
		}
		num, err := streamAt(r.Stream, time.Unix(w.Start, 0).UTC())
		if err != nil {
			return fmt.Errorf("version 1 session %d: %v", id, err)
		}
		if err := btx.Bucket(bucketSessions).Put(idKey(id), encodeSession(w, num)); err != nil {
			return err
		}
	}

	if err := rewrite(btx.Bucket(bucketVoids), func(k, v []byte) ([]byte, error) {
		var r v1Void
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, fmt.Errorf("version 1 void %x: %v", clip(k), err)
		}
		return encodeVoid(voidRecord{At: r.At, Reason: r.Reason}), nil
	}); err != nil {
		return err
	}
	if err := rewrite(btx.Bucket(bucketClasses), func(k, v []byte) ([]byte, error) {
		c, err := ledger.ParseClass(string(v))
		if err != nil {
			return nil, fmt.Errorf("version 1 class of %q: %v", k, err)
		}
		return []byte{byte(c)}, nil
	}); err != nil {
		return err
	}

	meta := btx.Bucket(bucketMeta)
	if v := meta.Get(metaTimer); v != nil {
		var r v1Timer
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("version 1 timer: %v", err)
		}
		if err := meta.Put(metaTimer, encodeTimer(&ledger.Timer{Stream: ledger.Stream(r.Stream), Start: r.Start, Note: r.Note})); err != nil {
			return err
		}
	}
	return nil
}

func (r *v1Event) event(key string) (*ledger.Event, error) {
	d, err := ledger.ParseDate(r.Date, 0)
	if err != nil {
		return nil, err
	}
	k, err := ledger.ParseKind(r.Kind)
	if err != nil {
		return nil, err
	}
	if _, ok := ledger.CurrencyExponent(r.Currency); !ok {
		return nil, fmt.Errorf("%q is not a currency", r.Currency)
	}
	amount, err := ledger.ParseAmount(r.Amount, r.Currency)
	if err != nil {
		return nil, err
	}
	billed, err := v1Hours(r.Hours)
	if err != nil {
		return nil, err
	}
	e := &ledger.Event{Date: d, Stream: ledger.Stream(r.Stream), Kind: k, Amount: amount, Currency: r.Currency,
		Billed: billed, Ref: r.Ref, Note: r.Note, Key: key}
	if billed > 0 {
		e.PeriodStart, e.PeriodEnd = ledger.BillingWeek(d)
	}
	return e, nil
}

func (r *v1Session) session(key string) (*ledger.WorkSession, error) {
	w := &ledger.WorkSession{Note: r.Note, Key: key}
	if t, err := time.Parse("2006-01-02T15:04:05", r.Start); err == nil {
		w.Start, w.HasTime = t.Unix(), true
	} else if t, err := time.Parse("2006-01-02", r.Start); err == nil {
		w.Start = t.Unix()
	} else {
		return nil, fmt.Errorf("start %q is not a date or date and time", r.Start)
	}
	secs, err := v1Hours(r.Hours)
	if err != nil {
		return nil, err
	}
	w.Seconds = secs
	return w, nil
}

// migrateV2 moves the records and import keys of a version 2 file (flat
// buckets: 8-byte ID -> record, import key -> 'e'|'s' + ID) into the
// blocks and parts of version 3 (layout.go), inside the caller's
// transaction. Records are not decoded: their form did not change.
func migrateV2(btx *bolt.Tx) error {
	for _, name := range [][]byte{bucketEvents, bucketSessions} {
		old := btx.Bucket(name)
		if old == nil {
			continue // upgrade creates it
		}
		seq := old.Sequence()
		all, err := collect(old)
		if err != nil {
			return fmt.Errorf("version 2 %s: %v", name, err)
		}
		if err := btx.DeleteBucket(name); err != nil {
			return err
		}
		b, err := btx.CreateBucket(name)
		if err != nil {
			return err
		}
		if err := b.SetSequence(seq); err != nil {
			return err
		}
		b.FillPercent = appendFill
		r := &records{b: b}
		for _, kv := range all {
			if err := r.put(kv.id, idKey(kv.id), kv.v); err != nil {
				return err
			}
		}
	}
	old := btx.Bucket(bucketKeys)
	if old == nil {
		return nil
	}
	var keys keySet
	if err := old.ForEach(func(k, v []byte) error {
		kind, id, ok := parseRecordRef(v)
		if !ok {
			return fmt.Errorf("version 2 import key %q: value %x is not a record", clip(k), clip(v))
		}
		keys.add(string(k), keyHash(string(k)), keyRef{kind, id})
		return nil
	}); err != nil {
		return err
	}
	if err := btx.DeleteBucket(bucketKeys); err != nil {
		return err
	}
	b, err := btx.CreateBucket(bucketKeys)
	if err != nil {
		return err
	}
	return (&keyIndex{b: b}).putAll(&keys)
}

type idValue struct {
	id uint64
	v  []byte
}

// collect copies a record bucket's values: bbolt forbids a Put while a
// cursor walks the bucket, and values die with the transaction's pages.
func collect(b *bolt.Bucket) ([]idValue, error) {
	var out []idValue
	err := b.ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("record key %x is not an ID", clip(k))
		}
		out = append(out, idValue{id: binary.BigEndian.Uint64(k), v: append([]byte(nil), v...)})
		return nil
	})
	return out, err
}

// rewrite replaces every value of b by what conv makes of it.
func rewrite(b *bolt.Bucket, conv func(k, v []byte) ([]byte, error)) error {
	type kv struct{ k, v []byte }
	var all []kv
	if err := b.ForEach(func(k, v []byte) error {
		nv, err := conv(k, v)
		all = append(all, kv{append([]byte(nil), k...), nv})
		return err
	}); err != nil {
		return err
	}
	for _, p := range all {
		if err := b.Put(p.k, p.v); err != nil {
			return err
		}
	}
	return nil
}
