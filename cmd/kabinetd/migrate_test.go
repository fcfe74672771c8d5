package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/service/store/storetest"
)

// TestMigrateCommand: status of a missing SQLite file fails, up creates
// and migrates it, then status lists every migration applied; the same
// on the test PostgreSQL when there is one. --version prints a version.
func TestMigrateCommand(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "data")
	if err := run(ctx, []string{"migrate", "status", "--data-dir", dir}, noEnv, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Error("migrate status of a missing database succeeded")
	}
	targets := [][]string{{"--data-dir", dir}}
	if storetest.Postgres() != "" {
		targets = append(targets, []string{"--database", storetest.NewDatabase(t, "")})
	}
	for _, target := range targets {
		var out bytes.Buffer
		if err := run(ctx, append([]string{"migrate", "up"}, target...), noEnv, strings.NewReader(""), &out, io.Discard); err != nil {
			t.Fatalf("migrate up %v: %v", target, err)
		}
		out.Reset()
		if err := run(ctx, append([]string{"migrate", "status"}, target...), noEnv, strings.NewReader(""), &out, io.Discard); err != nil {
			t.Fatalf("migrate status %v: %v", target, err)
		}
		if !strings.Contains(out.String(), ", 0 pending") || !strings.Contains(out.String(), "00001  00001_init.sql") {
			t.Errorf("migrate status %v:\n%s", target, out.String())
		}
	}
	if err := run(ctx, []string{"migrate", "down"}, noEnv, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Error("migrate down accepted")
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"--version"}, noEnv, strings.NewReader(""), &out, io.Discard); err != nil ||
		!strings.HasPrefix(out.String(), "kabinetd ") {
		t.Errorf("--version = %q, %v", out.String(), err)
	}
}
