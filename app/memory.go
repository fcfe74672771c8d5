package app

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
)

// EnvHeapProfile names a file that Run writes a heap profile to once the
// start-up work is done (the login screen shown, the bundled service
// open): `go tool pprof -sample_index=inuse_space bin/kabinet FILE`.
// Unset (the default), nothing is written.
const EnvHeapProfile = "KABINET_HEAPPROFILE"

// afterStart runs off the UI goroutine once the window is up, the service
// reached and the keyring read. The start-up leaves garbage the login
// screen has no use for (on a first start, the bundled service's demo
// data, its argon2 blocks and migrations; the fonts' parsing on every
// start): FreeOSMemory collects it and hands the pages back to the OS at
// once rather than over the minutes the runtime's scavenger would take.
// It costs one collection, once.
func afterStart(getenv func(string) string) error {
	debug.FreeOSMemory()
	if path := getenv(EnvHeapProfile); path != "" {
		return writeHeapProfile(path)
	}
	return nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return f.Close()
}
