package gost

import (
	"bytes"
	"encoding/hex"
	"slices"
	"testing"
)

// rfcHex turns a number written as in RFC 6986 (most significant byte first)
// into the byte order of the message/digest in memory.
func rfcHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(b)
	return b
}

// The examples of RFC 6986 section 10 (M1: 63 bytes, M2: 72 bytes).
var (
	rfcM1 = "323130393837363534333231303938373635343332313039383736353433323130393837363534333231303938373635343332313039383736353433323130"
	rfcM2 = "fbe2e5f0eee3c820fbeafaebef20fffbf0e1e0f0f520e0ed20e8ece0ebe5f0f2f120fff0eeec20f120faf2fee5e2202ce8f6f3ede220e8e6eee1e8f0f2d1202ce8f0f2e5e220e5d1"
)

func TestStreebogRFC6986(t *testing.T) {
	cases := []struct {
		name, msg, want512, want256 string
	}{
		{"M1", rfcM1,
			"486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b",
			"00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d"},
		{"M2", rfcM2,
			"28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e",
			"508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d"},
	}
	for _, c := range cases {
		msg := rfcHex(t, c.msg)
		got512 := Sum512(msg)
		if !bytes.Equal(got512[:], rfcHex(t, c.want512)) {
			t.Errorf("%s: Streebog-512 = %x", c.name, got512)
		}
		got256 := Sum256(msg)
		if !bytes.Equal(got256[:], rfcHex(t, c.want256)) {
			t.Errorf("%s: Streebog-256 = %x", c.name, got256)
		}
	}
	if string(rfcHex(t, rfcM1)) != "012345678901234567890123456789012345678901234567890123456789012" {
		t.Fatal("M1 byte order")
	}
}

// Chunked writes give the digest of the whole, and Sum does not disturb the
// state.
func TestStreebogChunks(t *testing.T) {
	msg := make([]byte, 300)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	for _, n := range []int{0, 1, 63, 64, 65, 128, 300} {
		want := Sum512(msg[:n])
		d := New512()
		for i := 0; i < n; i += 5 {
			d.Write(msg[i:min(i+5, n)])
			_ = d.Sum(nil)
		}
		if got := d.Sum(nil); !bytes.Equal(got, want[:]) {
			t.Errorf("len %d: chunked %x, whole %x", n, got, want)
		}
	}
}
