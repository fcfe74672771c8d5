package app

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestStartupGCUntilTheWindowShows(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(noMemoryLimit))

	var fallback func()
	var after time.Duration
	done := startupGC(func(string) string { return "" }, func(d time.Duration, f func()) *time.Timer {
		after, fallback = d, f
		return nil
	})
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent during start-up = %d, want -1 (off)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != startupHeapLimit {
		t.Errorf("memory limit during start-up = %d, want %d", got, startupHeapLimit)
	}
	if fallback == nil || after != startupGCFallback {
		t.Fatalf("no fallback after %v (got %v)", startupGCFallback, after)
	}
	done()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent after the window showed = %d, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != noMemoryLimit {
		t.Errorf("memory limit after the window showed = %d, want none", got)
	}
	// The fallback firing later changes nothing back.
	debug.SetGCPercent(70)
	fallback()
	if got := debug.SetGCPercent(100); got != 70 {
		t.Errorf("the fallback after done set GC percent %d, want it left at 70", got)
	}
}

func TestStartupGCFallbackWithoutWindow(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	var fallback func()
	startupGC(func(string) string { return "" }, func(_ time.Duration, f func()) *time.Timer {
		fallback = f
		return nil
	})
	fallback()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent after the fallback = %d, want 100", got)
	}
}

func TestStartupGCLeavesUserSettings(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		called := false
		done := startupGC(func(k string) string {
			if k == env {
				return "200"
			}
			return ""
		}, func(time.Duration, func()) *time.Timer { called = true; return nil })
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("%s set: GC percent changed to %d", env, got)
		}
		if called {
			t.Errorf("%s set: a fallback timer was started", env)
		}
		done()
	}
}
