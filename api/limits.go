package api

// Limits that both sides enforce: the service refuses what breaks them and
// the screens say so as the user types. One number each, used by both.
const (
	// MaxAddressLen bounds the postal address of additional details
	// (characters).
	MaxAddressLen = 300
	// MinSharePercent and MaxSharePercent bound the share of the savings
	// a portfolio choice moves.
	MinSharePercent = 1
	MaxSharePercent = 100
)
