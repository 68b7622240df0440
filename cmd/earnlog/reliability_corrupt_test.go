package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bbolt's on-disk layout, as far as the damage below needs it: every page
// starts with a 16-byte header (id uint64, flags uint16, count uint16,
// overflow uint32); pages 0 and 1 are the two meta pages, whose body holds
// magic, version, page size, flags, then the root bucket's page id.
const (
	boltPageHeader = 16
	boltLeafPage   = 0x02
	boltBranchPage = 0x01
)

// damage is one way to break a copy of a ledger.
type damage struct {
	name string
	// refuse: the commands must refuse the file. Damage to one meta page
	// is survivable (bbolt falls back on the other one), so there they
	// may work, but check must still report it and nothing may crash.
	refuse bool
	apply  func(t *testing.T, b []byte) []byte
}

func pageSize(b []byte) int {
	return int(binary.LittleEndian.Uint32(b[boltPageHeader+8:]))
}

// rootPage is the page of the root bucket, which lists earnlog's buckets.
func rootPage(b []byte) int {
	return int(binary.LittleEndian.Uint64(b[boltPageHeader+16:]))
}

// lastLeaf is the last page in the file that claims to be a live leaf (its
// own id in its header): a page of records.
func lastLeaf(t *testing.T, b []byte) int {
	ps := pageSize(b)
	for id := len(b)/ps - 1; id >= 2; id-- {
		p := b[id*ps:]
		if int(binary.LittleEndian.Uint64(p)) == id && binary.LittleEndian.Uint16(p[8:])&boltLeafPage != 0 && binary.LittleEndian.Uint16(p[10:]) > 4 {
			return id
		}
	}
	t.Fatal("no leaf page in the ledger")
	return 0
}

func flip(b []byte, off, n int) []byte {
	for i := off; i < off+n && i < len(b); i++ {
		b[i] ^= 0xA5
	}
	return b
}

var damages = []damage{
	{"meta page 0", false, func(t *testing.T, b []byte) []byte { return flip(b, boltPageHeader, 8) }},
	{"meta page 1", false, func(t *testing.T, b []byte) []byte { return flip(b, pageSize(b)+boltPageHeader, 8) }},
	{"both meta pages", true, func(t *testing.T, b []byte) []byte {
		return flip(flip(b, boltPageHeader, 8), pageSize(b)+boltPageHeader, 8)
	}},
	{"root page type", true, func(t *testing.T, b []byte) []byte {
		binary.LittleEndian.PutUint16(b[rootPage(b)*pageSize(b)+8:], 0xFF)
		return b
	}},
	{"root page count", true, func(t *testing.T, b []byte) []byte {
		binary.LittleEndian.PutUint16(b[rootPage(b)*pageSize(b)+10:], 0xFFFF)
		return b
	}},
	{"leaf page count", true, func(t *testing.T, b []byte) []byte {
		binary.LittleEndian.PutUint16(b[lastLeaf(t, b)*pageSize(b)+10:], 0xFFFF)
		return b
	}},
	{"leaf page elements", true, func(t *testing.T, b []byte) []byte {
		// The element headers (flags, offset, sizes) right after the page
		// header: offsets that point anywhere.
		return flip(b, lastLeaf(t, b)*pageSize(b)+boltPageHeader, 64)
	}},
	{"truncated to half", true, func(t *testing.T, b []byte) []byte { return b[:len(b)/2] }},
	{"truncated after the metas", true, func(t *testing.T, b []byte) []byte { return b[:2*pageSize(b)+100] }},
	{"truncated inside meta 0", true, func(t *testing.T, b []byte) []byte { return b[:100] }},
	{"random bytes", true, func(t *testing.T, b []byte) []byte {
		for i := range b {
			b[i] = byte(i*7919 + i>>8)
		}
		return b
	}},
}

// testCorruption damages copies of a ledger in several places: check must
// report each (exit 1); list, report monthly and earn must refuse with a
// message that names the file as damaged (exit 1); nothing may panic.
func (r *rel) testCorruption(t *testing.T) {
	dir := t.TempDir()
	good := r.baseLedger(t, dir)
	r.mustRun(t, good, "import", "csv", writeEventsCSV(t, dir, "some.csv", 400))
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	commands := [][]string{
		{"list"},
		{"report", "monthly"},
		{"earn", "etsy/pixel-press", "3.00", "--ref", "after-damage"},
	}
	var failures int
	for _, d := range damages {
		db := filepath.Join(dir, strings.ReplaceAll(d.name, " ", "-")+".db")
		if err := os.WriteFile(db, d.apply(t, append([]byte(nil), orig...)), 0o600); err != nil {
			t.Fatal(err)
		}
		var problems []string
		res := r.check(t, db)
		if crashed(res) {
			problems = append(problems, fmt.Sprintf("check crashed: %v", res))
		}
		if res.code != 1 {
			problems = append(problems, fmt.Sprintf("check: %v; want exit 1 and the damage reported", res))
		}
		for _, args := range commands {
			what := strings.Join(args, " ")
			res := r.run(t, db, nil, args...)
			switch {
			case crashed(res):
				problems = append(problems, fmt.Sprintf("%s crashed: %v", what, res))
			case res.code == 0 && !d.refuse:
			case res.code != 1:
				problems = append(problems, fmt.Sprintf("%s: %v; want exit 1", what, res))
			case !strings.Contains(res.stderr, db) || !(strings.Contains(res.stderr, "damaged") || strings.Contains(res.stderr, "not an earnlog ledger")):
				problems = append(problems, fmt.Sprintf("%s: stderr %q does not say that %s is damaged", what, res.stderr, db))
			}
		}
		if len(problems) > 0 {
			failures++
			for _, p := range problems {
				t.Errorf("%s: %s", d.name, p)
			}
		}
	}
	summary("corruption: damages %d, failures %d", len(damages), failures)
}
