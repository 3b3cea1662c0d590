package main

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/tradepolicy/cbec"
)

// The metrics are written in the Prometheus text format (version 0.0.4) by
// the standard library alone: a few counters and one histogram need
// nothing more, and the program stays a single module with no
// dependencies.

// latencyBuckets are the upper bounds of the latency histogram, in
// seconds; bucketNanos the same in nanoseconds.
var (
	latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}
	bucketNanos    = func() []time.Duration {
		ns := make([]time.Duration, len(latencyBuckets))
		for i, s := range latencyBuckets {
			ns[i] = time.Duration(math.Round(s * 1e9))
		}
		return ns
	}()
)

// maxStatus bounds the status codes counted one by one; others count as
// 600.
const maxStatus = 600

// metrics counts requests by endpoint (the routes, and "other" for paths
// that are none) and status, and their latency by endpoint.
type metrics struct {
	endpoints []string
	requests  [][maxStatus + 1]atomic.Uint64 // [endpoint][status]
	buckets   [][]atomic.Uint64              // [endpoint][bucket], not cumulative; the last is +Inf
	sumNanos  []atomic.Uint64                // [endpoint]
	cache     *replyCache
	start     time.Time
}

func newMetrics(routes []string, cache *replyCache) *metrics {
	n := len(routes) + 1
	m := &metrics{
		endpoints: append(append([]string(nil), routes...), "other"),
		requests:  make([][maxStatus + 1]atomic.Uint64, n),
		buckets:   make([][]atomic.Uint64, n),
		sumNanos:  make([]atomic.Uint64, n),
		cache:     cache,
		start:     time.Now(),
	}
	for i := range m.buckets {
		m.buckets[i] = make([]atomic.Uint64, len(latencyBuckets)+1)
	}
	return m
}

// observe counts a request to endpoint i answered with status after d.
func (m *metrics) observe(i, status int, d time.Duration) {
	if status < 100 || status > maxStatus {
		status = maxStatus
	}
	m.requests[i][status].Add(1)
	b := len(bucketNanos)
	for j, le := range bucketNanos {
		if d <= le {
			b = j
			break
		}
	}
	m.buckets[i][b].Add(1)
	m.sumNanos[i].Add(uint64(max(d, 0)))
}

// write writes the metrics in the Prometheus text format.
func (m *metrics) write(b *bytes.Buffer) {
	b.WriteString("# HELP cbec_http_requests_total Requests answered, by endpoint (route, or other) and status code.\n")
	b.WriteString("# TYPE cbec_http_requests_total counter\n")
	for i, ep := range m.endpoints {
		for status := range m.requests[i] {
			if n := m.requests[i][status].Load(); n > 0 {
				fmt.Fprintf(b, "cbec_http_requests_total{endpoint=%q,status=\"%d\"} %d\n", ep, status, n)
			}
		}
	}
	b.WriteString("# HELP cbec_http_request_duration_seconds Time from a request's headers to the end of its reply's writing by the handler.\n")
	b.WriteString("# TYPE cbec_http_request_duration_seconds histogram\n")
	for i, ep := range m.endpoints {
		var cum uint64
		counts := make([]uint64, len(m.buckets[i]))
		for j := range counts {
			counts[j] = m.buckets[i][j].Load()
		}
		total := uint64(0)
		for _, n := range counts {
			total += n
		}
		if total == 0 {
			continue
		}
		for j, le := range latencyBuckets {
			cum += counts[j]
			fmt.Fprintf(b, "cbec_http_request_duration_seconds_bucket{endpoint=%q,le=%q} %d\n", ep, formatFloat(le), cum)
		}
		fmt.Fprintf(b, "cbec_http_request_duration_seconds_bucket{endpoint=%q,le=\"+Inf\"} %d\n", ep, total)
		fmt.Fprintf(b, "cbec_http_request_duration_seconds_sum{endpoint=%q} %s\n", ep,
			formatFloat(float64(m.sumNanos[i].Load())/1e9))
		fmt.Fprintf(b, "cbec_http_request_duration_seconds_count{endpoint=%q} %d\n", ep, total)
	}
	b.WriteString("# HELP cbec_data_info The version of the embedded data: the day it was last checked against its sources.\n")
	b.WriteString("# TYPE cbec_data_info gauge\n")
	fmt.Fprintf(b, "cbec_data_info{data_version=%q} 1\n", cbec.DataVersion)
	replies, templates, misses, resets := m.cache.stats()
	for _, c := range []struct {
		name, kind, help string
		n                uint64
	}{
		{"cbec_decision_replies", "gauge", "Decision replies kept, ready to send.", uint64(replies)},
		{"cbec_decision_templates", "gauge", "Distinct decision replies but for the date, kept.", uint64(templates)},
		{"cbec_decision_encodings_total", "counter", "Decision replies encoded (not found among those kept).", misses},
		{"cbec_decision_cache_resets_total", "counter", "Times the kept decision replies were dropped for being too many.", resets},
	} {
		fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", c.name, c.help, c.name, c.kind, c.name, c.n)
	}
	b.WriteString("# HELP cbec_start_time_seconds When the process started serving, in seconds since the Unix epoch.\n")
	b.WriteString("# TYPE cbec_start_time_seconds gauge\n")
	fmt.Fprintf(b, "cbec_start_time_seconds %s\n", formatFloat(float64(m.start.UnixMilli())/1e3))
}

func formatFloat(f float64) string {
	if math.IsInf(f, +1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func (h *handler) serveMetrics(x *exchange) {
	var b bytes.Buffer
	h.metrics.write(&b)
	x.writeParts(http.StatusOK, []string{metricsType}, []string{strconv.Itoa(b.Len())}, nil, b.Bytes(), nil, nil)
}
