//go:build !race

package screens

const raceSlowdown = 1
