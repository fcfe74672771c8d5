package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/kabinet-kz/kabinet/service"
)

// limitOptions are the settings of sessions, one-time passwords and rate
// limits (service.Config; docs/OPERATIONS.md, "Settings"). Each has its
// environment variable (envFlags) and is range-checked at start, so that
// a typo is an error, not a fund without lockouts.
type limitOptions struct {
	sessionIdle      time.Duration
	sessionAbsolute  time.Duration
	otpValidity      time.Duration
	otpAttempts      int
	otpResend        time.Duration
	otpClientBurst   int
	otpClientPerHour int
	clientRate       float64
	clientBurst      int
	loginAttempts    int
	loginLock        time.Duration
	hashSlots        int
	hashQueue        int
}

// limitFlags are the flags of limitOptions (all read from the environment
// by flagsFromEnv).
var limitFlags = []string{"session-idle", "session-absolute", "otp-validity", "otp-attempts", "otp-resend",
	"otp-client-burst", "otp-client-per-hour", "client-rate", "client-burst", "login-attempts", "login-lock",
	"hash-slots", "hash-queue"}

func (l *limitOptions) register(fs *flag.FlagSet) {
	fs.DurationVar(&l.sessionIdle, "session-idle", service.DefaultIdleTimeout,
		"a session ends after this long without a call (1m to 24h)")
	fs.DurationVar(&l.sessionAbsolute, "session-absolute", service.DefaultAbsoluteTimeout,
		"a session ends this long after the login, whatever its activity (1m to 720h, at least --session-idle)")
	fs.DurationVar(&l.otpValidity, "otp-validity", service.DefaultOTPValidity,
		"how long a one-time password (registration, recovery, second step by code) is valid (1m to 24h)")
	fs.IntVar(&l.otpAttempts, "otp-attempts", service.DefaultOTPAttempts,
		"wrong one-time passwords that kill their request (1 to 20)")
	fs.DurationVar(&l.otpResend, "otp-resend", service.DefaultOTPResend,
		"how long before a new one-time password may be asked for (10s to 1h, shorter than --otp-validity)")
	fs.IntVar(&l.otpClientBurst, "otp-client-burst", service.DefaultOTPClientBurst,
		"one-time passwords a client address may ask for at once, across instances (1 to 10000)")
	fs.IntVar(&l.otpClientPerHour, "otp-client-per-hour", service.DefaultOTPClientPerHour,
		"one-time passwords a client address may ask for per hour after --otp-client-burst (1 to 100000)")
	fs.Float64Var(&l.clientRate, "client-rate", service.DefaultClientRate,
		"requests per second each client address may make to the login, registration and recovery routes, across instances (0.01 to 10000)")
	fs.IntVar(&l.clientBurst, "client-burst", service.DefaultClientBurst,
		"requests a client address may make at once beyond --client-rate (1 to 100000)")
	fs.IntVar(&l.loginAttempts, "login-attempts", service.DefaultLoginAttempts,
		"wrong passwords from one client that lock that client out of the IIN (1 to 100)")
	fs.DurationVar(&l.loginLock, "login-lock", service.DefaultLoginLock,
		"how long --login-attempts wrong passwords lock the client out (1m to 24h)")
	fs.IntVar(&l.hashSlots, "hash-slots", 0,
		"password hashes (argon2id, 19 MiB each) computed at once; 0: half the CPUs, at least 1 (0 to 1024)")
	fs.IntVar(&l.hashQueue, "hash-queue", 0,
		"logins that may wait for a hashing slot before 503 service_busy; 0: 16 per slot, -1: none (-1 to 100000)")
}

// check refuses values out of their ranges, naming the flag.
func (l limitOptions) check() error {
	var errs []error
	dur := func(name string, v, lo, hi time.Duration) {
		if v < lo || v > hi {
			errs = append(errs, fmt.Errorf("--%s %s: want from %s to %s", name, v, lo, hi))
		}
	}
	num := func(name string, v, lo, hi int) {
		if v < lo || v > hi {
			errs = append(errs, fmt.Errorf("--%s %d: want from %d to %d", name, v, lo, hi))
		}
	}
	dur("session-idle", l.sessionIdle, time.Minute, 24*time.Hour)
	dur("session-absolute", l.sessionAbsolute, time.Minute, 30*24*time.Hour)
	if l.sessionIdle > l.sessionAbsolute {
		errs = append(errs, fmt.Errorf("--session-idle %s is longer than --session-absolute %s", l.sessionIdle, l.sessionAbsolute))
	}
	dur("otp-validity", l.otpValidity, time.Minute, 24*time.Hour)
	num("otp-attempts", l.otpAttempts, 1, 20)
	dur("otp-resend", l.otpResend, 10*time.Second, time.Hour)
	if l.otpResend >= l.otpValidity {
		errs = append(errs, fmt.Errorf("--otp-resend %s is not shorter than --otp-validity %s", l.otpResend, l.otpValidity))
	}
	num("otp-client-burst", l.otpClientBurst, 1, 10000)
	num("otp-client-per-hour", l.otpClientPerHour, 1, 100000)
	if !(l.clientRate >= 0.01 && l.clientRate <= 10000) { // NaN too
		errs = append(errs, fmt.Errorf("--client-rate %g: want from 0.01 to 10000", l.clientRate))
	}
	num("client-burst", l.clientBurst, 1, 100000)
	num("login-attempts", l.loginAttempts, 1, 100)
	dur("login-lock", l.loginLock, time.Minute, 24*time.Hour)
	num("hash-slots", l.hashSlots, 0, 1024)
	num("hash-queue", l.hashQueue, -1, 100000)
	return errors.Join(errs...)
}

// apply puts the settings into cfg.
func (l limitOptions) apply(cfg *service.Config) {
	cfg.IdleTimeout, cfg.AbsoluteTimeout = l.sessionIdle, l.sessionAbsolute
	cfg.OTPValidity, cfg.OTPAttempts, cfg.OTPResend = l.otpValidity, l.otpAttempts, l.otpResend
	cfg.OTPClientBurst, cfg.OTPClientPerHour = l.otpClientBurst, l.otpClientPerHour
	cfg.ClientRate, cfg.ClientBurst = l.clientRate, l.clientBurst
	cfg.LoginAttempts, cfg.LoginLock = l.loginAttempts, l.loginLock
	cfg.HashSlots, cfg.HashQueue = l.hashSlots, l.hashQueue
}
