package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// A discard is a ResponseWriter that keeps the status and counts the bytes:
// the benchmarks measure the handlers, not a recorder.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (w *discard) Header() http.Header    { return w.h }
func (w *discard) WriteHeader(status int) { w.status = status }
func (w *discard) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}

func (w *discard) reset() {
	clear(w.h)
	w.status, w.n = 0, 0
}

// benchTarget is the request of BenchmarkDecisionHandler.
var benchTarget = "/v1/decision?city=" + url.QueryEscape("杭州") + "&date=2019-03-01&mode=1210"

// serveBench serves req with h b.N times.
func serveBench(b *testing.B, h http.Handler, req *http.Request, size int) {
	w := &discard{h: http.Header{}}
	h.ServeHTTP(w, req)
	if w.status != 200 || w.n != size {
		b.Fatalf("%d, %d bytes; want 200, %d", w.status, w.n, size)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		w.reset()
		h.ServeHTTP(w, req)
	}
}

// decisionReply returns the reply to benchTarget.
func decisionReply(b *testing.B) []byte {
	d, err := policy.Permitted("杭州", cbec.MustParseDate("2019-03-01"), trade.BondedImport)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(d)
	return append(body, '\n')
}

// BenchmarkDecisionHandler: a /v1/decision request through the service's
// handler, in process, as the server calls it: routing, the query, the
// lookup, the decision, the reply's headers and body, metrics and the
// (disabled) request log.
func BenchmarkDecisionHandler(b *testing.B) {
	h := newHandler(policy.Default(), settings{})
	serveBench(b, h, httptest.NewRequest("GET", benchTarget, nil), len(decisionReply(b)))
}

// staticHandler writes a static JSON body of n bytes, as a plain handler
// would.
func staticHandler(n int) http.Handler {
	body := bytes.Repeat([]byte("x"), n)
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", length)
		w.Write(body)
	})
}

// BenchmarkStaticHandler: a handler writing a static JSON body of the size
// of BenchmarkDecisionHandler's reply: the floor.
func BenchmarkStaticHandler(b *testing.B) {
	n := len(decisionReply(b))
	serveBench(b, staticHandler(n), httptest.NewRequest("GET", benchTarget, nil), n)
}

// BenchmarkDecisionHandlerMix: requests cycling over names, days and modes,
// each reply already kept.
func BenchmarkDecisionHandlerMix(b *testing.B) {
	h := newHandler(policy.Default(), settings{})
	var reqs []*http.Request
	for _, city := range []string{"杭州", "330100", "Hangzhou", "北京", "朝阳", "义乌", "天水", "湛江"} {
		for _, day := range []string{"2016-06-01", "2019-03-01", "2021-04-01", "2026-01-01"} {
			for _, mode := range []string{"1210", "9610", "9710"} {
				reqs = append(reqs, httptest.NewRequest("GET", "/v1/decision?city="+url.QueryEscape(city)+"&date="+day+"&mode="+mode, nil))
			}
		}
	}
	w := &discard{h: http.Header{}}
	for _, r := range reqs {
		h.ServeHTTP(w, r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		w.reset()
		h.ServeHTTP(w, reqs[i%len(reqs)])
	}
}

// BenchmarkDecisionEncode: what a reply not yet kept costs above a kept
// one: json.Marshal of the decision.
func BenchmarkDecisionEncode(b *testing.B) {
	d, _ := policy.Permitted("杭州", cbec.MustParseDate("2019-03-01"), trade.BondedImport)
	b.ReportAllocs()
	for range b.N {
		json.Marshal(d)
	}
}
