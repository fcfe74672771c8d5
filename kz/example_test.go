package kz_test

import (
	"errors"
	"fmt"

	"github.com/kabinet-kz/kabinet/kz"
)

func ExampleParseIIN() {
	iin, err := kz.ParseIIN("921102400233")
	if err != nil {
		panic(err)
	}
	fmt.Println(iin.BirthDate().Format("2006-01-02"), iin.Sex())

	_, err = kz.ParseIIN("880230300157")
	var e *kz.IINError
	if errors.As(err, &e) {
		fmt.Println(e.Reason)
	}
	// Output:
	// 1992-11-02 female
	// birth_date
}

func ExampleMakeBIN() {
	bin, ok := kz.MakeBIN("24054000123")
	fmt.Println(bin, ok)
	// Output: 240540001232 true
}

func ExampleParsePhone() {
	p, err := kz.ParsePhone("8 (701) 234-56-00")
	if err != nil {
		panic(err)
	}
	fmt.Println(p, p.Format(), p.Operator())
	fmt.Println(kz.MaskPhone(p.String()))

	_, err = kz.ParsePhone("+7 727 234 56 00")
	fmt.Println(err)
	// Output:
	// 77012345600 +7 701 234 56 00 Kcell/Activ
	// 7701*****00
	// phone number is not a mobile number of a Kazakhstan operator
}

func ExampleMaskEmail() {
	email, err := kz.ParseEmail(" asel.n@Mail.KZ ")
	if err != nil {
		panic(err)
	}
	fmt.Println(email, kz.MaskEmail(email))
	// Output: asel.n@mail.kz as*****@ma****
}

func ExampleMakeIBAN() {
	s, _ := kz.MakeIBAN("722", "S000012345678")
	iban, err := kz.ParseIBAN(s)
	if err != nil {
		panic(err)
	}
	bank, _ := iban.Bank()
	fmt.Println(iban.Format(), bank.BIC, bank.Name)
	// Output: KZ18 722S 0000 1234 5678 CASPKZKA Kaspi Bank
}
