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
	policy := uintptr(1 << 30)
	ran := false
	lowPriority(func() {
		ran = true
		inside, _ = syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
		policy, _, _ = syscall.RawSyscall(syscall.SYS_SCHED_GETSCHEDULER, uintptr(syscall.Gettid()), 0, 0)
	})
	if policy != schedIdle {
		t.Errorf("hashing thread's policy %d, want SCHED_IDLE (%d)", policy, schedIdle)
	}
	if p, _, _ := syscall.RawSyscall(syscall.SYS_SCHED_GETSCHEDULER, 0, 0, 0); p == schedIdle {
		t.Error("the caller's thread is under SCHED_IDLE too")
	}
	// The raw syscall answers 20 - nice.
	if !ran || inside != 20-hashNice {
		t.Errorf("ran %v, priority inside %d, want %d (nice %d)", ran, inside, 20-hashNice, hashNice)
	}
	if after, _ := syscall.Getpriority(syscall.PRIO_PROCESS, 0); after != before {
		t.Errorf("the process's priority changed: %d → %d", before, after)
	}
}
