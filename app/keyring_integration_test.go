//go:build keyring_integration

package app

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// TestKeyringIntegration runs against a real Secret Service (gnome-keyring
// under dbus-run-session, see scripts/keyring-test.sh).
func TestKeyringIntegration(t *testing.T) {
	k := NewOSKeyring()
	k.Service = fmt.Sprintf("kabinet-test-%d", os.Getpid())
	if iin, err := k.RememberedIIN(); err != nil || iin != "" {
		t.Fatalf("fresh keyring: %q, %v", iin, err)
	}
	if err := k.RememberIIN("880415300157"); err != nil {
		t.Fatalf("store: %v", err)
	}
	// A second instance (a new start of the app) reads it back.
	k2 := &OSKeyring{Service: k.Service, User: k.User, Timeout: 5 * time.Second}
	iin, err := k2.RememberedIIN()
	if err != nil || iin != "880415300157" {
		t.Fatalf("read back: %q, %v", iin, err)
	}
	if err := k2.Forget(); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if iin, err := k.RememberedIIN(); err != nil || iin != "" {
		t.Fatalf("after delete: %q, %v", iin, err)
	}
	if err := k.Forget(); err != nil {
		t.Fatalf("deleting nothing must succeed: %v", err)
	}
}
