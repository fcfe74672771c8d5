package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/service"
)

// The session, OTP and rate-limit settings: flag, environment variable
// (the flag wins), into service.Config; a value out of range is refused
// at start naming the flag or variable. (What each changes in the
// service is TestSettingsChangeBehaviour in package service.)
func TestLimitSettings(t *testing.T) {
	env := map[string]string{
		"KABINETD_SESSION_IDLE": "5m", "KABINETD_SESSION_ABSOLUTE": "1h", "KABINETD_OTP_VALIDITY": "10m",
		"KABINETD_OTP_ATTEMPTS": "3", "KABINETD_OTP_RESEND": "30s", "KABINETD_OTP_CLIENT_BURST": "4",
		"KABINETD_OTP_CLIENT_PER_HOUR": "12", "KABINETD_CLIENT_RATE": "1.5", "KABINETD_CLIENT_BURST": "6",
		"KABINETD_LOGIN_ATTEMPTS": "7", "KABINETD_LOGIN_LOCK": "30m", "KABINETD_HASH_SLOTS": "2", "KABINETD_HASH_QUEUE": "-1",
		"KABINETD_DATA_DIR": "/d",
	}
	getenv := func(k string) string { return env[k] }
	o, err := parseFlags([]string{"--login-attempts", "9"}, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var cfg service.Config
	o.limits.apply(&cfg)
	want := service.Config{IdleTimeout: 5 * time.Minute, AbsoluteTimeout: time.Hour, OTPValidity: 10 * time.Minute,
		OTPAttempts: 3, OTPResend: 30 * time.Second, OTPClientBurst: 4, OTPClientPerHour: 12, ClientRate: 1.5, ClientBurst: 6,
		LoginAttempts: 9, LoginLock: 30 * time.Minute, HashSlots: 2, HashQueue: -1}
	if cfg.IdleTimeout != want.IdleTimeout || cfg.AbsoluteTimeout != want.AbsoluteTimeout || cfg.OTPValidity != want.OTPValidity ||
		cfg.OTPAttempts != want.OTPAttempts || cfg.OTPResend != want.OTPResend || cfg.OTPClientBurst != want.OTPClientBurst ||
		cfg.OTPClientPerHour != want.OTPClientPerHour || cfg.ClientRate != want.ClientRate || cfg.ClientBurst != want.ClientBurst ||
		cfg.LoginAttempts != want.LoginAttempts || cfg.LoginLock != want.LoginLock || cfg.HashSlots != want.HashSlots ||
		cfg.HashQueue != want.HashQueue {
		t.Errorf("config %+v", cfg)
	}

	// Defaults: the service's.
	o, err = parseFlags([]string{"--data-dir", "/d"}, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg = service.Config{}
	o.limits.apply(&cfg)
	if cfg.IdleTimeout != service.DefaultIdleTimeout || cfg.LoginAttempts != service.DefaultLoginAttempts ||
		cfg.OTPResend != service.DefaultOTPResend || cfg.ClientRate != service.DefaultClientRate || cfg.HashSlots != 0 {
		t.Errorf("defaults %+v", cfg)
	}

	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--session-idle", "10s"}, nil, "--session-idle 10s: want from 1m0s"},
		{[]string{"--session-idle", "2h", "--session-absolute", "1h"}, nil, "longer than --session-absolute"},
		{[]string{"--otp-attempts", "0"}, nil, "--otp-attempts 0"},
		{[]string{"--otp-resend", "5s"}, nil, "--otp-resend 5s: want from 10s to 1h0m0s"},
		{[]string{"--otp-validity", "1m", "--otp-resend", "1m"}, nil, "not shorter than --otp-validity"},
		{[]string{"--client-rate", "0"}, nil, "--client-rate 0"},
		{[]string{"--client-rate", "NaN"}, nil, "--client-rate NaN"},
		{[]string{"--login-lock", "0s"}, nil, "--login-lock 0s"},
		{[]string{"--hash-queue", "-2"}, nil, "--hash-queue -2"},
		{nil, map[string]string{"KABINETD_LOGIN_ATTEMPTS": "many"}, "KABINETD_LOGIN_ATTEMPTS"},
		{nil, map[string]string{"KABINETD_OTP_VALIDITY": "0s"}, "--otp-validity 0s"},
	} {
		_, err := parseFlags(append([]string{"--data-dir", "/d"}, c.args...), func(k string) string { return c.env[k] }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: error %v, want %q", c.args, c.env, err, c.want)
		}
		if ee, ok := err.(*exitError); !ok || ee.code != 2 {
			t.Errorf("%v %v: not a usage error: %#v", c.args, c.env, err)
		}
	}
}
