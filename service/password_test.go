package service

import (
	"regexp"
	"strings"
	"testing"
)

func TestDefaultArgon2ParamsAreOWASP(t *testing.T) {
	want := Argon2Params{Memory: 19456, Iterations: 2, Parallelism: 1, KeyLen: 32, SaltLen: 16}
	if got := DefaultArgon2Params(); got != want {
		t.Fatalf("DefaultArgon2Params() = %+v, want %+v", got, want)
	}
	// A service opened without Argon2 (as kabinetd and the app do) stores
	// and verifies hashes with them.
	e := newEnv(t, func(c *Config) { c.Argon2 = nil })
	var hash string
	if err := e.db().QueryRow(`SELECT password_hash FROM depositors WHERE iin = ?`, iinBekzat).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("stored hash %.40s…, want OWASP parameters", hash)
	}
	e.login(iinBekzat, DemoPassword)
	if got := e.eventCounts(iinBekzat)["password_rehashed"]; got != 0 {
		t.Errorf("%d re-hashes with default parameters", got)
	}
}

func TestHashAndVerify(t *testing.T) {
	t.Parallel()
	p := *cheapArgon2()
	h, err := hashPassword("correct horse", p)
	if err != nil {
		t.Fatal(err)
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h) {
		t.Errorf("hash %q is not a PHC string", h)
	}
	if h2, _ := hashPassword("correct horse", p); h2 == h {
		t.Error("two hashes of one password are equal: no salt?")
	}
	ok, got, err := verifyPassword("correct horse", h)
	if !ok || err != nil || got != p {
		t.Errorf("verify right password = %v, %+v, %v", ok, got, err)
	}
	for _, wrong := range []string{"", "correct horse ", "Correct horse", "correct hors"} {
		if ok, _, err := verifyPassword(wrong, h); ok || err != nil {
			t.Errorf("verify %q = %v, %v", wrong, ok, err)
		}
	}
	// Unicode passwords are bytes like any other.
	h, _ = hashPassword("Құпия сөз 🔑", p)
	if ok, _, _ := verifyPassword("Құпия сөз 🔑", h); !ok {
		t.Error("unicode password does not verify")
	}
}

func TestVerifyRejectsBadHashes(t *testing.T) {
	t.Parallel()
	good, _ := hashPassword("pw", *cheapArgon2())
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"empty":       "",
		"bcrypt":      "$2a$10$abcdefghijklmnopqrstuuQ0d9x1w2e3r4t5y6u7i8o9p0a1s2d3f",
		"argon2i":     strings.Replace(good, "argon2id", "argon2i", 1),
		"version":     strings.Replace(good, "v=19", "v=16", 1),
		"params":      strings.Replace(good, "m=64,t=1,p=1", "m=64,t=1", 1),
		"huge memory": strings.Replace(good, "m=64", "m=4194304", 1),
		"zero time":   strings.Replace(good, "t=1", "t=0", 1),
		"salt":        strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"),
		"key":         strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "=="}, "$"),
		"short key":   strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra":       good + "$x",
	} {
		if ok, _, err := verifyPassword("pw", h); ok || err == nil {
			t.Errorf("%s: verify = %v, %v; want an error", name, ok, err)
		}
	}
}

func TestArgon2ParamsValidated(t *testing.T) {
	t.Parallel()
	bad := Argon2Params{Memory: 64, Iterations: 0, Parallelism: 1, KeyLen: 32, SaltLen: 16}
	if _, err := hashPassword("pw", bad); err == nil {
		t.Error("hash with 0 iterations")
	}
	if _, err := Open(t.Context(), Config{DataDir: t.TempDir(), Argon2: &bad}); err == nil {
		t.Error("Open with 0 iterations")
	}
}

func TestDummyHashNeverMatches(t *testing.T) {
	t.Parallel()
	p := *cheapArgon2()
	d := dummyHash(p)
	ok, got, err := verifyPassword("", d)
	if ok || err != nil || got != p {
		t.Errorf("verify against dummy = %v, %+v, %v", ok, got, err)
	}
}
