package kz

import (
	"slices"
	"strings"
)

// Bank is a Kazakhstan bank (or another holder of client accounts) as
// identified by the 3-digit code in positions 5-7 of a KZ IBAN.
type Bank struct {
	Code string // 3 digits, as in the IBAN
	BIC  string // SWIFT/BIC of the head office, 8 characters
	Name string // the bank's own Latin-script name
}

// banks lists the institutions where a person can hold the current account
// a pension is paid to: second-tier banks, Otbasy Bank and Kazpost. Codes
// and BICs follow the National Bank of Kazakhstan's BIC directory
// (nationalbank.kz, «Справочник БИК»); codes marked "seen" were also
// checked against IBANs in published payment details with a valid check.
//
// Left out on purpose (valid IBAN codes, but not for a person's pension
// account): 125 National Bank, 070 Treasury, 009 State Corporation
// «Government for Citizens», 700 Eurasian Development Bank, 907
// Development Bank of Kazakhstan, 550 Interstate Bank, 715 KASE Clearing
// Centre, 766 Central Securities Depository, 927 Kazakhstan Stock
// Exchange. Banks that merged away (Kazkommertsbank, ATFBank, Tsesnabank,
// Sberbank) are not listed under their old names.
var banks = map[string]Bank{
	"246": {"246", "HLALKZKZ", "Islamic Bank ADCB"},
	"432": {"432", "VTBAKZKZ", "VTB Bank (Kazakhstan)"},
	"435": {"435", "SHBKKZKA", "Shinhan Bank Kazakhstan"},
	"551": {"551", "KSNVKZKA", "Freedom Bank Kazakhstan"}, // seen
	"563": {"563", "KPSTKZKA", "Kazpost"},
	"601": {"601", "HSBKKZKX", "Halyk Bank"}, // seen
	"719": {"719", "KMFBKZKK", "KMF Bank"},
	"722": {"722", "CASPKZKA", "Kaspi Bank"}, // seen
	"724": {"724", "MOKFKZKA", "BNK Commercial Bank"},
	"821": {"821", "KINCKZKA", "Bank RBK"}, // seen
	"832": {"832", "CITIKZKA", "Citibank Kazakhstan"},
	"849": {"849", "NURSKZKX", "Nurbank"},
	"856": {"856", "KCJBKZKX", "Bank CenterCredit"}, // seen
	"885": {"885", "KZIBKZKA", "Kazakhstan-Ziraat International Bank"},
	"886": {"886", "INLMKZKA", "Home Credit Bank"}, // seen
	"896": {"896", "ZAJSKZ22", "Zaman-Bank"},
	"913": {"913", "BKCHKZKA", "Bank of China Kazakhstan"},
	"914": {"914", "BRKEKZKA", "Bereke Bank"}, // seen
	"930": {"930", "ICBKKZKX", "Industrial and Commercial Bank of China in Almaty"},
	"948": {"948", "EURIKZKA", "Eurasian Bank"}, // seen
	"949": {"949", "ATYNKZKA", "Altyn Bank"},
	"965": {"965", "IRTYKZKA", "ForteBank"}, // seen
	"972": {"972", "HCSKKZKA", "Otbasy Bank"},
	"998": {"998", "TSESKZKA", "Alatau City Bank (formerly Jusan Bank)"}, // seen
}

// LookupBank returns the bank with the given 3-digit IBAN bank code; ok
// is false when the code is not in the table.
func LookupBank(code string) (b Bank, ok bool) {
	b, ok = banks[code]
	return b, ok
}

// Banks returns every known bank, ordered by code (for a picker in the UI
// or demo data). The slice is a fresh copy.
func Banks() []Bank {
	out := make([]Bank, 0, len(banks))
	for _, b := range banks {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Bank) int { return strings.Compare(a.Code, b.Code) })
	return out
}
