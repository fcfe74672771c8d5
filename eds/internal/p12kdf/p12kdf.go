// Package p12kdf is the password-based key derivation of PKCS#12
// (RFC 7292, appendix B.2), used for PKCS#12 MACs. It is shared by package
// eds, which verifies the MAC of KalkanCrypt files over their original BER
// bytes, and by eds/edstest, which writes such files.
package p12kdf

import (
	"bytes"
	"hash"
)

// Purpose bytes ("ID" in RFC 7292).
const (
	IDKey = 1
	IDIV  = 2
	IDMAC = 3
)

// Derive returns size bytes derived from salt and password (the password as
// PKCS#12 encodes it: UTF-16BE with two terminating zero bytes) with
// iterations rounds of newHash. The caller bounds iterations.
func Derive(newHash func() hash.Hash, salt, password []byte, iterations int, id byte, size int) []byte {
	h := newHash()
	u, v := h.Size(), h.BlockSize()
	fill := func(x []byte) []byte {
		if len(x) == 0 {
			return nil
		}
		out := make([]byte, v*((len(x)+v-1)/v))
		for i := range out {
			out[i] = x[i%len(x)]
		}
		return out
	}
	d := bytes.Repeat([]byte{id}, v)
	s, p := fill(salt), fill(password)
	in := append(s, p...)
	clear(p)
	defer clear(in)
	c := (size + u - 1) / u
	a := make([]byte, 0, c*u)
	b := make([]byte, v)
	defer clear(b)
	for i := 0; i < c; i++ {
		h.Reset()
		h.Write(d)
		h.Write(in)
		ai := h.Sum(nil)
		for j := 1; j < iterations; j++ {
			h.Reset()
			h.Write(ai)
			ai = h.Sum(ai[:0])
		}
		a = append(a, ai...)
		if i == c-1 {
			break
		}
		for k := range b {
			b[k] = ai[k%u]
		}
		for j := 0; j+v <= len(in); j += v { // I_j = (I_j + B + 1) mod 2^v
			carry := 1
			for k := v - 1; k >= 0; k-- {
				sum := int(in[j+k]) + int(b[k]) + carry
				in[j+k] = byte(sum)
				carry = sum >> 8
			}
		}
	}
	return a[:size]
}
