// Package gost implements the Kazakh (and Russian) national signature
// algorithms in pure Go, from the published standards:
//
//   - Streebog, GOST 34.11-2015 = GOST R 34.11-2012 (RFC 6986), 256- and
//     512-bit digests (New256, New512, Sum256, Sum512);
//   - GOST 34.10-2015 = GOST R 34.10-2012 signatures (RFC 7091) on the
//     parameter sets of RFC 7836 and RFC 4357 (Curve512A — NCA's current
//     keys —, Curve512B, Curve256A, CurveCryptoProA/B/C and the test curves
//     of the RFC 7091 examples);
//   - the encodings NCA RK (pki.gov.kz) uses: its OIDs under 1.2.398.3.10
//     (and the tc26 ones, 1.2.643.7.1), SubjectPublicKeyInfo and PKCS#8 as
//     in NCA's key stores and OpenSSL's GOST engine, the signature byte
//     layouts (NCA: r‖s little-endian; RFC 4491: s‖r big-endian),
//     certificate and CRL signatures (CheckSignedBy, CheckCRLSignature,
//     ParseRevocationList for NCA's CRLs), and GOST-signed certificates,
//     CRLs and PKCS#12 key stores for test and demo authorities
//     (CreateCertificate, CreateRevocationList, EncodePKCS12).
//
// The test vectors of RFC 6986 and RFC 7091, NCA's own GOST test PKI and
// OpenSSL's GOST engine (when installed) check it; see the tests.
//
// # No branch on secret data
//
// The private key d and the nonce k are secret; the digest, r, s and public
// keys are not. What touches d and k:
//
//   - Field and scalar arithmetic is filippo.io/bigmod (the constant-time
//     modular arithmetic of Go's crypto/rsa and crypto/ecdsa): Montgomery
//     multiplication, addition and subtraction whose running time depends
//     only on the size of the modulus, not on the values.
//   - Points are added with the complete formulas of Renes, Costello and
//     Batina (2015, Algorithm 1, any a): one sequence of field operations
//     for every pair of points, doubling and the neutral element included,
//     so there is no "if P == Q" or "if P is infinity" anywhere (all the
//     points used are in the subgroup of prime order q, where the formulas
//     are complete even on the cofactor-4 curve 256-A).
//   - k·P uses fixed 4-bit windows over all the bytes of the scalar (leading
//     zeros included): 4 doublings and 1 addition per window, always; the
//     table entry is chosen by selectPoint, which reads all 16 entries and
//     combines them with masks built without branches from the window
//     value, so neither branches nor memory addresses depend on k.
//   - The affine x of k·P is obtained with an inversion by exponentiation
//     (z^(p−2), bigmod.Exp, constant time); s = r·d + k·e is computed in
//     bigmod modulo q.
//   - The nonce is drawn by rejection sampling (a candidate ≥ q is drawn
//     again): that leaks only how many candidates were rejected, which says
//     nothing about the accepted one.
//
// Verification uses the same code on public values. Streebog's table
// lookups are indexed by the data hashed (public documents, nonces,
// certificates), not by keys.
//
// Speed (BenchmarkSign, BenchmarkVerify, against crypto/ecdsa P-256 in the
// same run, medians of 3, two runs on a shared and loaded 2-core machine):
// signing takes 40–55× the time of ECDSA P-256 with a 256-bit key and
// 140–230× with a 512-bit one, verifying 40–60× and 80–150× — a few to a
// few tens of milliseconds. Streebog-512 hashes about 30× slower than
// SHA-256 (BenchmarkHash).
package gost
