package service

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id parameters used to hash new passwords.
// Stored hashes carry their own parameters (PHC string), so raising these
// later keeps old hashes verifiable; they are re-hashed at the next login.
type Argon2Params struct {
	Memory      uint32 // KiB
	Iterations  uint32
	Parallelism uint8
	KeyLen      uint32 // bytes
	SaltLen     uint32 // bytes
}

// DefaultArgon2Params are the OWASP Password Storage Cheat Sheet minimum
// for argon2id: 19 MiB of memory, 2 iterations, 1 lane; a 32-byte key and
// a 16-byte salt.
func DefaultArgon2Params() Argon2Params {
	return Argon2Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, KeyLen: 32, SaltLen: 16}
}

// Bounds that a stored hash must respect to be verified at all, so that a
// damaged or hostile row cannot make one login take gigabytes or minutes.
const (
	maxArgon2Memory     = 1 << 20 // KiB = 1 GiB
	maxArgon2Iterations = 64
	maxArgon2KeyLen     = 1024
)

func (p Argon2Params) validate() error {
	switch {
	case p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxArgon2Memory:
		return fmt.Errorf("argon2: memory %d KiB out of range", p.Memory)
	case p.Iterations < 1 || p.Iterations > maxArgon2Iterations:
		return fmt.Errorf("argon2: iterations %d out of range", p.Iterations)
	case p.Parallelism < 1:
		return errors.New("argon2: parallelism must be at least 1")
	case p.KeyLen < 16 || p.KeyLen > maxArgon2KeyLen:
		return fmt.Errorf("argon2: key length %d out of range", p.KeyLen)
	case p.SaltLen < 8 || p.SaltLen > 64:
		return fmt.Errorf("argon2: salt length %d out of range", p.SaltLen)
	}
	return nil
}

// hashPassword returns the argon2id PHC string of password with a fresh
// random salt: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>, salt and key
// in standard base64 without padding.
func hashPassword(password string, p Argon2Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("argon2: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Iterations, p.Parallelism, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// parseHash splits an argon2id PHC string into its parameters, salt and key.
func parseHash(encoded string) (p Argon2Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("argon2: not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("argon2: unsupported version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Iterations, &p.Parallelism); err != nil {
		return p, nil, nil, fmt.Errorf("argon2: bad parameters %q", parts[3])
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return p, nil, nil, errors.New("argon2: bad salt encoding")
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil {
		return p, nil, nil, errors.New("argon2: bad key encoding")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.validate(); err != nil {
		return p, nil, nil, err
	}
	return p, salt, key, nil
}

// verifyPassword tells whether password matches the PHC string encoded,
// comparing in constant time, and returns the parameters the hash was
// made with (so the caller can re-hash when they are weaker than today's).
func verifyPassword(password, encoded string) (ok bool, p Argon2Params, err error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, p, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, p, nil
}
