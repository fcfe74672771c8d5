package eds

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/eds/edstest"
)

func hx(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestBERToDER(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"DER unchanged", "30 06 02 01 03 04 01 aa", "30 06 02 01 03 04 01 aa"},
		{"indefinite", "30 80 02 01 03 00 00", "30 03 02 01 03"},
		{"nested indefinite", "30 80 a0 80 30 80 05 00 00 00 00 00 00 00", "30 06 a0 04 30 02 05 00"},
		{"non-minimal length", "04 82 00 02 aa bb", "04 02 aa bb"},
		{"constructed OCTET STRING", "24 80 04 02 aa bb 04 01 cc 00 00", "04 03 aa bb cc"},
		{"definite constructed OCTET STRING", "24 07 04 02 aa bb 04 01 cc", "04 03 aa bb cc"},
		{"constructed BIT STRING", "23 80 03 02 00 aa 03 02 04 b0 00 00", "03 03 04 aa b0"},
		{"context [0] stays constructed", "a0 80 04 01 aa 00 00", "a0 03 04 01 aa"},
		{"high tag number", "bf 81 00 80 05 00 00 00", "bf 81 00 02 05 00"},
		{"long content", "04 81 80 " + strings.Repeat("ab ", 128), "04 81 80 " + strings.Repeat("ab ", 128)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			der, rest, err := berToDER(hx(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(rest) != 0 || !bytes.Equal(der, hx(tt.want)) {
				t.Errorf("got % x rest % x, want %s", der, rest, tt.want)
			}
		})
	}
}

func TestBERToDERRejects(t *testing.T) {
	deep := bytes.Repeat([]byte{0x30, 0x80}, maxBERDepth+2)
	deep = append(deep, bytes.Repeat([]byte{0, 0}, maxBERDepth+2)...)
	tests := map[string][]byte{
		"empty":                   {},
		"truncated":               hx("30 05 02 01"),
		"length beyond data":      hx("04 84 7f ff ff ff aa"),
		"five length octets":      hx("04 85 00 00 00 00 01 aa"),
		"indefinite primitive":    hx("04 80 aa 00 00"),
		"missing end-of-contents": hx("30 80 02 01 03"),
		"stray end-of-contents":   hx("30 04 00 00 05 00"),
		"reserved length":         hx("04 ff"),
		"mixed string segments":   hx("24 80 04 01 aa 0c 01 bb 00 00"),
		"nested string segments":  hx("24 80 24 80 04 01 aa 00 00 00 00"),
		"bad bit string segments": hx("23 80 03 02 04 a0 03 02 00 b0 00 00"),
		"deep nesting":            deep,
		"child overruns parent":   hx("30 03 04 05 aa bb cc dd ee"),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, _, err := berToDER(in); !errors.Is(err, errBER) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// edstest.DERToBER and berToDER are inverses.
func TestBERRoundTrip(t *testing.T) {
	ca := edstest.NewCA(t, "Round trip CA")
	ber, err := edstest.DERToBER(ca.Cert.Raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ber, ca.Cert.Raw) {
		t.Fatal("DERToBER changed nothing")
	}
	der, rest, err := berToDER(ber)
	if err != nil || len(rest) != 0 || !bytes.Equal(der, ca.Cert.Raw) {
		t.Fatalf("certificate round trip: %v", err)
	}
	if !isDER(ca.Cert.Raw) || isDER(ber) {
		t.Error("isDER")
	}

	// Chunked OCTET STRINGs come back whole.
	strs, err := asn1.Marshal(struct{ A, B []byte }{bytes.Repeat([]byte{1}, 1000), []byte("short")})
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{1, 7, 100, 999} {
		ber, err := edstest.DERToBER(strs, chunk)
		if err != nil {
			t.Fatal(err)
		}
		der, rest, err := berToDER(ber)
		if err != nil || len(rest) != 0 || !bytes.Equal(der, strs) {
			t.Errorf("chunk %d: %v", chunk, err)
		}
	}
}
