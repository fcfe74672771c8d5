package app

import (
	"math"
	"runtime/debug"
	"sync"
	"time"
)

// startupHeapLimit bounds the heap while the collector waits for the
// window: the login screen is up with about 40 MiB allocated in all.
const startupHeapLimit = 256 << 20

// startupGCFallback ends the start-up setting even if the window never
// shows (no display, a driver that failed).
const startupGCFallback = 5 * time.Second

// startupGC lets the program allocate without collecting until its
// window is up, and returns the function that goes back to the usual
// settings (called when the window has shown; at the latest after
// startupGCFallback through afterFunc). From exec to the window the heap
// grows from nothing to ~15 MiB live through five collections whose mark
// work competed with building the login screen on a 2-core machine: the
// window showed 7-9 % later than without them (bench/startup.sh, same
// runs), for the same resident memory 3 s later, since the first
// collection afterwards frees the start-up garbage. A GOGC or GOMEMLIMIT
// set by the user is left alone. Meanwhile the heap is held under
// startupHeapLimit.
func startupGC(getenv func(string) string, afterFunc func(time.Duration, func()) *time.Timer) (done func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(startupHeapLimit)
	var once sync.Once
	done = func() {
		once.Do(func() {
			debug.SetGCPercent(percent)
			debug.SetMemoryLimit(limit)
		})
	}
	afterFunc(startupGCFallback, done)
	return done
}

// noMemoryLimit is debug.SetMemoryLimit's "no limit".
const noMemoryLimit = math.MaxInt64
