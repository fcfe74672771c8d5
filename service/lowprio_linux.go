package service

import (
	"runtime"
	"syscall"
	"unsafe"
)

// hashNice is the nice value of the threads that hash passwords: the
// lowest priority, so that the kernel runs a thread serving a read as
// soon as it wakes instead of letting it wait out a hashing thread's time
// slice (argon2id takes a core for tens of milliseconds).
const hashNice = 19

// schedIdle is Linux's SCHED_IDLE policy: a thread under it runs only
// when no other thread wants the core, and a waking thread of the normal
// policy takes the core from it at once (with nice 19 alone, a waking
// reader could still wait out part of the hashing thread's slice).
const schedIdle = 5

// lowPriority runs f on an OS thread of its own at nice hashNice and
// waits for it. The thread is locked to the goroutine and never unlocked,
// so it exits with it (and its priority with it); creating one costs a
// few microseconds, a hash tens of milliseconds.
func lowPriority(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		tid := syscall.Gettid()
		syscall.Setpriority(syscall.PRIO_PROCESS, tid, hashNice) // best effort
		var param struct{ priority int32 }
		syscall.RawSyscall(syscall.SYS_SCHED_SETSCHEDULER, uintptr(tid), schedIdle, uintptr(unsafe.Pointer(&param))) // best effort
		f()
	}()
	<-done
}
