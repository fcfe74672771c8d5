package service

import (
	"syscall"
	"testing"
)

// Passwords are hashed on a thread at the lowest priority; the caller's
// thread keeps its own.
func TestLowPriorityThread(t *testing.T) {
	before, err := syscall.Getpriority(syscall.PRIO_PROCESS, 0)
	if err != nil {
		t.Skip(err)
	}
	var inside int
	ran := false
	lowPriority(func() {
		ran = true
		inside, _ = syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	})
	// The raw syscall answers 20 - nice.
	if !ran || inside != 20-hashNice {
		t.Errorf("ran %v, priority inside %d, want %d (nice %d)", ran, inside, 20-hashNice, hashNice)
	}
	if after, _ := syscall.Getpriority(syscall.PRIO_PROCESS, 0); after != before {
		t.Errorf("the process's priority changed: %d → %d", before, after)
	}
}
