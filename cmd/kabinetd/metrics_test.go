package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
)

// --metrics-listen serves Prometheus metrics on its own address: the
// API's requests counted by route and status; the API listener has no
// /metrics.
func TestMetricsListener(t *testing.T) {
	port := freePort(t)
	url, _, _ := start(t, "--listen", "127.0.0.1:0", "--data-dir", t.TempDir(), "--no-demo",
		"--metrics-listen", fmt.Sprintf("127.0.0.1:%d", port))
	for range 2 {
		resp, err := http.Get(url + api.PathInfo)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("API listener /metrics: %d, want 404", resp.StatusCode)
	}
	resp, err = http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(b)
	for _, want := range []string{
		`kabinet_http_requests_total{method="GET",route="GET /api/v1/info",status="200"} 2`,
		`kabinet_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`kabinet_argon2_waiting 0`,
		`go_sql_max_open_connections{db_name="writer"} 1`,
		`kabinet_build_info{version="`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
