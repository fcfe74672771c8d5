// Package nginxrun runs Debian's nginx with the repository's site
// (deploy/nginx/kabinetd.conf) in front of kabinetd instances on
// 127.0.0.1, for the three-instance test of cmd/kabinetd and the load
// benchmark (bench/load): one copy of the site rewriting and of the
// start and stop of nginx for both.
package nginxrun

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// SiteFile is the site's path from the module's root.
const SiteFile = "deploy/nginx/kabinetd.conf"

// upstreamLine is one "server 127.0.0.1:808N ...;" line of the site.
var upstreamLine = regexp.MustCompile(`(?m)^(\s*server )127\.0\.0\.1:808(\d)( [^\n]*)\n`)

// Site is the site conf with its upstreams pointed at ups (the site's
// other upstream lines dropped) and listening on 127.0.0.1:port instead
// of port 80; the rest of the file as it is.
func Site(conf string, ups []string, port int) (string, error) {
	lines := upstreamLine.FindAllStringSubmatchIndex(conf, -1)
	if len(lines) < len(ups) {
		return "", fmt.Errorf("%s has %d upstream servers on 127.0.0.1:808N, want at least %d", SiteFile, len(lines), len(ups))
	}
	if !strings.Contains(conf, "listen 80;") {
		return "", fmt.Errorf(`%s has no "listen 80;"`, SiteFile)
	}
	var b strings.Builder
	last := 0
	for i, m := range lines {
		b.WriteString(conf[last:m[0]])
		if i < len(ups) {
			b.WriteString(conf[m[2]:m[3]] + strings.TrimPrefix(ups[i], "http://") + conf[m[6]:m[7]] + "\n")
		}
		last = m[1]
	}
	b.WriteString(conf[last:])
	return strings.Replace(b.String(), "listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port), 1), nil
}

// Start runs nginx (bin) with the site conf in front of ups, in the
// directory dir, as Debian's nginx.conf would (access log on) with
// workers worker processes ("auto": as many as CPUs). It returns nginx's
// URL once /healthz answers 200 through it, and a function that stops
// nginx.
func Start(bin, dir, conf string, ups []string, workers string) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	site, err := Site(conf, ups, port)
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "kabinetd.conf"), []byte(site), 0o644); err != nil {
		return "", nil, err
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // its workers write temp files under our 0700 directory
	}
	main := fmt.Sprintf(`%s
worker_processes %s;
daemon off;
pid %[3]s/nginx.pid;
error_log %[3]s/error.log warn;
events { worker_connections 1024; }
http {
    access_log %[3]s/access.log;
    client_body_temp_path %[3]s/tmp/body;
    proxy_temp_path %[3]s/tmp/proxy;
    fastcgi_temp_path %[3]s/tmp/fastcgi;
    uwsgi_temp_path %[3]s/tmp/uwsgi;
    scgi_temp_path %[3]s/tmp/scgi;
    include %[3]s/kabinetd.conf;
}
`, user, workers, dir)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644); err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	stop := func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	u := fmt.Sprintf("http://127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(u + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return u, stop, nil
			}
		}
		select {
		case <-done:
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			return "", nil, fmt.Errorf("nginx ended: %s\n%s", errb.String(), b)
		default:
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, errors.New("nginx does not answer")
		}
	}
}

// Find is the nginx binary: flag is "off" (none), a path, or "" (nginx
// on PATH or /usr/sbin/nginx, none if neither).
func Find(flag string) string {
	switch flag {
	case "off":
		return ""
	case "":
		if p, err := exec.LookPath("nginx"); err == nil {
			return p
		}
		if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
			return "/usr/sbin/nginx"
		}
		return ""
	}
	return flag
}
