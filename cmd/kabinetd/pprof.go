package main

import (
	"net/http"
	"net/http/pprof"
	"runtime"
)

// servePprof adds Go's profiles to mux (the metrics listener, never the
// API's): /debug/pprof/ with CPU, heap, goroutine, mutex and block
// profiles. Mutex and block profiling are switched on at a sampling rate
// that costs little (one event in 100; blocking of 10 µs or more).
func servePprof(mux *http.ServeMux) {
	runtime.SetMutexProfileFraction(100)
	runtime.SetBlockProfileRate(10_000)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}
