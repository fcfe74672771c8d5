package eds

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/eds/edstest"
)

var knownErrors = []error{ErrEmptyFile, ErrTooLarge, ErrNotKeyStore, ErrWrongPassword, ErrDamaged,
	ErrGOSTNeedsNCALayer, ErrNoPrivateKey}

// FuzzOpenKeyStore: no input panics, takes long or returns an error outside
// the documented set. Seeds: the real NCA stores and generated ones in every
// encoding. Run:
//
//	go test -run '^$' -fuzz FuzzOpenKeyStore -fuzztime 30s -fuzzminimizetime 200x ./eds
//
// (inputs are a few KiB and each run does real key derivation, so the
// default minimisation of every new input, up to a minute, starves the
// fuzzer; cap it).
func FuzzOpenKeyStore(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(ncaDir, "*.p12"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*.p12"))
	gostFiles, _ := filepath.Glob(filepath.Join(ncaGOSTDir, "*.p12"))
	for _, name := range append(append(files, more...), gostFiles...) {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	ca := edstest.NewCA(f, "Fuzz CA")
	cert, key := ca.Issue(f, testPerson, 1)
	rc2 := edstest.LegacyRC2(f, key, cert, nil, ncaPassword)
	f.Add(rc2)
	f.Add(edstest.Modern(f, key, cert, nil, ncaPassword))
	if ber, err := edstest.KalkanStyle(rc2, ncaPassword, edstest.BEROptions{OuterBER: true, Chunk: 300}); err == nil {
		f.Add(ber)
	}
	f.Add([]byte{})
	f.Add([]byte("-----BEGIN CERTIFICATE-----\n"))
	f.Add([]byte{0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80})

	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		ks, err := OpenKeyStore(data, ncaPassword)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %v", d)
		}
		if err != nil {
			if ks != nil {
				t.Error("a key store and an error")
			}
			for _, known := range knownErrors {
				if errors.Is(err, known) {
					return
				}
			}
			t.Errorf("undocumented error: %v", err)
			return
		}
		if ks.Cert == nil {
			t.Error("no certificate")
		}
	})
}

// FuzzBERToDER: the converter never panics, its output is DER, and
// converting again changes nothing.
func FuzzBERToDER(f *testing.F) {
	f.Add(hx("30 80 a0 80 30 80 05 00 00 00 00 00 00 00"))
	f.Add(hx("24 80 04 02 aa bb 04 01 cc 00 00"))
	f.Add(hx("23 80 03 02 00 aa 03 02 04 b0 00 00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		der, rest, err := berToDER(in)
		if err != nil {
			return
		}
		if len(der) > len(in)-len(rest)+8 {
			t.Errorf("output %d bytes from %d", len(der), len(in)-len(rest))
		}
		again, rest2, err := berToDER(der)
		if err != nil || len(rest2) != 0 || !bytes.Equal(again, der) {
			t.Errorf("not idempotent: %v", err)
		}
	})
}

// FuzzVerifyCMS: untrusted CMS from the network never panics the verifier.
func FuzzVerifyCMS(f *testing.F) {
	ca := edstest.NewCA(f, "Fuzz CA")
	cert, key := ca.Issue(f, testPerson, 1)
	ks, err := OpenKeyStore(edstest.Modern(f, key, cert, nil, "pw"), "pw")
	if err != nil {
		f.Fatal(err)
	}
	for _, detached := range []bool{false, true} {
		cms, err := SignCMS(ks, []byte("nonce"), detached)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(cms, detached)
	}
	if data, err := os.ReadFile(filepath.Join(ncaGOSTDir, "individual_valid.p12")); err == nil {
		if gks, err := OpenKeyStore(data, ncaPassword); err == nil {
			for _, detached := range []bool{false, true} {
				if cms, err := SignCMS(gks, []byte("nonce"), detached); err == nil {
					f.Add(cms, detached)
				}
			}
		}
	}
	f.Add([]byte("-----BEGIN CMS-----\nMIIB\n-----END CMS-----"), false)
	f.Fuzz(func(t *testing.T, cms []byte, detached bool) {
		var content []byte
		if detached {
			content = []byte("nonce")
		}
		cert, _, err := VerifyCMS(cms, content)
		if err == nil && cert == nil {
			t.Error("verified without a certificate")
		}
	})
}
