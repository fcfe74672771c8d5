package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/service"
)

// Opening the demo service is the app tests' main cost: seeding its data
// and issuing its demo EDS keys take seconds with -race. demoTemplates
// keeps one seeded data directory per configuration (and day of its
// clock, as the demo data is dated from it); testService copies it into
// the test's own directory, where Open finds the data and the keys there
// and seeds nothing. Each test still has its own service and database.
var demoTemplates = struct {
	sync.Mutex
	root string
	dirs map[string]string
}{dirs: map[string]string{}}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoTemplates.root != "" {
		os.RemoveAll(demoTemplates.root)
	}
	os.Exit(code)
}

// templateKey names what the seeded data directory depends on: the day
// of the service's clock (the demo data is dated from it), the Argon2
// parameters of the demo passwords, and where the notifier and the EDS
// keep their files. The rest of the configuration only changes how the
// service runs on that data, as at a second start on the same directory.
func templateKey(cfg service.Config) string {
	now := time.Now()
	if cfg.Clock != nil {
		now = cfg.Clock()
	}
	var argon service.Argon2Params
	if cfg.Argon2 != nil {
		argon = *cfg.Argon2
	}
	return fmt.Sprintf("%s %+v %q %+v %v %q", now.Format(time.DateOnly), argon, cfg.PKIDir, cfg.Notify, cfg.OutboxOff, cfg.TrustRoots)
}

// seedFromTemplate fills cfg.DataDir with a copy of the demo data of
// cfg's template, seeding the template first if it does not exist yet.
func seedFromTemplate(t *testing.T, cfg service.Config) {
	t.Helper()
	key := templateKey(cfg)
	demoTemplates.Lock()
	defer demoTemplates.Unlock()
	dir, ok := demoTemplates.dirs[key]
	if !ok {
		if demoTemplates.root == "" {
			root, err := os.MkdirTemp("", "kabinet-app-test-")
			if err != nil {
				t.Fatal(err)
			}
			demoTemplates.root = root
		}
		dir = filepath.Join(demoTemplates.root, fmt.Sprint(len(demoTemplates.dirs)))
		tc := cfg
		tc.DataDir = dir
		svc, err := service.Open(context.Background(), tc)
		if err != nil {
			t.Fatal(err)
		}
		// The demo keys are issued in the background: the template keeps
		// them once their list is written.
		if kd := svc.KeysDir(); kd != "" {
			deadline := time.Now().Add(120 * time.Second)
			for {
				if _, err := os.Stat(filepath.Join(kd, "demo-keys.json")); err == nil {
					break
				}
				if time.Now().After(deadline) {
					svc.Close()
					t.Fatal("the demo keys of the template were not issued")
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		if err := svc.Close(); err != nil {
			t.Fatal(err)
		}
		demoTemplates.dirs[key] = dir
	}
	if err := os.CopyFS(cfg.DataDir, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
}
