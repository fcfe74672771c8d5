package gost

import (
	"bytes"
	"crypto/rand"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// OpenSSL's GOST engine (Debian's libengine-gost-openssl, installed by
// scripts/test-deps.sh) is an independent implementation: our Streebog
// digests, our signatures and OpenSSL's signatures are checked across. It
// knows the tc26 OIDs and RFC 4491's signature layout.

func gostEngine(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl")
	}
	if out, err := exec.Command("openssl", "engine", "gost").CombinedOutput(); err != nil {
		t.Skipf("no OpenSSL GOST engine (apt-get install libengine-gost-openssl): %s", out)
	}
}

func openssl(t *testing.T, args ...string) []byte {
	t.Helper()
	out, err := exec.Command("openssl", args...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return out
}

func TestOpenSSLStreebog(t *testing.T) {
	gostEngine(t)
	dir := t.TempDir()
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 4097} {
		msg := make([]byte, n)
		rand.Read(msg)
		f := filepath.Join(dir, "m")
		os.WriteFile(f, msg, 0o600)
		want256 := openssl(t, "dgst", "-engine", "gost", "-streebog256", "-binary", f)
		want512 := openssl(t, "dgst", "-engine", "gost", "-streebog512", "-binary", f)
		got256, got512 := Sum256(msg), Sum512(msg)
		if !bytes.Equal(got256[:], want256) || !bytes.Equal(got512[:], want512) {
			t.Fatalf("len %d: streebog differs from OpenSSL", n)
		}
	}
}

func TestOpenSSLSignatures(t *testing.T) {
	gostEngine(t)
	for _, tc := range []struct {
		curve         *Curve
		alg, paramset string
		dgst          string
	}{
		{Curve512A, "gost2012_512", "A", "-streebog512"},
		{Curve256A, "gost2012_256", "TCA", "-streebog256"},
		{CurveCryptoProA, "gost2012_256", "A", "-streebog256"},
	} {
		t.Run(tc.curve.Name, func(t *testing.T) {
			dir := t.TempDir()
			path := func(n string) string { return filepath.Join(dir, n) }
			msg := []byte("документ для подписи")
			os.WriteFile(path("m"), msg, 0o600)
			h := tc.curve.Hash()()
			h.Write(msg)
			digest := h.Sum(nil)
			if !bytes.Equal(digest, openssl(t, "dgst", "-engine", "gost", tc.dgst, "-binary", path("m"))) {
				t.Fatal("digest differs")
			}
			os.WriteFile(path("d"), digest, 0o600)

			// Ours → OpenSSL.
			key, _ := GenerateKey(tc.curve, rand.Reader)
			spki, err := MarshalPublicKey(&key.PublicKey, false)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path("pub.pem"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}), 0o600)
			r, s, err := key.SignDigest(rand.Reader, digest)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path("sig"), EncodeRFC4491(tc.curve, r, s), 0o600)
			out := openssl(t, "pkeyutl", "-engine", "gost", "-verify", "-pubin", "-inkey", path("pub.pem"), "-in", path("d"), "-sigfile", path("sig"))
			if !bytes.Contains(out, []byte("Signature Verified Successfully")) {
				t.Fatalf("OpenSSL does not verify ours: %s", out)
			}
			// NCA's layout is the reverse: OpenSSL refuses it as is.
			os.WriteFile(path("sig-nca"), EncodeNCA(tc.curve, r, s), 0o600)
			if err := exec.Command("openssl", "pkeyutl", "-engine", "gost", "-verify", "-pubin", "-inkey", path("pub.pem"), "-in", path("d"), "-sigfile", path("sig-nca")).Run(); err == nil {
				t.Fatal("OpenSSL verifies the reversed layout")
			}
			// Our private key encoding (OpenSSL's layout) is read by OpenSSL:
			// the public key it derives is ours.
			p8, err := MarshalPKCS8PrivateKey(key, false)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path("ours.pem"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}), 0o600)
			derived := openssl(t, "pkey", "-engine", "gost", "-in", path("ours.pem"), "-pubout", "-outform", "DER")
			if pub, err := ParsePublicKey(derived); err != nil || !pub.Equal(&key.PublicKey) {
				t.Fatalf("OpenSSL derives another public key: %v", err)
			}

			// OpenSSL → ours.
			openssl(t, "genpkey", "-engine", "gost", "-algorithm", tc.alg, "-pkeyopt", "paramset:"+tc.paramset, "-out", path("k.pem"))
			pubDER := openssl(t, "pkey", "-engine", "gost", "-in", path("k.pem"), "-pubout", "-outform", "DER")
			pub, err := ParsePublicKey(pubDER)
			if err != nil {
				t.Fatal(err)
			}
			if pub.Curve != tc.curve {
				t.Fatalf("curve %s", pub.Curve.Name)
			}
			openssl(t, "pkeyutl", "-engine", "gost", "-sign", "-inkey", path("k.pem"), "-in", path("d"), "-out", path("osig"))
			osig, _ := os.ReadFile(path("osig"))
			if err := CheckDigestSignature(false, digest, osig, pub); err != nil {
				t.Fatalf("OpenSSL's signature does not verify: %v", err)
			}
			digest[3] ^= 1
			if err := CheckDigestSignature(false, digest, osig, pub); err == nil {
				t.Fatal("OpenSSL's signature verifies over another digest")
			}
			// And OpenSSL's private key reads back to the same public key.
			block, _ := pem.Decode(readAll(t, path("k.pem")))
			priv, err := ParsePKCS8PrivateKey(block.Bytes)
			if err != nil || !priv.PublicKey.Equal(pub) {
				t.Fatalf("OpenSSL's private key: %v", err)
			}
		})
	}
}

func readAll(t *testing.T, name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
