//go:build linux && cgo

package main

/*
#include <string.h>

// kabinet_fix_locale runs before the Go runtime starts (a C constructor),
// so before Fyne's lang package reads the locale in its init and logs
// "Error parsing user locale C" for LANG=C.UTF-8 (common in containers
// and minimal systems). It shortens C.* and POSIX.* values of LC_ALL,
// LC_MESSAGES and LANG in place to plain "C", which Fyne treats as "no
// locale"; Kabinet then picks its own default language (ru). The bytes are
// only shortened, never moved, so the process environment stays valid.
__attribute__((constructor))
static void kabinet_fix_locale(int argc, char **argv, char **envp) {
	static const char *names[] = {"LC_ALL=", "LC_MESSAGES=", "LANG="};
	if (envp == NULL) return;
	for (int n = 0; n < 3; n++) {
		size_t k = strlen(names[n]);
		for (char **e = envp; *e != NULL; e++) {
			if (strncmp(*e, names[n], k) != 0) continue;
			char *v = *e + k;
			if (v[0] == '\0') break; // empty: look at the next variable
			if (strncmp(v, "C.", 2) == 0) v[1] = '\0';
			else if (strncmp(v, "POSIX.", 6) == 0) v[5] = '\0';
			return; // the first non-empty variable decides, as in go-locale
		}
	}
}
*/
import "C"

// fixLocale: the work is done by the C constructor above.
func fixLocale() {}
