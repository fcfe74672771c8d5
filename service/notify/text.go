package notify

import (
	"strconv"
	"strings"
	"time"
)

// Languages of the texts.
const (
	LangRU = "ru"
	LangKK = "kk"
	LangEN = "en"
)

// KazakhstanTime is the zone the texts give times in: the whole country
// keeps UTC+5 since 1 March 2024.
var KazakhstanTime = time.FixedZone("UTC+5", 5*60*60)

// SetZone makes loc the zone the texts give times in (the fund's, when
// it is not Kazakhstan's); call it before any message is written.
func SetZone(loc *time.Location) { KazakhstanTime = loc }

// texts of one language. Each Cyrillic part is meant to fit one UCS-2 SMS
// segment (70 characters) with a 6-digit code and a 2-digit number of
// minutes, the English part one GSM segment (160); the tests check it.
type texts struct {
	otpSubject     string
	otp            func(code string, minutes int) string
	changedSubject string
	changed        func(at string) string
}

var textsByLang = map[string]texts{
	LangRU: {
		otpSubject: "Одноразовый пароль",
		otp: func(code string, minutes int) string {
			s := "Одноразовый пароль: " + code + "."
			if minutes > 0 {
				s += " Действует " + strconv.Itoa(minutes) + " мин."
			}
			return s + " Никому не сообщайте."
		},
		changedSubject: "Пароль изменён",
		changed: func(at string) string {
			return "Пароль кабинета изменён " + at + ". Не вы? Обратитесь в фонд."
		},
	},
	LangKK: {
		otpSubject: "Бір реттік құпиясөз",
		otp: func(code string, minutes int) string {
			s := "Бір реттік құпиясөз: " + code + "."
			if minutes > 0 {
				s += " " + strconv.Itoa(minutes) + " мин жарамды."
			}
			return s + " Ешкімге айтпаңыз."
		},
		changedSubject: "Құпиясөз өзгертілді",
		changed: func(at string) string {
			return "Құпиясөз өзгертілді: " + at + ". Сіз емес пе? Қорға жүгініңіз."
		},
	},
	LangEN: {
		otpSubject: "One-time password",
		otp: func(code string, minutes int) string {
			s := "One-time password: " + code + "."
			if minutes > 0 {
				s += " Valid for " + strconv.Itoa(minutes) + " min."
			}
			return s + " Do not share it."
		},
		changedSubject: "Password changed",
		changed: func(at string) string {
			return "Your cabinet password was changed on " + at + ". Not you? Contact the fund."
		},
	},
}

// langs returns the languages of a text, in order. The service usually
// does not know the depositor's language, so the default, like "ru", is
// Russian then Kazakh; "kk" (or "kz") is Kazakh then Russian; "en" is
// English alone. Region suffixes ("ru-RU", "kk_KZ") are ignored, and of
// an Accept-Language list ("kk-KZ,kk;q=0.9,ru;q=0.8") the first entry
// counts.
func langs(lang string) []string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_,;"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case LangKK, "kz":
		return []string{LangKK, LangRU}
	case LangEN:
		return []string{LangEN}
	}
	return []string{LangRU, LangKK}
}

// compose joins the subjects with " / " and the bodies with a new line.
func compose(lang string, part func(t texts) (subject, body string)) (subject, body string) {
	var subs, bodies []string
	for _, l := range langs(lang) {
		s, b := part(textsByLang[l])
		subs = append(subs, s)
		bodies = append(bodies, b)
	}
	return strings.Join(subs, " / "), strings.Join(bodies, "\n")
}

// OTPText is the subject and body of a one-time password message, valid
// for the given minutes (a number of 0 or less leaves the validity out).
// lang is "ru" (the default: Russian, then Kazakh), "kk" (Kazakh, then
// Russian) or "en" (English only); a region suffix or an Accept-Language
// header value is fine too (its first entry counts). Each language's part of the body is
// short enough for one Cyrillic SMS segment (under 70 characters).
//
// The body contains the code: never log it.
func OTPText(lang string, code string, minutes int) (subject, body string) {
	return compose(lang, func(t texts) (string, string) {
		return t.otpSubject, t.otp(code, minutes)
	})
}

// PasswordChangedText is the subject and body of the notice that the
// cabinet password was changed at the given time, shown in Kazakhstan
// time (UTC+5) as 02.01.2006 15:04. lang is as for OTPText.
func PasswordChangedText(lang string, at time.Time) (subject, body string) {
	when := at.In(KazakhstanTime).Format("02.01.2006 15:04")
	return compose(lang, func(t texts) (string, string) {
		return t.changedSubject, t.changed(when)
	})
}
