package lang_test

import (
	"fmt"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/kz"
	"github.com/kabinet-kz/kabinet/lang"
	"github.com/kabinet-kz/kabinet/screens"
)

// TestDynamicKeys checks the keys built at run time from a prefix and a
// value (lang.L("service." + id) and the like) for every possible value.
func TestDynamicKeys(t *testing.T) {
	var keys []string
	for _, r := range []kz.IINReason{kz.IINEmpty, kz.IINLength, kz.IINDigits, kz.IINCentury, kz.IINBirthDate, kz.IINChecksum} {
		keys = append(keys, "iin.error."+string(r))
	}
	for _, r := range []kz.PhoneReason{kz.PhoneEmpty, kz.PhoneCharacters, kz.PhoneLength, kz.PhoneOperator} {
		keys = append(keys, "phone.error."+string(r))
	}
	for _, id := range screens.Services {
		keys = append(keys, "service."+id)
	}
	for _, a := range []string{"opv", "oppv", "dpv"} {
		keys = append(keys, "account."+a)
	}
	for m := 1; m <= 12; m++ {
		keys = append(keys, fmt.Sprintf("month.%d", m))
	}
	for _, r := range []string{api.ReasonTooShort, api.ReasonTooLong, api.ReasonCommon, api.ReasonContext, api.ReasonGuessable, api.ReasonReuse} {
		keys = append(keys, "password.reason."+r)
	}
	for _, s := range []string{"weak", "fair", "good", "strong"} {
		keys = append(keys, "password.strength."+s)
	}
	for _, p := range []string{"auth", "sign", "both", "none"} {
		keys = append(keys, "eds.purpose."+p)
	}
	for _, a := range []string{"rsa", "gost2004", "gost2015", "ecdsa", "other"} {
		keys = append(keys, "eds.alg."+a)
	}
	for _, c := range []string{api.CodeSignatureInvalid, api.CodeCertificateUntrusted, api.CodeCertificateExpired,
		api.CodeCertificateRevoked, api.CodeWrongKeyPurpose, api.CodeChallengeExpired, api.CodeChallengeReused, api.CodeDepositorNotFound} {
		keys = append(keys, "eds.error."+c)
	}
	for _, k := range screens.SecurityEventKinds {
		keys = append(keys, "event."+k)
	}
	for _, m := range screens.SecurityEventMethods {
		keys = append(keys, "event.method."+m)
	}
	for _, t := range api.ApplicationTypes {
		keys = append(keys, "app.type."+t)
	}
	for _, s := range screens.AppStatuses {
		keys = append(keys, "app.status."+s)
	}
	for _, a := range screens.AppActors {
		keys = append(keys, "app.actor."+a)
	}
	for _, b := range screens.AppBases {
		keys = append(keys, "app.basis."+b)
	}
	for _, r := range append(screens.NotEligibleReasons, "other") {
		keys = append(keys, "app.reason."+r)
	}
	for _, r := range screens.ValidationReasons {
		keys = append(keys, "app.validation."+r)
	}
	for _, r := range screens.IBANReasons {
		keys = append(keys, "iban.error."+string(r))
	}
	ru := lang.Keys("ru")
	for _, k := range keys {
		if _, ok := ru[k]; !ok {
			t.Errorf("key %q not translated", k)
		}
	}
}
