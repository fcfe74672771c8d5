package gost

import (
	"crypto"
	"crypto/subtle"
	"errors"
	"hash"
	"io"
	"math/big"
	"slices"

	"filippo.io/bigmod"
)

// Errors.
var (
	ErrInvalidKey       = errors.New("gost: invalid key")
	ErrInvalidSignature = errors.New("gost: invalid signature")
	ErrDigestSize       = errors.New("gost: the digest size does not match the key")
)

// PublicKey is a GOST 34.10-2015 (= GOST R 34.10-2012) public key Q = d·P.
type PublicKey struct {
	Curve *Curve
	X, Y  *big.Int
}

// Equal reports whether pub and x are the same key.
func (pub *PublicKey) Equal(x crypto.PublicKey) bool {
	o, ok := x.(*PublicKey)
	return ok && o.Curve == pub.Curve && o.X.Cmp(pub.X) == 0 && o.Y.Cmp(pub.Y) == 0
}

// PrivateKey is a GOST 34.10-2015 private key. It implements crypto.Signer:
// Sign takes a Streebog digest (of the key's size) and returns the
// signature in NCA's byte layout (see Sign).
type PrivateKey struct {
	PublicKey
	d []byte // big-endian, Curve.Size() bytes, 0 < d < q
}

// NewPrivateKey returns the key with scalar d (big-endian, any length up to
// the curve size), computing its public key.
func NewPrivateKey(c *Curve, d []byte) (*PrivateKey, error) {
	if len(d) > c.size {
		// allow leading zeros only
		for _, b := range d[:len(d)-c.size] {
			if b != 0 {
				return nil, ErrInvalidKey
			}
		}
		d = d[len(d)-c.size:]
	}
	buf := make([]byte, c.size)
	copy(buf[c.size-len(d):], d)
	n, err := bigmod.NewNat().SetBytes(buf, c.fq)
	if err != nil || n.IsZero() == 1 {
		return nil, ErrInvalidKey
	}
	x, y, ok := c.ScalarBaseMult(buf)
	if !ok {
		return nil, ErrInvalidKey
	}
	return &PrivateKey{PublicKey: PublicKey{Curve: c, X: x, Y: y}, d: buf}, nil
}

// GenerateKey makes a new key on curve c from rand.
func GenerateKey(c *Curve, rand io.Reader) (*PrivateKey, error) {
	k, err := randScalar(c, rand)
	if err != nil {
		return nil, err
	}
	return NewPrivateKey(c, k.Bytes(c.fq))
}

// D returns a copy of the private scalar, big-endian, Curve.Size() bytes.
func (k *PrivateKey) D() []byte { return slices.Clone(k.d) }

// Public returns the public key.
func (k *PrivateKey) Public() crypto.PublicKey { return &k.PublicKey }

// Wipe overwrites the private scalar.
func (k *PrivateKey) Wipe() { clear(k.d) }

// Sign signs a Streebog digest (32 bytes for a 256-bit key, 64 for a
// 512-bit one, as the hash returns it) and returns the signature in NCA's
// layout, r ‖ s each little-endian (the reverse of RFC 4491's s ‖ r
// big-endian; see SignatureRFC4491). opts is not used.
func (k *PrivateKey) Sign(rand io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	r, s, err := k.SignDigest(rand, digest)
	if err != nil {
		return nil, err
	}
	return EncodeNCA(k.Curve, r, s), nil
}

// SignDigest signs a Streebog digest and returns r and s (GOST 34.10-2015
// §6.1 = RFC 7091 §6.1).
func (k *PrivateKey) SignDigest(rand io.Reader, digest []byte) (r, s *big.Int, err error) {
	if len(digest) != k.Curve.size {
		return nil, nil, ErrDigestSize
	}
	e := digestToE(k.Curve, digest)
	for {
		kk, err := randScalar(k.Curve, rand)
		if err != nil {
			return nil, nil, err
		}
		r, s, ok := k.signWithK(e, kk)
		if ok {
			return r, s, nil
		}
	}
}

// digestToE is step 2 of the signature: α is the digest read as a
// little-endian number, e = α mod q, or 1 if that is 0.
func digestToE(c *Curve, digest []byte) *big.Int {
	alpha := new(big.Int).SetBytes(reversed(digest))
	e := alpha.Mod(alpha, c.Q)
	if e.Sign() == 0 {
		e.SetInt64(1)
	}
	return e
}

func reversed(b []byte) []byte {
	out := slices.Clone(b)
	slices.Reverse(out)
	return out
}

// randScalar returns a uniform 0 < k < q, by rejection.
func randScalar(c *Curve, rand io.Reader) (*bigmod.Nat, error) {
	buf := make([]byte, c.size)
	excess := c.size*8 - c.Q.BitLen()
	for {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, err
		}
		buf[0] &= byte(0xff >> excess)
		n, err := bigmod.NewNat().SetBytes(buf, c.fq)
		if err == nil && n.IsZero() == 0 {
			return n, nil
		}
	}
}

// signWithK makes the signature with the nonce k: C = k·P, r = x_C mod q,
// s = (r·d + k·e) mod q. k and d stay in constant-time arithmetic
// (bigmod); r and e are public. ok is false if r or s is 0.
func (k *PrivateKey) signWithK(e *big.Int, kk *bigmod.Nat) (r, s *big.Int, ok bool) {
	c := k.Curve
	kb := kk.Bytes(c.fq)
	cp := c.scalarMult(c.base(), kb)
	x, _, finite := c.toAffine(cp)
	if !finite {
		return nil, nil, false
	}
	r = new(big.Int).SetBytes(x.Bytes(c.fp))
	r.Mod(r, c.Q)
	if r.Sign() == 0 {
		return nil, nil, false
	}
	fq := c.fq
	rn := mustNat(r, c)
	en := mustNat(e, c)
	d, _ := bigmod.NewNat().SetBytes(k.d, fq)
	sn := d.Mul(rn, fq)             // r·d
	ke := clone(kk, fq).Mul(en, fq) // k·e
	sn.Add(ke, fq)
	if sn.IsZero() == 1 {
		return nil, nil, false
	}
	return r, new(big.Int).SetBytes(sn.Bytes(fq)), true
}

func mustNat(n *big.Int, c *Curve) *bigmod.Nat {
	x, err := bigmod.NewNat().SetBytes(n.FillBytes(make([]byte, c.size)), c.fq)
	if err != nil {
		panic(err)
	}
	return x
}

// VerifyDigest checks a signature (r, s) of a Streebog digest (GOST
// 34.10-2015 §6.2): 0 < r, s < q; v = e⁻¹; z1 = s·v, z2 = −r·v;
// C = z1·P + z2·Q; R = x_C mod q must equal r.
func VerifyDigest(pub *PublicKey, digest []byte, r, s *big.Int) bool {
	c := pub.Curve
	if c == nil || len(digest) != c.size || r == nil || s == nil ||
		r.Sign() <= 0 || s.Sign() <= 0 || r.Cmp(c.Q) >= 0 || s.Cmp(c.Q) >= 0 ||
		!c.IsOnCurve(pub.X, pub.Y) {
		return false
	}
	e := digestToE(c, digest)
	v := new(big.Int).ModInverse(e, c.Q)
	if v == nil {
		return false
	}
	z1 := new(big.Int).Mul(s, v)
	z1.Mod(z1, c.Q)
	z2 := new(big.Int).Mul(r, v)
	z2.Neg(z2).Mod(z2, c.Q)
	p1 := c.scalarMult(c.base(), z1.FillBytes(make([]byte, c.size)))
	p2 := c.scalarMult(c.table(c.affine(c.natP(pub.X), c.natP(pub.Y))), z2.FillBytes(make([]byte, c.size)))
	x, _, ok := c.toAffine(c.add(p1, p2))
	if !ok {
		return false
	}
	R := new(big.Int).SetBytes(x.Bytes(c.fp))
	R.Mod(R, c.Q)
	return subtle.ConstantTimeCompare(R.FillBytes(make([]byte, c.size)), r.FillBytes(make([]byte, c.size))) == 1
}

// EncodeNCA returns NCA's layout of a signature: r ‖ s, each little-endian
// on Curve.Size() bytes (what KalkanCrypt puts in certificates, CRLs and
// CMS). It is the byte-reverse of EncodeRFC4491.
func EncodeNCA(c *Curve, r, s *big.Int) []byte {
	return reversed(EncodeRFC4491(c, r, s))
}

// EncodeRFC4491 returns s ‖ r, each big-endian on Curve.Size() bytes (RFC
// 4491 §2.2.2, what OpenSSL's GOST engine reads and writes).
func EncodeRFC4491(c *Curve, r, s *big.Int) []byte {
	out := make([]byte, 2*c.size)
	s.FillBytes(out[:c.size])
	r.FillBytes(out[c.size:])
	return out
}

// DecodeNCA splits a signature in NCA's layout.
func DecodeNCA(c *Curve, sig []byte) (r, s *big.Int, err error) {
	return DecodeRFC4491(c, reversed(sig))
}

// DecodeRFC4491 splits a signature in RFC 4491's layout.
func DecodeRFC4491(c *Curve, sig []byte) (r, s *big.Int, err error) {
	if len(sig) != 2*c.size {
		return nil, nil, ErrInvalidSignature
	}
	s = new(big.Int).SetBytes(sig[:c.size])
	r = new(big.Int).SetBytes(sig[c.size:])
	return r, s, nil
}

// Hash returns a new Streebog hash of the size that goes with the curve
// (256 or 512 bits).
func (c *Curve) Hash() func() hash.Hash {
	if c.size == Size512 {
		return New512
	}
	return New256
}
