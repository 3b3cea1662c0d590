package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/tradepolicy/cbec/policy"
)

// FuzzHandler: any path and query get a JSON reply of bounded size, and no
// panic.
func FuzzHandler(f *testing.F) {
	for _, seed := range []struct {
		method, path, query string
	}{
		{"GET", "/v1/decision", "city=杭州&date=2019-03-01&mode=1210"},
		{"GET", "/v1/decision", "city=Suzhou&date=2019-03-01&mode=1210"},
		{"GET", "/v1/decision", "city=%zz&date=2019-02-30&mode=x"},
		{"GET", "/v1/timeline", "city=hefei&mode=1210"},
		{"GET", "/v1/timeline", "city=Hangzhuo&mode=9610"},
		{"GET", "/v1/cities", "date=2021-04-01&mode=1210"},
		{"GET", "/v1/cities", "date=2021-04-01&mode=<script>"},
		{"GET", "/healthz", ""},
		{"HEAD", "/v1/decision", "city=x"},
		{"POST", "/v1/decision", ""},
		{"GET", "/nope\xff", "a=b;c"},
	} {
		f.Add(seed.method, seed.path, seed.query)
	}
	mux := newMux(policy.Default())
	f.Fuzz(func(t *testing.T, method, path, query string) {
		req := &http.Request{
			Method:     method,
			URL:        &url.URL{Path: path, RawQuery: query},
			Proto:      "HTTP/1.1",
			ProtoMajor: 1,
			ProtoMinor: 1,
			Header:     http.Header{},
			Body:       http.NoBody,
			Host:       "x",
			RequestURI: path,
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if ct := rec.Header().Get("Content-Type"); ct != jsonType {
			t.Fatalf("%q %q %q: Content-Type %q", method, path, query, ct)
		}
		body := rec.Body.Bytes()
		if method == http.MethodHead {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("%q %q %q: body is not JSON: %.200q", method, path, query, body)
		}
		limit := 1 << 20
		if rec.Code >= 400 {
			limit = 2048
		}
		if len(body) > limit {
			t.Fatalf("%q %q %q: %d-byte reply with status %d", method, path, query, len(body), rec.Code)
		}
	})
}
