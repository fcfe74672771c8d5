package main

import (
	"path/filepath"
	"strings"

	"github.com/kabinet-kz/kabinet/service/pki"
)

// pkiCLI runs "kabinetd pki issue|inspect": managing trust roots and the
// demo CA (see pki.RunCLI); a variable so that tests can watch the
// arguments it gets.
var pkiCLI = pki.RunCLI

// pkiArgs gives "pki issue" the CA of the service's data directory when
// the command line names none: --ca-dir defaults to <data dir>/ca, the
// demo CA that a demo kabinetd on that directory trusts (and that a
// --no-demo one trusts with --pki-dir <data dir>/ca). The data directory
// is --data-dir DIR (taken out of the arguments), else KABINETD_DATA_DIR,
// else <user config dir>/kabinet-server, as for serving. Other commands
// are passed on as they are.
func pkiArgs(args []string, getenv func(string) string) []string {
	if len(args) == 0 || args[0] != "issue" {
		return args
	}
	// Every flag of "pki issue" takes a value.
	out := []string{args[0]}
	dataDir, hasCADir := "", false
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			out = append(out, args[i:]...) // the end of the flags
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		flag := []string{a}
		if !hasValue && i+1 < len(args) {
			i++
			value = args[i]
			flag = append(flag, value)
		}
		switch name {
		case "data-dir":
			dataDir = value
			continue
		case "ca-dir":
			hasCADir = true
		}
		out = append(out, flag...)
	}
	if hasCADir {
		return out
	}
	if dataDir == "" {
		dataDir = getenv("KABINETD_DATA_DIR")
	}
	if dataDir == "" {
		dir, err := defaultDataDir()
		if err != nil {
			return out // pki issue then asks for --ca-dir
		}
		dataDir = dir
	}
	return append([]string{out[0], "--ca-dir", filepath.Join(dataDir, pki.DemoCADir)}, out[1:]...)
}

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (f *stringsFlag) String() string { return strings.Join(*f, ", ") }

func (f *stringsFlag) Set(v string) error {
	*f = append(*f, v)
	return nil
}
