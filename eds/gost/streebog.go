package gost

import (
	"encoding/binary"
	"hash"
)

// Streebog (GOST R 34.11-2012 = GOST 34.11-2015, RFC 6986).
//
// The 512-bit state is kept as eight little-endian 64-bit words: byte i of
// the RFC's vector a_63‖…‖a_0 is a_i, word w holds a_{8w+7}…a_{8w}. Message
// bytes are taken in stream order, so the first byte of the message is a_0
// of its first block (RFC 6986 writes the test messages as numbers, most
// significant byte first: M1 = 0x3231…30 is the text "0123…012"). The digest
// is returned in the same byte order (least significant byte first), which
// is what OpenSSL's GOST engine prints and what GOST 34.10 signs.
//
// The table lookups below are indexed by message and state bytes: they are
// not constant-time, which does not matter for the hash of a document or a
// certificate (public data). Private keys never go through this code.

// Size256 and Size512 are the digest sizes in bytes; BlockSize is the
// block size of both.
const (
	Size256   = 32
	Size512   = 64
	BlockSize = 64
)

// lps[k][x] is the word contribution of byte value x in input word k after
// the S (π'), P (τ) and L (matrix A) transformations; see lpsX.
var lps [8][256]uint64

func init() {
	for k := 0; k < 8; k++ {
		for x := 0; x < 256; x++ {
			var acc uint64
			s := pi[x]
			for b := 0; b < 8; b++ {
				if s&(1<<b) != 0 {
					// bit b of byte k of a word is bit 8k+b, which l() maps
					// to A_{63-(8k+b)}.
					acc ^= matrixA[63-(8*k+b)]
				}
			}
			lps[k][x] = acc
		}
	}
}

type block [8]uint64

// lpsX returns LPS(a ⊕ b). After S and τ, byte k of output word w is π'
// of byte w of input word k; L then acts on each output word.
func lpsX(a, b *block) block {
	var t block
	for i := range t {
		t[i] = a[i] ^ b[i]
	}
	var out block
	for w := 0; w < 8; w++ {
		sh := uint(8 * w)
		out[w] = lps[0][byte(t[0]>>sh)] ^ lps[1][byte(t[1]>>sh)] ^
			lps[2][byte(t[2]>>sh)] ^ lps[3][byte(t[3]>>sh)] ^
			lps[4][byte(t[4]>>sh)] ^ lps[5][byte(t[5]>>sh)] ^
			lps[6][byte(t[6]>>sh)] ^ lps[7][byte(t[7]>>sh)]
	}
	return out
}

// g is the compression function g_N(h, m) of RFC 6986 section 7.
func g(n, h, m *block) block {
	k := lpsX(h, n)
	s := lpsX(&k, m) // LPSX[K1](m)
	for i := 0; i < 11; i++ {
		c := block(iterC[i])
		k = lpsX(&k, &c)
		s = lpsX(&k, &s)
	}
	c := block(iterC[11])
	k = lpsX(&k, &c)
	var out block
	for i := range out {
		out[i] = s[i] ^ k[i] ^ h[i] ^ m[i]
	}
	return out
}

// add512 sets a = a + b mod 2^512.
func add512(a, b *block) {
	var carry uint64
	for i := 0; i < 8; i++ {
		s := a[i] + b[i]
		c1 := s < a[i]
		s2 := s + carry
		c2 := s2 < s
		a[i] = s2
		carry = 0
		if c1 || c2 {
			carry = 1
		}
	}
}

// Digest is a Streebog hash.Hash.
type Digest struct {
	size  int
	h     block
	n     block
	sigma block
	buf   [BlockSize]byte
	nbuf  int
}

// New256 returns a Streebog-256 hash (GOST 34.11-2015, 256-bit digest).
func New256() hash.Hash { d := &Digest{size: Size256}; d.Reset(); return d }

// New512 returns a Streebog-512 hash (GOST 34.11-2015, 512-bit digest).
func New512() hash.Hash { d := &Digest{size: Size512}; d.Reset(); return d }

// Sum256 returns the Streebog-256 digest of data.
func Sum256(data []byte) [Size256]byte {
	d := New256()
	d.Write(data)
	var out [Size256]byte
	d.Sum(out[:0])
	return out
}

// Sum512 returns the Streebog-512 digest of data.
func Sum512(data []byte) [Size512]byte {
	d := New512()
	d.Write(data)
	var out [Size512]byte
	d.Sum(out[:0])
	return out
}

// Reset restores the initial state.
func (d *Digest) Reset() {
	iv := uint64(0)
	if d.size == Size256 {
		iv = 0x0101010101010101
	}
	for i := range d.h {
		d.h[i] = iv
	}
	d.n, d.sigma = block{}, block{}
	d.nbuf = 0
}

// Size returns the digest size in bytes.
func (d *Digest) Size() int { return d.size }

// BlockSize returns 64.
func (d *Digest) BlockSize() int { return BlockSize }

func loadBlock(b []byte) block {
	var m block
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return m
}

func (d *Digest) compress(m *block, bits uint64) {
	d.h = g(&d.n, &d.h, m)
	nb := block{bits}
	add512(&d.n, &nb)
	add512(&d.sigma, m)
}

// Write absorbs p; it never fails.
func (d *Digest) Write(p []byte) (int, error) {
	n := len(p)
	if d.nbuf > 0 {
		c := copy(d.buf[d.nbuf:], p)
		d.nbuf += c
		p = p[c:]
		if d.nbuf == BlockSize {
			m := loadBlock(d.buf[:])
			d.compress(&m, 512)
			d.nbuf = 0
		}
	}
	for len(p) >= BlockSize {
		m := loadBlock(p)
		d.compress(&m, 512)
		p = p[BlockSize:]
	}
	d.nbuf += copy(d.buf[:], p)
	return n, nil
}

// Sum appends the digest to b without changing the state.
func (d *Digest) Sum(b []byte) []byte {
	c := *d
	var last [BlockSize]byte
	copy(last[:], c.buf[:c.nbuf])
	last[c.nbuf] = 1
	m := loadBlock(last[:])
	c.compress(&m, uint64(8*c.nbuf))
	var zero block
	c.h = g(&zero, &c.h, &c.n)
	c.h = g(&zero, &c.h, &c.sigma)
	var out [Size512]byte
	for i, w := range c.h {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	if d.size == Size256 {
		return append(b, out[32:]...)
	}
	return append(b, out[:]...)
}
