// Package kabinet holds what belongs to the whole project rather than to
// one of its parts: the release version. The packages of the programs are
// in cmd/, the libraries in their own folders (see README).
package kabinet

import (
	_ "embed"
	"runtime/debug"
	"strings"
)

// versionFile is the VERSION file next to go.mod: the one place the
// release version is written by hand.
//
//go:embed VERSION
var versionFile string

// stamped is set at link time from a git tag by make build and make
// package: -ldflags "-X kabinet.stamped=1.2.3" (the module path, then
// .stamped). A leading "v" is dropped.
var stamped string

// Version is the release version of kabinet and kabinetd: the one stamped
// at link time, else the VERSION file's. A build from a checkout that is
// not a tagged release (the VCS information says so: a revision and
// modified files) adds "+dirty" so that such a build is never taken for
// the release.
func Version() string {
	if v := strings.TrimPrefix(strings.TrimSpace(stamped), "v"); v != "" {
		return v
	}
	v := strings.TrimSpace(versionFile)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.modified" && s.Value == "true" {
				return v + "+dirty"
			}
		}
	}
	return v
}
