//go:build !linux

package service

// lowPriority runs f; only Linux lowers the priority of hashing threads.
func lowPriority(f func()) { f() }
