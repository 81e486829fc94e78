package feeds

import "github.com/prometheus/client_golang/prometheus"

// Collector exports the scheduler's Status as Prometheus metrics, read at
// scrape time:
//
//	collabcheck_list_feed_last_success_timestamp_seconds{source}  (absent before the first success)
//	collabcheck_list_feed_last_attempt_timestamp_seconds{source}  (absent before the first attempt)
//	collabcheck_list_feed_consecutive_failures{source}
//	collabcheck_list_feed_up{source}  1 when the last attempt succeeded, else 0
//
// Register it once: reg.MustRegister(sched.Collector()). An alert on
// consecutive_failures > 0 for a day, or on time() minus last_success, says
// a list has gone stale.
func (s *Scheduler) Collector() prometheus.Collector { return &collector{s: s} }

var (
	descLastSuccess = prometheus.NewDesc("collabcheck_list_feed_last_success_timestamp_seconds",
		"Unix time of the last successful fetch of a list source (changed or not).", []string{"source"}, nil)
	descLastAttempt = prometheus.NewDesc("collabcheck_list_feed_last_attempt_timestamp_seconds",
		"Unix time of the last fetch attempt of a list source.", []string{"source"}, nil)
	descFailures = prometheus.NewDesc("collabcheck_list_feed_consecutive_failures",
		"Failed fetches of a list source since its last success; the active version stays meanwhile.", []string{"source"}, nil)
	descUp = prometheus.NewDesc("collabcheck_list_feed_up",
		"1 when the last fetch of a list source succeeded, 0 when it failed or none was made yet.", []string{"source"}, nil)
)

type collector struct{ s *Scheduler }

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descLastSuccess
	ch <- descLastAttempt
	ch <- descFailures
	ch <- descUp
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	for _, st := range c.s.Status() {
		if !st.LastSuccess.IsZero() {
			ch <- prometheus.MustNewConstMetric(descLastSuccess, prometheus.GaugeValue, float64(st.LastSuccess.UnixNano())/1e9, st.Source)
		}
		if !st.LastAttempt.IsZero() {
			ch <- prometheus.MustNewConstMetric(descLastAttempt, prometheus.GaugeValue, float64(st.LastAttempt.UnixNano())/1e9, st.Source)
		}
		ch <- prometheus.MustNewConstMetric(descFailures, prometheus.GaugeValue, float64(st.ConsecutiveFailures), st.Source)
		up := 0.0
		if st.Health == OK {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, up, st.Source)
	}
}
