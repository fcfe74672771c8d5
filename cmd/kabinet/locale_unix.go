//go:build !windows && !darwin && !js && !android

package main

import (
	"os"
	"strings"
	"syscall"
)

// fixLocale avoids Fyne's "Error parsing user locale C" at start-up. Fyne
// reads the locale in a package init, before main runs, and cannot parse
// "C.UTF-8" (common in containers and minimal systems); plain "C" it
// treats as "no locale". So when the effective variable holds C.* or
// POSIX.*, set it to "C" and re-execute once. Kabinet itself then picks
// its default language (ru), see package lang.
func fixLocale() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := os.Getenv(v)
		if val == "" {
			continue
		}
		if !strings.HasPrefix(val, "C.") && !strings.HasPrefix(val, "POSIX.") {
			return
		}
		exe, err := os.Executable()
		if err != nil {
			return
		}
		os.Setenv(v, "C")
		_ = syscall.Exec(exe, os.Args, os.Environ()) // returns only on failure
		return
	}
}
