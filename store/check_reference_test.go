package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
)

// The reference check: the ledger invariants as check verified them when it
// held every record in a map, kept as the model that the streaming check in
// check.go must agree with, problem for problem and in the same order
// (TestCheckAgreesWithTheReference). Only the order of the amendment links
// differs: the map's order was random, the model's is the bucket's.

// record is what the invariants need of an event or session.
type refRecord struct {
	key      string
	platform string
	ref      string
	link     string
	// void records may have let go of their import key: to an amendment,
	// or to the keys index when an undo released it.
	void   bool
	income bool // an event of an income kind
}

func refCheckLedger(btx *bolt.Tx, c *checker) {
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

	byRef := map[string]refRecord{} // by record reference ('e'|'s' + ID)
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
		byRef[string(recordRef(refEvent, id))] = refRecord{key: e.Key, platform: p, ref: e.Ref, link: e.Link, income: e.Kind.IsIncome()}
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
		byRef[string(recordRef(refSession, id))] = refRecord{key: w.Key}
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
	refCheckChains(btx, byRef, c)
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
			if got := keys.get(r.key, keyHash(r.key)); string(got) != ref && !r.void {
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

func refCheckChains(btx *bolt.Tx, byRef map[string]refRecord, c *checker) {
	links := map[string]uint64{}
	_ = btx.Bucket(bucketAmends).ForEach(func(k, v []byte) error {
		if len(k) != 10 || (k[0] != amendsOf && k[0] != amendedBy) || len(v) != 8 {
			c.add("amendment link %x is not a link", clip(k))
			return nil
		}
		kind, id, ok := parseRecordRef(k[1:])
		if !ok {
			c.add("amendment link %x is not a link", clip(k))
			return nil
		}
		links[string(k)] = binary.BigEndian.Uint64(v)
		other := binary.BigEndian.Uint64(v)
		if _, ok := byRef[string(k[1:])]; !ok {
			c.add("amendment link of %s: there is no such record", describe(kind, id))
		}
		if _, ok := byRef[string(recordRef(kind, other))]; !ok {
			c.add("amendment link of %s names %s, which does not exist", describe(kind, id), describe(kind, other))
		}
		return nil
	})
	voids := btx.Bucket(bucketVoids)
	linkKeys := make([]string, 0, len(links))
	for k := range links {
		linkKeys = append(linkKeys, k)
	}
	sort.Strings(linkKeys)
	for _, k := range linkKeys {
		other := links[k]
		kind, id, _ := parseRecordRef([]byte(k[1:]))
		if k[0] == amendsOf {
			if back, ok := links[string(amendKey(amendedBy, kind, other))]; !ok || back != id {
				c.add("%s amends %s, which does not link back to it", describe(kind, id), describe(kind, other))
			}
			if other >= id {
				c.add("%s amends %s, which is not older", describe(kind, id), describe(kind, other))
			}
			continue
		}
		if back, ok := links[string(amendKey(amendsOf, kind, other))]; !ok || back != id {
			c.add("%s was amended by %s, which does not link back to it", describe(kind, id), describe(kind, other))
		}
		v := voids.Get(recordRef(kind, id))
		if v == nil {
			c.add("%s was amended by %s but is not void", describe(kind, id), describe(kind, other))
		} else if rec, err := decodeVoid(v); err == nil && rec.Reason != fmt.Sprintf(amendedWhy, other) {
			c.add("%s was amended by %s but is void for another reason (%s)", describe(kind, id), describe(kind, other), rec.Reason)
		}
	}

	var last [2]uint64 // the last ID of an import, events and sessions
	_ = btx.Bucket(bucketImports).ForEach(func(k, v []byte) error {
		in, err := decodeImport(v)
		if err != nil || len(k) != 8 {
			c.add("import %x does not decode: %v", clip(k), err)
			return nil
		}
		id := binary.BigEndian.Uint64(k)
		for i, r := range []ledger.IDRange{in.Events, in.Sessions} {
			kind, what := byte(refEvent), "event"
			if i == 1 {
				kind, what = refSession, "work session"
			}
			if r.First == 0 {
				continue
			}
			if r.First <= last[i] {
				c.add("import %d: its %ss %d-%d overlap an earlier import's", id, what, r.First, r.Last)
			}
			last[i] = r.Last
			for _, end := range []uint64{r.First, r.Last} {
				if _, ok := byRef[string(recordRef(kind, end))]; !ok {
					c.add("import %d names %s, which does not exist", id, describe(kind, end))
				}
			}
		}
		return nil
	})
	_ = btx.Bucket(bucketHistory).ForEach(func(k, v []byte) error {
		if _, _, err := decodeHistory(v); err != nil {
			c.add("history entry %x does not decode: %v", clip(k), err)
		}
		return nil
	})
	if v := btx.Bucket(bucketMeta).Get(metaChange); v != nil {
		if _, err := decodeChange(v); err != nil {
			c.add("the last change does not decode: %v", err)
		}
	}
}

// TestCheckAgreesWithTheReference builds ledgers of every shape the store
// writes (imports, links, voids, amendments, renames, blocks of IDs past
// the first), damages them behind the store's back in random ways, and
// asks both checks: the streaming one must list exactly what the reference
// lists, in the same order. Every finding the damage can cause must come
// up in some ledger, or the test proves less than it claims.
func TestCheckAgreesWithTheReference(t *testing.T) {
	seen := map[string]int{}
	for seed := range 80 {
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		path := filepath.Join(t.TempDir(), "ledger.db")
		buildRandomLedger(t, path, rng, seed%16 == 5)
		damageRandomly(t, path, rng)

		b, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		var got, want checker
		var n Counts
		err = b.View(func(btx *bolt.Tx) error {
			n = checkLedger(btx, &got, mapPagesOf(b, btx))
			refCheckLedger(btx, &want)
			return nil
		})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		g, w := got.result(), want.result()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("seed %d: check found\n%s\nthe reference\n%s", seed, strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
		if n.Events == 0 || n.Sessions == 0 || n.Streams == 0 {
			t.Errorf("seed %d: counts %+v", seed, n)
		}
		for _, p := range w {
			for _, f := range referenceFindings {
				if strings.Contains(p, f) {
					seen[f]++
				}
			}
		}
	}
	for _, f := range referenceFindings {
		if seen[f] == 0 {
			t.Errorf("no ledger had a finding with %q", f)
		}
	}
}

// referenceFindings are the findings that damageRandomly (or the ledgers
// themselves) give rise to.
var referenceFindings = []string{
	"does not decode: ",
	"is not valid: ",
	"breaks a rule earnlog now enforces",
	"void key ",
	": there is no such record",
	"points at 78, which is not a record",
	"which does not exist",
	", whose key is ",
	"but the keys index does not point at it",
	"is in part ",
	"which no event on ",
	"which is voided: it still counts",
	"which does not link back to it",
	"but is not void",
	"is not a link",
	"overlap an earlier import's",
	"is not a block of records",
	"not in block",
	"which is not a stream",
	"have the same number",
}

var referenceStreams = []ledger.Stream{"upwork/acme", "upwork/beta", "etsy/shop", "gumroad/pack", "kofi/page"}

// buildRandomLedger writes a ledger through the store: an import of events
// (earnings, their fees and refunds by link, some links to refs no event
// has) and sessions, then voids, amendments and a rename. big puts events
// past the first two blocks of IDs.
func buildRandomLedger(t *testing.T, path string, rng *rand.Rand, big bool) {
	t.Helper()
	db, _, err := Open(path, Options{Now: func() time.Time { return referenceNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events := 20 + rng.IntN(150)
	if big {
		events = 2*blockIDs + 300
	}
	var refs []string
	err = db.Update(func(lt ledger.Tx) error {
		for i := range events {
			e := &ledger.Event{Date: ledger.NewDate(2026, 1, 1+i%28), Stream: referenceStreams[rng.IntN(len(referenceStreams))],
				Kind: ledger.KindSale, Amount: int64(100 + rng.IntN(9000)), Currency: "USD"}
			switch r := rng.IntN(10); {
			case r < 2 && len(refs) > 0:
				e.Kind, e.Amount = ledger.KindFee, -int64(10+rng.IntN(90))
				e.Link = refs[rng.IntN(len(refs))]
			case r < 3 && len(refs) > 0:
				e.Kind, e.Amount = ledger.KindRefund, -int64(10+rng.IntN(90))
				e.Link = refs[rng.IntN(len(refs))]
			case r < 4:
				e.Kind, e.Amount, e.Link = ledger.KindFee, -5, fmt.Sprintf("missing-%d", rng.IntN(5))
			case r < 5:
				e.Kind = ledger.KindTip
			}
			if rng.IntN(8) > 0 {
				e.Ref = fmt.Sprintf("R%d", rng.IntN(events/4+1))
				refs = append(refs, e.Ref)
			}
			if rng.IntN(6) > 0 {
				e.Key = fmt.Sprintf("%s:%d", e.Stream.Platform(), i)
				if rng.IntN(3) == 0 { // keys either side of what fits in a slot
					e.Key += ":" + strings.Repeat("k", rng.IntN(30))
				}
			}
			if _, err := lt.AddEvent(e); err != nil {
				return err
			}
		}
		for i := range 3 + rng.IntN(20) {
			w := &ledger.WorkSession{Stream: referenceStreams[rng.IntN(len(referenceStreams))], Start: ledger.CivilSeconds(referenceNow) + int64(i)*7200,
				HasTime: true, Seconds: 1800}
			if rng.IntN(4) > 0 {
				w.Key = fmt.Sprintf("timeclock:%d", i)
			}
			if _, err := lt.AddSession(w); err != nil {
				return err
			}
		}
		return lt.RecordImport(&ledger.ImportInfo{File: "a.csv", Format: "csv", New: events})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(lt ledger.Tx) error {
		x := lt.(*tx)
		for range rng.IntN(25) {
			id := 1 + uint64(rng.IntN(events))
			e, err := x.Event(id)
			if err != nil || e.Voided {
				continue
			}
			if rng.IntN(3) == 0 {
				n := *e
				n.Amount++
				if err := x.AmendEvent(id, &n, referenceNow); err != nil {
					return err
				}
				continue
			}
			if err := x.VoidEvent(id, "typo", referenceNow); err != nil {
				return err
			}
		}
		if err := x.VoidSession(1, "typo", referenceNow); err != nil {
			return err
		}
		if rng.IntN(2) == 0 {
			return x.RenameStream("kofi/page", "kofi/renamed", referenceNow)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// damageRandomly changes the ledger's buckets as no earnlog would: a few of
// the ways below, drawn at random.
func damageRandomly(t *testing.T, path string, rng *rand.Rand) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(btx *bolt.Tx) error {
		st := &streamTable{nums: map[ledger.Stream]uint64{}}
		_ = btx.Bucket(bucketStreams).ForEach(func(k, v []byte) error {
			rec, _ := decodeStream(v)
			for uint64(len(st.names)) <= rec.Num {
				st.names = append(st.names, "")
			}
			if rec.Alias == "" {
				st.names[rec.Num], st.nums[ledger.Stream(k)] = ledger.Stream(k), rec.Num
			}
			return nil
		})
		for range rng.IntN(7) {
			if err := damageOnce(btx, st, rng); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// randomKey returns one key of b (of a part, for the keys bucket) at random,
// nil if b is empty.
func randomKey(b *bolt.Bucket, rng *rand.Rand) (part *bolt.Bucket, k, v []byte) {
	var all [][2][]byte
	_ = b.ForEach(func(k, v []byte) error {
		all = append(all, [2][]byte{append([]byte(nil), k...), append([]byte(nil), v...)})
		return nil
	})
	if len(all) == 0 {
		return b, nil, nil
	}
	kv := all[rng.IntN(len(all))]
	return b, kv[0], kv[1]
}

func randomKeyEntry(btx *bolt.Tx, rng *rand.Rand) (part *bolt.Bucket, k, v []byte) {
	keys := btx.Bucket(bucketKeys)
	for range 50 {
		p := keys.Bucket([]byte{byte(rng.IntN(256))})
		if p == nil {
			continue
		}
		if _, k, v := randomKey(p, rng); k != nil {
			return p, k, v
		}
	}
	return nil, nil, nil
}

func randomRecord(btx *bolt.Tx, kind byte, rng *rand.Rand) (blk *bolt.Bucket, id uint64, v []byte) {
	name := bucketEvents
	if kind == refSession {
		name = bucketSessions
	}
	recs := btx.Bucket(name)
	_, bk, _ := randomKey(recs, rng)
	blk = recs.Bucket(bk)
	if blk == nil {
		return nil, 0, nil
	}
	_, k, v := randomKey(blk, rng)
	if len(k) != 8 {
		return nil, 0, nil
	}
	return blk, binary.BigEndian.Uint64(k), v
}

func damageOnce(btx *bolt.Tx, st *streamTable, rng *rand.Rand) error {
	keys, voids, amends := btx.Bucket(bucketKeys), btx.Bucket(bucketVoids), btx.Bucket(bucketAmends)
	kind := byte(refEvent)
	if rng.IntN(5) == 0 {
		kind = refSession
	}
	aVoid := encodeVoid(voidRecord{At: referenceNow, Reason: "typo"})
	switch rng.IntN(22) {
	case 0: // an entry of the keys index goes
		if p, k, _ := randomKeyEntry(btx, rng); p != nil {
			return p.Delete(k)
		}
	case 1: // a key of a record that is not there
		key := fmt.Sprintf("ghost:%d", rng.IntN(100))
		p, err := keys.CreateBucketIfNotExists([]byte{keyPart(key)})
		if err != nil {
			return err
		}
		return p.Put([]byte(key), recordRef(kind, 50000+uint64(rng.IntN(3))))
	case 2: // a key that leads to another record
		if p, k, _ := randomKeyEntry(btx, rng); p != nil {
			return p.Put(k, recordRef(kind, 1+uint64(rng.IntN(20))))
		}
	case 3: // a key that leads nowhere at all
		if p, k, _ := randomKeyEntry(btx, rng); p != nil {
			return p.Put(k, []byte("x"))
		}
	case 4: // a key in the wrong part
		if p, k, v := randomKeyEntry(btx, rng); p != nil {
			wrong, err := keys.CreateBucketIfNotExists([]byte{keyPart(string(k)) + 1})
			if err != nil {
				return err
			}
			if err := wrong.Put(k, v); err != nil {
				return err
			}
			return p.Delete(k)
		}
	case 5: // a record goes
		if blk, id, _ := randomRecord(btx, kind, rng); blk != nil {
			return blk.Delete(idKey(id))
		}
	case 6: // a record that does not decode
		if blk, id, _ := randomRecord(btx, kind, rng); blk != nil {
			return blk.Put(idKey(id), []byte{1, 2, 3})
		}
	case 7, 8, 9: // an event with another key, a rule of today broken, or
		// one of every day
		blk, id, v := randomRecord(btx, refEvent, rng)
		var e ledger.Event
		if blk == nil || decodeEvent(&e, v, st, &currencies{}, nil) != nil {
			return nil
		}
		switch rng.IntN(3) {
		case 0:
			e.Key = fmt.Sprintf("other:%d", rng.IntN(3)) + strings.Repeat("o", rng.IntN(2)*30)
		case 1:
			e.Kind, e.Amount, e.Billed, e.PeriodStart, e.PeriodEnd = ledger.KindSale, 100, 3600, e.Date, e.Date
		default:
			e.Currency = "ZZZ"
		}
		return blk.Put(idKey(id), encodeEvent(&e, st.nums[e.Stream]))
	case 10: // a void of nothing
		return voids.Put(recordRef(kind, 60000+uint64(rng.IntN(3))), aVoid)
	case 11: // a void of no kind of record
		return voids.Put([]byte("zz"), aVoid)
	case 12: // a void that does not decode
		if _, k, _ := randomKey(voids, rng); k != nil {
			return voids.Put(k, []byte{9})
		}
	case 13: // a void goes (an amended record's, a voided earning's)
		if _, k, _ := randomKey(voids, rng); k != nil {
			return voids.Delete(k)
		}
	case 14: // a void of a record that was not void
		return voids.Put(recordRef(kind, 1+uint64(rng.IntN(30))), aVoid)
	case 15: // an amendment link goes, or leads nowhere
		if _, k, _ := randomKey(amends, rng); k != nil {
			if rng.IntN(2) == 0 {
				return amends.Delete(k)
			}
			return amends.Put(k, idKey(70000))
		}
		return amends.Put(amendKey(amendsOf, kind, 5), idKey(3))
	case 16: // not an amendment link
		return amends.Put([]byte("bad"), idKey(1))
	case 17: // an import of records that are not there, or again
		in := &ledger.ImportInfo{At: referenceNow, File: "b.csv", Format: "csv",
			Events: ledger.IDRange{First: 1 + uint64(rng.IntN(10)), Last: 80000}}
		return btx.Bucket(bucketImports).Put(idKey(90+uint64(rng.IntN(3))), encodeImport(in))
	case 18: // an alias of nothing, or a number taken twice
		s := btx.Bucket(bucketStreams)
		v := s.Get([]byte("etsy/shop"))
		if rng.IntN(2) == 0 {
			rec, _ := decodeStream(v)
			rec.Alias = "nowhere/gone"
			return s.Put([]byte("etsy/alias"), encodeStream(rec))
		}
		return s.Put([]byte("etsy/twin"), v)
	case 19: // an ID in the wrong block
		if blk, id, v := randomRecord(btx, kind, rng); blk != nil {
			return blk.Put(idKey(id+blockIDs), v)
		}
	case 20: // not a block
		return btx.Bucket(bucketEvents).Put([]byte("stray"), []byte("value"))
	case 21: // a fee's earning voided (its fee is then still counted)
		var sale []byte
		_ = (&records{b: btx.Bucket(bucketEvents)}).each(func(id uint64, v []byte) error {
			var e ledger.Event
			if sale == nil && decodeEvent(&e, v, st, &currencies{}, nil) == nil && e.Kind == ledger.KindSale && e.Ref != "" && rng.IntN(4) == 0 {
				sale = recordRef(refEvent, id)
			}
			return nil
		}, func(string) error { return nil })
		if sale != nil {
			return voids.Put(sale, aVoid)
		}
	}
	return nil
}

var referenceNow = time.Date(2026, 3, 27, 9, 30, 0, 0, time.UTC)
