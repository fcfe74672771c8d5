package gost

import (
	"bytes"
	"crypto/rand"
	"math/big"
	"testing"
)

// The examples of GOST R 34.10-2012 as given in RFC 7091 (appendix A):
// key d, nonce k, e = α mod q, expected public key and (r, s).
var rfc7091 = []struct {
	name            string
	curve           *Curve
	d, k, e, qx, qy string
	r, s            string
}{
	{"example 1 (256)", Curve256Test,
		"7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28",
		"77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3",
		"2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5",
		"7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B",
		"26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA",
		"41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493",
		"01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40"},
	{"example 2 (512)", Curve512Test,
		"BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B102072E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4",
		"0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F365886748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1",
		"3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C5917184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C",
		"115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1",
		"37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC",
		"2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD35492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36",
		"1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A"},
}

func TestRFC7091Examples(t *testing.T) {
	for _, v := range rfc7091 {
		t.Run(v.name, func(t *testing.T) {
			c := v.curve
			key, err := NewPrivateKey(c, hexInt(v.d).Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if key.X.Cmp(hexInt(v.qx)) != 0 || key.Y.Cmp(hexInt(v.qy)) != 0 {
				t.Fatalf("public key = (%X, %X)", key.X, key.Y)
			}
			e := hexInt(v.e)
			r, s, ok := key.signWithK(e, mustNat(hexInt(v.k), c))
			if !ok || r.Cmp(hexInt(v.r)) != 0 || s.Cmp(hexInt(v.s)) != 0 {
				t.Fatalf("signature r=%X s=%X", r, s)
			}
			// The digest whose little-endian reading is e verifies, and a
			// changed digest or signature does not.
			digest := reversed(e.FillBytes(make([]byte, c.Size())))
			if !VerifyDigest(&key.PublicKey, digest, r, s) {
				t.Fatal("the RFC signature does not verify")
			}
			digest[0] ^= 1
			if VerifyDigest(&key.PublicKey, digest, r, s) {
				t.Fatal("a changed digest verifies")
			}
			digest[0] ^= 1
			if VerifyDigest(&key.PublicKey, digest, r, new(big.Int).Add(s, big.NewInt(1))) {
				t.Fatal("a changed s verifies")
			}
		})
	}
}

// Sign and verify on every parameter set, through the byte layouts.
func TestSignVerifyAllCurves(t *testing.T) {
	for _, c := range curves {
		t.Run(c.Name, func(t *testing.T) {
			key, err := GenerateKey(c, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			h := c.Hash()()
			h.Write([]byte("документ"))
			digest := h.Sum(nil)
			sig, err := key.Sign(rand.Reader, digest, nil)
			if err != nil {
				t.Fatal(err)
			}
			r, s, err := DecodeNCA(c, sig)
			if err != nil || !VerifyDigest(&key.PublicKey, digest, r, s) {
				t.Fatalf("own signature does not verify (%v)", err)
			}
			r2, s2, _ := DecodeRFC4491(c, EncodeRFC4491(c, r, s))
			if r2.Cmp(r) != 0 || s2.Cmp(s) != 0 {
				t.Fatal("RFC 4491 layout round trip")
			}
			if !bytes.Equal(EncodeNCA(c, r, s), sig) {
				t.Fatal("NCA layout round trip")
			}
			other, _ := GenerateKey(c, rand.Reader)
			if VerifyDigest(&other.PublicKey, digest, r, s) {
				t.Fatal("verifies under another key")
			}
			if _, err := key.Sign(rand.Reader, digest[1:], nil); err != ErrDigestSize {
				t.Fatalf("short digest: %v", err)
			}
		})
	}
}

// The constant-time scalar multiplication agrees with a plain affine
// double-and-add (math/big) on a few scalars, including 1, 2, q-1.
func TestScalarMultAgainstAffine(t *testing.T) {
	for _, c := range []*Curve{Curve256A, Curve512A, CurveCryptoProA} {
		for _, k := range []*big.Int{big.NewInt(1), big.NewInt(2), big.NewInt(3), big.NewInt(16), new(big.Int).Sub(c.Q, big.NewInt(1)), hexInt("123456789ABCDEF0FEDCBA9876543210")} {
			x, y, ok := c.ScalarBaseMult(k.FillBytes(make([]byte, c.Size())))
			wx, wy := affineMul(c, c.X, c.Y, k)
			if !ok || x.Cmp(wx) != 0 || y.Cmp(wy) != 0 {
				t.Errorf("%s: %v·P differs", c.Name, k)
			}
		}
		if _, _, ok := c.ScalarBaseMult(c.Q.FillBytes(make([]byte, c.Size()))); ok {
			t.Errorf("%s: q·P is not the neutral element", c.Name)
		}
	}
}

// affineMul is a textbook variable-time double-and-add, for tests only.
func affineMul(c *Curve, x, y, k *big.Int) (*big.Int, *big.Int) {
	var rx, ry *big.Int
	add := func(x1, y1, x2, y2 *big.Int) (*big.Int, *big.Int) {
		if x1 == nil {
			return x2, y2
		}
		var l *big.Int
		if x1.Cmp(x2) == 0 {
			if new(big.Int).Add(y1, y2).Mod(new(big.Int).Add(y1, y2), c.P).Sign() == 0 {
				return nil, nil
			}
			num := new(big.Int).Mul(x1, x1)
			num.Mul(num, big.NewInt(3)).Add(num, c.A)
			den := new(big.Int).Lsh(y1, 1)
			l = num.Mul(num, den.ModInverse(den.Mod(den, c.P), c.P))
		} else {
			num := new(big.Int).Sub(y2, y1)
			den := new(big.Int).Sub(x2, x1)
			den.Mod(den, c.P)
			l = num.Mul(num, den.ModInverse(den, c.P))
		}
		l.Mod(l, c.P)
		x3 := new(big.Int).Mul(l, l)
		x3.Sub(x3, x1).Sub(x3, x2).Mod(x3, c.P)
		y3 := new(big.Int).Sub(x1, x3)
		y3.Mul(y3, l).Sub(y3, y1).Mod(y3, c.P)
		return x3, y3
	}
	for i := k.BitLen() - 1; i >= 0; i-- {
		if rx != nil {
			rx, ry = add(rx, ry, rx, ry)
		}
		if k.Bit(i) == 1 {
			rx, ry = add(rx, ry, x, y)
		}
	}
	return rx, ry
}
