//go:build keyring_locked

package app

import (
	"errors"
	"testing"
	"time"
)

// TestKeyringLocked runs with a Secret Service that has no unlocked
// collection: storing would need an unlock prompt nobody answers. Every
// call must come back within the timeout as ErrKeyringUnavailable.
func TestKeyringLocked(t *testing.T) {
	k := NewOSKeyring()
	k.Timeout = 2 * time.Second
	start := time.Now()
	err := k.RememberIIN("880415300157")
	if !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("store on a locked keyring: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
	if _, err := k.RememberedIIN(); err != nil && !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("read: %v", err)
	}
}
