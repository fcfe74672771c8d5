package eds

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kabinet-kz/kabinet/eds/gost"
)

// OpenSSL's GOST engine (scripts/test-deps.sh installs it) verifies our
// GOST CMS made with a tc26 certificate — the structure, the signed
// attributes and RFC 4491's signature layout — and refuses it over
// another document.
func TestGOSTCMSOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl")
	}
	if out, err := exec.Command("openssl", "engine", "gost").CombinedOutput(); err != nil {
		t.Skipf("no OpenSSL GOST engine: %s", out)
	}
	for _, c := range []*gost.Curve{gost.Curve256A, gost.Curve512A} {
		ks := gostTestStore(t, c, false)
		dir := t.TempDir()
		doc := filepath.Join(dir, "doc")
		os.WriteFile(doc, []byte("заявление"), 0o600)
		other := filepath.Join(dir, "other")
		os.WriteFile(other, []byte("другое"), 0o600)
		for _, detached := range []bool{false, true} {
			cms, err := SignCMS(ks, []byte("заявление"), detached)
			if err != nil {
				t.Fatal(err)
			}
			p7s := filepath.Join(dir, "doc.p7s")
			os.WriteFile(p7s, cms, 0o600)
			args := []string{"cms", "-verify", "-engine", "gost", "-inform", "DER", "-in", p7s, "-noverify", "-binary", "-out", filepath.Join(dir, "out")}
			if detached {
				args = append(args, "-content", doc)
			}
			if out, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
				t.Fatalf("%s detached=%v: OpenSSL refuses our CMS: %v\n%s", c.Name, detached, err, out)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, "out")); string(got) != "заявление" {
				t.Errorf("OpenSSL's content %q", got)
			}
			if detached {
				args[len(args)-1] = other
				if exec.Command("openssl", args...).Run() == nil {
					t.Errorf("%s: OpenSSL verifies the CMS over another document", c.Name)
				}
			}
		}
	}
}

// A GOST CMS made by OpenSSL (its own key and self-signed certificate,
// tc26 OIDs, its own signed attributes) verifies here, and its
// certificate is that of the signer; the self-signed certificate's own
// signature checks too.
func TestOpenSSLGOSTCMSVerifies(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("no openssl")
	}
	if out, err := exec.Command("openssl", "engine", "gost").CombinedOutput(); err != nil {
		t.Skipf("no OpenSSL GOST engine: %s", out)
	}
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args, err, out)
		}
	}
	os.WriteFile(p("doc"), []byte("документ OpenSSL"), 0o600)
	for _, alg := range [][2]string{{"gost2012_512", "A"}, {"gost2012_256", "TCA"}} {
		run("req", "-x509", "-engine", "gost", "-newkey", alg[0], "-pkeyopt", "paramset:"+alg[1], "-nodes",
			"-keyout", p("k.pem"), "-out", p("c.pem"), "-outform", "PEM", "-subj", "/CN=OpenSSL GOST/serialNumber=IIN880415300157", "-days", "2")
		for _, detached := range []bool{false, true} {
			args := []string{"cms", "-sign", "-engine", "gost", "-signer", p("c.pem"), "-inkey", p("k.pem"), "-in", p("doc"), "-binary", "-outform", "DER", "-out", p("o.p7s")}
			if !detached {
				args = append(args, "-nodetach")
			}
			run(args...)
			cms, _ := os.ReadFile(p("o.p7s"))
			var content []byte
			if detached {
				content = []byte("документ OpenSSL")
			}
			cert, got, err := VerifyCMS(cms, content)
			if err != nil {
				t.Fatalf("%s detached=%v: %v", alg[0], detached, err)
			}
			if string(got) != "документ OpenSSL" || NewCertInfo(cert).IIN != "880415300157" || NewCertInfo(cert).Algorithm != AlgorithmGOST2015 {
				t.Errorf("content %q, info %+v", got, NewCertInfo(cert))
			}
			if err := CheckCertificateSignature(cert, cert); err != nil {
				t.Errorf("OpenSSL's self-signed GOST certificate: %v", err)
			}
			if _, _, err := VerifyCMS(cms, []byte("другой")); err == nil {
				t.Error("verifies over another document")
			}
		}
	}
}
