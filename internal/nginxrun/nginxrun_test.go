package nginxrun

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The repository's site, pointed at one and at three instances: their
// addresses in its upstream, no other server line left, nginx on the
// given port of 127.0.0.1; the rest of the file as it is.
func TestNginxSite(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", SiteFile))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	for _, ups := range [][]string{
		{"http://127.0.0.1:41001"},
		{"http://127.0.0.1:41001", "http://127.0.0.1:41002", "http://127.0.0.1:41003"},
	} {
		site, err := Site(conf, ups, 42000)
		if err != nil {
			t.Fatal(err)
		}
		var servers []string
		for _, l := range strings.Split(site, "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[0] == "server" && f[1] != "{" {
				servers = append(servers, f[1])
				if !strings.HasSuffix(l, "max_fails=1 fail_timeout=10s;") {
					t.Errorf("server line lost its parameters: %q", l)
				}
			}
		}
		if want := strings.Join(ups, " "); "http://"+strings.Join(servers, " http://") != want {
			t.Errorf("upstream servers %v, want %s", servers, want)
		}
		if !strings.Contains(site, "listen 127.0.0.1:42000;") || strings.Contains(site, "listen 80;") {
			t.Errorf("listen not moved to 127.0.0.1:42000:\n%s", site)
		}
		for _, keep := range []string{"proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", "keepalive 32;", "proxy_next_upstream error timeout;"} {
			if !strings.Contains(site, keep) {
				t.Errorf("site lost %q", keep)
			}
		}
	}
	if _, err := Site(conf, []string{"a", "b", "c", "d"}, 1); err == nil {
		t.Error("four upstreams for a site of three: no error")
	}
}
