package main

import (
	"runtime"
	"testing"

	"github.com/kabinet-kz/kabinet/service"
)

// The password hashing gets P's of its own: as many more as hash slots
// (at most as many again as the CPUs), unless GOMAXPROCS is set.
func TestHashProcs(t *testing.T) {
	procs := defaultProcs()
	t.Cleanup(func() { runtime.GOMAXPROCS(procs) })
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	var cfg service.Config
	hashProcs(env(nil), &cfg)
	if want := max(1, procs/2); cfg.HashSlots != want {
		t.Errorf("hash slots %d, want %d", cfg.HashSlots, want)
	}
	if got, want := runtime.GOMAXPROCS(0), procs+max(1, procs/2); got != want {
		t.Errorf("GOMAXPROCS %d, want %d", got, want)
	}
	hashProcs(env(nil), &cfg) // again (kabinetd's tests run it many times): the same
	if got, want := runtime.GOMAXPROCS(0), procs+max(1, procs/2); got != want {
		t.Errorf("second call: GOMAXPROCS %d, want %d", got, want)
	}

	cfg = service.Config{HashSlots: 3 * procs}
	hashProcs(env(nil), &cfg)
	if got := runtime.GOMAXPROCS(0); cfg.HashSlots != 3*procs || got != 2*procs {
		t.Errorf("--hash-slots %d: slots %d, GOMAXPROCS %d, want %d", 3*procs, cfg.HashSlots, got, 2*procs)
	}

	runtime.GOMAXPROCS(procs)
	cfg = service.Config{}
	hashProcs(env(map[string]string{"GOMAXPROCS": "1"}), &cfg)
	if got := runtime.GOMAXPROCS(0); cfg.HashSlots != 0 || got != procs {
		t.Errorf("GOMAXPROCS set: slots %d, GOMAXPROCS %d, want 0 and %d", cfg.HashSlots, got, procs)
	}
}
