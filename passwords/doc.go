// Package passwords is Kabinet's password policy, shared by the service,
// which enforces it, and the desktop screens, which show the verdict live
// on every keystroke, a strength meter and «Предложить пароль».
//
// The policy (DESIGN.md, "Security rules"; NIST SP 800-63B style):
//
//   - length: MinLength..MaxLength Unicode characters, counted as runes
//     after NFC normalisation; any characters, spaces included, paste allowed;
//   - no composition rules (nothing like "must contain a digit");
//   - not a common password: an embedded blocklist, compared
//     case-insensitively, also after stripping leading and trailing digits,
//     punctuation and spaces ("Qwerty123!" is "qwerty"), after undoing
//     leetspeak ("p@ssw0rd") and after switching the keyboard layout
//     ("йцукен" is "qwerty", "gfhjkm" is «пароль»);
//   - nothing from the user's own data: the IIN, the birth date in its usual
//     spellings, a name of 3+ letters in Cyrillic or any usual Latin
//     transliteration, the e-mail's local part, the phone's last 7 digits;
//   - not guessable: zxcvbn score of at least 2, the user's data given to
//     zxcvbn as user inputs.
//
// Check gives the first rule a password breaks as a *PolicyError whose
// Reason is a stable key (ReasonTooShort, ...), which the screens translate
// as "password.reason.<Reason>". Strength gives the meter's score 0..4 and
// Suggest a random passphrase that passes Check.
//
// The service hashes Normalize(pw), so the same password typed on systems
// that compose accents differently gives the same hash.
//
// # zxcvbn
//
// Strength estimation uses github.com/ccojocar/zxcvbn-go v1.0.4 (MIT), the
// maintained fork of the Go port of Dropbox's zxcvbn: it is the one gosec
// depends on, had a release in 2025 and keeps the original port's API.
// Of the other candidates, github.com/nbutton23/zxcvbn-go (the original
// port) has had no commit since 2021, and github.com/trustelem/zxcvbn is not
// served by the Go module proxy.
//
// The package uses the library's embedded frequency lists, keyboard graphs,
// entropy formulas and scoring (scoring.MinimumEntropyMatchSequence), but
// runs its own matchers (zxmatch.go), because the library's are unfit for a
// keystroke or wrong:
//
//   - its keyboard-pattern scorer re-parses a JSON keyboard map for every
//     match (1 ms for "qwerty123"); its dictionary matcher builds a string
//     for every substring against each of five lists (tens of ms for 128
//     characters); its matching and frequency packages parse every list in
//     their init (40 ms and 18 MB at program start). Here the lists are
//     merged into one map on first use (or Preload) and looked up in place;
//   - its date matchers are off by one and accept years up to 2025 only,
//     its repeat matcher knows single characters only ("abcabc" and
//     "tulip-tulip-tulip" pass), its l33t matcher drops its own extra
//     entropy; the matchers here follow zxcvbn 4 instead;
//   - it indexes passwords by bytes in one place and by runes in another,
//     so a non-ASCII password is misjudged ("аааааааа" in Cyrillic scores 4).
//     zxcvbn is therefore given an ASCII rendering of the password:
//     Cyrillic (Russian and Kazakh) transliterated, Latin accents removed,
//     anything else one ASCII symbol per character; a password with
//     Russian or Kazakh letters is also scored as typed on the Latin
//     layout's keys ("йцукен" is "qwerty"), and the weaker of the two counts.
//
// The matchers run on 64-character chunks and only the first 128 ASCII
// characters are scored, so a keystroke costs well under a millisecond for
// ordinary passwords and about one at worst (bench_test.go).
//
// # Lists (data/, licences in data/LICENSES.md)
//
//   - data/common-zxcvbn.txt: the 10,000 most common passwords of the
//     "passwords" frequency list of zxcvbn 4.4.2 (npm; MIT, Dan Wheeler and
//     Dropbox), itself ranked from a corpus of leaked passwords;
//   - data/common-kz.txt: Kazakhstan- and Russia-specific entries written for
//     Kabinet (keyboard walks on the Russian layout, «пароль», city names,
//     ЕНПФ, «кабинет», ...);
//   - data/words-eff.txt: the 2,766 words of 4 to 6 letters of the EFF large
//     wordlist (CC BY 3.0 US, Electronic Frontier Foundation), for Suggest.
//
// data/regen.sh regenerates the two lists taken from npm packages.
package passwords
