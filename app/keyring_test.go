package app

import (
	"errors"
	"testing"
	"time"
)

// A keyring call that hangs (as D-Bus can) is cut off by the timeout.
func TestKeyringTimeout(t *testing.T) {
	k := &OSKeyring{Timeout: 50 * time.Millisecond}
	block := make(chan struct{})
	defer close(block)
	_, err := k.run(func() (string, error) { <-block; return "", nil })
	if !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("got %v", err)
	}
}
