//go:build race

package screens

// raceSlowdown scales the time limits of the statement tests: the race
// detector slows the table's layout down several times.
const raceSlowdown = 10
