package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/collabcheck/collabcheck/internal/screening"
)

// metrics are the API's Prometheus collectors. Labels take values only
// from the route table, a fixed set of methods and status codes, so a
// client cannot grow the number of series.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	screens  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer, svc *screening.Service) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "collabcheck", Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "collabcheck", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern and method.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16), // 100µs to 3.3s
		}, []string{"route", "method"}),
		screens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "collabcheck", Name: "screens_total",
			Help: "Names screened through the API, by endpoint (single or batch) and result (hit when any candidate matched at the threshold in force).",
		}, []string{"endpoint", "result"}),
	}
	entities := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "collabcheck", Name: "index_entities",
		Help: "Entities in the in-memory match index now serving screens.",
	}, func() float64 { e, _ := svc.Index().Len(); return float64(e) })
	lists := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "collabcheck", Name: "index_lists",
		Help: "List versions the in-memory match index was built from.",
	}, func() float64 { return float64(len(svc.Versions())) })
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.screens, entities, lists} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// observe records one answered request.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	method = methodLabel(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// screened counts one screened name.
func (m *metrics) screened(endpoint string, hit bool) {
	result := "no_hit"
	if hit {
		result = "hit"
	}
	m.screens.WithLabelValues(endpoint, result).Inc()
}

// methodLabel folds methods outside the standard set into "other".
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}

// serveMetrics serves the Prometheus exposition.
func (s *server) serveMetrics(w http.ResponseWriter, r *http.Request, _ query) error {
	s.metricsHandler.ServeHTTP(w, r)
	return nil
}

// slogPrinter adapts the server's logger to promhttp's error log.
type slogPrinter struct{ s *server }

func (p slogPrinter) Println(v ...any) {
	p.s.log.Error("serve metrics", "err", v)
}
