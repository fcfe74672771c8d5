//go:build unix

package service

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used so far (user and
// system, every thread): on a shared machine it moves much less than
// wall time with the other work running.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
