//go:build race

package service

// raceEnabled tells timing checks that the race detector slows the
// pure-Go SQLite down about twentyfold.
const raceEnabled = true
