package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/tradepolicy/cbec/policy"
)

// FuzzHandler: any method, path and query get a reply of the route's type,
// or a JSON error, of bounded size, and no panic.
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
		{"GET", "/v1/cities", "date=2021-04-01&mode=1210&verdict=unknown&verdict=unknown"},
		{"GET", "/v1/candidates", "q=%E6%9C%9D%E9%98%B3"},
		{"GET", "/v1/decision", "city=%E6%B5%99%E6%B1%9F&date=2019-03-01&mode=1210"},
		{"GET", "/v1/coverage", "mode=9710"},
		{"OPTIONS", "/v1/decision", ""},
		{"GET", "/", "city=x"},
	} {
		f.Add(seed.method, seed.path, seed.query)
	}
	mux := newHandler(policy.Default(), settings{})
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
		body := rec.Body.Bytes()
		ct := rec.Header().Get("Content-Type")
		switch {
		case rec.Code == http.StatusNoContent || rec.Code == http.StatusNotModified:
			if ct != "" || len(body) > 0 {
				t.Fatalf("%q %q %q: %d with Content-Type %q and %d bytes", method, path, query, rec.Code, ct, len(body))
			}
			return
		case rec.Code >= 400 && ct != jsonType:
			t.Fatalf("%q %q %q: %d with Content-Type %q", method, path, query, rec.Code, ct)
		case rec.Code == http.StatusOK && ct != mux.routes[path].ctype:
			t.Fatalf("%q %q %q: Content-Type %q", method, path, query, ct)
		}
		if method == http.MethodHead || ct != jsonType {
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
