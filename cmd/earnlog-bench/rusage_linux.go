package main

import (
	"os"
	"syscall"
)

// peakKiB is the peak resident set of a finished process, from wait4:
// Linux counts it in KiB.
func peakKiB(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return ru.Maxrss, true
}
