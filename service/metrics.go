package service

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kabinet-kz/kabinet/service/store"
)

// Metrics are the Prometheus metrics of one Service, in a registry of its
// own (kabinetd serves it on --metrics-listen):
//
//   - kabinet_http_requests_total{route,method,status} and
//     kabinet_http_request_duration_seconds{route,method}: every request
//     by route pattern (never a raw path: ids stay out), so the outcomes
//     of logins (POST /api/v1/auth/login: 200 / 401 / 423 / 503), the
//     EDS login, OTP confirmations etc. are their routes' statuses;
//   - kabinet_auth_outcomes_total{flow,result}: the outcomes of password
//     and EDS logins, their second step, one-time-password
//     confirmations, password changes and EDS-signed applications
//     (outcomes.go: ok, wrong_password, locked, wrong_code, expired,
//     revoked, untrusted, crl_unavailable, throttled, busy, ...);
//   - kabinet_argon2_running and kabinet_argon2_waiting: the password
//     hashing gate (issue #9) — hashes running and callers queued;
//   - go_sql_* {db_name="writer"|"reader"}: the database pools;
//   - kabinet_build_info{version} and Go's runtime and process metrics.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	outcomes *prometheus.CounterVec
}

func newMetrics(version string, st *store.Store) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kabinet_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kabinet_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kabinet_auth_outcomes_total",
			Help: "Outcomes of logins, second steps, one-time-password confirmations, password changes and EDS-signed applications, by flow and result.",
		}, []string{"flow", "result"}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "kabinet_build_info",
		Help:        "The build of kabinet serving (value 1).",
		ConstLabels: prometheus.Labels{"version": version},
	})
	build.Set(1)
	m.reg.MustRegister(m.requests, m.duration, m.outcomes, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	wr, rd := st.DBs()
	m.reg.MustRegister(collectors.NewDBStatsCollector(wr, "writer"))
	if rd != wr {
		m.reg.MustRegister(collectors.NewDBStatsCollector(rd, "reader"))
	}
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// watchHashGate exports the gate's load.
func (m *Metrics) watchHashGate(g *hashGate) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kabinet_argon2_running",
			Help: "Password hashes being computed (bounded by the gate's slots)."},
			func() float64 { return float64(len(g.slots)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kabinet_argon2_waiting",
			Help: "Logins waiting for a hashing slot."},
			func() float64 { return float64(g.waiting.Load()) }),
	)
}

// observe counts one answered request.
func (m *Metrics) observe(route, method string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

// outcome counts one outcome of flow (outcomes.go).
func (m *Metrics) outcome(flow, result string) {
	m.outcomes.WithLabelValues(flow, result).Inc()
}
