package store

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unicode/utf8"

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
	// tableMu guards loading streams: the lean scans of a read-only
	// transaction may run at once (scan.go).
	tableMu sync.Mutex
	cur     currencies

	// newKeys holds the import keys this transaction added. They go into
	// the keys bucket in key order when the transaction's work is done
	// (flushKeys): bbolt splits nodes only at commit, so a million keys put
	// in file order would each shift an ever larger node in memory (an
	// import of 100k rows took minutes), where sorted puts only append.
	newKeys keySet
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

	change txChange // what this transaction did to the records (changes.go)

	// chunk is set for an import written in chunks (staged.go): the
	// transaction then spans several of bbolt's.
	chunk *chunking
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
	t.tableMu.Lock()
	defer t.tableMu.Unlock()
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

// badLayout is the bad function of records.each and keyIndex.eachKey for
// reads: a key that breaks the layout is damage, and ends the walk.
func (t *tx) badLayout(bucket string) func(string) error {
	return func(problem string) error {
		return t.db.damaged(fmt.Errorf("%s: %s", bucket, problem))
	}
}
