// Package store keeps the ledger in one bbolt file. It is the only package
// that imports bbolt: it implements ledger.Store and ledger.Tx, and owns the
// file's layout, schema version, migrations, backup, restore and check.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/earnlog/earnlog/ledger"
)

// SchemaVersion is the layout this earnlog writes. Version 1 stored records
// as JSON; version 2 stored them in a compact binary form; version 3 keeps
// that form and splits records into blocks and the import keys into parts
// (layout.go), which made a million-row import seconds faster; version 4
// adds amendments, imports, a history, stream aliases (migrate_v3.go) and
// the exchange rates (rates.go).
const SchemaVersion = 4

// DefaultLockTimeout is how long a command waits for another earnlog to let
// go of the ledger when Options.LockTimeout is zero.
const DefaultLockTimeout = 3 * time.Second

// Bucket names.
var (
	bucketMeta     = []byte("meta")
	bucketEvents   = []byte("events")
	bucketSessions = []byte("sessions")
	bucketVoids    = []byte("voids")
	bucketKeys     = []byte("keys")
	bucketStreams  = []byte("streams")
	bucketClasses  = []byte("classes")
	bucketAmends   = []byte("amends")  // since version 4 (amend.go)
	bucketImports  = []byte("imports") // since version 4 (changes.go)
	bucketHistory  = []byte("history") // since version 4 (changes.go)

	allBuckets = [][]byte{bucketMeta, bucketEvents, bucketSessions, bucketVoids, bucketKeys, bucketStreams, bucketClasses,
		bucketAmends, bucketImports, bucketHistory, bucketRates}
)

// Keys in the meta bucket.
var (
	metaSchema = []byte("schema") // the schema version in decimal text
	metaTimer  = []byte("timer")
)

// settingPrefix precedes a setting's name in the meta bucket.
const settingPrefix = "setting/"

// Options are the choices a command makes when it opens the ledger.
type Options struct {
	// ReadOnly opens the file with a shared lock: readers never block each
	// other (a writer still excludes them while it holds the file).
	ReadOnly bool
	// LockTimeout bounds the wait for the file lock (DefaultLockTimeout if zero).
	LockTimeout time.Duration
	// Now is the clock used for times the store records itself (the first use
	// of a stream that AddEvent meets); time.Now if nil.
	Now func() time.Time
	// ImportChunk is the records Import commits per transaction
	// (DefaultImportChunk if zero), and the records removed per
	// transaction when an interrupted import is cleared.
	ImportChunk int
}

// DB is an open ledger. It implements ledger.Store.
type DB struct {
	path string
	bolt *bolt.DB // nil for a read-only open of a ledger that does not exist yet
	opts Options
	// pending is set while a new ledger exists only as a file beside path:
	// it takes path's name when a first Update commits, and is removed,
	// with the folders Open made for it, when the DB closes before.
	pending *pendingFile
}

// pendingFile is a new ledger not yet in place: the temporary file and the
// folders made for it, deepest first.
type pendingFile struct {
	tmp  string
	dirs []string
}

var _ ledger.Store = (*DB)(nil)

// Open opens the ledger at path, creating it (folder 0700, file 0600) unless
// opts.ReadOnly. The warnings are for stderr: they say what Open changed, such
// as permissions it tightened. A read-only open of a missing ledger gives a DB
// on which View sees an empty ledger, so that a report on a fresh machine
// shows nothing rather than failing.
func Open(path string, opts Options) (*DB, []string, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db := &DB{path: path, opts: opts}
	var warnings []string

	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.ReadOnly {
			return db, nil, nil
		}
		// A new ledger is made beside path and takes its name only when a
		// first Update commits: a command that fails leaves no file and no
		// folder behind.
		p, err := newPending(path)
		if err != nil {
			return nil, nil, err
		}
		db.pending = p
	case err != nil:
		return nil, nil, ledger.Errorf(ledger.EINTERNAL, "cannot open the ledger: %v", err)
	case !fi.Mode().IsRegular():
		return nil, nil, ledger.Errorf(ledger.EINVALID, "%s is not a regular file: give the path of a ledger file", path)
	case fi.Size() == 0 && opts.ReadOnly:
		// bbolt initialises an empty file, which a read-only open cannot
		// do: an empty file is a ledger with nothing in it yet.
		return db, looseWarning(path, fi), nil
	}

	if err := db.open(); err != nil {
		db.dropPending()
		return nil, nil, err
	}
	if err := db.prepare(); err != nil {
		db.Close()
		return nil, nil, err
	}
	if fi != nil {
		// Only a file known to be a ledger has its mode changed, and only
		// by a command that writes: read-only commands change no file.
		if opts.ReadOnly {
			warnings = looseWarning(path, fi)
		} else if w := tighten(path, fi); w != "" {
			warnings = append(warnings, w)
		}
	}
	return db, warnings, nil
}

// newPending makes the folders of a new ledger at path (0700) and an empty
// file beside it for bbolt to initialise.
func newPending(path string) (*pendingFile, error) {
	p := &pendingFile{}
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		p.dirs = append(p.dirs, dir)
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		p.removeDirs()
		return nil, ledger.Errorf(ledger.EINTERNAL, "cannot create the folder of the ledger: %v", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		p.removeDirs()
		return nil, ledger.Errorf(ledger.EINTERNAL, "cannot create the ledger %s: %v", path, err)
	}
	p.tmp = f.Name()
	if err := f.Close(); err != nil {
		p.remove()
		return nil, ledger.Errorf(ledger.EINTERNAL, "cannot create the ledger %s: %v", path, err)
	}
	return p, nil
}

// remove deletes the pending file and the folders made for it.
func (p *pendingFile) remove() {
	_ = os.Remove(p.tmp)
	p.removeDirs()
}

func (p *pendingFile) removeDirs() {
	for _, d := range p.dirs {
		_ = os.Remove(d) // only if empty: never what someone else put there
	}
}

// dropPending removes a new ledger that never took its name.
func (db *DB) dropPending() {
	if db.pending != nil {
		db.pending.remove()
		db.pending = nil
	}
}

// publish gives a new ledger its name, after its first commit. A hard link
// never replaces a file: if another earnlog made a ledger at the same path
// meanwhile, this one is dropped and the command fails, writing nothing.
func (db *DB) publish() error {
	p := db.pending
	if err := os.Link(p.tmp, db.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ledger.Errorf(ledger.EBUSY, "another earnlog process created the ledger %s meanwhile: nothing was written; run the command again", db.path)
		}
		// A file system without hard links: rename, which would replace a
		// ledger made meanwhile, so look first.
		if _, serr := os.Lstat(db.path); serr == nil {
			return ledger.Errorf(ledger.EBUSY, "another earnlog process created the ledger %s meanwhile: nothing was written; run the command again", db.path)
		}
		if rerr := os.Rename(p.tmp, db.path); rerr != nil {
			return ledger.Errorf(ledger.EINTERNAL, "cannot create the ledger %s: %v; nothing was written", db.path, rerr)
		}
	} else {
		_ = os.Remove(p.tmp)
	}
	db.pending = nil
	if d, err := os.Open(filepath.Dir(db.path)); err == nil {
		_ = d.Sync() // the new name survives a crash
		d.Close()
	}
	return nil
}

// looseWarning is the warning a read-only command gives for a ledger others
// may read: it says so, and leaves the mode to the next command that writes.
func looseWarning(path string, fi fs.FileInfo) []string {
	mode := fi.Mode().Perm()
	if mode&0o077 == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s is readable by others (mode %04o); the next earnlog command that writes tightens it to 0600", path, mode)}
}

// tighten makes a ledger readable by its owner only: it holds someone's
// income. It returns a warning for stderr when it changed (or failed to
// change) the mode.
func tighten(path string, fi fs.FileInfo) string {
	mode := fi.Mode().Perm()
	if mode&0o077 == 0 {
		return ""
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Sprintf("%s is readable by others (mode %04o) and its permissions could not be tightened: %v", path, mode, err)
	}
	return fmt.Sprintf("tightened permissions of %s from %04o to 0600", path, mode)
}

func (db *DB) open() error {
	file := db.path
	if db.pending != nil {
		file = db.pending.tmp
	}
	b, err := openBolt(file, bolt.Options{
		Timeout:  db.opts.LockTimeout,
		ReadOnly: db.opts.ReadOnly,
		// Load the free list here, where a fault on a damaged file is
		// recovered, not lazily in the goroutine of bbolt's Check.
		PreLoadFreelist: true,
		// Every time a write outgrows the map, bbolt remaps the file and
		// copies every record the transaction holds out of the old map: an
		// import of a million rows spent seconds on that. Reserving address
		// space (not memory) up front makes that rare.
		InitialMmapSize: initialMmap(db.opts.ReadOnly),
	})
	if err != nil {
		return db.openError(err)
	}
	if !db.opts.ReadOnly {
		// With the map reserved, bbolt would grow the file by its whole
		// allocation step (16 MB) at once: grow it by what a commit needs
		// and a little more, so a small ledger stays a small file.
		b.AllocSize = growStep
	}
	db.bolt = b
	return nil
}

// growStep is how much more than a commit needs the file grows by.
const growStep = 64 << 10

// initialMmap is the address space a writer maps at first; readers map the
// file as it is, since they never grow it.
func initialMmap(readOnly bool) int {
	if readOnly || strconv.IntSize < 64 {
		return 0
	}
	return 1 << 30
}

// openBolt is bolt.Open for files that may be damaged. bbolt can panic, or
// fault on a page outside the file, part way through Open and after it took
// the file lock: openBolt then closes the file, so that the lock goes too, and
// returns the panic as an error.
func openBolt(path string, o bolt.Options) (b *bolt.DB, err error) {
	var f *os.File
	o.OpenFile = func(name string, flag int, mode os.FileMode) (*os.File, error) {
		var err error
		f, err = os.OpenFile(name, flag, mode)
		return f, err
	}
	defer func() {
		if r := recover(); r != nil {
			if f != nil {
				f.Close()
			}
			b, err = nil, fmt.Errorf("%v", r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	if want, have, short := cutShort(path); short {
		// bbolt would map the file and fault on the missing pages; the
		// map it leaves behind keeps the file locked for this process.
		return nil, fmt.Errorf("the file is cut short: it has %d bytes, and its own header says it holds %d", have, want)
	}
	return bolt.Open(path, 0o600, &o)
}

func (db *DB) openError(err error) error {
	if errors.Is(err, bolterrors.ErrTimeout) {
		return ledger.Errorf(ledger.EBUSY, "the ledger is in use by another earnlog process (%s); try again when it finishes", db.path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return ledger.Errorf(ledger.EINTERNAL, "cannot open the ledger: %v", err)
	}
	return db.damaged(err)
}

// damaged is the error for a file that bbolt or the decoders cannot read.
func (db *DB) damaged(cause any) error {
	file := db.path
	if db.pending != nil {
		file = db.pending.tmp
	}
	if want, have, short := cutShort(file); short {
		return ledger.Errorf(ledger.EINTERNAL, "%s is damaged: it is cut short, %d bytes where its own header says it holds %d (a copy or download that did not finish?); put a backup back with 'earnlog restore FILE'", db.path, have, want)
	}
	if _, ok := cause.(runtime.Error); ok || strings.Contains(fmt.Sprint(cause), "runtime error") {
		// A Go runtime error (a nil pointer, an index out of range) says
		// nothing to a person: it is bbolt meeting a page it cannot read.
		cause = "a page of the file cannot be read"
	}
	return ledger.Errorf(ledger.EINTERNAL, "%s is not an earnlog ledger or is damaged: %v; run earnlog check", db.path, cause)
}

// recoverDamage turns a panic inside bbolt (which it raises on corrupted
// pages) into the damaged error. It must be deferred directly.
func (db *DB) recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = db.damaged(r)
	}
}

// prepare brings the file to the current schema: it creates what is missing
// on a writable open and migrates an older layout. A read-only open of an
// older layout takes the write lock once to migrate, then reopens read-only.
func (db *DB) prepare() (err error) {
	defer db.recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var version int
	var complete bool
	err = db.bolt.View(func(btx *bolt.Tx) error {
		var err error
		version, err = schemaOf(btx)
		complete = hasAllBuckets(btx)
		if err == nil && version == 0 && btx.ID() > 1 {
			err = errForeignFile
		}
		return err
	})
	if err != nil {
		return db.wrapDamage(err)
	}
	if version > SchemaVersion {
		return ledger.Errorf(ledger.ECONFLICT, "%s was written by a newer earnlog (schema version %d; this earnlog reads up to %d): upgrade to an earnlog that reads schema version %d", db.path, version, SchemaVersion, version)
	}
	if version == SchemaVersion && complete {
		return db.settleStaged()
	}
	if db.opts.ReadOnly {
		if version == 0 {
			// A bbolt file with nothing of earnlog's in it: an empty ledger.
			db.bolt.Close()
			db.bolt = nil
			return nil
		}
		return db.migrateFromReadOnly()
	}
	return db.wrapDamage(db.bolt.Update(func(btx *bolt.Tx) error {
		return upgrade(btx, version, db.opts.Now())
	}))
}

// settleStaged removes an import that a killed process left staged (see
// staged.go) before anything reads or writes the ledger. A read-only open
// takes the write lock for it, as for a migration.
func (db *DB) settleStaged() error {
	has, err := db.hasStaged()
	if err != nil {
		return db.wrapDamage(err)
	}
	if !has {
		return nil
	}
	if !db.opts.ReadOnly {
		return db.clearStaged()
	}
	db.bolt.Close()
	db.bolt = nil
	w := *db
	w.opts.ReadOnly = false
	if err := w.open(); err != nil {
		if ledger.ErrorCode(err) == ledger.EBUSY {
			return err
		}
		return ledger.Errorf(ledger.EINTERNAL, "%s: %v: %v", db.path, errStagedReadOnly, err)
	}
	err = w.clearStaged()
	w.bolt.Close()
	if err != nil {
		return err
	}
	return db.open()
}

func (db *DB) migrateFromReadOnly() error {
	db.bolt.Close()
	db.bolt = nil
	w := *db
	w.opts.ReadOnly = false
	if err := w.open(); err != nil {
		return err
	}
	err := w.prepare()
	w.bolt.Close()
	if err != nil {
		return err
	}
	return db.open()
}

// wrapDamage passes ledger errors through and calls anything else damage.
func (db *DB) wrapDamage(err error) error {
	if err == nil {
		return nil
	}
	var le *ledger.Error
	if errors.As(err, &le) {
		return err
	}
	return db.damaged(err)
}

// errForeignFile is a bbolt file that has been written to but holds nothing of
// earnlog's: another program's database, or a ledger whose root page is
// damaged. A new ledger gets its buckets in the same open that creates it,
// so an empty earnlog file has never committed a transaction (txid 1).
var errForeignFile = errors.New("it has been written to but holds no ledger data (its root may be damaged)")

// schemaOf returns the stored schema version, 0 for a file with no earnlog
// data at all. A file with earnlog buckets and no version is damaged.
func schemaOf(btx *bolt.Tx) (int, error) {
	meta := btx.Bucket(bucketMeta)
	var v []byte
	if meta != nil {
		v = meta.Get(metaSchema)
	}
	if v == nil {
		for _, name := range allBuckets {
			if btx.Bucket(name) != nil {
				return 0, errors.New("the schema version is missing")
			}
		}
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("the schema version %q is not a version", v)
	}
	return n, nil
}

func hasAllBuckets(btx *bolt.Tx) bool {
	for _, name := range allBuckets {
		if btx.Bucket(name) == nil {
			return false
		}
	}
	return true
}

// upgrade creates every bucket and migrates from version (0: a new file).
func upgrade(btx *bolt.Tx, version int, now time.Time) error {
	if version == 1 {
		if err := migrateV1(btx); err != nil {
			return err
		}
	}
	if version == 1 || version == 2 {
		if err := migrateV2(btx); err != nil {
			return err
		}
	}
	if version >= 1 && version <= 3 {
		if err := migrateV3(btx); err != nil {
			return err
		}
	}
	for _, name := range allBuckets {
		if _, err := btx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return btx.Bucket(bucketMeta).Put(metaSchema, []byte(strconv.Itoa(SchemaVersion)))
}

// diskFull names the lack of room behind a failed commit, "" for any other
// error. bbolt formats the error of growing the file with %s, which loses the
// errno, so the message is matched too.
func diskFull(err error) string {
	if err == nil {
		return ""
	}
	for _, e := range []syscall.Errno{syscall.ENOSPC, syscall.EFBIG, syscall.EDQUOT} {
		if errors.Is(err, e) || strings.Contains(err.Error(), e.Error()) {
			if e == syscall.EFBIG {
				return "the file has reached the size limit of this process (ulimit -f)"
			}
			return e.Error()
		}
	}
	return ""
}

// Path returns the path of the ledger file.
func (db *DB) Path() string { return db.path }

// Close releases the file and its lock.
func (db *DB) Close() error {
	if db.bolt == nil {
		db.dropPending()
		return nil
	}
	err := db.bolt.Close()
	db.bolt = nil
	db.dropPending()
	return err
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(ledger.Tx) error) error {
	if db.bolt == nil {
		return fn(emptyTx{})
	}
	return db.run(false, fn)
}

// Update runs fn in a read-write transaction; nothing is written when fn
// returns an error.
func (db *DB) Update(fn func(ledger.Tx) error) error {
	if db.opts.ReadOnly || db.bolt == nil {
		return ledger.Errorf(ledger.EINTERNAL, "the ledger %s was opened read-only", db.path)
	}
	if err := db.run(true, fn); err != nil {
		return err
	}
	if db.pending != nil {
		return db.publish()
	}
	return nil
}

// panicked is the error of a panic r recovered while t ran: a panic raised
// while the store itself worked on the file (bbolt panics on corrupted
// pages) is the damaged error; one in the caller's own code is not the
// file's fault and goes on up.
func (db *DB) panicked(t *tx, r any) error {
	if sp, ok := r.(storePanic); ok {
		return db.damaged(sp.v)
	}
	if !t.inStore {
		panic(r)
	}
	return db.damaged(r)
}

// run is View and Update. A panic raised while the store itself works on the
// file (bbolt panics on corrupted pages) becomes the damaged error; a panic in
// the caller's own code is not the file's fault and goes on up.
func (db *DB) run(writable bool, fn func(ledger.Tx) error) (err error) {
	t := &tx{db: db, inStore: true}
	defer func() {
		if r := recover(); r != nil {
			err = db.panicked(t, r)
		}
	}()
	// A damaged page can point outside the mapped file: fault as a panic
	// rather than crash, so that the recover above sees it.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	body := func(btx *bolt.Tx) error {
		t.btx = btx
		t.inStore = false
		err := fn(t)
		t.inStore = true
		if err == nil && writable {
			err = t.flushKeys()
		}
		if err == nil && writable {
			err = t.flushChange()
		}
		return err
	}
	if writable {
		err = db.bolt.Update(body)
		if full := diskFull(err); full != "" {
			return ledger.Errorf(ledger.EINTERNAL, "cannot write the ledger %s: %s; nothing was written", db.path, full)
		}
	} else {
		err = db.bolt.View(body)
	}
	if errors.Is(err, bolterrors.ErrDatabaseReadOnly) || errors.Is(err, bolterrors.ErrTxNotWritable) {
		return ledger.Errorf(ledger.EINTERNAL, "the ledger %s was opened read-only", db.path)
	}
	return err
}
