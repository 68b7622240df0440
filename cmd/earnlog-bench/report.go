package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
)

// baseline is the earnlog command every row is compared with: the report
// that does what `hledger bal -M` does, a sum per account and month.
const baseline = "report monthly"

// valued is report monthly with --value USD.
const valued = "report monthly --value USD"

func find(rs []result, size int, tool, command string) (result, bool) {
	for _, r := range rs {
		if r.size == size && r.tool == tool && r.command == command {
			return r, true
		}
	}
	return result{}, false
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func printReport(w io.Writer, rs []result, o options) {
	fmt.Fprintf(w, "\n| size | tool | command | runs | time (s) | peak memory (MB) | time / earnlog %s | memory / earnlog %s | time / floor |\n", baseline, baseline)
	fmt.Fprintln(w, "|---:|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		tr, mr, fr := "", "", ""
		if b, ok := find(rs, r.size, "earnlog", baseline); ok && b.secs > 0 && b.maxKB > 0 {
			tr = fmt.Sprintf("%.1fx", r.secs/b.secs)
			mr = fmt.Sprintf("%.1fx", float64(r.maxKB)/float64(b.maxKB))
		}
		if f, ok := floorOf(rs, r); ok && f.secs > 0 && f != r {
			fr = fmt.Sprintf("%.2fx", r.secs/f.secs)
		}
		fmt.Fprintf(w, "| %s | %s | `%s` | %d | %.3f | %.1f | %s | %s | %s |\n",
			sizeName(r.size), r.tool, r.command, r.runs, r.secs, mb(r.maxKB), tr, mr, fr)
	}
	fmt.Fprintf(w, "\nEvery size has n/5 work sessions; the hard ledger (rows marked %q) has as many sessions as events on about 2,000 streams. The floor is one process that opens the ledger read-only and walks every event record once, decoding its date and amount and summing per month: time / floor is a command's time over the floor's on the same ledger in the same run (the reports and the floor are timed in turns, a run of each at a time).", hardPrefix)
	fmt.Fprintf(w, " Times are wall-clock medians of whole processes, memory the median peak resident set (GNU time's %%M, which counts the pages of the ledger file a command touched). %s\n", machineNote())

	fmt.Fprintln(w, "\nHow `earnlog report monthly` grows from one size to the next (its peak memory counts the ledger pages it read and the work sessions it holds):")
	fmt.Fprintln(w)
	var prev *result
	for i := range rs {
		r := &rs[i]
		if r.tool != "earnlog" || r.command != baseline {
			continue
		}
		if prev != nil {
			fmt.Fprintf(w, "- %s -> %s events (x%.0f): time x%.1f (%.3f s -> %.3f s), peak memory x%.1f (%.1f MB -> %.1f MB)\n",
				sizeName(prev.size), sizeName(r.size), float64(r.size)/float64(prev.size),
				r.secs/prev.secs, prev.secs, r.secs, float64(r.maxKB)/float64(prev.maxKB), mb(prev.maxKB), mb(r.maxKB))
		}
		prev = r
	}

	fmt.Fprintln(w, "\nTargets:")
	fmt.Fprintln(w)
	for _, t := range targets(rs) {
		fmt.Fprintln(w, "- "+t)
	}
}

// targets checks the figures the project promises, at 1M events (and
// 100k for the comparison with hledger).
func targets(rs []result) []string {
	var out []string
	check := func(size int, tool, command, what string, ok func(r result) bool, show func(r result) string) {
		r, found := find(rs, size, tool, command)
		if !found {
			out = append(out, fmt.Sprintf("%s: not measured in this run", what))
			return
		}
		verdict := "MISSED"
		if ok(r) {
			verdict = "met"
		}
		out = append(out, fmt.Sprintf("%s: %s (%s)", what, verdict, show(r)))
	}
	secs := func(r result) string { return fmt.Sprintf("%.3f s", r.secs) }
	check(1000000, "earnlog", "report monthly", "report monthly at 1M events <= 0.5 s and <= 150 MB",
		func(r result) bool { return r.secs <= 0.5 && mb(r.maxKB) <= 150 },
		func(r result) string { return fmt.Sprintf("%.3f s, %.1f MB", r.secs, mb(r.maxKB)) })
	check(1000000, "earnlog", "report claim", "report claim at 1M events <= 1 s",
		func(r result) bool { return r.secs <= 1 }, secs)
	// One pass: the reports at 1M, on the usual and the hard ledger, near
	// the floor of the same ledger.
	for _, c := range []string{"report monthly", "report claim", hardPrefix + "report monthly", hardPrefix + "report claim"} {
		r, found := find(rs, 1000000, "earnlog", c)
		f, foundF := floorOf(rs, r)
		what := c + " at 1M events <= 0.25 s and within 2x of the floor"
		if strings.HasPrefix(c, hardPrefix) {
			what = c + " at 1M events <= 0.25 s and <= 60 MB"
		}
		if !found || !foundF || f.secs <= 0 {
			out = append(out, what+": not measured in this run")
			continue
		}
		ok := r.secs <= 0.25 && r.secs <= 2*f.secs
		if strings.HasPrefix(c, hardPrefix) {
			ok = r.secs <= 0.25 && mb(r.maxKB) <= 60
		}
		verdict := "MISSED"
		if ok {
			verdict = "met"
		}
		out = append(out, fmt.Sprintf("%s: %s (%.3f s, %.1f MB, %.2fx the floor's %.3f s)", what, verdict, r.secs, mb(r.maxKB), r.secs/f.secs, f.secs))
	}
	if b, ok := find(rs, 1000000, "earnlog", baseline); ok && b.secs > 0 {
		for _, cmd := range []string{"report decay", "report runway"} {
			check(1000000, "earnlog", cmd, cmd+" at 1M events within 1.5x of report monthly",
				func(r result) bool { return r.secs <= 1.5*b.secs },
				func(r result) string {
					return fmt.Sprintf("%.1fx: %.3f s against %.3f s", r.secs/b.secs, r.secs, b.secs)
				})
		}
	}
	check(1000000, "earnlog", "import csv (1M rows)", "import of a 1M-row file <= 5 s",
		func(r result) bool { return r.secs <= 5 }, secs)
	check(1000000, "earnlog", "earn", "earn into the 1M ledger <= 10 ms",
		func(r result) bool { return r.secs <= 0.010 },
		func(r result) string { return fmt.Sprintf("%.1f ms", 1000*r.secs) })
	// --value at the largest size measured, 1M if there.
	valuedDone := false
	for _, size := range []int{1000000, 100000, 10000} {
		b, okB := find(rs, size, "earnlog", baseline)
		v, okV := find(rs, size, "earnlog", valued)
		if !okB || !okV || valuedDone {
			continue
		}
		valuedDone = true
		verdict := "MISSED"
		if v.secs <= 1.3*b.secs {
			verdict = "met"
		}
		out = append(out, fmt.Sprintf("report monthly --value USD within 1.3x of report monthly at %s: %s (%.2fx: %.3f s against %.3f s)",
			sizeName(size), verdict, v.secs/b.secs, v.secs, b.secs))
	}
	if !valuedDone {
		out = append(out, "report monthly --value USD within 1.3x of report monthly: not measured in this run")
	}
	e, okE := find(rs, 100000, "earnlog", baseline)
	h, okH := find(rs, 100000, "hledger", "hledger -f J bal -M")
	switch {
	case !okE || !okH:
		out = append(out, "earnlog report monthly at least 200x faster than hledger bal -M at 100k: not measured in this run")
	default:
		verdict := "MISSED"
		if h.secs >= 200*e.secs {
			verdict = "met"
		}
		out = append(out, fmt.Sprintf("earnlog report monthly at least 200x faster than hledger bal -M at 100k: %s (%.1fx: %.3f s against %.3f s)",
			verdict, h.secs/e.secs, e.secs, h.secs))
	}
	return out
}

// machineNote says what the figures were measured on.
func machineNote() string {
	parts := []string{fmt.Sprintf("%d CPUs.", runtime.NumCPU())}
	if b, err := readSmall("/proc/loadavg"); err == nil {
		if f := strings.Fields(b); len(f) >= 3 {
			parts = append(parts, "Load average at the end: "+strings.Join(f[:3], " ")+".")
		}
	}
	return strings.Join(parts, " ")
}
