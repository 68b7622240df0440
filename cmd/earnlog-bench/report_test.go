package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestPrintReportFloor: every earnlog command gets its time over the floor
// of its own ledger (the hard ledger's for its rows), the floor itself and
// the peers none.
func TestPrintReportFloor(t *testing.T) {
	rs := []result{
		{size: 1000000, tool: "earnlog", command: "import csv (1M rows)", runs: 3, secs: 2.4, maxKB: 1024},
		{size: 1000000, tool: "earnlog", command: "report monthly", runs: 5, secs: 0.2, maxKB: 1024},
		{size: 1000000, tool: "earnlog", command: floorCommand, runs: 5, secs: 0.05, maxKB: 1024},
		{size: 1000000, tool: "earnlog", command: hardPrefix + "report monthly", runs: 5, secs: 0.3, maxKB: 1024},
		{size: 1000000, tool: "earnlog", command: hardPrefix + floorCommand, runs: 5, secs: 0.06, maxKB: 1024},
		{size: 1000000, tool: "hledger", command: "hledger -f J bal -M", runs: 1, secs: 80, maxKB: 1024},
	}
	var b bytes.Buffer
	printReport(&b, rs, options{})
	want := map[string]string{
		"`import csv (1M rows)`":       "48.00x",
		"`report monthly`":             "4.00x",
		"`" + floorCommand + "`":       "",
		"`hard: report monthly`":       "5.00x",
		"`hard: " + floorCommand + "`": "",
		"`hledger -f J bal -M`":        "",
	}
	seen := 0
	for _, line := range strings.Split(b.String(), "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 9 {
			continue
		}
		w, ok := want[cells[2]]
		if !ok {
			continue
		}
		seen++
		if got := strings.TrimSuffix(cells[len(cells)-1], " |"); got != w {
			t.Errorf("%s: time / floor %q, want %q\n%s", cells[2], got, w, line)
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d rows in\n%s", seen, len(want), b.String())
	}
}
