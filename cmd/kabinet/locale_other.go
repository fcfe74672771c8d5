//go:build !linux || !cgo

package main

// fixLocale is needed on Linux only (see locale_linux.go).
func fixLocale() {}
