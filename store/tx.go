package store

import (
	"encoding/binary"
	"fmt"
	"time"
	"unicode/utf8"
	"unsafe"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// tx is one transaction on the ledger. It implements ledger.Tx.
type tx struct {
	db  *DB
	btx *bolt.Tx

	// inStore is true while the store's own code runs (not the caller's), so
	// that a panic can be told apart: bbolt's on a damaged file, or the
	// caller's bug.
	inStore bool

	streams *streamTable // loaded on first use
	cur     currencies

	// newKeys holds the import keys this transaction added. They go into
	// the keys bucket in key order when the transaction's work is done
	// (flushKeys): bbolt splits nodes only at commit, so a million keys put
	// in file order would each shift an ever larger node in memory (an
	// import of 100k rows took minutes), where sorted puts only append.
	newKeys keySet
	// keyText holds the text of newKeys: an importer's key is often a
	// slice of its whole row, which the set would otherwise keep alive.
	keyText textArena
	// absentKey is the last key hasKey found absent, until a key is added:
	// an importer asks HasKey and then AddEvent asks again for the same key.
	absentKey  string
	absentHash uint64
	// puts holds the keys and values given to bbolt in this transaction.
	// bbolt keeps them until the commit, so they are carved out of large
	// blocks rather than allocated one by one, and never written twice.
	puts    putArena
	scratch []byte

	events, sessions *records  // opened on first use
	keys             *keyIndex // opened on first use
}

var _ ledger.Tx = (*tx)(nil)

// enter marks store code as running; defer its result: defer t.enter()().
func (t *tx) enter() func() {
	t.inStore = true
	return t.leave
}

// leave ends a store method. A panic that unwinds through it while store
// code ran (bbolt on a damaged page) is marked as the store's, so that run
// reports damage; a panic from the caller's callback passes unmarked.
func (t *tx) leave() {
	if r := recover(); r != nil {
		if _, ok := r.(storePanic); !ok && t.inStore {
			r = storePanic{r}
		}
		t.inStore = false
		panic(r)
	}
	t.inStore = false
}

// storePanic wraps a panic raised inside the store's own code.
type storePanic struct{ v any }

func (t *tx) bucket(name []byte) *bolt.Bucket {
	b := t.btx.Bucket(name)
	if b == nil {
		// Open created every bucket; only a damaged file lacks one.
		panic(fmt.Sprintf("bucket %q is missing", name))
	}
	return b
}

// records returns the events or sessions bucket of the block layout.
func (t *tx) records(kind byte) *records {
	r := &t.events
	name := bucketEvents
	if kind == refSession {
		r, name = &t.sessions, bucketSessions
	}
	if *r == nil {
		*r = &records{b: t.bucket(name)}
	}
	return *r
}

// scan returns the events or sessions bucket for one walk over every
// record: a read-only walk gives back the file's pages as it goes.
func (t *tx) scan(kind byte) *records {
	name := bucketEvents
	if kind == refSession {
		name = bucketSessions
	}
	return &records{b: t.bucket(name), release: newPageRelease(t.db.bolt, t.btx)}
}

// keyIndex returns the keys bucket of the part layout.
func (t *tx) keyIndex() *keyIndex {
	if t.keys == nil {
		t.keys = &keyIndex{b: t.bucket(bucketKeys)}
	}
	return t.keys
}

// table returns the stream table, reading the streams bucket on first use.
func (t *tx) table() (*streamTable, error) {
	if t.streams != nil {
		return t.streams, nil
	}
	st, err := loadStreams(t.bucket(bucketStreams))
	if err != nil {
		return nil, t.db.damaged(err)
	}
	t.streams = st
	return st, nil
}

func loadStreams(b *bolt.Bucket) (*streamTable, error) {
	st := &streamTable{nums: map[ledger.Stream]uint64{}}
	err := b.ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return fmt.Errorf("stream %q: %v", k, err)
		}
		name := ledger.Stream(k)
		if rec.Num >= uint64(len(st.names)) {
			grown := make([]ledger.Stream, rec.Num+1, 2*rec.Num+1)
			copy(grown, st.names)
			st.names = grown
		}
		if st.names[rec.Num] != "" {
			return fmt.Errorf("streams %q and %q have the same number %d", st.names[rec.Num], name, rec.Num)
		}
		st.names[rec.Num] = name
		st.nums[name] = rec.Num
		return nil
	})
	return st, err
}

// streamNum returns the number of s, recording s on first use.
func (t *tx) streamNum(s ledger.Stream) (uint64, error) {
	st, err := t.table()
	if err != nil {
		return 0, err
	}
	if n, ok := st.nums[s]; ok {
		return n, nil
	}
	if _, err := t.ensureStream(s, t.db.opts.Now()); err != nil {
		return 0, err
	}
	return st.nums[s], nil
}

// AddEvent implements ledger.Tx.
func (t *tx) AddEvent(e *ledger.Event) (bool, error) {
	defer t.enter()()
	if err := e.Validate(); err != nil {
		return false, err
	}
	if err := checkText("key", e.Key, maxKey); err != nil {
		return false, err
	}
	if dup, err := t.hasKey(e.Key); dup || err != nil {
		return false, err
	}
	num, err := t.streamNum(e.Stream)
	if err != nil {
		return false, err
	}
	r := t.records(refEvent)
	id, err := r.b.NextSequence()
	if err != nil {
		return false, err
	}
	t.scratch = appendEvent(t.scratch[:0], e, num)
	if err := r.put(id, t.puts.id(id), t.puts.copy(t.scratch)); err != nil {
		return false, err
	}
	if err := t.putKey(e.Key, refEvent, id); err != nil {
		return false, err
	}
	e.ID = id
	return true, nil
}

// AddSession implements ledger.Tx.
func (t *tx) AddSession(w *ledger.WorkSession) (bool, error) {
	defer t.enter()()
	if err := w.Validate(); err != nil {
		return false, err
	}
	if err := checkText("key", w.Key, maxKey); err != nil {
		return false, err
	}
	if dup, err := t.hasKey(w.Key); dup || err != nil {
		return false, err
	}
	num, err := t.streamNum(w.Stream)
	if err != nil {
		return false, err
	}
	r := t.records(refSession)
	id, err := r.b.NextSequence()
	if err != nil {
		return false, err
	}
	t.scratch = appendSession(t.scratch[:0], w, num)
	if err := r.put(id, t.puts.id(id), t.puts.copy(t.scratch)); err != nil {
		return false, err
	}
	if err := t.putKey(w.Key, refSession, id); err != nil {
		return false, err
	}
	w.ID = id
	return true, nil
}

// maxKey bounds import keys: bbolt keys must be short, and a key is a format
// name and an ID or a hash.
const maxKey = 512

func checkText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return ledger.Errorf(ledger.EINVALID, "the %s is not valid UTF-8", what)
	}
	if len(s) > max {
		return ledger.Errorf(ledger.EINVALID, "the %s is %d bytes long: at most %d", what, len(s), max)
	}
	return nil
}

// appendFill is the fill of pages in the buckets that are only appended to
// (events, sessions): bbolt's default of one half suits random inserts and
// would double the file here.
const appendFill = 0.95

// putArena hands out byte slices for bbolt's Put from large blocks. Each
// slice has its own capacity, is filled once, and is never written again.
type putArena struct{ buf []byte }

const putBlock = 256 << 10

func (a *putArena) alloc(n int) []byte {
	if n > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(putBlock, n))
	}
	at := len(a.buf)
	a.buf = a.buf[:at+n]
	return a.buf[at : at+n : at+n]
}

func (a *putArena) copy(b []byte) []byte {
	p := a.alloc(len(b))
	copy(p, b)
	return p
}

// id is idKey in the arena.
func (a *putArena) id(id uint64) []byte {
	p := a.alloc(8)
	binary.BigEndian.PutUint64(p, id)
	return p
}

func (t *tx) putKey(key string, kind byte, id uint64) error {
	if key == "" {
		return nil
	}
	h := t.absentHash
	if key != t.absentKey {
		h = keyHash(key)
	}
	t.newKeys.add(t.keyText.string(unsafe.Slice(unsafe.StringData(key), len(key))), h, keyRef{kind, id})
	t.absentKey = ""
	return nil
}

// flushKeys writes the keys this transaction added (see keyIndex.putAll).
// It runs once, after the caller's function returned without error and
// before bbolt commits.
func (t *tx) flushKeys() error {
	if t.newKeys.len() == 0 {
		return nil
	}
	keys := t.newKeys.entries
	t.newKeys = keySet{}
	return t.keyIndex().putAll(keys)
}

// HasKey implements ledger.Tx.
func (t *tx) HasKey(key string) (bool, error) {
	defer t.enter()()
	return t.hasKey(key)
}

func (t *tx) hasKey(key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	if len(key) > maxKey {
		return false, ledger.Errorf(ledger.EINVALID, "the import key is %d bytes long: at most %d", len(key), maxKey)
	}
	if key == t.absentKey {
		return false, nil
	}
	h := keyHash(key)
	if t.newKeys.has(key, h) || t.keyIndex().get(key, h) != nil {
		return true, nil
	}
	t.absentKey, t.absentHash = key, h
	return false, nil
}

// Event implements ledger.Tx.
func (t *tx) Event(id uint64) (*ledger.Event, error) {
	defer t.enter()()
	v := t.records(refEvent).get(id)
	if v == nil {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: earnlog list shows the IDs", id)
	}
	st, err := t.table()
	if err != nil {
		return nil, err
	}
	e := &ledger.Event{ID: id}
	if err := decodeEvent(e, v, st, &t.cur, nil); err != nil {
		return nil, t.db.damaged(fmt.Errorf("event %d: %v", id, err))
	}
	if err := t.voided(refEvent, id, &e.Voided, &e.VoidReason); err != nil {
		return nil, err
	}
	return e, nil
}

// Session implements ledger.Tx.
func (t *tx) Session(id uint64) (*ledger.WorkSession, error) {
	defer t.enter()()
	v := t.records(refSession).get(id)
	if v == nil {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: earnlog list --work shows the IDs", id)
	}
	st, err := t.table()
	if err != nil {
		return nil, err
	}
	w := &ledger.WorkSession{ID: id}
	if err := decodeSession(w, v, st, nil, false); err != nil {
		return nil, t.db.damaged(fmt.Errorf("session %d: %v", id, err))
	}
	if err := t.voided(refSession, id, &w.Voided, &w.VoidReason); err != nil {
		return nil, err
	}
	return w, nil
}

func (t *tx) voided(kind byte, id uint64, voided *bool, reason *string) error {
	v := t.bucket(bucketVoids).Get(recordRef(kind, id))
	if v == nil {
		return nil
	}
	rec, err := decodeVoid(v)
	if err != nil {
		return t.db.damaged(fmt.Errorf("void of %c%d: %v", kind, id, err))
	}
	*voided, *reason = true, rec.Reason
	return nil
}

// voids reads every void of one kind, in ID order: the voids bucket is small
// next to the records, and a scan in ID order walks this list alongside
// instead of looking each record up.
func (t *tx) voids(kind byte) ([]voidOf, error) {
	var out []voidOf
	c := t.bucket(bucketVoids).Cursor()
	for k, v := c.Seek([]byte{kind}); k != nil && k[0] == kind; k, v = c.Next() {
		_, id, ok := parseRecordRef(k)
		if !ok {
			return nil, t.db.damaged(fmt.Errorf("void key %x is not a record", clip(k)))
		}
		rec, err := decodeVoid(v)
		if err != nil {
			return nil, t.db.damaged(fmt.Errorf("void of %c%d: %v", kind, id, err))
		}
		out = append(out, voidOf{id, rec.Reason})
	}
	return out, nil
}

type voidOf struct {
	id     uint64
	reason string
}

// voidCursor answers "is this ID void?" for IDs asked in increasing order.
type voidCursor struct {
	voids []voidOf
	next  int
}

func (v *voidCursor) of(id uint64) (reason string, voided bool) {
	for v.next < len(v.voids) && v.voids[v.next].id < id {
		v.next++
	}
	if v.next < len(v.voids) && v.voids[v.next].id == id {
		return v.voids[v.next].reason, true
	}
	return "", false
}

// EachEvent implements ledger.Tx. It is a plain cursor loop decoding into one
// reused Event: reports scan every event on every run.
func (t *tx) EachEvent(fn func(*ledger.Event) error) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	voids, err := t.voids(refEvent)
	if err != nil {
		return err
	}
	vc := voidCursor{voids: voids}
	var arena textArena
	var e ledger.Event
	return t.scan(refEvent).each(func(id uint64, v []byte) error {
		if err := decodeEvent(&e, v, st, &t.cur, &arena); err != nil {
			return t.db.damaged(fmt.Errorf("event %d: %v", id, err))
		}
		e.ID = id
		e.VoidReason, e.Voided = vc.of(id)
		t.inStore = false
		err := fn(&e)
		t.inStore = true
		return err
	}, t.badLayout("events"))
}

// badLayout is the bad function of records.each and keyIndex.eachKey for
// reads: a key that breaks the layout is damage, and ends the walk.
func (t *tx) badLayout(bucket string) func(string) error {
	return func(problem string) error {
		return t.db.damaged(fmt.Errorf("%s: %s", bucket, problem))
	}
}

// EachEventLean implements ledger.Tx; see scan.go.
func (t *tx) EachEventLean(fn func(*ledger.Event) error) error { return t.eachEventLean(fn) }

// EachSession implements ledger.Tx.
func (t *tx) EachSession(fn func(*ledger.WorkSession) error) error { return t.eachSession(fn, false) }

// EachSessionLean implements ledger.Tx.
func (t *tx) EachSessionLean(fn func(*ledger.WorkSession) error) error {
	return t.eachSession(fn, true)
}

func (t *tx) eachSession(fn func(*ledger.WorkSession) error, lean bool) error {
	defer t.enter()()
	st, err := t.table()
	if err != nil {
		return err
	}
	voids, err := t.voids(refSession)
	if err != nil {
		return err
	}
	vc := voidCursor{voids: voids}
	var arena textArena
	var w ledger.WorkSession
	return t.scan(refSession).each(func(id uint64, v []byte) error {
		if err := decodeSession(&w, v, st, &arena, lean); err != nil {
			return t.db.damaged(fmt.Errorf("session %d: %v", id, err))
		}
		w.ID = id
		w.VoidReason, w.Voided = vc.of(id)
		t.inStore = false
		err := fn(&w)
		t.inStore = true
		return err
	}, t.badLayout("sessions"))
}

// VoidEvent implements ledger.Tx.
func (t *tx) VoidEvent(id uint64, reason string, at time.Time) error {
	defer t.enter()()
	if t.records(refEvent).get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: earnlog list shows the IDs", id)
	}
	return t.void(refEvent, "event", id, reason, at)
}

// VoidSession implements ledger.Tx.
func (t *tx) VoidSession(id uint64, reason string, at time.Time) error {
	defer t.enter()()
	if t.records(refSession).get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: earnlog list --work shows the IDs", id)
	}
	return t.void(refSession, "work session", id, reason, at)
}

func (t *tx) void(kind byte, what string, id uint64, reason string, at time.Time) error {
	if err := checkText("reason", reason, ledger.MaxNote); err != nil {
		return err
	}
	b := t.bucket(bucketVoids)
	k := recordRef(kind, id)
	if v := b.Get(k); v != nil {
		was := ""
		if rec, err := decodeVoid(v); err == nil && rec.Reason != "" {
			was = fmt.Sprintf(" (%s)", rec.Reason)
		}
		return ledger.Errorf(ledger.ECONFLICT, "%s %d is already void%s", what, id, was)
	}
	return b.Put(k, encodeVoid(voidRecord{At: at, Reason: reason}))
}

// Streams implements ledger.Tx. Streams come in name order.
func (t *tx) Streams() ([]ledger.StreamInfo, error) {
	defer t.enter()()
	var out []ledger.StreamInfo
	err := t.bucket(bucketStreams).ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			return t.db.damaged(fmt.Errorf("stream %q: %v", k, err))
		}
		out = append(out, ledger.StreamInfo{Stream: ledger.Stream(k), Created: rec.Created})
		return nil
	})
	return out, err
}

// EnsureStream implements ledger.Tx.
func (t *tx) EnsureStream(s ledger.Stream, at time.Time) (bool, error) {
	defer t.enter()()
	return t.ensureStream(s, at)
}

func (t *tx) ensureStream(s ledger.Stream, at time.Time) (bool, error) {
	st, err := t.table()
	if err != nil {
		return false, err
	}
	// Importers ask for every row: a known stream was checked when stored.
	if _, ok := st.nums[s]; ok {
		return false, nil
	}
	if p, err := ledger.ParseStream(string(s)); err != nil || p != s {
		return false, ledger.Errorf(ledger.EINVALID, "%q is not a stream name: use platform/name in lower case, letters, digits and '-'", s)
	}
	b := t.bucket(bucketStreams)
	num, err := b.NextSequence()
	if err != nil {
		return false, err
	}
	if num > maxStreamNum {
		return false, ledger.Errorf(ledger.EINTERNAL, "the ledger has run out of stream numbers (%d streams)", maxStreamNum)
	}
	if err := b.Put([]byte(s), encodeStream(streamRecord{Num: num, Created: at})); err != nil {
		return false, err
	}
	for uint64(len(st.names)) <= num {
		st.names = append(st.names, "")
	}
	st.names[num] = s
	st.nums[s] = num
	return true, nil
}

// PlatformClasses implements ledger.Tx.
func (t *tx) PlatformClasses() (map[string]ledger.Class, error) {
	defer t.enter()()
	out := map[string]ledger.Class{}
	err := t.bucket(bucketClasses).ForEach(func(k, v []byte) error {
		if len(v) != 1 || v[0] > byte(ledger.ClassStorefront) {
			return t.db.damaged(fmt.Errorf("class of platform %q: value %x is not a class", k, clip(v)))
		}
		out[string(k)] = ledger.Class(v[0])
		return nil
	})
	return out, err
}

// SetPlatformClass implements ledger.Tx.
func (t *tx) SetPlatformClass(platform string, c ledger.Class) error {
	defer t.enter()()
	if !ledger.ValidPlatform(platform) || len(platform) > 64 {
		return ledger.Errorf(ledger.EINVALID, "%q is not a platform name: use lower case letters, digits and '-'", platform)
	}
	if c > ledger.ClassStorefront {
		return ledger.Errorf(ledger.EINVALID, "class %d is not a platform class: use marketplace, storefront or other", c)
	}
	return t.bucket(bucketClasses).Put([]byte(platform), []byte{byte(c)})
}

// Timer implements ledger.Tx.
func (t *tx) Timer() (*ledger.Timer, error) {
	defer t.enter()()
	v := t.bucket(bucketMeta).Get(metaTimer)
	if v == nil {
		return nil, nil
	}
	tm, err := decodeTimer(v)
	if err != nil {
		return nil, t.db.damaged(fmt.Errorf("timer: %v", err))
	}
	return tm, nil
}

// SetTimer implements ledger.Tx.
func (t *tx) SetTimer(tm *ledger.Timer) error {
	defer t.enter()()
	b := t.bucket(bucketMeta)
	if tm == nil {
		return b.Delete(metaTimer)
	}
	if err := checkText("note", tm.Note, ledger.MaxNote); err != nil {
		return err
	}
	if err := (&ledger.WorkSession{Stream: tm.Stream, Seconds: 1, Tags: tm.Tags}).Validate(); err != nil {
		return err
	}
	return b.Put(metaTimer, encodeTimer(tm))
}

// Setting implements ledger.Tx.
func (t *tx) Setting(name string) (string, error) {
	defer t.enter()()
	if err := checkSettingName(name); err != nil {
		return "", err
	}
	return string(t.bucket(bucketMeta).Get([]byte(settingPrefix + name))), nil
}

// SetSetting implements ledger.Tx; an empty value removes the setting.
func (t *tx) SetSetting(name, value string) error {
	defer t.enter()()
	if err := checkSettingName(name); err != nil {
		return err
	}
	if err := checkText("value of "+name, value, ledger.MaxNote); err != nil {
		return err
	}
	b := t.bucket(bucketMeta)
	if value == "" {
		return b.Delete([]byte(settingPrefix + name))
	}
	return b.Put([]byte(settingPrefix+name), []byte(value))
}

func checkSettingName(name string) error {
	if name == "" || len(name) > 64 || !utf8.ValidString(name) {
		return ledger.Errorf(ledger.EINVALID, "%q is not a setting name: use a short name such as currency", name)
	}
	return nil
}

// emptyTx is a read-only view of a ledger that does not exist yet.
type emptyTx struct{}

var _ ledger.Tx = emptyTx{}

func errNoLedger() error {
	return ledger.Errorf(ledger.EINTERNAL, "the ledger was opened read-only and does not exist yet")
}

func (emptyTx) AddEvent(*ledger.Event) (bool, error)         { return false, errNoLedger() }
func (emptyTx) AddSession(*ledger.WorkSession) (bool, error) { return false, errNoLedger() }
func (emptyTx) HasKey(string) (bool, error)                  { return false, nil }
func (emptyTx) Event(id uint64) (*ledger.Event, error) {
	return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", id)
}
func (emptyTx) Session(id uint64) (*ledger.WorkSession, error) {
	return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", id)
}
func (emptyTx) EachEvent(func(*ledger.Event) error) error             { return nil }
func (emptyTx) EachSession(func(*ledger.WorkSession) error) error     { return nil }
func (emptyTx) EachEventLean(func(*ledger.Event) error) error         { return nil }
func (emptyTx) EachSessionLean(func(*ledger.WorkSession) error) error { return nil }
func (emptyTx) VoidEvent(id uint64, _ string, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", id)
}
func (emptyTx) VoidSession(id uint64, _ string, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", id)
}
func (emptyTx) Streams() ([]ledger.StreamInfo, error)               { return nil, nil }
func (emptyTx) EnsureStream(ledger.Stream, time.Time) (bool, error) { return false, errNoLedger() }
func (emptyTx) PlatformClasses() (map[string]ledger.Class, error) {
	return map[string]ledger.Class{}, nil
}
func (emptyTx) SetPlatformClass(string, ledger.Class) error { return errNoLedger() }
func (emptyTx) Timer() (*ledger.Timer, error)               { return nil, nil }
func (emptyTx) SetTimer(*ledger.Timer) error                { return errNoLedger() }
func (emptyTx) Setting(string) (string, error)              { return "", nil }
func (emptyTx) SetSetting(string, string) error             { return errNoLedger() }
