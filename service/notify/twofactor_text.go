package notify

import (
	"fmt"
	"strings"
	"time"
)

// KindTwoFactor is the Kind of the notices about the second login step.
const KindTwoFactor = "two_factor"

// What a two-factor notice is about (TwoFactorText).
const (
	TwoFactorEnabled      = "enabled"
	TwoFactorChanged      = "changed"
	TwoFactorDisabled     = "disabled"
	TwoFactorRecoveryUsed = "recovery_used"
)

// twoFactorTexts are subject and body (with the time as %s) by language
// and event; each Cyrillic body fits one UCS-2 SMS segment (under 70
// characters) with the time, the English one a GSM segment (the test
// checks it; hence the Kazakh «2 қадамды»).
var twoFactorTexts = map[string]map[string][2]string{
	LangRU: {
		TwoFactorEnabled:      {"Вход в два шага включён", "Вход в два шага включён %s. Не вы? Обратитесь в фонд."},
		TwoFactorChanged:      {"Второй шаг входа изменён", "Второй шаг входа изменён %s. Не вы? Обратитесь в фонд."},
		TwoFactorDisabled:     {"Вход в два шага отключён", "Вход в два шага отключён %s. Не вы? Обратитесь в фонд."},
		TwoFactorRecoveryUsed: {"Вход по резервному коду", "Вход по резервному коду %s. Не вы? Обратитесь в фонд."},
	},
	LangKK: {
		TwoFactorEnabled:      {"Екі қадамды кіру қосылды", "2 қадамды кіру қосылды %s. Сіз емес пе? Қорға айтыңыз."},
		TwoFactorChanged:      {"Кірудің екінші қадамы өзгерді", "Екінші қадам өзгерді: %s. Сіз емес пе? Қорға жүгініңіз."},
		TwoFactorDisabled:     {"Екі қадамды кіру өшірілді", "2 қадамды кіру өшірілді %s. Сіз емес пе? Қорға айтыңыз."},
		TwoFactorRecoveryUsed: {"Резервтік кодпен кіру", "Резервтік кодпен кіру %s. Сіз емес пе? Қорға жүгініңіз."},
	},
	LangEN: {
		TwoFactorEnabled:      {"Two-step login turned on", "Two-step login was turned on on %s. Not you? Contact the fund."},
		TwoFactorChanged:      {"Second login step changed", "Your second login step was changed on %s. Not you? Contact the fund."},
		TwoFactorDisabled:     {"Two-step login turned off", "Two-step login was turned off on %s. Not you? Contact the fund."},
		TwoFactorRecoveryUsed: {"Login with a recovery code", "A recovery code was used to log in on %s. Not you? Contact the fund."},
	},
}

// TwoFactorText is the subject and body of a notice that the second
// login step was turned on, changed, off, or that a recovery code was
// used (what), at the given time in Kazakhstan time. lang is as for
// OTPText.
func TwoFactorText(lang, what string, at time.Time) (subject, body string) {
	when := at.In(KazakhstanTime).Format("02.01.2006 15:04")
	var subs, bodies []string
	for _, l := range langs(lang) {
		t := twoFactorTexts[l][what]
		subs = append(subs, t[0])
		bodies = append(bodies, fmt.Sprintf(t[1], when))
	}
	return strings.Join(subs, " / "), strings.Join(bodies, "\n")
}
