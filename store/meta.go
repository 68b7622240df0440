package store

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// bbolt keeps two copies of its meta page and, when one is damaged, quietly
// uses the other, which is one transaction older: the last command's writes
// are gone and every bbolt API still says all is well. check reads both
// copies itself so that such damage is reported.
//
// The layout is bbolt's on-disk format (version 2), little-endian on every
// platform bbolt supports: a 16-byte page header, then magic, version,
// page size, flags (uint32 each), the root bucket (root pgid, sequence),
// freelist pgid, high-water pgid, txid and an FNV-64a checksum of the meta
// bytes before it (uint64 each).
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16
	metaChecksumAt   = 56 // offset of the checksum inside the meta
	metaSize         = 64
	metaPageSizeAt   = 8
	metaTxidAt       = 48
	defaultPageBytes = 4096
)

// checkMetaPages returns a problem when exactly one meta page of the file is
// damaged. With both damaged (or a file too short to hold them) bbolt
// refuses to open the file, and its own error says so.
func checkMetaPages(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return []string{fmt.Sprintf("cannot read %s: %v", path, err)}
	}
	defer f.Close()
	first := make([]byte, pageHeaderSize+metaSize)
	if _, err := io.ReadFull(f, first); err != nil {
		return nil
	}
	pageSize := int64(binary.LittleEndian.Uint32(first[pageHeaderSize+metaPageSizeAt:]))
	if metaProblem(first) != "" || pageSize < 512 || pageSize > 1<<20 || pageSize&(pageSize-1) != 0 {
		pageSize = defaultPageBytes // meta 0 is damaged: try the usual size for meta 1
	}
	second := make([]byte, pageHeaderSize+metaSize)
	if _, err := f.ReadAt(second, pageSize); err != nil {
		return nil
	}
	p0, p1 := metaProblem(first), metaProblem(second)
	if (p0 == "") == (p1 == "") {
		return nil
	}
	i, p := 0, p0
	if p == "" {
		i, p = 1, p1
	}
	return []string{fmt.Sprintf("meta page %d is damaged (%s): bbolt falls back on the other copy, which may lack the last change; restore a backup if records are missing", i, p)}
}

// metaProblem checks one meta page: "" when it is sound.
func metaProblem(page []byte) string {
	m := page[pageHeaderSize:]
	switch {
	case binary.LittleEndian.Uint32(m[0:]) != boltMagic:
		return "bad magic number"
	case binary.LittleEndian.Uint32(m[4:]) != boltVersion:
		return "unknown format version"
	}
	h := fnv.New64a()
	h.Write(m[:metaChecksumAt])
	if h.Sum64() != binary.LittleEndian.Uint64(m[metaChecksumAt:]) {
		return "checksum mismatch"
	}
	return ""
}

// cutShort reports whether the file at path is shorter than its sound meta
// pages say it is: a copy or download cut short. It returns the size the
// newest sound meta page needs and the file's size.
func cutShort(path string) (want, have int64, short bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, false
	}
	have = fi.Size()
	var txid uint64
	for _, at := range []int64{0, defaultPageBytes} {
		page := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(page, at); err != nil || metaProblem(page) != "" {
			continue
		}
		m := page[pageHeaderSize:]
		pageSize := int64(binary.LittleEndian.Uint32(m[metaPageSizeAt:]))
		highWater := int64(binary.LittleEndian.Uint64(m[metaHighWaterAt:]))
		if t := binary.LittleEndian.Uint64(m[metaTxidAt:]); t >= txid && pageSize > 0 && highWater > 0 && highWater < 1<<40 {
			txid, want = t, highWater*pageSize
		}
	}
	return want, have, want > have
}

// metaHighWaterAt is the offset of the high-water pgid inside the meta: the
// file holds at least that many pages.
const metaHighWaterAt = 40
