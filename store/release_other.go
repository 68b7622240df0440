//go:build !linux

package store

// dropPages does nothing where madvise is not known to behave as on Linux.
func dropPages(from, to uintptr) {}
