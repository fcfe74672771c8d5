package service

import (
	"errors"
	"fmt"
	"time"
)

// Defaults of the settings that kabinetd offers as flags and environment
// variables (docs/OPERATIONS.md, "Settings"); a zero Config field means
// its default.
const (
	// DefaultIdleTimeout ends a session after this long without a call,
	// DefaultAbsoluteTimeout this long after the login.
	DefaultIdleTimeout     = 15 * time.Minute
	DefaultAbsoluteTimeout = 8 * time.Hour
	// DefaultClientRate (requests per second) and DefaultClientBurst are
	// the token bucket of each client address on the unauthenticated
	// routes.
	DefaultClientRate  = 3.0
	DefaultClientBurst = 10
	// DefaultOTPValidity is how long a one-time password is valid,
	// DefaultOTPAttempts how many wrong ones kill its request,
	// DefaultOTPResend how long before a new one may be asked for.
	DefaultOTPValidity = 15 * time.Minute
	DefaultOTPAttempts = 5
	DefaultOTPResend   = 60 * time.Second
	// DefaultOTPClientBurst codes at once and DefaultOTPClientPerHour an
	// hour more may each client address ask for (across instances).
	DefaultOTPClientBurst   = 10
	DefaultOTPClientPerHour = 30
	// DefaultLoginAttempts wrong passwords from one client lock that
	// client out of that IIN for DefaultLoginLock.
	DefaultLoginAttempts = 5
	DefaultLoginLock     = 15 * time.Minute
)

// checkSettings refuses settings that are negative or that contradict
// each other (kabinetd checks their ranges, with the flags' names, before
// it gets here).
func (c Config) checkSettings() error {
	var errs []error
	neg := func(name string, bad bool) {
		if bad {
			errs = append(errs, fmt.Errorf("%s must not be negative", name))
		}
	}
	neg("IdleTimeout", c.IdleTimeout < 0)
	neg("AbsoluteTimeout", c.AbsoluteTimeout < 0)
	neg("ClientRate", c.ClientRate < 0)
	neg("ClientBurst", c.ClientBurst < 0)
	neg("OTPValidity", c.OTPValidity < 0)
	neg("OTPAttempts", c.OTPAttempts < 0)
	neg("OTPResend", c.OTPResend < 0)
	neg("OTPClientBurst", c.OTPClientBurst < 0)
	neg("OTPClientPerHour", c.OTPClientPerHour < 0)
	neg("LoginAttempts", c.LoginAttempts < 0)
	neg("LoginLock", c.LoginLock < 0)
	neg("CRLRefresh", c.CRLRefresh < 0)
	// Pairs are compared when both are set (a test may stretch one).
	if idle, absolute := c.IdleTimeout, c.AbsoluteTimeout; idle > 0 && absolute > 0 && idle > absolute {
		errs = append(errs, fmt.Errorf("the session idle timeout (%s) is longer than its absolute lifetime (%s)", idle, absolute))
	}
	if validity, resend := c.OTPValidity, c.OTPResend; validity > 0 && resend > 0 && resend >= validity {
		errs = append(errs, fmt.Errorf("the one-time password resend interval (%s) is not shorter than its validity (%s)", resend, validity))
	}
	return errors.Join(errs...)
}
