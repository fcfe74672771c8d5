package service

import (
	"errors"
	"fmt"

	"github.com/kabinet-kz/kabinet/service/store"
)

// StaffPasswordHash checks a new employee's password, typed twice,
// against the password policy (with the employee's own data as context)
// and hashes it as a login's (kabinetd admin staff add).
func StaffPasswordHash(n store.NewStaff, pw, repeat string) (string, error) {
	d := store.Depositor{IIN: n.IIN, Surname: n.Surname, GivenName: n.GivenName, Patronymic: n.Patronymic, BirthDate: n.BirthDate}
	if err := checkNewPassword(pw, repeat, d, "password", "passwordRepeat"); err != nil {
		var pe *problemError
		if errors.As(err, &pe) {
			if pe.p.Code == "password_mismatch" {
				return "", errors.New("the two passwords differ")
			}
			return "", fmt.Errorf("the password is too weak (%s): at least 8 characters, not a common password, not your name, IIN or birth date", pe.p.Reason)
		}
		return "", err
	}
	return hashPassword(normPassword(pw), DefaultArgon2Params())
}

// HashPassword is the argon2id PHC string of password with the
// production parameters (kabinetd admin generate: one hash for a
// synthetic fund's depositors).
func HashPassword(password string) (string, error) {
	return hashPassword(normPassword(password), DefaultArgon2Params())
}
