//go:build !linux

package main

import "os"

// peakKiB is not read from wait4 here: systems differ in its unit (macOS
// counts bytes) and Windows has none. The harness then needs GNU time.
func peakKiB(*os.ProcessState) (int64, bool) { return 0, false }
