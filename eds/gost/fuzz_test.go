package gost

import (
	"bytes"
	"crypto/rand"
	"testing"
)

// Chunked writes give the digest of the whole message.
func FuzzStreebogChunks(f *testing.F) {
	f.Add([]byte("0123456789"), uint(3))
	f.Add(bytes.Repeat([]byte{0xff}, 200), uint(64))
	f.Fuzz(func(t *testing.T, msg []byte, step uint) {
		step = step%97 + 1
		for _, newHash := range []func() *Digest{func() *Digest { return New256().(*Digest) }, func() *Digest { return New512().(*Digest) }} {
			whole := newHash()
			whole.Write(msg)
			chunked := newHash()
			for i := 0; i < len(msg); i += int(step) {
				chunked.Write(msg[i:min(i+int(step), len(msg))])
			}
			if !bytes.Equal(whole.Sum(nil), chunked.Sum(nil)) {
				t.Fatalf("chunked digest differs (step %d)", step)
			}
		}
	})
}

// Any scalar that is a valid key signs, and the signature verifies over
// the message signed and not over another.
func FuzzSignVerify(f *testing.F) {
	f.Add([]byte{1}, []byte("message"), false)
	f.Add(bytes.Repeat([]byte{0xfe}, 64), []byte{}, true)
	f.Fuzz(func(t *testing.T, d, msg []byte, big bool) {
		c := Curve256A
		if big {
			c = Curve512A
		}
		key, err := NewPrivateKey(c, d)
		if err != nil {
			return // zero, ≥ q or too long
		}
		h := c.Hash()()
		h.Write(msg)
		digest := h.Sum(nil)
		sig, err := key.Sign(rand.Reader, digest, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckDigestSignature(true, digest, sig, &key.PublicKey); err != nil {
			t.Fatalf("roundtrip: %v", err)
		}
		h.Write([]byte{0})
		if CheckDigestSignature(true, h.Sum(nil), sig, &key.PublicKey) == nil {
			t.Fatal("verifies over another message")
		}
	})
}

// The parsers take untrusted bytes: no panic, and a key that parses
// re-encodes to something that parses to the same key.
func FuzzParse(f *testing.F) {
	root := readFile(f, "root_test_gost_2022.cer")
	f.Add(root)
	f.Add(readFile(f, "nca_gost2022_test.crl"))
	if pub, err := ParsePublicKey(mustCert(f, root).RawSubjectPublicKeyInfo); err == nil {
		der, _ := MarshalPublicKey(pub, false)
		f.Add(der)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if pub, err := ParsePublicKey(data); err == nil {
			der, err := MarshalPublicKey(pub, true)
			if err != nil {
				t.Fatal(err)
			}
			back, err := ParsePublicKey(der)
			if err != nil || !back.Equal(pub) {
				t.Fatalf("re-encoded key: %v", err)
			}
		}
		if key, err := ParsePKCS8PrivateKey(data); err == nil {
			if !key.Curve.IsOnCurve(key.X, key.Y) {
				t.Fatal("public key off the curve")
			}
		}
		if crl, err := ParseRevocationList(data); err == nil {
			_ = CheckCRLSignature(crl, mustCert(t, root))
		}
		_, _, _, _ = signedOuter(data)
		_ = IsGOSTSigned(data)
	})
}
