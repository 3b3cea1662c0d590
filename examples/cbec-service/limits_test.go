package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradepolicy/cbec/policy"
)

// serveRecorded serves one request through h and returns the recorder.
func serveRecorded(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decodeError decodes an error reply.
func decodeError(t *testing.T, body []byte) errorBody {
	t.Helper()
	var e errorBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body is not JSON {error, code, candidates, hint}: %v\n%.300s", err, body)
	}
	if e.Error == "" || e.Code == "" {
		t.Errorf("error body lacks error or code: %s", body)
	}
	return e
}

func TestErrorCodes(t *testing.T) {
	mux := newHandler(policy.Default(), settings{})
	for _, tc := range []struct {
		method, target string
		status         int
		code           string
		candidates     []string // codes, in order; nil for none
	}{
		{"GET", "/v1/decision?date=2019-01-01&mode=1210", 400, "missing_parameter", nil},
		{"GET", "/v1/decision?city=beijing&date=2019-02-30&mode=1210", 400, "invalid_date", nil},
		{"GET", "/v1/decision?city=beijing&date=2019-01-01&mode=1111", 400, "invalid_mode", nil},
		{"GET", "/v1/decision?city=Atlantis&date=2019-01-01&mode=1210", 400, "unknown_city", nil},
		{"GET", "/v1/decision?city=Suzhou&date=2019-01-01&mode=1210", 400, "ambiguous_city", []string{"320500", "341300"}},
		{"GET", "/v1/timeline?city=Suzhou&mode=1210", 400, "ambiguous_city", []string{"320500", "341300"}},
		{"GET", "/v1/decision?city=%zz&date=2019-01-01&mode=1210", 400, "invalid_query", nil},
		{"GET", "/v2/decision", 404, "not_found", nil},
		{"GET", "/v1/decision/", 404, "not_found", nil},
		{"GET", "//v1/../healthz", 404, "not_found", nil},
		{"POST", "/v1/decision", 405, "method_not_allowed", nil},
		{"PUT", "/healthz", 405, "method_not_allowed", nil},
		{"GET", "/v1/cities?" + strings.Repeat("x", maxQuery+1), 414, "query_too_long", nil},
	} {
		rec := serveRecorded(mux, httptest.NewRequest(tc.method, tc.target, nil))
		if rec.Code != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.target, rec.Code, tc.status)
		}
		if ct := rec.Header().Get("Content-Type"); ct != jsonType {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.target, ct)
		}
		e := decodeError(t, rec.Body.Bytes())
		if e.Code != tc.code {
			t.Errorf("%s %s: code %q, want %q (%s)", tc.method, tc.target, e.Code, tc.code, e.Error)
		}
		var got []string
		for _, c := range e.Candidates {
			if c.Name == "" {
				t.Errorf("%s %s: candidate without a name: %+v", tc.method, tc.target, c)
			}
			got = append(got, c.Code)
		}
		if strings.Join(got, ",") != strings.Join(tc.candidates, ",") {
			t.Errorf("%s %s: candidates %v, want %v", tc.method, tc.target, got, tc.candidates)
		}
	}
}

// TestUnknownCityCandidates: a misspelt name lists its close matches.
func TestUnknownCityCandidates(t *testing.T) {
	rec := serveRecorded(newHandler(policy.Default(), settings{}), httptest.NewRequest("GET", "/v1/timeline?city=Hangzhuo&mode=1210", nil))
	e := decodeError(t, rec.Body.Bytes())
	if e.Code != "unknown_city" || len(e.Candidates) == 0 {
		t.Fatalf("Hangzhuo: %+v", e)
	}
	found := false
	for _, c := range e.Candidates {
		found = found || c.Code == "330100"
	}
	if !found || !strings.Contains(e.Error, "did you mean") {
		t.Errorf("Hangzhuo: candidates %+v, error %q, want 杭州市 330100 among them", e.Candidates, e.Error)
	}
}

// TestLongInputs: a huge invalid value gets a small reply quoting at most
// maxQuoted characters of it.
func TestLongInputs(t *testing.T) {
	mux := newHandler(policy.Default(), settings{})
	huge := strings.Repeat("\xff", 1<<20)
	for _, target := range []string{
		"/v1/decision?city=beijing&date=2019-01-01&mode=" + url.QueryEscape(huge),
		"/v1/decision?city=beijing&mode=1210&date=" + url.QueryEscape(huge),
		"/v1/decision?date=2019-01-01&mode=1210&city=" + url.QueryEscape(huge),
		"/v1/timeline?mode=1210&city=" + url.QueryEscape(strings.Repeat("杭", 1<<18)),
		"/v1/cities?date=2019-01-01&mode=" + url.QueryEscape(strings.Repeat("<script>", 20)),
		"/" + strings.Repeat("a", 1<<20),
		"/v1/cities?mode=" + strings.Repeat("%ZZ", 1<<18),
	} {
		// The query-length check answers first for long queries; call the
		// route's handler directly too, as if maxQuery were larger.
		req := httptest.NewRequest("GET", target, nil)
		handlers := []http.Handler{mux}
		if rt, ok := mux.routes[req.URL.Path]; ok {
			handlers = append(handlers, direct(mux, rt))
		}
		for _, h := range handlers {
			rec := serveRecorded(h, req)
			if rec.Body.Len() > 1024 {
				t.Errorf("%.60s…: %d-byte reply", target, rec.Body.Len())
			}
			e := decodeError(t, rec.Body.Bytes())
			if rec.Code < 400 || strings.Contains(e.Error, strings.Repeat(`\xff`, maxQuoted+1)) {
				t.Errorf("%.60s…: %d %q", target, rec.Code, e.Error)
			}
		}
	}
	// HTML stays escaped in JSON.
	rec := serveRecorded(mux, httptest.NewRequest("GET", "/v1/decision?city=beijing&date=2019-01-01&mode=%3Cscript%3E", nil))
	if b := rec.Body.String(); strings.Contains(b, "<script>") || !strings.Contains(b, `\u003cscript\u003e`) {
		t.Errorf("<script> mode: body %s", b)
	}
}

// direct serves a request by the route rt of h alone, as if the query were
// short enough.
func direct(h *handler, rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := &exchange{ResponseWriter: w, h: h, req: r}
		var p params
		if e := parseQuery(r.URL.RawQuery, rt.path, rt.params, &p); e != nil {
			x.fail(e)
			return
		}
		h.serve(x, r, rt.id, &p)
	})
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"杭州", `"杭州"`},
		{strings.Repeat("杭", maxQuoted), `"` + strings.Repeat("杭", maxQuoted) + `"`},
		{strings.Repeat("杭", maxQuoted+1), `"` + strings.Repeat("杭", maxQuoted) + `"…`},
		{strings.Repeat("\xff", 1000), `"` + strings.Repeat(`\xff`, maxQuoted) + `"…`},
	} {
		if got := quote(tc.in); got != tc.want {
			t.Errorf("quote(%.20q…) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestHead: HEAD answers from the route alone. The engine is nil, so any
// work would panic.
func TestHead(t *testing.T) {
	mux := newHandler(nil, settings{})
	for _, tc := range []struct {
		target string
		status int
	}{
		{"/v1/decision?city=Atlantis&date=2019-01-01&mode=1210", 200},
		{"/v1/timeline?city=hangzhou&mode=1210", 200},
		{"/v1/cities", 200},
		{"/healthz", 200},
		{"/nope", 404},
	} {
		rec := serveRecorded(mux, httptest.NewRequest("HEAD", tc.target, nil))
		if rec.Code != tc.status || rec.Header().Get("Content-Type") != jsonType {
			t.Errorf("HEAD %s: %d %q", tc.target, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	// Through a server, HEAD has no body.
	srv := httptest.NewServer(mux)
	defer srv.Close()
	resp, err := http.Head(srv.URL + "/v1/decision?city=x&date=y&mode=z")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(b) != 0 {
		t.Errorf("HEAD via server: %d, %d-byte body", resp.StatusCode, len(b))
	}
}

// TestBody: a request body is refused and the connection closed rather than
// read.
func TestBody(t *testing.T) {
	req := httptest.NewRequest("GET", "/healthz", strings.NewReader("x"))
	rec := serveRecorded(newHandler(policy.Default(), settings{}), req)
	if e := decodeError(t, rec.Body.Bytes()); rec.Code != 413 || e.Code != "body_not_allowed" || rec.Header().Get("Connection") != "close" {
		t.Errorf("GET with a body: %d %+v %v", rec.Code, e, rec.Header())
	}
}

func TestDefaults(t *testing.T) {
	c := defaults
	if c.ReadHeaderTimeout <= 0 || c.ReadTimeout <= 0 || c.WriteTimeout <= 0 || c.IdleTimeout <= 0 ||
		c.ShutdownTimeout <= 0 || c.ShutdownTimeout > 5*time.Second || c.MaxHeaderBytes <= 0 || c.MaxConns <= 0 {
		t.Errorf("defaults = %+v: every limit must be set", c)
	}
}

// testConfig is defaults with short timeouts.
var testConfig = config{
	ReadHeaderTimeout: 300 * time.Millisecond,
	ReadTimeout:       500 * time.Millisecond,
	WriteTimeout:      500 * time.Millisecond,
	IdleTimeout:       300 * time.Millisecond,
	ShutdownTimeout:   500 * time.Millisecond,
	MaxHeaderBytes:    defaults.MaxHeaderBytes,
	MaxConns:          defaults.MaxConns,
}

// start serves h with cfg on a free port and returns the address and a
// function that stops the server and returns serve's result.
func start(t *testing.T, cfg config, h http.Handler) (string, func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, h, slog.New(slog.DiscardHandler), cfg) }()
	var once sync.Once
	var result error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case result = <-done:
			case <-time.After(cfg.ShutdownTimeout + 5*time.Second):
				result = errors.New("serve did not return")
			}
		})
		return result
	}
	t.Cleanup(func() { stop() })
	return ln.Addr().String(), stop
}

// raw sends request on a new connection and returns the whole reply.
func raw(t *testing.T, addr, request string) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%.40q: %v", request, err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%.40q: reading the body: %v", request, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp
}

// TestServerReplies: what net/http answers by itself is JSON too.
func TestServerReplies(t *testing.T) {
	addr, _ := start(t, defaults, newHandler(policy.Default(), settings{}))
	hugeMode := url.QueryEscape(strings.Repeat("\xff", 1<<20))
	for _, tc := range []struct {
		name, request string
		status        int
		code          string
	}{
		{"1 MB mode", "GET /v1/decision?city=beijing&date=2019-01-01&mode=" + hugeMode + " HTTP/1.1\r\nHost: x\r\n\r\n", 431, "header_too_large"},
		{"large header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 20<<10) + "\r\n\r\n", 431, "header_too_large"},
		{"malformed", "GARBAGE\r\n\r\n", 400, "bad_request"},
		{"no host", "GET /healthz HTTP/1.1\r\n\r\n", 400, "bad_request"},
		{"transfer encoding", "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented"},
		{"CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 404, "not_found"},
		{"OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 404, "not_found"},
		{"body", "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nxx", 413, "body_not_allowed"},
		{"path", "GET /" + strings.Repeat("<", 4000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 404, "not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := raw(t, addr, tc.request)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != jsonType {
				t.Errorf("%d %q, want %d JSON", resp.StatusCode, resp.Header.Get("Content-Type"), tc.status)
			}
			if len(body) > 1024 {
				t.Errorf("%d-byte reply", len(body))
			}
			if e := decodeError(t, body); e.Code != tc.code {
				t.Errorf("code %q, want %q (%s)", e.Code, tc.code, e.Error)
			}
		})
	}
}

// TestJSONCanned pins the rewriting of net/http's canned replies and that
// handler replies pass through.
func TestJSONCanned(t *testing.T) {
	in := "HTTP/1.1 400 Bad Request: missing required Host header" + cannedHeaders + "400 Bad Request: missing required Host header"
	out, ok := jsonCanned([]byte(in))
	if !ok {
		t.Fatal("not rewritten")
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(out)), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if e := decodeError(t, body); resp.StatusCode != 400 || e.Code != "bad_request" || !strings.Contains(e.Error, "Host") || !resp.Close {
		t.Errorf("rewritten: %d %+v close=%v", resp.StatusCode, e, resp.Close)
	}
	for _, p := range []string{
		"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: x\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nDate: x" + cannedHeaders + "x",
		"HTTP/1.1 200 OK" + cannedHeaders + "x",
		"partial",
	} {
		if _, ok := jsonCanned([]byte(p)); ok {
			t.Errorf("%q rewritten", p)
		}
	}
}

// TestSlowClients: a client that never finishes its headers, one that
// never reads its reply and an idle keep-alive connection are all closed
// within the timeouts, while the service keeps answering.
func TestSlowClients(t *testing.T) {
	cfg := testConfig
	// The routes' replies are small enough for the socket buffers; this
	// handler's is not, so its writes block until WriteTimeout.
	const huge = 256 << 20
	mux := newHandler(policy.Default(), settings{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/huge" {
			mux.ServeHTTP(w, r)
			return
		}
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		for n := 0; n < huge; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	addr, stop := start(t, cfg, h)
	dial := func(request string) net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if _, err := io.WriteString(c, request); err != nil {
			t.Fatal(err)
		}
		return c
	}
	t0 := time.Now()
	slow := dial("GET /healthz HTTP/1.1\r\nHost: x\r\n")     // never finishes the headers
	deaf := dial("GET /huge HTTP/1.1\r\nHost: x\r\n\r\n")    // never reads the reply
	idle := dial("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") // reads it, then stays idle

	if resp := raw(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); resp.StatusCode != 200 {
		t.Errorf("healthz beside slow clients: %d", resp.StatusCode)
	}
	time.Sleep(cfg.WriteTimeout + 200*time.Millisecond)
	for _, tc := range []struct {
		name string
		c    net.Conn
	}{{"slow", slow}, {"deaf", deaf}, {"idle", idle}} {
		tc.c.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := io.Copy(io.Discard, tc.c)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Errorf("%s client: connection still open after %v (%d bytes read)", tc.name, time.Since(t0), n)
		}
		if n >= huge {
			t.Errorf("%s client: got the whole reply", tc.name)
		}
	}
	if d := time.Since(t0); d > 4*time.Second {
		t.Errorf("slow clients held for %v", d)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestMaxConns: at the cap, the oldest idle connection is closed to admit
// a new one, and only then.
func TestMaxConns(t *testing.T) {
	cfg := testConfig
	cfg.IdleTimeout = time.Minute
	cfg.MaxConns = 2
	addr, _ := start(t, cfg, newHandler(policy.Default(), settings{}))
	request := func(c net.Conn, r *bufio.Reader) error {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			return err
		}
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return err
	}
	var conns []net.Conn
	var readers []*bufio.Reader
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns, readers = append(conns, c), append(readers, bufio.NewReader(c))
		if err := request(c, readers[len(readers)-1]); err != nil {
			t.Fatalf("keep-alive request: %v", err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	// Both are still open at the cap; using the first makes the second the
	// oldest idle one.
	if err := request(conns[0], readers[0]); err != nil {
		t.Fatalf("first connection closed before a third one came: %v", err)
	}
	t0 := time.Now()
	if resp := raw(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); resp.StatusCode != 200 {
		t.Errorf("third connection: %d", resp.StatusCode)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("third connection waited %v", d)
	}
	if err := request(conns[1], readers[1]); err == nil {
		t.Error("the oldest idle connection is still open")
	}
	if err := request(conns[0], readers[0]); err != nil {
		t.Errorf("the newer idle connection was closed: %v", err)
	}
}

// TestGracefulStop: a request in flight finishes; one that does not is cut
// after ShutdownTimeout; both stops are clean.
func TestGracefulStop(t *testing.T) {
	cfg := testConfig
	cfg.WriteTimeout = time.Minute
	for _, tc := range []struct {
		name  string
		delay time.Duration
	}{
		{"finishes", 100 * time.Millisecond},
		{"cut", time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			started := make(chan struct{})
			release := make(chan struct{})
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(started)
				select {
				case <-time.After(tc.delay):
				case <-release:
				}
				w.Write([]byte(`{"status":"ok"}`))
			})
			defer close(release)
			addr, stop := start(t, cfg, h)
			go http.Get("http://" + addr + "/")
			<-started
			t0 := time.Now()
			if err := stop(); err != nil {
				t.Errorf("serve: %v", err)
			}
			if d := time.Since(t0); d > cfg.ShutdownTimeout+time.Second {
				t.Errorf("stop took %v", d)
			}
		})
	}
}

// TestRunSignal: the program stops on SIGINT with status 0.
func TestRunSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("sends a signal")
	}
	ctx, stop := signalContext()
	defer stop()
	done := make(chan int, 1)
	var stderr syncBuffer
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, noEnv, &stderr) }()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(stderr.String(), "listening") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	p, _ := os.FindProcess(os.Getpid())
	if err := p.Signal(os.Interrupt); err != nil {
		t.Skip("cannot signal:", err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("status %d after SIGINT; stderr %s", code, stderr.String())
		}
	case <-time.After(defaults.ShutdownTimeout + 5*time.Second):
		t.Fatal("no stop after SIGINT")
	}
}

// A syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestHint: the registry's advice for a name comes with the error.
func TestHint(t *testing.T) {
	rec := serveRecorded(newHandler(policy.Default(), settings{}), httptest.NewRequest("GET", "/v1/timeline?mode=1210&city="+url.QueryEscape("雄安新区"), nil))
	e := decodeError(t, rec.Body.Bytes())
	if rec.Code != 400 || e.Hint == "" || !strings.Contains(e.Error, e.Hint) || rec.Body.Len() > 2048 {
		t.Errorf("雄安新区: %d %s", rec.Code, rec.Body.String())
	}
}
