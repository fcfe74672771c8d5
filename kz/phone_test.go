package kz

import (
	"errors"
	"fmt"
	"testing"
)

func TestParsePhoneValid(t *testing.T) {
	tests := []struct {
		in       string
		want     string
		operator string
	}{
		{"+7 701 234 56 00", "77012345600", "Kcell/Activ"},
		{"87012345600", "77012345600", "Kcell/Activ"},
		{"8 (701) 234-56-00", "77012345600", "Kcell/Activ"},
		{"7012345600", "77012345600", "Kcell/Activ"},
		{"+77012345600", "77012345600", "Kcell/Activ"},
		{"77012345600", "77012345600", "Kcell/Activ"},
		{"+7(701)234-56-00", "77012345600", "Kcell/Activ"},
		{"8.701.234.56.00", "77012345600", "Kcell/Activ"},
		{"  +7 701 234 56 00\t", "77012345600", "Kcell/Activ"},
		{"+7\u00a0701\u00a0234\u00a056\u00a000", "77012345600", "Kcell/Activ"},
		{"+ 7 701 2345600", "77012345600", "Kcell/Activ"},
		{"+77022345600", "77022345600", "Kcell/Activ"},
		{"+77752345600", "77752345600", "Kcell/Activ"},
		{"+77782345600", "77782345600", "Kcell/Activ"},
		{"+77052345600", "77052345600", "Beeline"},
		{"+77062345600", "77062345600", "Beeline"},
		{"+77712345600", "77712345600", "Beeline"},
		{"+77762345600", "77762345600", "Beeline"},
		{"+77772345600", "77772345600", "Beeline"},
		{"+77072345600", "77072345600", "Tele2"},
		{"+77472345600", "77472345600", "Tele2"},
		{"+77002345600", "77002345600", "Altel"},
		{"+77082345600", "77082345600", "Altel"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePhone(tt.in)
			if err != nil {
				t.Fatalf("ParsePhone(%q) = %v, want valid", tt.in, err)
			}
			if p.String() != tt.want {
				t.Errorf("String() = %q, want %q", p.String(), tt.want)
			}
			if p.Operator() != tt.operator {
				t.Errorf("Operator() = %q, want %q", p.Operator(), tt.operator)
			}
		})
	}
}

func TestParsePhoneInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want PhoneReason
	}{
		{"empty", "", PhoneEmpty},
		{"spaces", "   ", PhoneEmpty},
		{"separators only", "( ) - .", PhoneEmpty},
		{"letter", "+7 701 234 56 0O", PhoneCharacters},
		{"slash", "+7/701/2345600", PhoneCharacters},
		{"plus inside", "7+7012345600", PhoneCharacters},
		{"two pluses", "++77012345600", PhoneCharacters},
		{"extension", "+7 701 234 56 00 ext 1", PhoneCharacters},
		{"Arabic-Indic digit", "+7 701 234 56 0٠", PhoneCharacters},
		{"plus only", "+", PhoneLength},
		{"short", "701234560", PhoneLength},
		{"long", "877012345600", PhoneLength},
		{"plus with 10 digits", "+7012345600", PhoneLength},
		{"Almaty landline", "+7 727 234 56 00", PhoneOperator},
		{"Astana landline, 8 prefix", "8 (7172) 23-45-60", PhoneOperator},
		{"Russian mobile", "+7 916 234 56 00", PhoneOperator},
		{"Russian mobile, 8 prefix", "89162345600", PhoneOperator},
		{"Russian mobile, national", "9162345600", PhoneOperator},
		{"satellite 762", "+77622345600", PhoneOperator},
		{"unallocated 703", "+77032345600", PhoneOperator},
		{"unallocated 709", "87092345600", PhoneOperator},
		{"plus 8", "+87012345600", PhoneOperator},
		{"US number", "+1 202 555 0100", PhoneOperator},
		{"11 digits starting 0", "07012345600", PhoneOperator},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePhone(tt.in)
			var e *PhoneError
			if !errors.As(err, &e) {
				t.Fatalf("ParsePhone(%q) error = %v, want *PhoneError", tt.in, err)
			}
			if e.Reason != tt.want {
				t.Errorf("ParsePhone(%q) reason = %q, want %q", tt.in, e.Reason, tt.want)
			}
		})
	}
}

func TestPhoneFormat(t *testing.T) {
	p, err := ParsePhone("87012345600")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Format(); got != "+7 701 234 56 00" {
		t.Errorf("Format() = %q", got)
	}
	again, err := ParsePhone(p.Format())
	if err != nil || again != p {
		t.Errorf("ParsePhone(Format()) = %v, %v", again, err)
	}
}

func TestPhoneZeroValue(t *testing.T) {
	var p Phone
	if p.String() != "" || p.Format() != "" || p.Operator() != "" {
		t.Errorf("zero Phone: %q %q %q", p.String(), p.Format(), p.Operator())
	}
}

func TestPhoneErrorMessages(t *testing.T) {
	for _, r := range []PhoneReason{PhoneEmpty, PhoneCharacters, PhoneLength, PhoneOperator} {
		msg := (&PhoneError{r}).Error()
		if msg == "" || msg == fmt.Sprintf("invalid phone number (%s)", r) {
			t.Errorf("reason %q has no specific message: %q", r, msg)
		}
	}
	if got := (&PhoneError{"other"}).Error(); got != "invalid phone number (other)" {
		t.Errorf("unknown reason message = %q", got)
	}
}
