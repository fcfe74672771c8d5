package eds

import "errors"

// Errors returned by this package. Each one is a distinct sentinel, to be
// tested with errors.Is: the functions wrap them with details (offsets,
// dates, algorithm names — never a password). Screens translate them by
// identity, not by message.
var (
	// ErrEmptyFile: the key store file has no bytes.
	ErrEmptyFile = errors.New("eds: the key store file is empty")
	// ErrTooLarge: the file is larger than MaxKeyStoreSize; it was not parsed.
	ErrTooLarge = errors.New("eds: the file is too large to be a key store")
	// ErrNotKeyStore: the bytes are not a PKCS#12 key store at all (a PEM
	// file, a text file, random bytes, another format).
	ErrNotKeyStore = errors.New("eds: the file is not a PKCS#12 key store (.p12/.pfx)")
	// ErrWrongPassword: the key store is intact but the password does not
	// open it (its integrity MAC does not match and nothing in it decrypts).
	ErrWrongPassword = errors.New("eds: wrong key store password")
	// ErrDamaged: the file starts like a PKCS#12 key store but is truncated,
	// corrupted, or uses a structure that cannot be read.
	ErrDamaged = errors.New("eds: the key store file is damaged")
	// ErrExpired: the certificate's validity ended before the time checked.
	ErrExpired = errors.New("eds: the certificate has expired")
	// ErrNotYetValid: the certificate's validity starts after the time checked.
	ErrNotYetValid = errors.New("eds: the certificate is not valid yet")
	// ErrSignKeyForLogin: a signing (SIGN, RSA256_...) key was used to log
	// in; logging in needs the authentication key, the file named AUTH_....
	ErrSignKeyForLogin = errors.New("eds: this is a signing key; to log in use the authentication key (file AUTH_...)")
	// ErrAuthKeyForSigning: an authentication (AUTH_...) key was used to sign
	// a document; documents are signed with the signing key (RSA256_... or
	// GOST...).
	ErrAuthKeyForSigning = errors.New("eds: this is an authentication key; to sign a document use the signing key (file RSA256_... or GOST...)")
	// ErrGOSTNeedsNCALayer: the key is an older GOST 34.310-2004 key (or
	// the key store is protected with GOST algorithms), which this program
	// does not implement; sign with NCALayer instead. (GOST 34.10-2015 keys
	// sign natively.)
	ErrGOSTNeedsNCALayer = errors.New("eds: GOST 34.310-2004 keys are not supported here; they can be used through NCALayer")
	// ErrNoPrivateKey: the key store holds certificates but no private key
	// usable for signing.
	ErrNoPrivateKey = errors.New("eds: the key store holds no private key")
	// ErrBadCMS: the bytes are not a CMS (PKCS#7) signed-data message.
	ErrBadCMS = errors.New("eds: not a CMS signature")
	// ErrSignatureInvalid: a CMS signature does not verify over the content.
	ErrSignatureInvalid = errors.New("eds: the signature is invalid")
)
