package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"sort"
	"strings"

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
	problems, err := checkBolt(db.bolt)
	return append(checkMetaPages(db.path), problems...), err
}

// CheckFile checks the ledger at path without changing it: it opens the file
// read-only and never migrates. A file too damaged to open yields a problem,
// not an error; errors are for files that cannot be read at all.
func CheckFile(path string) ([]string, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no ledger at %s: give the path of a ledger file", path)
	case err != nil:
		return nil, ledger.Errorf(ledger.EINTERNAL, "cannot read %s: %v", path, err)
	case !fi.Mode().IsRegular():
		return nil, ledger.Errorf(ledger.EINVALID, "%s is not a regular file: give the path of a ledger file", path)
	case fi.Size() == 0:
		return []string{"the file is empty: it is not a ledger"}, nil
	}
	meta := checkMetaPages(path)
	b, problem, err := openForCheck(path)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		return append(meta, problem), nil
	}
	defer b.Close()
	ps, err := checkBolt(b)
	return append(meta, ps...), err
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

func (c *checker) result() []string {
	if c.more > 0 {
		c.problems = append(c.problems, fmt.Sprintf("and %d more problems", c.more))
	}
	if c.moreWarnings > 0 {
		c.problems = append(c.problems, fmt.Sprintf("%sand %d more warnings", WarningPrefix, c.moreWarnings))
	}
	return c.problems
}

func checkBolt(b *bolt.DB) (problems []string, err error) {
	var c checker
	defer func() {
		if r := recover(); r != nil {
			c.add("the file is damaged: %v", r)
			problems, err = c.result(), nil
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	err = b.View(func(btx *bolt.Tx) error {
		if fi, err := os.Stat(b.Path()); err == nil && fi.Size() < btx.Size() {
			c.add("the file is truncated: it has %d bytes where its header counts %d", fi.Size(), btx.Size())
			return nil
		}
		// bbolt checks in a goroutine of its own, where a page that points
		// outside the file would crash the program. Touch every page here
		// first, where such a fault is a panic that the recover above sees.
		if err := walkAll(btx); err != nil {
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
		checkLedger(btx, &c)
		return nil
	})
	return c.result(), err
}

// walkAll visits every key of every bucket, nested ones included.
func walkAll(btx *bolt.Tx) error {
	return btx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walkBucket(b, 0) })
}

func walkBucket(b *bolt.Bucket, depth int) error {
	if depth > 8 {
		return errors.New("buckets are nested deeper than any ledger's")
	}
	return b.ForEach(func(k, v []byte) error {
		if v != nil {
			return nil
		}
		if nested := b.Bucket(k); nested != nil {
			return walkBucket(nested, depth+1)
		}
		return nil
	})
}

// record is what the invariants need of an event or session.
type record struct {
	key      string
	platform string
	ref      string
	link     string
	// void records may have let go of their import key: to an amendment,
	// or to the keys index when an undo released it.
	void   bool
	income bool // an event of an income kind
}

func checkLedger(btx *bolt.Tx, c *checker) {
	version, err := schemaOf(btx)
	switch {
	case err != nil:
		c.add("%v", err)
		return
	case version == 0 && btx.ID() > 1:
		c.add("the file %v", errForeignFile)
		return
	case version == 0:
		return // a bbolt file with nothing in it yet: an empty ledger
	case version > SchemaVersion:
		c.add("the schema version %d is newer than this earnlog reads (up to %d): upgrade to an earnlog that reads schema version %d", version, SchemaVersion, version)
		return
	case version < SchemaVersion:
		c.warn("the schema version %d is older than %d: earnlog migrates it the next time it opens the ledger for writing; records not checked", version, SchemaVersion)
		return
	}
	missing := false
	for _, name := range allBuckets {
		if btx.Bucket(name) == nil {
			c.add("bucket %q is missing", name)
			missing = true
		}
	}
	if missing {
		return
	}
	checkStaged(btx, c)

	st := &streamTable{nums: map[ledger.Stream]uint64{}}
	var aliases []aliasOf
	_ = btx.Bucket(bucketStreams).ForEach(func(k, v []byte) error {
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
		if prev := st.names[rec.Num]; prev != "" {
			c.add("streams %q and %q have the same number %d", prev, k, rec.Num)
			return nil
		}
		st.names[rec.Num] = ledger.Stream(k)
		st.nums[ledger.Stream(k)] = rec.Num
		return nil
	})
	checkAliases(st, aliases, c)

	byRef := map[string]record{} // by record reference ('e'|'s' + ID)
	refs := map[string]map[string]bool{}
	var cur currencies
	var e ledger.Event
	problem := func(bucket string) func(string) error {
		return func(p string) error {
			c.add("%s: %s", bucket, p)
			return nil
		}
	}
	// stale holds the records an earlier version stored that a new record
	// may no longer be (a sale with billed hours, a 30-hour session on a
	// date): warnings, unless the record is voided.
	stale := map[string]string{}
	_ = (&records{b: btx.Bucket(bucketEvents)}).each(func(id uint64, v []byte) error {
		if err := decodeEvent(&e, v, st, &cur, nil); err != nil {
			c.add("event %d does not decode: %v", id, err)
			return nil
		}
		e.ID = id
		if err := e.ValidateStored(); err != nil {
			c.add("event %d is not valid: %v", id, err)
		} else if err := e.Validate(); err != nil {
			stale[string(recordRef(refEvent, id))] = err.Error()
		}
		p := e.Stream.Platform()
		byRef[string(recordRef(refEvent, id))] = record{key: e.Key, platform: p, ref: e.Ref, link: e.Link, income: e.Kind.IsIncome()}
		if e.Ref != "" {
			if refs[p] == nil {
				refs[p] = map[string]bool{}
			}
			refs[p][e.Ref] = true
		}
		return nil
	}, problem("events"))
	var w ledger.WorkSession
	_ = (&records{b: btx.Bucket(bucketSessions)}).each(func(id uint64, v []byte) error {
		if err := decodeSession(&w, v, st, nil, false); err != nil {
			c.add("work session %d does not decode: %v", id, err)
			return nil
		}
		if err := w.ValidateStored(); err != nil {
			c.add("work session %d is not valid: %v", id, err)
		} else if err := w.Validate(); err != nil {
			stale[string(recordRef(refSession, id))] = err.Error()
		}
		byRef[string(recordRef(refSession, id))] = record{key: w.Key}
		return nil
	}, problem("sessions"))

	voided := map[string]bool{}
	_ = btx.Bucket(bucketVoids).ForEach(func(k, v []byte) error {
		kind, id, ok := parseRecordRef(k)
		if !ok {
			c.add("void key %x names no record", clip(k))
			return nil
		}
		voided[string(k)] = true
		if _, err := decodeVoid(v); err != nil {
			c.add("void of %s does not decode: %v", describe(kind, id), err)
		}
		if r, ok := byRef[string(k)]; !ok {
			c.add("void of %s: there is no such record", describe(kind, id))
		} else {
			r.void = true
			byRef[string(k)] = r
		}
		delete(stale, string(k))
		return nil
	})
	staleRefs := make([]string, 0, len(stale))
	for ref := range stale {
		staleRefs = append(staleRefs, ref)
	}
	sort.Strings(staleRefs)
	for _, ref := range staleRefs {
		kind, id, _ := parseRecordRef([]byte(ref))
		c.warn("%s breaks a rule earnlog now enforces on new records (%s): void it and record it again", describe(kind, id), stale[ref])
	}

	keys := &keyIndex{b: btx.Bucket(bucketKeys)}
	_ = keys.eachKey(func(k, v []byte) error {
		kind, id, ok := parseRecordRef(v)
		if !ok {
			c.add("import key %q points at %x, which is not a record", k, clip(v))
			return nil
		}
		r, ok := byRef[string(v)]
		switch {
		case !ok:
			c.add("import key %q points at %s, which does not exist", k, describe(kind, id))
		case r.key != string(k):
			c.add("import key %q points at %s, whose key is %q", k, describe(kind, id), r.key)
		}
		return nil
	}, problem("keys"))
	checkChains(btx, byRef, c)
	staged := stagedRecords(btx)
	ids := make([]string, 0, len(byRef))
	for ref := range byRef {
		ids = append(ids, ref)
	}
	sort.Strings(ids) // so that the report reads in record order
	// The refs of live earnings, and of voided ones (the first ID of each):
	// a fee or refund whose every earning is voided still counts in the
	// reports, where it makes income negative.
	live, dead := map[[2]string]bool{}, map[[2]string]uint64{}
	for _, ref := range ids {
		r := byRef[ref]
		if !r.income || r.ref == "" {
			continue
		}
		pr := [2]string{r.platform, r.ref}
		if !voided[ref] {
			live[pr] = true
		} else if _, ok := dead[pr]; !ok {
			_, id, _ := parseRecordRef([]byte(ref))
			dead[pr] = id
		}
	}
	for _, ref := range ids {
		r := byRef[ref]
		kind, id, _ := parseRecordRef([]byte(ref))
		if r.key != "" && len(r.key) <= maxKey {
			if got := keys.get(r.key, keyHash(r.key)); string(got) != ref && !r.void && !staged(kind, id) {
				c.add("%s has the import key %q, but the keys index does not point at it", describe(kind, id), r.key)
			}
		}
		if r.link != "" && !refs[r.platform][r.link] {
			c.warn("%s links to ref %q, which no event on %s has", describe(kind, id), r.link, r.platform)
		}
		pr := [2]string{r.platform, r.link}
		if earning, ok := dead[pr]; ok && r.link != "" && !r.income && !voided[ref] && !live[pr] {
			c.warn("%s links to ref %q of event %d, which is voided: it still counts in the reports; void it too ('earnlog void %d --reason ...') unless it is a real cost", describe(kind, id), r.link, earning, id)
		}
	}

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
