package gost

import (
	"encoding/asn1"
	"math/big"
	"sync"

	"filippo.io/bigmod"
)

// Curve is a GOST 34.10 parameter set: the curve y² = x³ + ax + b over F_p,
// a base point P of prime order q, with the OIDs that name it.
type Curve struct {
	Name string
	// OIDs naming this parameter set: RFC 4357 / RFC 7836 (tc26, CryptoPro)
	// and NCA's arc 1.2.398.3.10 where NCA uses it.
	OIDs []asn1.ObjectIdentifier

	P, Q, A, B, X, Y *big.Int
	Cofactor         int

	size int // bytes of a coordinate and of a scalar (32 or 64)

	fp, fq  *bigmod.Modulus
	a, b3   *bigmod.Nat // a and 3b mod p
	gx, gy  *bigmod.Nat
	qMinus2 []byte // exponent for inversion mod q
	pMinus2 []byte // exponent for inversion mod p

	baseOnce sync.Once
	baseTab  *[16]point // 0·P … 15·P, read-only once made
}

func hexInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("gost: bad constant " + s)
	}
	return n
}

func newCurve(name string, size int, p, a, b, q, x, y string, cofactor int, oids ...asn1.ObjectIdentifier) *Curve {
	c := &Curve{Name: name, OIDs: oids, size: size, Cofactor: cofactor,
		P: hexInt(p), A: hexInt(a), B: hexInt(b), Q: hexInt(q), X: hexInt(x), Y: hexInt(y)}
	var err error
	if c.fp, err = bigmod.NewModulus(c.P.FillBytes(make([]byte, size))); err != nil {
		panic(err)
	}
	if c.fq, err = bigmod.NewModulus(c.Q.FillBytes(make([]byte, size))); err != nil {
		panic(err)
	}
	c.a = c.natP(c.A)
	c.b3 = c.natP(new(big.Int).Mod(new(big.Int).Mul(c.B, big.NewInt(3)), c.P))
	c.gx, c.gy = c.natP(c.X), c.natP(c.Y)
	c.pMinus2 = new(big.Int).Sub(c.P, big.NewInt(2)).Bytes()
	c.qMinus2 = new(big.Int).Sub(c.Q, big.NewInt(2)).Bytes()
	if !c.IsOnCurve(c.X, c.Y) {
		panic("gost: base point of " + name + " is not on the curve")
	}
	return c
}

// natP returns n (0 ≤ n < p) as a field element.
func (c *Curve) natP(n *big.Int) *bigmod.Nat {
	x, err := bigmod.NewNat().SetBytes(n.FillBytes(make([]byte, c.size)), c.fp)
	if err != nil {
		panic(err)
	}
	return x
}

// Size returns the length in bytes of a coordinate or a scalar: 32 or 64.
func (c *Curve) Size() int { return c.size }

// IsOnCurve reports whether (x, y) is a point of the curve (not checked to
// be in the subgroup of order q). Variable time: for public points.
func (c *Curve) IsOnCurve(x, y *big.Int) bool {
	if x.Sign() < 0 || x.Cmp(c.P) >= 0 || y.Sign() < 0 || y.Cmp(c.P) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(y, y)
	lhs.Mod(lhs, c.P)
	rhs := new(big.Int).Mul(x, x)
	rhs.Add(rhs, c.A)
	rhs.Mul(rhs, x)
	rhs.Add(rhs, c.B)
	rhs.Mod(rhs, c.P)
	return lhs.Cmp(rhs) == 0
}

// point is a point in projective coordinates (X:Y:Z), x = X/Z, y = Y/Z;
// the neutral element is (0:1:0).
type point struct{ x, y, z *bigmod.Nat }

func (c *Curve) newPoint() point {
	return point{bigmod.NewNat().ExpandFor(c.fp), bigmod.NewNat().ExpandFor(c.fp), bigmod.NewNat().ExpandFor(c.fp)}
}

func (c *Curve) identity() point {
	p := c.newPoint()
	p.y.SetUint(1)
	p.y.ExpandFor(c.fp)
	return p
}

func (c *Curve) affine(x, y *bigmod.Nat) point {
	p := c.newPoint()
	set(p.x, x)
	set(p.y, y)
	p.z.SetUint(1)
	p.z.ExpandFor(c.fp)
	return p
}

func set(dst, src *bigmod.Nat) {
	copy(dst.Bits(), src.Bits())
}

func clone(x *bigmod.Nat, m *bigmod.Modulus) *bigmod.Nat {
	n := bigmod.NewNat().ExpandFor(m)
	copy(n.Bits(), x.Bits())
	return n
}

// add returns p1 + p2 with the complete addition formula for short
// Weierstrass curves of Renes, Costello and Batina ("Complete addition
// formulas for prime order elliptic curves", 2015, Algorithm 1, any a): the
// same sequence of field operations for every pair of points, doubling and
// the neutral element included, so no branch depends on the points. (The
// formulas are complete when the curve has no point of order two in the
// group used; all the points used here are in the subgroup of prime order q.)
func (c *Curve) add(p1, p2 point) point {
	m := c.fp
	cp := func(x *bigmod.Nat) *bigmod.Nat { return clone(x, m) }
	X1, Y1, Z1, X2, Y2, Z2 := p1.x, p1.y, p1.z, p2.x, p2.y, p2.z

	// The steps of Algorithm 1, in place (t6 stands for the t2 of steps
	// 30–38, which overwrite one operand with a non-commutative result).
	t0 := cp(X1).Mul(X2, m)  // 1. t0 = X1·X2
	t1 := cp(Y1).Mul(Y2, m)  // 2. t1 = Y1·Y2
	t2 := cp(Z1).Mul(Z2, m)  // 3. t2 = Z1·Z2
	t3 := cp(X1).Add(Y1, m)  // 4. t3 = X1+Y1
	t4 := cp(X2).Add(Y2, m)  // 5. t4 = X2+Y2
	t3.Mul(t4, m)            // 6. t3 = t3·t4
	set(t4, t0)              //
	t4.Add(t1, m)            // 7. t4 = t0+t1
	t3.Sub(t4, m)            // 8. t3 = t3−t4
	set(t4, X1)              //
	t4.Add(Z1, m)            // 9. t4 = X1+Z1
	t5 := cp(X2).Add(Z2, m)  // 10. t5 = X2+Z2
	t4.Mul(t5, m)            // 11. t4 = t4·t5
	set(t5, t0)              //
	t5.Add(t2, m)            // 12. t5 = t0+t2
	t4.Sub(t5, m)            // 13. t4 = t4−t5
	set(t5, Y1)              //
	t5.Add(Z1, m)            // 14. t5 = Y1+Z1
	X3 := cp(Y2).Add(Z2, m)  // 15. X3 = Y2+Z2
	t5.Mul(X3, m)            // 16. t5 = t5·X3
	set(X3, t1)              //
	X3.Add(t2, m)            // 17. X3 = t1+t2
	t5.Sub(X3, m)            // 18. t5 = t5−X3
	Z3 := cp(c.a).Mul(t4, m) // 19. Z3 = a·t4
	set(X3, c.b3)            //
	X3.Mul(t2, m)            // 20. X3 = b3·t2
	Z3.Add(X3, m)            // 21. Z3 = X3+Z3
	set(X3, t1)              //
	X3.Sub(Z3, m)            // 22. X3 = t1−Z3
	Z3.Add(t1, m)            // 23. Z3 = t1+Z3
	Y3 := cp(X3).Mul(Z3, m)  // 24. Y3 = X3·Z3
	set(t1, t0)              //
	t1.Add(t0, m)            // 25. t1 = t0+t0
	t1.Add(t0, m)            // 26. t1 = t1+t0
	t2.Mul(c.a, m)           // 27. t2 = a·t2
	t4.Mul(c.b3, m)          // 28. t4 = b3·t4
	t1.Add(t2, m)            // 29. t1 = t1+t2
	t6 := cp(t0).Sub(t2, m)  // 30. t2 = t0−t2
	t6.Mul(c.a, m)           // 31. t2 = a·t2
	t4.Add(t6, m)            // 32. t4 = t4+t2
	set(t6, t1)              //
	t6.Mul(t4, m)            // 33. t2 = t1·t4
	Y3.Add(t6, m)            // 34. Y3 = Y3+t2
	set(t6, t5)              //
	t6.Mul(t4, m)            // 35. t2 = t5·t4
	X3.Mul(t3, m)            // 36. X3 = X3·t3
	X3.Sub(t6, m)            // 37. X3 = X3−t2
	set(t6, t3)              //
	t6.Mul(t1, m)            // 38. t2 = t3·t1
	Z3.Mul(t5, m)            // 39. Z3 = t5·Z3
	Z3.Add(t6, m)            // 40. Z3 = Z3+t2
	return point{X3, Y3, Z3}
}

// ctEqual returns 1 if a == b, else 0, without branching.
func ctEqual(a, b uint) uint {
	x := a ^ b
	// x == 0 → (x-1) has the top bit set and x does not.
	return ((^x & (x - 1)) >> (bitsUint - 1)) & 1
}

const bitsUint = 32 << (^uint(0) >> 63)

// selectPoint sets dst to tab[idx] reading every entry, with masks instead
// of branches or secret-dependent indices.
func selectPoint(dst *point, tab *[16]point, idx uint) {
	dx, dy, dz := dst.x.Bits(), dst.y.Bits(), dst.z.Bits()
	clear(dx)
	clear(dy)
	clear(dz)
	for i := range tab {
		mask := -ctEqual(uint(i), idx)
		tx, ty, tz := tab[i].x.Bits(), tab[i].y.Bits(), tab[i].z.Bits()
		for j := range dx {
			dx[j] |= tx[j] & mask
			dy[j] |= ty[j] & mask
			dz[j] |= tz[j] & mask
		}
	}
}

// table returns 0·p, 1·p, …, 15·p.
func (c *Curve) table(p point) *[16]point {
	var tab [16]point
	tab[0] = c.identity()
	tab[1] = p
	for i := 2; i < 16; i++ {
		tab[i] = c.add(tab[i-1], p)
	}
	return &tab
}

// scalarMult returns k·p for a scalar k given as c.size big-endian bytes.
// Fixed 4-bit windows over all the bytes of k whatever its value: 4
// doublings and one addition of a table entry chosen with selectPoint per
// window, the same operations in the same order for every k.
func (c *Curve) scalarMult(tab *[16]point, k []byte) point {
	acc := c.identity()
	sel := c.newPoint()
	for _, b := range k {
		for _, nib := range [2]uint{uint(b >> 4), uint(b & 15)} {
			for i := 0; i < 4; i++ {
				acc = c.add(acc, acc)
			}
			selectPoint(&sel, tab, nib)
			acc = c.add(acc, sel)
		}
	}
	return acc
}

// toAffine returns x/z and y/z (z⁻¹ = z^(p-2), constant time). ok is false
// for the neutral element.
func (c *Curve) toAffine(p point) (x, y *bigmod.Nat, ok bool) {
	zinv := bigmod.NewNat().Exp(p.z, c.pMinus2, c.fp)
	x = clone(p.x, c.fp).Mul(zinv, c.fp)
	y = clone(p.y, c.fp).Mul(zinv, c.fp)
	return x, y, p.z.IsZero() == 0
}

func (c *Curve) base() *[16]point {
	c.baseOnce.Do(func() { c.baseTab = c.table(c.affine(c.gx, c.gy)) })
	return c.baseTab
}

// ScalarBaseMult returns k·P for the base point P, k as c.Size() big-endian
// bytes. Constant time in k. ok is false when the result is the neutral
// element.
func (c *Curve) ScalarBaseMult(k []byte) (x, y *big.Int, ok bool) {
	if len(k) != c.size {
		return nil, nil, false
	}
	r := c.scalarMult(c.base(), k)
	ax, ay, ok := c.toAffine(r)
	return new(big.Int).SetBytes(ax.Bytes(c.fp)), new(big.Int).SetBytes(ay.Bytes(c.fp)), ok
}

// ScalarMult returns k·(x, y); variable time is not needed here but the same
// constant-time code is used. ok is false for the neutral element.
func (c *Curve) ScalarMult(x, y *big.Int, k []byte) (rx, ry *big.Int, ok bool) {
	if len(k) != c.size || !c.IsOnCurve(x, y) {
		return nil, nil, false
	}
	r := c.scalarMult(c.table(c.affine(c.natP(x), c.natP(y))), k)
	ax, ay, ok := c.toAffine(r)
	return new(big.Int).SetBytes(ax.Bytes(c.fp)), new(big.Int).SetBytes(ay.Bytes(c.fp)), ok
}
