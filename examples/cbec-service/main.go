// Cbec-service is a small JSON web service over the embedded policy data.
//
//	cbec-service [-addr 127.0.0.1:8080] [-max-conns 512]
//
// Routes (GET, or HEAD for the headers alone):
//
//	/v1/decision?city=杭州&date=2019-03-01&mode=1210  one decision, as policy.Decision
//	/v1/timeline?city=杭州&mode=1210                  the periods in which the mode was permitted (or unknown)
//	/v1/cities?date=2021-04-01&mode=1210              the cities for which the mode was permitted that day
//	/healthz                                          liveness, with the data version
//
// Every reply with a body is JSON. An error has the body
//
//	{"error": "…", "code": "unknown_city", "candidates": [{"code": "…", "name": "…", "name_en": "…"}]}
//
// where code is one of the codes listed in examples/README.md and candidates
// (present only for an ambiguous city or an unknown one with close matches)
// lists the units the name could mean. Inputs quoted in an error are cut to
// 64 characters. A HEAD request is answered from the route alone, without
// deciding anything.
//
// The service bounds what a client can make it hold: every server timeout is
// set, request headers (and so the URL) are limited to 8 KiB, a request body
// is refused, idle keep-alive connections are closed after a minute and the
// number of open connections is capped (-max-conns; at the cap the idle ones
// are closed first, then new connections wait). It stops gracefully on SIGINT
// or SIGTERM: requests in flight get 5 seconds to finish, after which their
// connections are closed; either way the exit status is 0.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// Limits on what a request may be and on how long a connection may be held.
const (
	// maxParam is the longest query parameter value looked at, in bytes; no
	// city name, date or mode comes near it.
	maxParam = 256
	// maxQuery is the longest raw query string accepted, in bytes.
	maxQuery = 2048
	// maxQuoted is how many characters of an input an error quotes.
	maxQuoted = 64
	// maxCandidates bounds the candidates listed in an error.
	maxCandidates = 10
)

// A config holds the server's limits; tests shorten them.
type config struct {
	ReadHeaderTimeout time.Duration // to read a request's headers
	ReadTimeout       time.Duration // to read a whole request
	WriteTimeout      time.Duration // to write a reply, from the end of the request's headers
	IdleTimeout       time.Duration // an idle keep-alive connection's lifetime
	ShutdownTimeout   time.Duration // for requests in flight when the service stops
	MaxHeaderBytes    int           // request line and headers
	MaxConns          int           // open connections; 0 for no cap
}

// defaults are the service's limits.
var defaults = config{
	ReadHeaderTimeout: 5 * time.Second,
	ReadTimeout:       10 * time.Second,
	WriteTimeout:      10 * time.Second,
	IdleTimeout:       60 * time.Second,
	ShutdownTimeout:   5 * time.Second,
	MaxHeaderBytes:    8 << 10,
	MaxConns:          512,
}

func main() {
	ctx, stop := signalContext()
	code := run(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// signalContext returns a context done on SIGINT or SIGTERM. After the
// first signal, a second one stops the process at once.
func signalContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// run parses the flags, serves until ctx is done and returns the exit status.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("cbec-service", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	maxConns := fs.Int("max-conns", defaults.MaxConns, "the most open connections (keep it below the descriptor limit); 0 for no cap")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cbec-service: unexpected argument %s\n", quote(fs.Arg(0)))
		return 2
	}
	if *maxConns < 0 {
		fmt.Fprintln(stderr, "cbec-service: -max-conns must not be negative")
		return 2
	}
	cfg := defaults
	cfg.MaxConns = *maxConns
	logger := log.New(stderr, "cbec-service: ", log.LstdFlags)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		logger.Print(err)
		return 1
	}
	if err := serve(ctx, ln, newMux(policy.Default()), logger, cfg); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}

// serve serves h on ln until ctx is done, then shuts down gracefully: the
// requests in flight get cfg.ShutdownTimeout to finish, and the connections
// still open after it are closed. It returns an error only if serving failed.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger, cfg config) error {
	ll := newLimitListener(ln, cfg.MaxConns)
	srv := &http.Server{
		Handler:                      h,
		ReadHeaderTimeout:            cfg.ReadHeaderTimeout,
		ReadTimeout:                  cfg.ReadTimeout,
		WriteTimeout:                 cfg.WriteTimeout,
		IdleTimeout:                  cfg.IdleTimeout,
		MaxHeaderBytes:               cfg.MaxHeaderBytes,
		DisableGeneralOptionsHandler: true, // "OPTIONS *" gets the JSON 404 too
		ConnState:                    ll.track,
		ErrorLog:                     logger,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ll) }()
	logger.Printf("listening on http://%s (data version %s)", ln.Addr(), cbec.DataVersion)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Printf("requests still running after %v: closing their connections", cfg.ShutdownTimeout)
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Print("stopped")
	return nil
}

// newMux returns the service's routes over engine e.
//
// It routes by itself rather than with an [http.ServeMux], whose own replies
// (404, 405, redirects of unclean paths, CONNECT) are plain text or HTML.
func newMux(e *policy.Engine) http.Handler {
	s := &server{e: e}
	return &router{routes: map[string]http.HandlerFunc{
		"/v1/decision": s.decision,
		"/v1/timeline": s.timeline,
		"/v1/cities":   s.cities,
		"/healthz":     s.healthz,
	}}
}

// A router serves its routes for GET and HEAD and answers everything else
// with a JSON error.
type router struct {
	routes map[string]http.HandlerFunc
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	h, ok := rt.routes[r.URL.Path]
	switch {
	case !ok:
		writeError(w, apiError{status: http.StatusNotFound, Code: "not_found", Error: "no route " + quote(r.URL.Path)})
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, apiError{status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Error: "method " + quote(r.Method) + " not allowed on " + r.URL.Path + "; use GET or HEAD"})
	case r.ContentLength != 0:
		// Closing the connection spares reading a body no route takes.
		w.Header().Set("Connection", "close")
		writeError(w, apiError{status: http.StatusRequestEntityTooLarge, Code: "body_not_allowed",
			Error: "a request body is not allowed"})
	case len(r.URL.RawQuery) > maxQuery:
		writeError(w, apiError{status: http.StatusRequestURITooLong, Code: "query_too_long",
			Error: fmt.Sprintf("the query has %d bytes; at most %d are allowed", len(r.URL.RawQuery), maxQuery)})
	case r.Method == http.MethodHead:
		// The route exists and the service is up: that is all HEAD tells.
		w.Header().Set("Content-Type", jsonType)
		w.WriteHeader(http.StatusOK)
	default:
		h(w, r)
	}
}

type server struct {
	e *policy.Engine
}

// A span is one period of a timeline.
type span struct {
	From    cbec.Date      `json:"from,omitzero"`  // absent: since before the data begins
	Until   cbec.Date      `json:"until,omitzero"` // absent: open-ended
	Verdict policy.Verdict `json:"verdict"`
	Reason  string         `json:"reason"`
	Basis   []cbec.Source  `json:"basis"`
}

// spanOf returns the reply's row for sp. It is the one place that reads a
// decision's fields.
func spanOf(sp policy.Span) span {
	return span{
		From:    sp.Period.From,
		Until:   sp.Period.Until,
		Verdict: sp.Verdict,
		Reason:  sp.Decision.Reason(),
		Basis:   sp.Decision.Basis(),
	}
}

// A city is a city in a list.
type city struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

func cityOf(c zones.City) city { return city{c.Code, c.Name, c.NameEN} }

func (s *server) decision(w http.ResponseWriter, r *http.Request) {
	q, ok := params(w, r, "city", "date", "mode")
	if !ok {
		return
	}
	date, ok := parseDate(w, q["date"])
	if !ok {
		return
	}
	mode, ok := parseMode(w, q["mode"])
	if !ok {
		return
	}
	if !cityLength(w, q["city"]) {
		return
	}
	d, err := s.e.Permitted(q["city"], date, mode)
	if err != nil {
		lookupError(w, q["city"], err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *server) timeline(w http.ResponseWriter, r *http.Request) {
	q, ok := params(w, r, "city", "mode")
	if !ok {
		return
	}
	mode, ok := parseMode(w, q["mode"])
	if !ok {
		return
	}
	c, ok := s.lookup(w, q["city"])
	if !ok {
		return
	}
	spans := []span{}
	for _, sp := range s.e.Timeline(c, mode) {
		spans = append(spans, spanOf(sp))
	}
	writeJSON(w, http.StatusOK, struct {
		City  zones.City `json:"city"`
		Mode  trade.Mode `json:"mode"`
		Spans []span     `json:"spans"`
	}{c, mode, spans})
}

func (s *server) cities(w http.ResponseWriter, r *http.Request) {
	q, ok := params(w, r, "date", "mode")
	if !ok {
		return
	}
	date, ok := parseDate(w, q["date"])
	if !ok {
		return
	}
	mode, ok := parseMode(w, q["mode"])
	if !ok {
		return
	}
	list := []city{}
	for c := range s.e.Cities(date, mode) {
		list = append(list, cityOf(c))
	}
	writeJSON(w, http.StatusOK, struct {
		Date   cbec.Date  `json:"date"`
		Mode   trade.Mode `json:"mode"`
		Cities []city     `json:"cities"`
	}{date, mode, list})
}

func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "data_version": cbec.DataVersion})
}

// params returns the query parameters named, or writes a 400 error and
// reports false when the query is malformed or one is missing or empty.
func params(w http.ResponseWriter, r *http.Request, names ...string) (map[string]string, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		// The error quotes at most the bad escape, not the query.
		writeError(w, apiError{status: http.StatusBadRequest, Code: "invalid_query", Error: "invalid query: " + err.Error()})
		return nil, false
	}
	m := make(map[string]string, len(names))
	for _, n := range names {
		v := q.Get(n)
		if v == "" {
			writeError(w, apiError{status: http.StatusBadRequest, Code: "missing_parameter", Error: "missing parameter " + n})
			return nil, false
		}
		m[n] = v
	}
	return m, true
}

func parseDate(w http.ResponseWriter, v string) (cbec.Date, bool) {
	if len(v) <= maxParam {
		if d, err := cbec.ParseDate(v); err == nil {
			return d, true
		}
	}
	writeError(w, apiError{status: http.StatusBadRequest, Code: "invalid_date",
		Error: fmt.Sprintf("%v %s: want YYYY-MM-DD, a real calendar date", cbec.ErrInvalidDate, quote(v))})
	return cbec.Date{}, false
}

func parseMode(w http.ResponseWriter, v string) (trade.Mode, bool) {
	if len(v) <= maxParam {
		if m, err := trade.ParseMode(v); err == nil {
			return m, true
		}
	}
	writeError(w, apiError{status: http.StatusBadRequest, Code: "invalid_mode",
		Error: fmt.Sprintf("%v %s: want a code (1210, 9610-export …), a constant name (BondedImport …) or a Chinese name (网购保税进口 …)",
			trade.ErrUnknownMode, quote(v))})
	return 0, false
}

// lookup resolves a city name, or writes a 400 error with the candidates the
// name could mean.
func (s *server) lookup(w http.ResponseWriter, v string) (zones.City, bool) {
	if !cityLength(w, v) {
		return zones.City{}, false
	}
	c, err := s.e.Registry().Lookup(v)
	if err != nil {
		lookupError(w, v, err)
		return zones.City{}, false
	}
	return c, true
}

// cityLength writes a 400 error and reports false if the city name v is too
// long to look up.
func cityLength(w http.ResponseWriter, v string) bool {
	if len(v) <= maxParam {
		return true
	}
	writeError(w, apiError{status: http.StatusBadRequest, Code: "unknown_city",
		Error: fmt.Sprintf("unknown city %s: longer than %d bytes", quote(v), maxParam)})
	return false
}

// lookupError writes the error err of looking up the city name v: 400 with
// the candidates for an unknown or ambiguous city, 500 for anything else.
func lookupError(w http.ResponseWriter, v string, err error) {
	e := apiError{status: http.StatusBadRequest}
	switch {
	case errors.Is(err, zones.ErrAmbiguousCity):
		e.Code, e.Error = "ambiguous_city", "ambiguous city "+quote(v)
	case errors.Is(err, zones.ErrUnknownCity):
		e.Code, e.Error = "unknown_city", "unknown city "+quote(v)
	default:
		writeError(w, apiError{status: http.StatusInternalServerError, Code: "internal_error", Error: "internal error: cannot decide"})
		return
	}
	var le *zones.LookupError
	if errors.As(err, &le) {
		for i, c := range le.Candidates {
			if i == maxCandidates {
				break
			}
			e.Candidates = append(e.Candidates, cityOf(c))
		}
		e.Hint = le.Hint
	}

	if len(e.Candidates) > 0 {
		names := make([]string, len(e.Candidates))
		for i, c := range e.Candidates {
			names[i] = c.Name + " (" + c.Code + ")"
		}
		if e.Code == "ambiguous_city" {
			e.Error += ": could be " + strings.Join(names, ", ")
		} else {
			e.Error += "; did you mean " + strings.Join(names, ", ")
		}
	}
	if e.Hint != "" {
		e.Error += "; " + e.Hint
	}
	writeError(w, e)
}

// An apiError is the body of an error reply.
type apiError struct {
	status     int
	Error      string `json:"error"`
	Code       string `json:"code"`
	Candidates []city `json:"candidates,omitempty"`
	Hint       string `json:"hint,omitempty"`
}

// quote quotes s for an error message, cut to maxQuoted characters (an
// invalid byte counts as one) followed by "…".
func quote(s string) string {
	n, i := 0, 0
	for i < len(s) && n < maxQuoted {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i < len(s) {
		return strconv.Quote(s[:i]) + "…"
	}
	return strconv.Quote(s)
}

func writeError(w http.ResponseWriter, e apiError) {
	writeJSON(w, e.status, e)
}

// jsonType is the Content-Type of every reply.
const jsonType = "application/json; charset=utf-8"

// writeJSON writes v as the JSON body of a reply with status. HTML
// characters (<, >, &) are escaped as JSON allows, so that no reply can be
// read as markup.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error: cannot encode the response","code":"internal_error"}` + "\n")
	}
	w.Header().Set("Content-Type", jsonType)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// A limitListener caps the connections open at once and hands out conns
// that turn net/http's own plain-text error replies into JSON.
type limitListener struct {
	net.Listener
	sem  chan struct{} // nil: no cap
	done chan struct{}
	once sync.Once

	mu   sync.Mutex
	idle map[net.Conn]time.Time // keep-alive connections between requests
}

func newLimitListener(ln net.Listener, max int) *limitListener {
	l := &limitListener{Listener: ln, done: make(chan struct{}), idle: make(map[net.Conn]time.Time)}
	if max > 0 {
		l.sem = make(chan struct{}, max)
	}
	return l
}

// Accept accepts a connection and, at the cap, waits for a free slot,
// closing the oldest idle keep-alive connection to make one.
func (l *limitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil || l.sem == nil {
		return c, err
	}
	select {
	case l.sem <- struct{}{}:
		return &conn{Conn: c, l: l}, nil
	default:
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		l.closeOldestIdle()
		select {
		case l.sem <- struct{}{}:
			return &conn{Conn: c, l: l}, nil
		case <-l.done:
			c.Close()
			return nil, net.ErrClosed
		case <-tick.C:
			// Connections busy a moment ago may be idle now.
		}
	}
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

func (l *limitListener) release() {
	if l.sem != nil {
		<-l.sem
	}
}

// track follows the connections' states, as an [http.Server.ConnState] hook.
func (l *limitListener) track(c net.Conn, st http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st == http.StateIdle {
		l.idle[c] = time.Now()
	} else {
		delete(l.idle, c)
	}
}

func (l *limitListener) closeOldestIdle() {
	l.mu.Lock()
	var oldest net.Conn
	var t time.Time
	for c, since := range l.idle {
		if oldest == nil || since.Before(t) {
			oldest, t = c, since
		}
	}
	delete(l.idle, oldest)
	l.mu.Unlock()
	if oldest != nil {
		oldest.Close()
	}
}

// A conn is an accepted connection. Closing it frees its slot.
type conn struct {
	net.Conn
	l    *limitListener
	once sync.Once
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.l.release)
	return err
}

// CloseWrite lets net/http half-close the connection after an error reply,
// as it does for a bare TCP connection.
func (c *conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// cannedHeaders follow the status line of the replies net/http writes by
// itself, before any handler runs, to a request it cannot read (431 for
// headers over MaxHeaderBytes, 400 for a malformed request, 501 for an
// unknown transfer encoding, 505 …). Each is one Write of the whole reply.
const cannedHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// Write rewrites a canned net/http error reply into JSON and passes
// anything else through. Replies from the handlers never match: their
// Content-Type is JSON and they carry a Date header.
func (c *conn) Write(p []byte) (int, error) {
	if rewritten, ok := jsonCanned(p); ok {
		if _, err := c.Conn.Write(rewritten); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// jsonCanned returns the JSON form of a canned net/http error reply p.
func jsonCanned(p []byte) ([]byte, bool) {
	const proto = "HTTP/1.1 "
	if !bytes.HasPrefix(p, []byte(proto)) {
		return nil, false
	}
	i := bytes.Index(p, []byte(cannedHeaders))
	if i < 0 || bytes.Contains(p[:i], []byte("\r\n")) {
		return nil, false
	}
	statusLine := string(p[len(proto):i])
	status, err := strconv.Atoi(strings.SplitN(statusLine, " ", 2)[0])
	if err != nil || status < 400 || status > 599 {
		return nil, false
	}
	code := "bad_request"
	switch status {
	case http.StatusRequestHeaderFieldsTooLarge:
		code = "header_too_large"
	case http.StatusNotImplemented:
		code = "not_implemented"
	case http.StatusHTTPVersionNotSupported:
		code = "http_version_not_supported"
	}
	msg := string(p[i+len(cannedHeaders):])
	msg = strings.TrimPrefix(msg, strconv.Itoa(status)+" ") // "431 Request Header …"
	if len(msg) > 256 {
		msg = msg[:256]
	}
	body, _ := json.Marshal(apiError{Error: strings.ToValidUTF8(msg, "\uFFFD"), Code: code})
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s\n",
		proto, statusLine, jsonType, len(body)+1, body)
	return b.Bytes(), true
}
