//go:build !unix

package report_test

import "time"

var start = time.Now()

// cpuTime falls back on the wall clock where getrusage is not offered.
func cpuTime() time.Duration { return time.Since(start) }
