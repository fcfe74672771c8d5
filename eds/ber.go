package eds

import (
	"bytes"
	"errors"
	"fmt"
)

// BER → DER normalisation.
//
// KalkanCrypt (the NCA RK crypto provider) writes PKCS#12 files whose inner
// structures use BER indefinite lengths ("30 80 ... 00 00") and constructed
// OCTET STRINGs, while encoding/asn1 and go-pkcs12 accept DER only. berToDER
// re-encodes one BER value as DER:
//
//   - indefinite lengths become definite, minimal lengths;
//   - long-form lengths that fit a shorter form are shortened;
//   - constructed universal strings (OCTET STRING, BIT STRING, the character
//     strings) become primitive, their segments concatenated.
//
// Primitive contents are copied byte for byte, so a value that already is DER
// comes out unchanged (certificates inside keep their signatures). SET OF
// ordering and BOOLEAN/INTEGER contents are not touched: nothing in PKCS#12 or
// CMS needs them canonicalised before encoding/asn1 reads them.
//
// The converter is written for untrusted input: nesting is limited to
// maxBERDepth levels (so "30 80 30 80 ..." cannot exhaust the stack), the
// number of elements to maxBERElements, lengths are checked against the
// remaining input before anything is allocated, and the DER output is never
// larger than the input plus a few bytes per element.
//
// A context-specific constructed element ("[0]") is kept constructed: whether
// it is an EXPLICIT tag around a value or an IMPLICIT tag on a constructed
// OCTET STRING depends on the schema, which only the caller knows (see
// implicitOctets in pfx.go for the one place PKCS#12 needs the latter).

const (
	maxBERDepth    = 48
	maxBERElements = 200_000
)

var errBER = errors.New("malformed BER")

func berErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errBER, fmt.Sprintf(format, args...))
}

type berValue struct {
	tag         []byte // identifier octets as read
	constructed bool
	content     []byte     // primitive (or flattened string) content
	children    []berValue // constructed content
	size        int        // DER content length, set by measure
	flattened   bool       // a constructed string turned primitive
}

type berParser struct {
	in       []byte
	pos      int
	elements int
}

// berToDER converts the first BER value of in to DER and returns the bytes
// that follow it.
func berToDER(in []byte) (der, rest []byte, err error) {
	p := &berParser{in: in}
	v, err := p.parse(len(in), 0)
	if err != nil {
		return nil, nil, err
	}
	measure(&v)
	out := make([]byte, 0, headerLen(&v)+v.size)
	out = v.encode(out)
	return out, in[p.pos:], nil
}

// isDER reports whether in is exactly one value encoded as DER (as far as
// berToDER can tell: definite minimal lengths, primitive strings).
func isDER(in []byte) bool {
	der, rest, err := berToDER(in)
	return err == nil && len(rest) == 0 && bytes.Equal(der, in)
}

// parse reads one value that must end at or before end.
func (p *berParser) parse(end, depth int) (berValue, error) {
	var v berValue
	if depth > maxBERDepth {
		return v, berErr("nesting deeper than %d levels", maxBERDepth)
	}
	p.elements++
	if p.elements > maxBERElements {
		return v, berErr("more than %d elements", maxBERElements)
	}
	start := p.pos
	if end-p.pos < 2 {
		return v, berErr("truncated header at offset %d", p.pos)
	}
	first := p.in[p.pos]
	p.pos++
	if first&0x1f == 0x1f { // high tag number form
		n := 0
		for {
			if p.pos >= end {
				return v, berErr("truncated tag at offset %d", start)
			}
			b := p.in[p.pos]
			p.pos++
			if n == 0 && b == 0x80 {
				return v, berErr("non-minimal tag at offset %d", start)
			}
			n++
			if n > 4 {
				return v, berErr("tag number too large at offset %d", start)
			}
			if b&0x80 == 0 {
				break
			}
		}
	}
	v.tag = p.in[start:p.pos]
	v.constructed = first&0x20 != 0
	if first == 0 {
		return v, berErr("unexpected end-of-contents at offset %d", start)
	}

	if p.pos >= end {
		return v, berErr("truncated length at offset %d", start)
	}
	lb := p.in[p.pos]
	p.pos++
	indefinite := false
	length := 0
	switch {
	case lb < 0x80:
		length = int(lb)
	case lb == 0x80:
		if !v.constructed {
			return v, berErr("indefinite length on a primitive value at offset %d", start)
		}
		indefinite = true
	case lb == 0xff:
		return v, berErr("reserved length octet at offset %d", start)
	default:
		n := int(lb & 0x7f)
		if n > 4 {
			return v, berErr("length too large at offset %d", start)
		}
		if end-p.pos < n {
			return v, berErr("truncated length at offset %d", start)
		}
		for i := 0; i < n; i++ {
			length = length<<8 | int(p.in[p.pos])
			p.pos++
		}
	}
	if !indefinite && (length < 0 || length > end-p.pos) {
		return v, berErr("length %d exceeds the data at offset %d", length, start)
	}

	if !v.constructed {
		v.content = p.in[p.pos : p.pos+length]
		p.pos += length
		return v, nil
	}

	if indefinite {
		for {
			if end-p.pos < 2 {
				return v, berErr("missing end-of-contents for offset %d", start)
			}
			if p.in[p.pos] == 0 && p.in[p.pos+1] == 0 {
				p.pos += 2
				break
			}
			child, err := p.parse(end, depth+1)
			if err != nil {
				return v, err
			}
			v.children = append(v.children, child)
		}
	} else {
		childEnd := p.pos + length
		for p.pos < childEnd {
			child, err := p.parse(childEnd, depth+1)
			if err != nil {
				return v, err
			}
			v.children = append(v.children, child)
		}
	}
	if err := v.flattenString(); err != nil {
		return v, fmt.Errorf("%w (offset %d)", err, start)
	}
	return v, nil
}

// universal string types that BER may encode in constructed form.
var berStringTags = map[byte]bool{
	3: true, 4: true, 12: true, 18: true, 19: true, 20: true, 21: true,
	22: true, 23: true, 24: true, 25: true, 26: true, 27: true, 28: true, 30: true,
}

// flattenString turns a constructed universal string into its primitive form.
// Segments must be primitive values of the same type (nested constructed
// segments are legal BER but no encoder we know writes them; refusing them
// keeps the copying linear).
func (v *berValue) flattenString() error {
	first := v.tag[0]
	if len(v.tag) != 1 || first&0xc0 != 0 || !berStringTags[first&0x1f] {
		return nil
	}
	number := first & 0x1f
	total := 0
	for _, c := range v.children {
		if len(c.tag) != 1 || c.tag[0] != number || c.flattened {
			return berErr("constructed string with a segment of another type or constructed")
		}
		total += len(c.content)
	}
	if number == 3 { // BIT STRING: every segment starts with its unused-bits octet
		content := make([]byte, 1, total+1)
		for i, c := range v.children {
			if len(c.content) == 0 {
				return berErr("empty BIT STRING segment")
			}
			if i < len(v.children)-1 && c.content[0] != 0 {
				return berErr("unused bits in a non-final BIT STRING segment")
			}
			content[0] = c.content[0]
			content = append(content, c.content[1:]...)
		}
		if len(v.children) == 0 {
			content[0] = 0
		}
		v.content = content
	} else {
		content := make([]byte, 0, total)
		for _, c := range v.children {
			content = append(content, c.content...)
		}
		v.content = content
	}
	v.children = nil
	v.constructed = false
	v.flattened = true
	tag := make([]byte, 1)
	tag[0] = first &^ 0x20
	v.tag = tag
	return nil
}

func lengthLen(n int) int {
	switch {
	case n < 0x80:
		return 1
	case n <= 0xff:
		return 2
	case n <= 0xffff:
		return 3
	case n <= 0xffffff:
		return 4
	default:
		return 5
	}
}

func headerLen(v *berValue) int { return len(v.tag) + lengthLen(v.size) }

// measure computes the DER content length of v and its children. Depth is
// bounded by the parser.
func measure(v *berValue) {
	if !v.constructed {
		v.size = len(v.content)
		return
	}
	n := 0
	for i := range v.children {
		c := &v.children[i]
		measure(c)
		n += headerLen(c) + c.size
	}
	v.size = n
}

func (v *berValue) encode(out []byte) []byte {
	out = append(out, v.tag...)
	out = appendLength(out, v.size)
	if !v.constructed {
		return append(out, v.content...)
	}
	for i := range v.children {
		out = v.children[i].encode(out)
	}
	return out
}

func appendLength(out []byte, n int) []byte {
	switch l := lengthLen(n); l {
	case 1:
		return append(out, byte(n))
	default:
		out = append(out, 0x80|byte(l-1))
		for i := l - 2; i >= 0; i-- {
			out = append(out, byte(n>>(8*i)))
		}
		return out
	}
}
