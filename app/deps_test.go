package app

import (
	"os/exec"
	"strings"
	"testing"
)

// TestAppDoesNotImportService: package app reaches the service through
// kabinet/client only; cmd/kabinet wires the bundled one in (Bundled).
// A test file may import the service (the tests run it in process).
func TestAppDoesNotImportService(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	for _, tags := range []string{"", "ci"} {
		out, err := exec.Command(goBin, "list", "-tags", tags, "-deps", ".").CombinedOutput()
		if err != nil {
			t.Fatalf("go list -tags %q -deps .: %v\n%s", tags, err, out)
		}
		deps := strings.Fields(string(out))
		if !containsPkg(deps, "github.com/kabinet-kz/kabinet/client") {
			t.Fatalf("go list -tags %q: kabinet/client not among the dependencies; the check is broken:\n%s", tags, out)
		}
		for _, d := range deps {
			if d == "github.com/kabinet-kz/kabinet/service" || strings.HasPrefix(d, "github.com/kabinet-kz/kabinet/service/") {
				t.Errorf("package app (tags %q) depends on %s: wire it in cmd/kabinet instead", tags, d)
			}
		}
	}
}

func containsPkg(deps []string, p string) bool {
	for _, d := range deps {
		if d == p {
			return true
		}
	}
	return false
}
