package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"unsafe"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/earnlog/earnlog/ledger"
)

// WarningPrefix starts a problem that Check reports but that does not make
// the ledger unusable (a fee whose earning is not in the ledger, an older
// schema that will be migrated). Backup and Restore accept files whose only
// problems are warnings.
const WarningPrefix = "warning: "

// maxProblems keeps the report of a badly damaged file readable.
const maxProblems = 200

// Check verifies the file (bbolt's own consistency check) and the ledger's
// invariants: every record decodes, every void and import key points at a
// record that exists, every stream number resolves, every link names a ref
// on the same platform. It returns the problems found; none means clean.
func (db *DB) Check() ([]string, error) {
	if db.bolt == nil {
		return nil, nil
	}
	problems, _, err := checkBolt(db.bolt)
	return append(checkMetaPages(db.path), problems...), err
}

// CheckFile checks the ledger at path without changing it: it opens the file
// read-only and never migrates. A file too damaged to open yields a problem,
// not an error; errors are for files that cannot be read at all.
func CheckFile(path string) ([]string, error) {
	problems, _, err := CheckFileCounts(path)
	return problems, err
}

// CheckFileCounts is CheckFile, and the records the check walked (all of
// them when it found no problem but warnings).
func CheckFileCounts(path string) ([]string, Counts, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, Counts{}, ledger.Errorf(ledger.ENOTFOUND, "no ledger at %s: give the path of a ledger file", path)
	case err != nil:
		return nil, Counts{}, ledger.Errorf(ledger.EINTERNAL, "cannot read %s: %v", path, err)
	case !fi.Mode().IsRegular():
		return nil, Counts{}, ledger.Errorf(ledger.EINVALID, "%s is not a regular file: give the path of a ledger file", path)
	case fi.Size() == 0:
		return []string{"the file is empty: it is not a ledger"}, Counts{}, nil
	}
	meta := checkMetaPages(path)
	b, problem, err := openForCheck(path)
	if err != nil {
		return nil, Counts{}, err
	}
	if problem != "" {
		return append(meta, problem), Counts{}, nil
	}
	defer b.Close()
	ps, n, err := checkBolt(b)
	return append(meta, ps...), n, err
}

func openForCheck(path string) (b *bolt.DB, problem string, err error) {
	b, err = openBolt(path, bolt.Options{ReadOnly: true, Timeout: DefaultLockTimeout, PreLoadFreelist: true})
	if err == nil {
		return b, "", nil
	}
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, "", ledger.Errorf(ledger.EBUSY, "the ledger is in use by another earnlog process (%s); try again when it finishes", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, "", ledger.Errorf(ledger.EINTERNAL, "cannot read %s: %v", path, err)
	}
	if want, have, short := cutShort(path); short {
		return nil, fmt.Sprintf("the file is cut short: it has %d bytes, and its own header says it holds %d (a copy or download that did not finish?)", have, want), nil
	}
	cause := err.Error()
	if strings.Contains(cause, "runtime error") {
		cause = "a page of the file cannot be read" // bbolt's nil pointer says nothing to a person
	}
	return nil, fmt.Sprintf("the file is not a bbolt database or is damaged: %s", cause), nil
}

// checker gathers problems. Warnings are counted apart, so that a flood of
// them neither hides a real problem nor makes a clean ledger look damaged.
type checker struct {
	problems           []string
	more, moreWarnings int
}

func (c *checker) add(format string, args ...any) {
	if len(c.problems) >= maxProblems {
		c.more++
		return
	}
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) warn(format string, args ...any) {
	if len(c.problems) >= maxProblems {
		c.moreWarnings++
		return
	}
	c.problems = append(c.problems, WarningPrefix+fmt.Sprintf(format, args...))
}

// merge adds what sub gathered, as if it had been added here then.
func (c *checker) merge(sub *checker) {
	for _, p := range sub.problems {
		if warning, ok := strings.CutPrefix(p, WarningPrefix); ok {
			c.warn("%s", warning)
		} else {
			c.add("%s", p)
		}
	}
	c.more += sub.more
	c.moreWarnings += sub.moreWarnings
}

func (c *checker) result() []string {
	if c.more > 0 {
		c.problems = append(c.problems, fmt.Sprintf("and %d more problems", c.more))
	}
	if c.moreWarnings > 0 {
		c.problems = append(c.problems, fmt.Sprintf("%sand %d more warnings", WarningPrefix, c.moreWarnings))
	}
	return c.problems
}

func checkBolt(b *bolt.DB) (problems []string, n Counts, err error) {
	var c checker
	defer func() {
		if r := recover(); r != nil {
			c.add("the file is damaged: %v", r)
			problems, n, err = c.result(), Counts{}, nil
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	err = b.View(func(btx *bolt.Tx) error {
		if fi, err := os.Stat(b.Path()); err == nil && fi.Size() < btx.Size() {
			c.add("the file is truncated: it has %d bytes where its header counts %d", fi.Size(), btx.Size())
			return nil
		}
		pages := mapPagesOf(b, btx)
		defer pages.releaseWhile()()
		// bbolt checks in a goroutine of its own, where a page that points
		// outside the file would crash the program. Touch every page here
		// first, where such a fault is a panic that the recover above sees.
		if err := walkAll(b, btx); err != nil {
			c.add("the file is damaged: %v", err)
			return nil
		}
		for e := range btx.Check() {
			c.add("file: %v", e)
		}
		if len(c.problems) > 0 {
			// Walking a damaged tree can crash or loop; the file's own
			// problems are the ones to fix first.
			return nil
		}
		n = checkLedger(btx, &c, pages)
		return nil
	})
	return c.result(), n, err
}

// walkAll makes sure bbolt's check can read the file without crashing: it
// reads every page of every bucket's tree (pageWalker.tree) and
// every key and value of every bucket, nested ones included, in the
// caller's goroutine, where a fault is a panic that can be recovered.
// Forming a slice does not touch memory, so each key and value is read at
// both ends.
func walkAll(db *bolt.DB, btx *bolt.Tx) error {
	w := &pageWalker{m: mapOf(db, btx), size: db.Info().PageSize, seen: map[uint64]bool{}}
	defer func() { touched.Add(w.sum) }()
	return btx.ForEach(func(name []byte, b *bolt.Bucket) error {
		w.touch(name)
		return w.bucket(b, 0)
	})
}

// mapOf returns the file as btx maps it, nil when it cannot tell. bbolt
// gives only the map's address; the names of the top buckets lie in it,
// and the map is made from the address of one of them.
func mapOf(db *bolt.DB, btx *bolt.Tx) []byte {
	lo, n := db.Info().Data, uintptr(btx.Size())
	var m []byte
	_ = btx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if len(name) == 0 {
			return nil
		}
		p := unsafe.Pointer(unsafe.SliceData(name))
		if a := uintptr(p); a >= lo && a < lo+n {
			m = unsafe.Slice((*byte)(unsafe.Add(p, -int(a-lo))), n)
		}
		return errStopWalk
	})
	return m
}

var errStopWalk = errors.New("stop")

func (w *pageWalker) bucket(b *bolt.Bucket, depth int) error {
	if depth > 8 {
		return errors.New("buckets are nested deeper than any ledger's")
	}
	if root := uint64(b.Root()); root != 0 && w.m != nil {
		if err := w.tree(root, 0); err != nil {
			return err
		}
	}
	return b.ForEach(func(k, v []byte) error {
		w.touch(k)
		if v != nil {
			w.touch(v)
			return nil
		}
		if nested := b.Bucket(k); nested != nil {
			return w.bucket(nested, depth+1)
		}
		return nil
	})
}

// touched keeps the reads of touch from being optimised away: each walk
// adds the sum of what it read, once.
var touched atomic.Uint32

func (w *pageWalker) touch(b []byte) {
	if len(b) > 0 {
		w.sum += uint32(b[0]) + uint32(b[len(b)-1])
	}
}

// pageWalker reads a bucket's tree of pages from the file as bbolt's check
// walks it, and refuses what would crash that walk: bbolt checks in a
// goroutine of its own, where a key that a damaged page places outside
// the file is a fault that ends the program, and a page that points back
// at itself recurses until the stack runs out. The layout is bbolt's
// (internal/common/page.go): a 16-byte header (id, flags, count,
// overflow), then count 16-byte elements; a key lies pos bytes after its
// element, and a branch element ends with the ID of the page below.
type pageWalker struct {
	m    []byte // the file as mapped; nil: no pages are walked
	size int    // bytes per page
	seen map[uint64]bool
	sum  uint32 // of the bytes touch read
}

// bbolt's page flags and the sizes of its page header and elements.
const (
	boltBranchPage = 0x01
	boltLeafPage   = 0x02
	boltHeader     = 16
	boltElement    = 16
)

// tree reads page id and the pages below it.
func (w *pageWalker) tree(id uint64, depth int) error {
	pages := uint64(len(w.m) / w.size)
	switch {
	case id < 2 || id >= pages:
		return fmt.Errorf("page %d is outside the file's %d pages", id, pages)
	case w.seen[id]:
		return fmt.Errorf("page %d is reached twice", id)
	case depth > 64:
		return fmt.Errorf("page %d lies deeper than any tree of the file", id)
	}
	w.seen[id] = true
	p := w.m[id*uint64(w.size):]
	flags := binary.LittleEndian.Uint16(p[8:])
	count := int(binary.LittleEndian.Uint16(p[10:]))
	overflow := uint64(binary.LittleEndian.Uint32(p[12:]))
	if overflow >= pages-id {
		return fmt.Errorf("page %d runs past the file's %d pages", id, pages)
	}
	p = p[:(overflow+1)*uint64(w.size)]
	if boltHeader+count*boltElement > len(p) {
		return fmt.Errorf("page %d holds more elements than fit in it", id)
	}
	if flags != boltBranchPage && flags != boltLeafPage {
		return nil // bbolt's check names it
	}
	for i := range count {
		off := boltHeader + i*boltElement
		e := p[off : off+boltElement]
		var span uint64
		if flags == boltBranchPage {
			span = uint64(binary.LittleEndian.Uint32(e)) + uint64(binary.LittleEndian.Uint32(e[4:]))
		} else {
			span = uint64(binary.LittleEndian.Uint32(e[4:])) + uint64(binary.LittleEndian.Uint32(e[8:])) + uint64(binary.LittleEndian.Uint32(e[12:]))
		}
		if uint64(off)+span > uint64(len(p)) {
			return fmt.Errorf("page %d: element %d lies outside the page", id, i)
		}
	}
	if flags == boltBranchPage {
		for i := range count {
			off := boltHeader + i*boltElement
			if err := w.tree(binary.LittleEndian.Uint64(p[off+8:]), depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// ledgerCheck is one check of the ledger's invariants: passes over the
// buckets, each in its own order, that keep of the records only what
// check_records.go describes. Problems come in the order of the passes:
// streams, records, voids, records that break newer rules, keys,
// corrections, then what each record's key and link name.
type ledgerCheck struct {
	btx   *bolt.Tx
	c     *checker
	pages mapPages
	st    *streamTable
	// stale gathers the warnings of records that an earlier version stored
	// and that a new record may no longer be (a sale with billed hours, a
	// 30-hour session on a date), reported after the voids.
	stale checker

	events, sessions *recordSet
	refs             *refTable
	links            chunks[link]
	// Platforms by number, for the refs table, and the number of each
	// stream's platform.
	plats    []string
	platNums map[string]uint32
	streamOf map[ledger.Stream]uint32
	counts   Counts
}

// Counts are the records of a ledger that check walked: what 'earnlog
// check' reports of a clean ledger.
type Counts struct {
	Events, Sessions, Streams int
}

// checkLedger checks the ledger in btx; it gives back the pages of the map
// as it goes.
func checkLedger(btx *bolt.Tx, c *checker, pages mapPages) Counts {
	version, err := schemaOf(btx)
	switch {
	case err != nil:
		c.add("%v", err)
		return Counts{}
	case version == 0 && btx.ID() > 1:
		c.add("the file %v", errForeignFile)
		return Counts{}
	case version == 0:
		return Counts{} // a bbolt file with nothing in it yet: an empty ledger
	case version > SchemaVersion:
		c.add("the schema version %d is newer than this earnlog reads (up to %d): upgrade to an earnlog that reads schema version %d", version, SchemaVersion, version)
		return Counts{}
	case version < SchemaVersion:
		c.warn("the schema version %d is older than %d: earnlog migrates it the next time it opens the ledger for writing; records not checked", version, SchemaVersion)
		return Counts{}
	}
	missing := false
	for _, name := range allBuckets {
		if btx.Bucket(name) == nil {
			c.add("bucket %q is missing", name)
			missing = true
		}
	}
	if missing {
		return Counts{}
	}
	checkStaged(btx, c)

	l := &ledgerCheck{
		btx:      btx,
		c:        c,
		pages:    pages,
		events:   &recordSet{kind: refEvent},
		sessions: &recordSet{kind: refSession},
		refs:     newRefTable(),
		platNums: map[string]uint32{},
		streamOf: map[ledger.Stream]uint32{},
	}
	l.readStreams()
	voided := l.voided()
	l.readEvents(voided[0])
	l.readSessions(voided[1])
	l.checkVoids()
	c.merge(&l.stale)
	l.checkKeys()
	checkChains(btx, l.has, c)
	l.checkRecordLinks()

	_ = btx.Bucket(bucketClasses).ForEach(func(k, v []byte) error {
		if !ledger.ValidPlatform(string(k)) {
			c.add("class of %q: not a platform name", k)
		}
		if len(v) != 1 || v[0] > byte(ledger.MaxClass) {
			c.add("class of platform %q: value %x is not a class", k, clip(v))
		}
		return nil
	})
	if v := btx.Bucket(bucketMeta).Get(metaTimer); v != nil {
		if _, err := decodeTimer(v); err != nil {
			c.add("the running timer does not decode: %v", err)
		}
	}
	checkRates(btx, c)
	l.counts.Events, l.counts.Sessions = l.events.n, l.sessions.n
	return l.counts
}

func (l *ledgerCheck) readStreams() {
	c := l.c
	st := &streamTable{nums: map[ledger.Stream]uint64{}}
	var aliases []aliasOf
	_ = l.btx.Bucket(bucketStreams).ForEach(func(k, v []byte) error {
		rec, err := decodeStream(v)
		if err != nil {
			c.add("stream %q: %v", k, err)
			return nil
		}
		if p, err := ledger.ParseStream(string(k)); err != nil || string(p) != string(k) {
			c.add("stream %q: the name is not a stream name", k)
		}
		for uint64(len(st.names)) <= rec.Num {
			st.names = append(st.names, "")
		}
		if rec.Alias != "" {
			aliases = append(aliases, aliasOf{ledger.Stream(k), rec})
			return nil
		}
		l.counts.Streams++
		if prev := st.names[rec.Num]; prev != "" {
			c.add("streams %q and %q have the same number %d", prev, k, rec.Num)
			return nil
		}
		st.names[rec.Num] = ledger.Stream(k)
		st.nums[ledger.Stream(k)] = rec.Num
		return nil
	})
	checkAliases(st, aliases, c)
	l.st = st
}

// voided returns the IDs that the voids bucket names, of events and of
// sessions, each in order (the bucket's keys are the kind, then the ID).
func (l *ledgerCheck) voided() (ids [2][]uint64) {
	_ = l.btx.Bucket(bucketVoids).ForEach(func(k, _ []byte) error {
		if kind, id, ok := parseRecordRef(k); ok {
			i := 0
			if kind == refSession {
				i = 1
			}
			ids[i] = append(ids[i], id)
		}
		return nil
	})
	return ids
}

// idCursor answers, for IDs asked in order, whether a sorted list holds
// each.
type idCursor struct{ ids []uint64 }

func (c *idCursor) has(id uint64) bool {
	for len(c.ids) > 0 && c.ids[0] < id {
		c.ids = c.ids[1:]
	}
	return len(c.ids) > 0 && c.ids[0] == id
}

func (l *ledgerCheck) problem(bucket string) func(string) error {
	return func(p string) error {
		l.c.add("%s: %s", bucket, p)
		return nil
	}
}

// blockEnd gives back the pages of the block of records just read.
func (l *ledgerCheck) blockEnd() error {
	l.pages.release()
	return nil
}

const staleWarning = "%s breaks a rule earnlog now enforces on new records (%v): void it and record it again"

// readEvents decodes and validates every event, and keeps its ID, key, ref
// and link. Text is decoded into one buffer, used again for each event:
// what is kept is copied.
func (l *ledgerCheck) readEvents(voided []uint64) {
	vc := idCursor{ids: voided}
	var e ledger.Event
	var cur currencies
	var arena textArena
	_ = (&records{b: l.btx.Bucket(bucketEvents)}).eachOf(0, 1, func(id uint64, v []byte) error {
		arena.buf = arena.buf[:0]
		if err := decodeEvent(&e, v, l.st, &cur, &arena); err != nil {
			l.c.add("event %d does not decode: %v", id, err)
			return nil
		}
		e.ID = id
		void := vc.has(id)
		if err := e.ValidateStored(); err != nil {
			l.c.add("event %d is not valid: %v", id, err)
		} else if err := e.Validate(); err != nil && !void {
			l.stale.warn(staleWarning, describe(refEvent, id), err)
		}
		l.events.add(id, void, e.Key)
		plat, income := l.platform(e.Stream), e.Kind.IsIncome()
		if e.Ref != "" {
			r := l.refs.entry(plat, e.Ref)
			switch {
			case !income:
				l.refs.mark(r, refHeld)
			case !void:
				l.refs.mark(r, refHeld|refEarned)
			default:
				l.refs.mark(r, refHeld)
				if _, ok := l.refs.dead[r]; !ok {
					l.refs.dead[r] = id
				}
			}
		}
		if e.Link != "" {
			lk := link{id: id, ref: l.refs.entry(plat, e.Link)}
			if income {
				lk.ref |= linkIncome
			}
			l.links.add(lk)
		}
		return nil
	}, l.problem("events"), l.blockEnd)
	l.events.done()
}

func (l *ledgerCheck) readSessions(voided []uint64) {
	vc := idCursor{ids: voided}
	var w ledger.WorkSession
	var arena textArena
	_ = (&records{b: l.btx.Bucket(bucketSessions)}).eachOf(0, 1, func(id uint64, v []byte) error {
		arena.buf = arena.buf[:0]
		if err := decodeSession(&w, v, l.st, &arena, false); err != nil {
			l.c.add("work session %d does not decode: %v", id, err)
			return nil
		}
		void := vc.has(id)
		if err := w.ValidateStored(); err != nil {
			l.c.add("work session %d is not valid: %v", id, err)
		} else if err := w.Validate(); err != nil && !void {
			l.stale.warn(staleWarning, describe(refSession, id), err)
		}
		l.sessions.add(id, void, w.Key)
		return nil
	}, l.problem("sessions"), l.blockEnd)
	l.sessions.done()
}

// platform returns the number of the platform of s.
func (l *ledgerCheck) platform(s ledger.Stream) uint32 {
	if n, ok := l.streamOf[s]; ok {
		return n
	}
	p := s.Platform()
	n, ok := l.platNums[p]
	if !ok {
		n = uint32(len(l.plats))
		l.plats = append(l.plats, p)
		l.platNums[p] = n
	}
	l.streamOf[s] = n
	return n
}

func (l *ledgerCheck) set(kind byte) *recordSet {
	if kind == refSession {
		return l.sessions
	}
	return l.events
}

// has reports whether record kind+id exists (and decodes).
func (l *ledgerCheck) has(kind byte, id uint64) bool { return l.set(kind).has(id) }

func (l *ledgerCheck) checkVoids() {
	_ = l.btx.Bucket(bucketVoids).ForEach(func(k, v []byte) error {
		kind, id, ok := parseRecordRef(k)
		if !ok {
			l.c.add("void key %x names no record", clip(k))
			return nil
		}
		if _, err := decodeVoid(v); err != nil {
			l.c.add("void of %s does not decode: %v", describe(kind, id), err)
		}
		if !l.has(kind, id) {
			l.c.add("void of %s: there is no such record", describe(kind, id))
		}
		return nil
	})
}

// checkKeys follows every key of the index to its record, and marks the
// records whose own key leads to them.
func (l *ledgerCheck) checkKeys() {
	keys := &keyIndex{b: l.btx.Bucket(bucketKeys)}
	n := 0
	_ = keys.eachKey(func(k, v []byte) error {
		if n++; n%blockIDs == 0 {
			l.pages.release()
		}
		kind, id, ok := parseRecordRef(v)
		if !ok {
			l.c.add("import key %q points at %x, which is not a record", k, clip(v))
			return nil
		}
		s := l.set(kind)
		b, w, bit, ok := s.find(id)
		if !ok {
			l.c.add("import key %q points at %s, which does not exist", k, describe(kind, id))
			return nil
		}
		if key := s.key(b.ordinal(w, bit)); !bytes.Equal(key, k) {
			l.c.add("import key %q points at %s, whose key is %q", k, describe(kind, id), string(key))
			return nil
		}
		b.keyed[w] |= bit
		return nil
	}, l.problem("keys"))
}

// checkRecordLinks asks of each record, in ID order, whether the keys index
// leads to it and whether the ref it links to is there and earned.
func (l *ledgerCheck) checkRecordLinks() {
	c, next := l.c, 0
	staged := stagedRecords(l.btx)
	for _, s := range []*recordSet{l.events, l.sessions} {
		s.each(func(id uint64, i int, void, keyed bool) {
			if key := s.key(i); len(key) > 0 && len(key) <= maxKey && !keyed && !void && !staged(s.kind, id) {
				c.add("%s has the import key %q, but the keys index does not point at it", describe(s.kind, id), string(key))
			}
			if s.kind != refEvent || next == l.links.n || l.links.at(next).id != id {
				return
			}
			lk := l.links.at(next)
			next++
			r, income := lk.ref&^linkIncome, lk.ref&linkIncome != 0
			plat, ref := l.refs.ref(r)
			flags := l.refs.flags(r)
			if flags&refHeld == 0 {
				c.warn("%s links to ref %q, which no event on %s has", describe(s.kind, id), ref, l.plats[plat])
			}
			if earning, ok := l.refs.dead[r]; ok && !income && !void && flags&refEarned == 0 {
				c.warn("%s links to ref %q of event %d, which is voided: it still counts in the reports; void it too ('earnlog void %d --reason ...') unless it is a real cost", describe(s.kind, id), ref, earning, id)
			}
		})
	}
}

func describe(kind byte, id uint64) string {
	if kind == refSession {
		return fmt.Sprintf("work session %d", id)
	}
	return fmt.Sprintf("event %d", id)
}

// hasErrors reports whether problems holds more than warnings.
func hasErrors(problems []string) bool {
	for _, p := range problems {
		if !strings.HasPrefix(p, WarningPrefix) {
			return true
		}
	}
	return false
}
