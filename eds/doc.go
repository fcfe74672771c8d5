// Package eds reads electronic digital signature (ЭЦП) key stores and makes
// and checks CMS signatures with them.
//
// Key stores are PKCS#12 files (.p12/.pfx) as issued by the National
// Certification Authority of Kazakhstan (NCA RK, pki.gov.kz): a person
// normally has an authentication key, AUTH_RSA256_<sha1>.p12, used to log in,
// and a signing key, RSA256_<sha1>.p12 or GOSTKNCA_<sha1>.p12, used to sign
// documents. OpenKeyStore reads them — including the BER encoding KalkanCrypt
// writes, which stock Go decoders reject (see pfx.go for what these files
// contain) — and CertInfo tells the owner (IIN, BIN, name), the issuer, the
// validity, AUTH vs SIGN and the algorithm.
//
// RSA (and ECDSA) keys and NCA's GOST 34.10-2015 keys sign here, with
// SignCMS, and VerifyCMS checks both (GOST through the gost sub-package,
// ours, in pure Go). NCA's older GOST 34.310-2004 keys are not implemented:
// their certificate is still read and shown, and signing returns
// ErrGOSTNeedsNCALayer — the user signs through NCALayer instead (see the
// ncalayer sub-package). CheckCertificateSignature, ParseCRL,
// CheckCRLSignature and BuildChain do for GOST certificates and CRLs what
// crypto/x509 cannot.
//
// Security: the key store password is used only while opening, in a
// UTF-16 copy that is zeroed afterwards; it is never logged, stored or put
// in an error. KeyStore.Close overwrites the private key as far as Go
// allows. Every parser here takes untrusted input: sizes, nesting and KDF
// iteration counts are bounded, and FuzzOpenKeyStore, FuzzBERToDER and
// FuzzVerifyCMS exercise them.
//
// Errors are sentinels (ErrWrongPassword, ErrDamaged, ErrExpired, ...) to be
// tested with errors.Is and translated by the screens.
package eds
