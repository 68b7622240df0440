package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestTimeTogether: the commands run a round at a time, each keeps the
// median of its own runs, and an error names the command and ends the
// timing.
func TestTimeTogether(t *testing.T) {
	var order []string
	fake := func(name string, secs ...float64) timed {
		i := 0
		return timed{name, func() (float64, int64, error) {
			order = append(order, name)
			s := secs[i%len(secs)]
			i++
			return s, int64(1000 * s), nil
		}}
	}
	rs, err := timeTogether("earnlog", 3, []timed{fake("a", 5, 1, 3), fake("floor", 2, 9, 4)})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "floor", "a", "floor", "a", "floor"}; !slices.Equal(order, want) {
		t.Errorf("runs went %v, want them in turns: %v", order, want)
	}
	if len(rs) != 2 || rs[0].command != "a" || rs[1].command != "floor" {
		t.Fatalf("results %+v, want a then floor", rs)
	}
	if rs[0].secs != 3 || rs[0].maxKB != 3000 || rs[1].secs != 4 || rs[1].maxKB != 4000 || rs[0].runs != 3 {
		t.Errorf("medians %+v, want 3 s / 3000 KB and 4 s / 4000 KB over 3 runs", rs)
	}

	boom := timed{"report claim", func() (float64, int64, error) { return 0, 0, errors.New("exit status 1") }}
	order = nil
	_, err = timeTogether("earnlog", 5, []timed{fake("a", 1), boom, fake("b", 1)})
	if err == nil || !strings.Contains(err.Error(), "earnlog report claim: exit status 1") {
		t.Errorf("error %v, want it to name the command", err)
	}
	if !slices.Equal(order, []string{"a"}) {
		t.Errorf("after the error ran %v, want nothing more", order)
	}

	r, err := timeRuns("earnlog", "one", 0, fake("one", 7).run)
	if err != nil || r.runs != 1 || r.secs != 7 {
		t.Errorf("timeRuns with 0 runs: %+v, %v; want one run of 7 s", r, err)
	}
}
