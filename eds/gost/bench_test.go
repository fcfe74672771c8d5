package gost

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"testing"
)

// Sign and verify of a 32/64-byte digest: GOST 34.10-2015 (256- and 512-bit
// parameter sets) against crypto/ecdsa P-256 in the same run, as the
// baseline: compare the ns/op of each Benchmark…/gost-* to …/ecdsa-p256.

func BenchmarkSign(b *testing.B) {
	b.Run("ecdsa-p256", func(b *testing.B) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		d := sha256.Sum256([]byte("nonce"))
		b.ResetTimer()
		for b.Loop() {
			if _, err := ecdsa.SignASN1(rand.Reader, key, d[:]); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range []*Curve{Curve256A, Curve512A} {
		b.Run("gost-"+c.Name, func(b *testing.B) {
			key, _ := GenerateKey(c, rand.Reader)
			h := c.Hash()()
			h.Write([]byte("nonce"))
			d := h.Sum(nil)
			b.ResetTimer()
			for b.Loop() {
				if _, err := key.Sign(rand.Reader, d, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	b.Run("ecdsa-p256", func(b *testing.B) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		d := sha256.Sum256([]byte("nonce"))
		sig, _ := ecdsa.SignASN1(rand.Reader, key, d[:])
		b.ResetTimer()
		for b.Loop() {
			if !ecdsa.VerifyASN1(&key.PublicKey, d[:], sig) {
				b.Fatal("no")
			}
		}
	})
	for _, c := range []*Curve{Curve256A, Curve512A} {
		b.Run("gost-"+c.Name, func(b *testing.B) {
			key, _ := GenerateKey(c, rand.Reader)
			h := c.Hash()()
			h.Write([]byte("nonce"))
			d := h.Sum(nil)
			sig, _ := key.Sign(rand.Reader, d, nil)
			b.ResetTimer()
			for b.Loop() {
				if CheckDigestSignature(true, d, sig, &key.PublicKey) != nil {
					b.Fatal("no")
				}
			}
		})
	}
}

// Streebog-512 against SHA-256 over 64 KiB.
func BenchmarkHash(b *testing.B) {
	data := make([]byte, 64<<10)
	b.Run("sha256", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			sha256.Sum256(data)
		}
	})
	b.Run("streebog512", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			Sum512(data)
		}
	})
}
