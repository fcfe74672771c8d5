//go:build keyring_locked

package app

// Runs in its own process (scripts/keyring-test.sh): go-keyring's mock,
// used by the other tests, replaces the real provider for the whole
// process.

import (
	"errors"
	"runtime"
	"testing"
	"time"
)

// With no D-Bus session at all (a machine without a Secret Service) the
// keyring must answer "unavailable" quickly and never panic.
func TestKeyringWithoutSecretService(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("D-Bus Secret Service is Linux only")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kabinet-test-bus")
	k := NewOSKeyring()
	k.Service = "kabinet-test-nobus"
	k.Timeout = 2 * time.Second
	start := time.Now()
	if _, err := k.RememberedIIN(); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("get: %v", err)
	}
	if err := k.RememberIIN("880415300157"); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("set: %v", err)
	}
	if err := k.Forget(); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("delete: %v", err)
	}
	if d := time.Since(start); d > 7*time.Second {
		t.Fatalf("took %v", d)
	}
}
