//go:build windows || darwin || js || android

package main

// fixLocale is needed on Linux and BSD only: see locale_unix.go.
func fixLocale() {}
