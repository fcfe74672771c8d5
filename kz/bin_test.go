package kz

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestParseBINValid(t *testing.T) {
	tests := []struct {
		in    string
		yy    int
		month time.Month
		kind  BINKind
	}{
		{"240540001232", 24, time.May, BINResident},
		{"071240005677", 7, time.December, BINResident},
		{"151250010020", 15, time.December, BINNonResident},
		{"210360000191", 21, time.March, BINJointEntrepreneur},
		{"990140000017", 99, time.January, BINResident},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b, err := ParseBIN(tt.in)
			if err != nil {
				t.Fatalf("ParseBIN(%q) = %v, want valid", tt.in, err)
			}
			if b.String() != tt.in {
				t.Errorf("String() = %q", b.String())
			}
			yy, m := b.Registered()
			if yy != tt.yy || m != tt.month {
				t.Errorf("Registered() = %d, %v; want %d, %v", yy, m, tt.yy, tt.month)
			}
			if b.Kind() != tt.kind {
				t.Errorf("Kind() = %v, want %v", b.Kind(), tt.kind)
			}
		})
	}
}

func TestParseBINInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want BINReason
	}{
		{"empty", "", BINEmpty},
		{"letter", "24054000123x", BINDigits},
		{"spaces", "240 540 001 232", BINDigits},
		{"short", "24054000123", BINLength},
		{"long", "2405400012320", BINLength},
		{"month 00", "240040001232", BINDate},
		{"month 13", "241340001232", BINDate},
		{"type 3 (an IIN-like digit)", "240530001232", BINType},
		{"type 7", "240570001232", BINType},
		{"type 0", "240500001232", BINType},
		{"check digit", "240540001233", BINChecksum},
		{"an IIN is not a BIN", "880415300157", BINType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBIN(tt.in)
			var e *BINError
			if !errors.As(err, &e) {
				t.Fatalf("ParseBIN(%q) error = %v, want *BINError", tt.in, err)
			}
			if e.Reason != tt.want {
				t.Errorf("ParseBIN(%q) reason = %q, want %q", tt.in, e.Reason, tt.want)
			}
		})
	}
}

func TestBINWithoutCheckDigit(t *testing.T) {
	first11 := findNoCheckDigit(t, "2405400")
	for last := 0; last <= 9; last++ {
		s := fmt.Sprintf("%s%d", first11, last)
		_, err := ParseBIN(s)
		var e *BINError
		if !errors.As(err, &e) || e.Reason != BINChecksum {
			t.Errorf("ParseBIN(%q) = %v, want checksum error", s, err)
		}
	}
	if got, ok := MakeBIN(first11); ok {
		t.Errorf("MakeBIN(%q) = %q, true; want false", first11, got)
	}
}

func TestMakeBIN(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"24054000123", "240540001232", true},
		{"13054000000", "130540000003", true},
		{"21036000019", "210360000191", true},
		{"", "", false},
		{"2405400012", "", false},
		{"240540001232", "", false},
		{"2405400012a", "", false},
		{"24134000123", "", false}, // month 13
		{"24053000123", "", false}, // type 3
	}
	for _, tt := range tests {
		got, ok := MakeBIN(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MakeBIN(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBINKindString(t *testing.T) {
	for _, k := range []BINKind{BINResident, BINNonResident, BINJointEntrepreneur} {
		if k.String() == "" {
			t.Errorf("BINKind(%d).String() is empty", int(k))
		}
	}
	if BINKind(3).String() != "" {
		t.Error("unknown kind has a name")
	}
}

func TestBINZeroValue(t *testing.T) {
	var b BIN
	if b.String() != "" || b.Kind() != 0 {
		t.Errorf("zero BIN: %q %v", b.String(), b.Kind())
	}
	if yy, m := b.Registered(); yy != 0 || m != 0 {
		t.Errorf("zero BIN Registered() = %d, %v", yy, m)
	}
}

func TestBINErrorMessages(t *testing.T) {
	for _, r := range []BINReason{BINEmpty, BINDigits, BINLength, BINDate, BINType, BINChecksum} {
		msg := (&BINError{r}).Error()
		if msg == "" || msg == fmt.Sprintf("invalid BIN (%s)", r) {
			t.Errorf("reason %q has no specific message: %q", r, msg)
		}
	}
	if got := (&BINError{"other"}).Error(); got != "invalid BIN (other)" {
		t.Errorf("unknown reason message = %q", got)
	}
}
