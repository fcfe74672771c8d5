// Package pki is the service's side of EDS (ЭЦП): trust roots, a demo
// certification authority, signature verification and login challenges.
//
//   - CA: the bundled service creates "Demo NCA (TEST)" (a root and an
//     issuing CA, RSA 2048) in its data directory on first start, issues key
//     stores in NCA RK's style (CA.Issue, FileName) and publishes a CRL
//     (CA.CRL, CA.Revoke). EnsureDemoKeys issues the demo depositors' keys.
//   - Verifier: checks a CMS — the signature over exactly the expected bytes
//     (the login nonce, the document), the chain to a configured root, the
//     validity at the service's clock, AUTH vs SIGN, revocation by CRL —
//     with one typed error per API problem code (Code).
//   - Challenges: single-use login nonces, 5 minutes.
//   - RunCLI: "kabinetd pki issue|inspect".
//
// Real NCA RK roots are configured as certificate files; their CRLs are
// downloaded through Verifier.FetchCRL, which the caller provides (this
// package opens no network connection), or come from a Verifier.CRLSource
// shared by several verifiers (kabinetd keeps them in its database). NCA's GOST 34.10-2015 PKI (GOST
// roots, certificates, CRLs and delta CRLs) is verified natively through
// eds and eds/gost; GOST 34.310-2004 signatures are reported as invalid
// signatures of an unsupported algorithm.
package pki
