package service

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kabinet-kz/kabinet/api"
)

type patterns []string

func (p *patterns) Handle(pattern string, _ http.Handler) { *p = append(*p, pattern) }

// noOutbox is an empty demo outbox: with one the server has every route.
type noOutbox struct{}

func (noOutbox) List(context.Context, int) ([]api.OutboxMessage, error) { return nil, nil }

// Every route is documented in api/openapi.yaml, and nothing else is (the
// demo outbox included).
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var got patterns
	newServer(Deps{Store: e.svc.store, Argon2: *cheapArgon2(), OTP: OTPDeps{Outbox: noOutbox{}}}).routes(&got)

	b, err := os.ReadFile("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                               `yaml:"openapi"`
		Paths   map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(got)
	slices.Sort(documented)
	if !slices.Equal(got, documented) {
		t.Errorf("routes %q\nopenapi %q", got, documented)
	}
}

// The contract is versioned with the service: info.version of
// api/openapi.yaml is api.ContractVersion, which GET /api/v1/info answers
// as apiVersion (and, while the app has no other version, the app's
// version in cmd/kabinet/FyneApp.toml).
func TestOpenAPIVersionIsTheServices(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info struct {
			Version string `yaml:"version"`
		} `yaml:"info"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.Version != api.ContractVersion {
		t.Errorf("openapi.yaml info.version = %q, api.ContractVersion = %q", doc.Info.Version, api.ContractVersion)
	}
	e := newEnv(t)
	var info api.Info
	decode(t, e.do("GET", api.PathInfo, "", ""), &info)
	if info.APIVersion != doc.Info.Version {
		t.Errorf("GET /api/v1/info apiVersion = %q, want the spec's %q", info.APIVersion, doc.Info.Version)
	}
	toml, err := os.ReadFile("../cmd/kabinet/FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if want := `Version = "` + doc.Info.Version + `"`; !strings.Contains(string(toml), want) {
		t.Errorf("cmd/kabinet/FyneApp.toml has no %s", want)
	}
	// A VERSION file at the top, when there is one, is the same version.
	if v, err := os.ReadFile("../VERSION"); err == nil && strings.TrimPrefix(strings.TrimSpace(string(v)), "v") != doc.Info.Version {
		t.Errorf("VERSION = %q, openapi.yaml info.version = %q", strings.TrimSpace(string(v)), doc.Info.Version)
	}
}
