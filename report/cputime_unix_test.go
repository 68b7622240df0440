//go:build unix

package report_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (all threads, the
// collector's included): on a shared machine it moves much less than the
// wall clock with what other processes do.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
