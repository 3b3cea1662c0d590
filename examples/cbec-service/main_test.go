package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradepolicy/cbec/policy"
)

// get serves a GET of target and returns the status and the decoded body.
func get(t *testing.T, h http.Handler, method, target string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s %s: Content-Type %q", method, target, ct)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, target, err, rec.Body.String())
	}
	return rec.Code, body
}

func TestDecision(t *testing.T) {
	mux := newHandler(policy.Default(), settings{})
	code, body := get(t, mux, "GET", "/v1/decision?city="+url.QueryEscape("北京")+"&date=2019-01-01&mode=1210")
	if code != 200 {
		t.Fatalf("status %d: %v", code, body)
	}
	if body["verdict"] != "allowed" || body["date"] != "2019-01-01" || body["mode"] != "1210" {
		t.Errorf("decision = %v", body)
	}
	if c, _ := body["city"].(map[string]any); c["code"] != "110000" {
		t.Errorf("city = %v", body["city"])
	}
	if b, _ := body["basis"].([]any); len(b) == 0 || b[0].(map[string]any)["doc"] != "商财发〔2018〕486号" {
		t.Errorf("basis = %v", body["basis"])
	}
	if body["reason"] == "" || body["data_version"] == "" {
		t.Errorf("decision lacks reason or data version: %v", body)
	}

	code, body = get(t, mux, "GET", "/v1/decision?city=Beijing&date=2018-12-31&mode=BondedImport")
	if code != 200 || body["verdict"] != "denied" {
		t.Errorf("Beijing 2018-12-31: %d %v", code, body)
	}
}

func TestTimeline(t *testing.T) {
	mux := newHandler(policy.Default(), settings{})
	code, body := get(t, mux, "GET", "/v1/timeline?city=hefei&mode=1210")
	if code != 200 {
		t.Fatalf("status %d: %v", code, body)
	}
	spans, _ := body["spans"].([]any)
	if len(spans) == 0 {
		t.Fatalf("no spans: %v", body)
	}
	first := spans[0].(map[string]any)
	if first["from"] != "2018-01-01" || first["verdict"] != "allowed" || first["reason"] == "" {
		t.Errorf("first span = %v", first)
	}
	if b, _ := first["basis"].([]any); len(b) == 0 {
		t.Errorf("first span has no basis: %v", first)
	}
	if last := spans[len(spans)-1].(map[string]any); last["until"] != nil {
		t.Errorf("last span is not open-ended: %v", last)
	}
	if c, _ := body["city"].(map[string]any); c["code"] != "340100" || body["mode"] != "1210" {
		t.Errorf("city, mode = %v, %v", body["city"], body["mode"])
	}
}

func TestCities(t *testing.T) {
	mux := newHandler(policy.Default(), settings{})
	code, body := get(t, mux, "GET", "/v1/cities?date=2019-01-01&mode=1210")
	if code != 200 {
		t.Fatalf("status %d: %v", code, body)
	}
	cities, _ := body["cities"].([]any)
	found := false
	for _, c := range cities {
		c := c.(map[string]any)
		if c["code"] == "110000" && c["name"] == "北京市" && c["name_en"] == "Beijing" {
			found = true
		}
	}
	if !found {
		t.Errorf("北京 not among %d cities permitted on 2019-01-01", len(cities))
	}
	// No city could use 1210 before its code existed.
	code, body = get(t, mux, "GET", "/v1/cities?date=2014-01-01&mode=1210")
	if cities, _ := body["cities"].([]any); code != 200 || cities == nil || len(cities) != 0 {
		t.Errorf("2014-01-01: %d %v, want an empty list", code, body)
	}
}

func TestHealthz(t *testing.T) {
	code, body := get(t, newHandler(policy.Default(), settings{}), "GET", "/healthz")
	if code != 200 || body["status"] != "ok" || body["data_version"] == "" {
		t.Errorf("healthz: %d %v", code, body)
	}
}

func TestBadInput(t *testing.T) {
	mux := newHandler(policy.Default(), settings{})
	for _, tc := range []struct {
		method, target string
		status         int
		want           string // in the error message
	}{
		{"GET", "/v1/decision?date=2019-01-01&mode=1210", 400, "missing parameter city"},
		{"GET", "/v1/decision?city=beijing&mode=1210", 400, "missing parameter date"},
		{"GET", "/v1/decision?city=beijing&date=2019-01-01", 400, "missing parameter mode"},
		{"GET", "/v1/decision?city=beijing&date=2019-02-30&mode=1210", 400, "invalid date"},
		{"GET", "/v1/decision?city=beijing&date=2019-1-1&mode=1210", 400, "invalid date"},
		{"GET", "/v1/decision?city=beijing&date=2019-01-01&mode=1111", 400, "unknown customs supervision mode"},
		{"GET", "/v1/decision?city=Atlantis&date=2019-01-01&mode=1210", 400, "unknown city"},
		{"GET", "/v1/decision?city=Suzhou&date=2019-01-01&mode=1210", 400, "ambiguous city"},
		{"GET", "/v1/timeline?mode=1210", 400, "missing parameter city"},
		{"GET", "/v1/timeline?city=beijing", 400, "missing parameter mode"},
		{"GET", "/v1/timeline?city=beijing&mode=x", 400, "unknown customs supervision mode"},
		{"GET", "/v1/timeline?city=Atlantis&mode=1210", 400, "unknown city"},
		{"GET", "/v1/timeline?city=Suzhou&mode=1210", 400, "ambiguous city"},
		{"GET", "/v1/cities?mode=1210", 400, "missing parameter date"},
		{"GET", "/v1/cities?date=2019-01-01", 400, "missing parameter mode"},
		{"GET", "/v1/cities?date=tomorrow&mode=1210", 400, "invalid date"},
		{"GET", "/v1/cities?date=2019-01-01&mode=x", 400, "unknown customs supervision mode"},
		{"GET", "/v2/decision", 404, "no route"},
		{"POST", "/v1/decision?city=beijing&date=2019-01-01&mode=1210", 405, "not allowed"},
		{"DELETE", "/healthz", 405, "not allowed"},
	} {
		code, body := get(t, mux, tc.method, tc.target)
		msg, _ := body["error"].(string)
		if code != tc.status || !strings.Contains(msg, tc.want) {
			t.Errorf("%s %s = %d %q, want %d and an error containing %q", tc.method, tc.target, code, msg, tc.status, tc.want)
		}
	}
}

// TestConcurrent hits every route at once through a real server, for the race
// detector.
func TestConcurrent(t *testing.T) {
	srv := httptest.NewServer(newHandler(policy.Default(), settings{}))
	defer srv.Close()
	targets := []string{
		"/v1/decision?city=hangzhou&date=2019-03-01&mode=1210",
		"/v1/timeline?city=hangzhou&mode=9610",
		"/v1/cities?date=2021-04-01&mode=1210",
		"/v1/decision?city=Suzhou&date=2019-03-01&mode=1210",
		"/healthz",
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			resp, err := srv.Client().Get(srv.URL + targets[i%len(targets)])
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			if _, err := io.Copy(io.Discard, resp.Body); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// TestServe starts the real server on a free port, queries it and stops it
// the way a signal does, by cancelling its context.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), nil))
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, newHandler(policy.Default(), settings{}), logger, defaults) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz status %d", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("logs = %q", logs.String())
	}
}

func TestRunFlags(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-nope"}, noEnv, &stderr); code != 2 {
		t.Errorf("bad flag: status %d, want 2", code)
	}
	if code := run(context.Background(), []string{"extra"}, noEnv, &stderr); code != 2 {
		t.Errorf("extra argument: status %d, want 2", code)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if code := run(ctx, []string{"-addr", "127.0.0.1:0"}, noEnv, &stderr); code != 0 {
		t.Errorf("cancelled run: status %d, want 0; stderr %s", code, stderr.String())
	}
}

// noEnv is an empty environment.
func noEnv(string) (string, bool) { return "", false }

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
