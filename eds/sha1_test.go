package eds

import (
	"errors"
	"testing"

	"github.com/smallstep/pkcs7"

	"github.com/kabinet-kz/kabinet/eds/edstest"
)

func TestRefuseSHA1(t *testing.T) {
	ks := openTestStore(t, edstest.Identity{IIN: "880415300157", CommonName: "SHA", Purpose: "sign"})
	data := []byte("document")
	good, err := SignCMS(ks, data, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := RefuseSHA1(good); err != nil {
		t.Errorf("SHA-256: %v", err)
	}
	sd, _ := pkcs7.NewSignedData(data)
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA1)
	if err := sd.AddSigner(ks.Cert, ks.Signer, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	weak, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if err := RefuseSHA1(weak); !errors.Is(err, ErrSHA1) {
		t.Errorf("SHA-1: %v", err)
	}
	// Still a valid signature: only the refusal stops it.
	if _, _, err := VerifyCMS(weak, nil); err != nil {
		t.Errorf("VerifyCMS of the SHA-1 CMS: %v", err)
	}
	if err := RefuseSHA1([]byte("not a CMS")); err != nil {
		t.Errorf("garbage: %v (left to VerifyCMS)", err)
	}
	for _, oid := range sha1OIDs {
		if !isSHA1(oid) {
			t.Errorf("%v", oid)
		}
	}
	if isSHA1(pkcs7.OIDDigestAlgorithmSHA256) {
		t.Error("SHA-256 is SHA-1")
	}
}
