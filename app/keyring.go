package app

import (
	"errors"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Keyring keeps the remembered IIN in the OS keyring (Secret Service,
// macOS Keychain, Windows Credential Manager). It holds the IIN only, never
// a password or a token.
type Keyring interface {
	// RememberedIIN returns the stored IIN, "" when none is stored.
	RememberedIIN() (string, error)
	// RememberIIN stores the IIN.
	RememberIIN(iin string) error
	// Forget deletes the stored IIN (no error when none is stored).
	Forget() error
}

// ErrKeyringUnavailable means the OS keyring is absent, locked, refused
// the call or did not answer in time. The app then disables «Запомнить
// ИИН»; it never falls back to a plain file.
var ErrKeyringUnavailable = errors.New("os keyring unavailable")

const (
	keyringService = "kabinet"
	keyringUser    = "remembered-iin"
	// KeyringTimeout bounds every keyring call: D-Bus can hang.
	KeyringTimeout = 3 * time.Second
)

// OSKeyring is the Keyring of the operating system through
// github.com/zalando/go-keyring, every call bounded by Timeout.
type OSKeyring struct {
	Service string
	User    string
	Timeout time.Duration

	// calls are the keyring calls still running, one that timed out
	// included (go-keyring's calls cannot be cancelled).
	calls sync.WaitGroup
}

// NewOSKeyring returns the OS keyring with the default names and timeout.
func NewOSKeyring() *OSKeyring {
	return &OSKeyring{Service: keyringService, User: keyringUser, Timeout: KeyringTimeout}
}

func (k *OSKeyring) run(f func() (string, error)) (string, error) {
	type res struct {
		v   string
		err error
	}
	ch := make(chan res, 1)
	k.calls.Add(1)
	go func() {
		defer k.calls.Done()
		v, err := f()
		ch <- res{v, err}
	}()
	t := time.NewTimer(k.Timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		return "", ErrKeyringUnavailable
	}
}

// wait waits for the keyring calls still running, a timed-out one too.
func (k *OSKeyring) wait() { k.calls.Wait() }

// RememberedIIN implements Keyring.
func (k *OSKeyring) RememberedIIN() (string, error) {
	v, err := k.run(func() (string, error) { return keyring.Get(k.Service, k.User) })
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, keyring.ErrNotFound):
		return "", nil
	case errors.Is(err, ErrKeyringUnavailable):
		return "", err
	}
	return "", errors.Join(ErrKeyringUnavailable, err)
}

// RememberIIN implements Keyring.
func (k *OSKeyring) RememberIIN(iin string) error {
	_, err := k.run(func() (string, error) { return "", keyring.Set(k.Service, k.User, iin) })
	if err != nil && !errors.Is(err, ErrKeyringUnavailable) {
		return errors.Join(ErrKeyringUnavailable, err)
	}
	return err
}

// Forget implements Keyring.
func (k *OSKeyring) Forget() error {
	_, err := k.run(func() (string, error) { return "", keyring.Delete(k.Service, k.User) })
	switch {
	case err == nil, errors.Is(err, keyring.ErrNotFound):
		return nil
	case errors.Is(err, ErrKeyringUnavailable):
		return err
	}
	return errors.Join(ErrKeyringUnavailable, err)
}
