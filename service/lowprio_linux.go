package service

import (
	"runtime"
	"syscall"
)

// hashNice is the nice value of the threads that hash passwords: the
// lowest priority, so that the kernel runs a thread serving a read as
// soon as it wakes instead of letting it wait out a hashing thread's time
// slice (argon2id takes a core for tens of milliseconds).
const hashNice = 19

// lowPriority runs f on an OS thread of its own at nice hashNice and
// waits for it. The thread is locked to the goroutine and never unlocked,
// so it exits with it (and its priority with it); creating one costs a
// few microseconds, a hash tens of milliseconds.
func lowPriority(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), hashNice) // best effort
		f()
	}()
	<-done
}
