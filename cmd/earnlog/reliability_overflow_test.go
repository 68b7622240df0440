package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testOverflow imports 922,340 sales of 100,000,000,000.00 (the largest
// amount a record holds), whose sum once wrapped to
// -92,233,440,737,095,516.16, and runs every report: each exits 1 naming
// the currency and prints no figures, while a span that fits still
// reports. Only with -reliability.long: the import alone takes seconds.
func (r *rel) testOverflow(t *testing.T) {
	if !*reliabilityLong {
		t.Skip("only with -reliability.long ('make reliability')")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(eventsHeader)
	const n = 922_340
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "2025-%02d-%02d,etsy/shop,sale,100000000000.00,USD,o%d,\n", i%12+1, i%28+1, i)
	}
	file := filepath.Join(dir, "huge.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "huge.db")
	r.mustRun(t, db, "import", "csv", file)
	var failures int
	for _, args := range [][]string{
		{"report", "monthly"}, {"report", "monthly", "-o", "html"}, {"report", "monthly", "--by", "stream", "-o", "json"},
		{"report", "streams", "-o", "csv"}, {"report", "claim", "--sweep"},
	} {
		res := r.run(t, db, nil, args...)
		noPanic(t, strings.Join(args, " "), res)
		if res.code != 1 || res.stdout != "" || !strings.Contains(res.stderr, "the figures in USD add up beyond what earnlog can sum") {
			t.Errorf("earnlog %s on %d sales of 100,000,000,000.00: %v; want exit 1, nothing on stdout, the overflow named", strings.Join(args, " "), n, res)
			failures++
		}
	}
	if res := r.run(t, db, nil, "report", "monthly", "--from", "2025-06", "-o", "csv"); res.code != 0 || !strings.Contains(res.stdout, "2025-06,USD,7686200000000000.00,") {
		t.Errorf("a span that fits: %v; want its rows", res)
		failures++
	}
	summary("overflow: sales %d, reports refused 5, failures %d", n, failures)
}
