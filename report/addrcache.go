package report

import "unsafe"

// addrCache finds streams by where their names' bytes are: a store hands
// out one string per stream, so a hit costs neither hashing nor comparing
// the name. Go strings never change, and the cache holds the bytes alive,
// so an address and length seen again are the same name. It is direct
// mapped (a name takes the slot another one held), and remembers the last
// name apart, since events of one stream tend to come in runs. What it
// misses is looked up by name, and put back.
type addrCache struct {
	last    streamSlot
	hasLast bool
	slots   []streamSlot
	shift   uint // makes a hash of an address an index of slots
}

// streamSlot is one entry of an addrCache: a name's bytes and length, and
// its stream number.
type streamSlot struct {
	data *byte
	n    int
	si   int32
}

// maxStreamSlots bounds the cache; it holds 8 slots per stream up to there.
const maxStreamSlots = 1 << 14

func (c *addrCache) slot(p *byte) *streamSlot {
	return &c.slots[(uint64(uintptr(unsafe.Pointer(p)))*0x9E3779B97F4A7C15)>>c.shift]
}

// find returns the stream of the name s if the cache holds its address.
func (c *addrCache) find(s string) (int32, bool) {
	p := unsafe.StringData(s)
	if c.hasLast && c.last.data == p && c.last.n == len(s) {
		return c.last.si, true
	}
	if len(s) > 0 && len(c.slots) > 0 {
		if x := c.slot(p); x.data == p && x.n == len(s) {
			c.last = *x
			return x.si, true
		}
	}
	return 0, false
}

// put remembers that the name s is stream si.
func (c *addrCache) put(s string, si int32) {
	p := unsafe.StringData(s)
	x := streamSlot{p, len(s), si}
	if len(s) > 0 && len(c.slots) > 0 {
		*c.slot(p) = x
	}
	c.last, c.hasLast = x, true
}

// grow makes room for that many streams: the cache, empty again, fills as
// names come.
func (c *addrCache) grow(streams int) {
	n := len(c.slots)
	if 4*streams <= n || n >= maxStreamSlots {
		return
	}
	shift := uint(64 - 6)
	for 1<<(64-shift) < min(8*streams, maxStreamSlots) {
		shift--
	}
	c.slots, c.shift = make([]streamSlot, 1<<(64-shift)), shift
}
