package eds

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/eds/edstest"
)

func openTestStore(t *testing.T, id edstest.Identity) *KeyStore {
	t.Helper()
	ca := edstest.NewCA(t, "CMS test CA")
	cert, key := ca.Issue(t, id, 1)
	ks, err := OpenKeyStore(edstest.Modern(t, key, cert, nil, "pw"), "pw")
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func TestSignVerifyCMS(t *testing.T) {
	ks := openTestStore(t, testPerson)
	doc := []byte("заявление на выплату №42")
	for _, detached := range []bool{false, true} {
		cms, err := SignCMS(ks, doc, detached)
		if err != nil {
			t.Fatal(err)
		}
		var given []byte
		if detached {
			given = doc
			if bytes.Contains(cms, doc) {
				t.Error("detached CMS contains the document")
			}
			if _, _, err := VerifyCMS(cms, nil); !errors.Is(err, ErrBadCMS) {
				t.Errorf("detached without content: %v", err)
			}
		}
		cert, content, err := VerifyCMS(cms, given)
		if err != nil {
			t.Fatalf("detached=%v: %v", detached, err)
		}
		if !cert.Equal(ks.Cert) || !bytes.Equal(content, doc) {
			t.Errorf("detached=%v: wrong signer or content %q", detached, content)
		}
		// another document
		if _, _, err := VerifyCMS(cms, []byte("заявление на выплату №43")); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("detached=%v, other document: %v", detached, err)
		}
		// a flipped signature byte
		bad := append([]byte{}, cms...)
		bad[len(bad)-5] ^= 1
		if _, _, err := VerifyCMS(bad, given); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("detached=%v, flipped signature: %v", detached, err)
		}
	}
}

func TestDecodeCMSForms(t *testing.T) {
	ks := openTestStore(t, testPerson)
	der, err := SignCMS(ks, []byte("nonce"), false)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(der)
	var wrapped strings.Builder
	for i := 0; i < len(b64); i += 64 {
		wrapped.WriteString(b64[i:min(i+64, len(b64))])
		wrapped.WriteString("\r\n")
	}
	ber, err := edstest.DERToBER(der, 0)
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]string{
		"DER":              string(der),
		"BER":              string(ber),
		"base64":           b64,
		"base64 CRLF":      wrapped.String(),
		"PEM CMS":          string(pem.EncodeToMemory(&pem.Block{Type: "CMS", Bytes: der})),
		"PEM PKCS7 CRLF":   "-----BEGIN PKCS7-----\r\n" + wrapped.String() + "-----END PKCS7-----\r\n",
		"PEM no newline":   "-----BEGIN CMS-----" + b64 + "-----END CMS-----",
		"JSON-escaped":     strings.ReplaceAll(wrapped.String(), "\r\n", `\r\n`),
		"leading newlines": "\n\n" + string(pem.EncodeToMemory(&pem.Block{Type: "CMS", Bytes: der})),
	}
	for name, form := range forms {
		got, err := DecodeCMS([]byte(form))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, der) {
			t.Errorf("%s: decoded differently", name)
		}
		if _, _, err := VerifyCMS([]byte(form), nil); err != nil {
			t.Errorf("%s: VerifyCMS: %v", name, err)
		}
	}
	for _, bad := range []string{"", "   ", "not base64 !!!", "-----BEGIN CMS-----\n!!!\n-----END CMS-----", "MIIB"} {
		if _, err := DecodeCMS([]byte(bad)); !errors.Is(err, ErrBadCMS) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, _, err := VerifyCMS([]byte("MIIB"), nil); !errors.Is(err, ErrBadCMS) {
		t.Errorf("garbage: %v", err)
	}
}

func TestSignCMSWithoutKey(t *testing.T) {
	if _, err := SignCMS(nil, []byte("x"), false); !errors.Is(err, ErrNoPrivateKey) {
		t.Error(err)
	}
	ks := openTestStore(t, testPerson)
	ks.Close()
	if _, err := ks.SignCMS([]byte("x"), false); !errors.Is(err, ErrNoPrivateKey) {
		t.Error(err)
	}
}
