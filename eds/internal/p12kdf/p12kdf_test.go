package p12kdf

import (
	"bytes"
	"crypto/sha1"
	"testing"
)

// Multi-block outputs (size > hash size) exercise step 6C, the part MACs
// never reach. Expected values as published with go-pkcs12's tests.
func TestDeriveLongKeys(t *testing.T) {
	sesame := []byte{0, 's', 0, 'e', 0, 's', 0, 'a', 0, 'm', 0, 'e', 0, 0}
	tests := []struct {
		salt, password []byte
		want           []byte
	}{
		{[]byte("\xff\xff\xff\xff\xff\xff\xff\xff"), sesame,
			[]byte("\x7c\xd9\xfd\x3e\x2b\x3b\xe7\x69\x1a\x44\xe3\xbe\xf0\xf9\xea\x0f\xb9\xb8\x97\xd4\xe3\x25\xd9\xd1")},
		{[]byte("\xf3\x7e\x05\xb5\x18\x32\x4b\x4b"), []byte("\x00\x00"),
			[]byte("\x00\xf7\x59\xff\x47\xd1\x4d\xd0\x36\x65\xd5\x94\x3c\xb3\xc4\xa3\x9a\x25\x55\xc0\x2a\xed\x66\xe1")},
	}
	for _, tt := range tests {
		if got := Derive(sha1.New, tt.salt, tt.password, 2048, IDKey, 24); !bytes.Equal(got, tt.want) {
			t.Errorf("got %x, want %x", got, tt.want)
		}
	}
}
