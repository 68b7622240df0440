package store

import "syscall"

// dropPages tells the kernel that this process is done with the mapped file
// pages in [from, to): they leave its resident set but stay in the page
// cache, and a later read maps them again. bbolt never writes through its
// map, so no data can be lost.
func dropPages(from, to uintptr) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, from, to-from, syscall.MADV_DONTNEED)
}
