package kabinet

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestVersionIsTheVersionFile(t *testing.T) {
	b, err := os.ReadFile("VERSION")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(b))
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(want) {
		t.Fatalf("VERSION = %q, want MAJOR.MINOR.PATCH (a package version starts with a digit)", want)
	}
	if got := strings.TrimSuffix(Version(), "+dirty"); got != want {
		t.Errorf("Version() = %q, want %q from VERSION", got, want)
	}
}

func TestVersionStampedWins(t *testing.T) {
	old := stamped
	defer func() { stamped = old }()
	stamped = "v1.4.2"
	if got := Version(); got != "1.4.2" {
		t.Errorf("Version() with a stamped tag v1.4.2 = %q, want 1.4.2", got)
	}
}

// FyneApp.toml is Fyne's own metadata (fyne build reads it); its Version
// must not drift from VERSION, and packaging never rewrites it.
func TestFyneAppTomlHasTheVersion(t *testing.T) {
	var meta struct {
		Details struct {
			Version string
		}
	}
	if _, err := toml.DecodeFile("cmd/kabinet/FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSuffix(Version(), "+dirty"); meta.Details.Version != want {
		t.Errorf("FyneApp.toml Version = %q, VERSION says %q", meta.Details.Version, want)
	}
}
