package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
)

// Content types of the replies.
const (
	jsonType   = "application/json; charset=utf-8"
	schemaType = "application/schema+json"
	htmlType   = "text/html; charset=utf-8"
	svgType    = "image/svg+xml"
	// metricsType is the Prometheus text format, version 0.0.4.
	metricsType = "text/plain; version=0.0.4; charset=utf-8"
)

// Header values shared by every reply that sends them. A handler assigns
// these slices to the header map instead of calling Header.Set, which
// allocates; nothing in net/http modifies a header value in place.
var (
	hvJSON      = []string{jsonType}
	hvNosniff   = []string{"nosniff"}
	hvNoStore   = []string{"no-store"}
	hvVaryOrig  = []string{"Origin"}
	hvAllow     = []string{"GET, HEAD, OPTIONS"}
	hvLangEN    = []string{"en"}
	hvLangZH    = []string{"zh"}
	hvClose     = []string{"close"}
	hvAnyOrigin = []string{"*"}
	hvExpose    = []string{"ETag, Content-Language"}
	hvMethods   = []string{"GET, HEAD"}
	hvAllowHdrs = []string{"Accept, Accept-Language, If-None-Match"}
	hvMaxAge    = []string{"600"}
)

// settings are what the program's flags tell the handler.
type settings struct {
	log     *slog.Logger  // request logs; nil for none
	origins origins       // allowed CORS origins
	maxAge  time.Duration // Cache-Control max-age of a data reply
}

// A routeID names a route.
type routeID int

// The routes, in the order of their metrics.
const (
	rPage routeID = iota
	rOpenAPI
	rSchema
	rDecision
	rTimeline
	rCities
	rCandidates
	rModes
	rCoverage
	rCoverageSVG
	rHealthz
	rMetrics
	numRoutes
	rNone routeID = -1
)

// A route is one path the service answers.
type route struct {
	id    routeID
	path  string
	ctype string // of a 200 reply
	// params are the query parameters the route takes; strict routes
	// reject others, the rest ignore the query.
	params []string
	strict bool
}

// routes are the routes, by routeID.
var routes = [numRoutes]route{
	{id: rPage, path: "/", ctype: htmlType},
	{id: rOpenAPI, path: "/openapi.json", ctype: jsonType},
	{id: rSchema, path: "/decision.schema.json", ctype: schemaType},
	{id: rDecision, path: "/v1/decision", ctype: jsonType, strict: true, params: []string{"city", "date", "mode"}},
	{id: rTimeline, path: "/v1/timeline", ctype: jsonType, strict: true, params: []string{"city", "mode"}},
	{id: rCities, path: "/v1/cities", ctype: jsonType, strict: true, params: []string{"date", "mode", "verdict"}},
	{id: rCandidates, path: "/v1/candidates", ctype: jsonType, strict: true, params: []string{"q"}},
	{id: rModes, path: "/v1/modes", ctype: jsonType, strict: true},
	{id: rCoverage, path: "/v1/coverage", ctype: jsonType, strict: true, params: []string{"mode"}},
	{id: rCoverageSVG, path: "/v1/coverage.svg", ctype: svgType, strict: true, params: []string{"mode"}},
	{id: rHealthz, path: "/healthz", ctype: jsonType},
	{id: rMetrics, path: "/metrics", ctype: metricsType},
}

// routeOf returns the route at path, or rNone. A switch finds it without
// hashing the path.
func routeOf(path string) routeID {
	switch path {
	case "/v1/decision":
		return rDecision
	case "/v1/timeline":
		return rTimeline
	case "/v1/cities":
		return rCities
	case "/v1/candidates":
		return rCandidates
	case "/v1/modes":
		return rModes
	case "/v1/coverage":
		return rCoverage
	case "/v1/coverage.svg":
		return rCoverageSVG
	case "/":
		return rPage
	case "/openapi.json":
		return rOpenAPI
	case "/decision.schema.json":
		return rSchema
	case "/healthz":
		return rHealthz
	case "/metrics":
		return rMetrics
	}
	return rNone
}

// A handler serves the routes and does what every request needs: CORS,
// caching headers, metrics and the request log.
type handler struct {
	s       *server
	routes  map[string]*route // by path, for tests
	log     *slog.Logger
	origins origins
	// cache is the Cache-Control of a cacheable reply.
	cache   []string
	metrics *metrics
}

// newHandler returns the service over engine e.
//
// It routes by itself rather than with an [http.ServeMux], whose own replies
// (404, 405, redirects of unclean paths, CONNECT) are plain text or HTML.
func newHandler(e *policy.Engine, st settings) *handler {
	if st.log == nil {
		st.log = slog.New(slog.DiscardHandler)
	}
	s := newServer(e)
	h := &handler{
		s:       s,
		log:     st.log,
		origins: st.origins,
		cache:   []string{"public, max-age=" + strconv.Itoa(int(st.maxAge/time.Second))},
		routes:  map[string]*route{},
	}
	names := make([]string, numRoutes)
	for i := range routes {
		if routeOf(routes[i].path) != routes[i].id || routes[i].id != routeID(i) {
			panic("cbec-service: the route table and routeOf disagree on " + routes[i].path)
		}
		h.routes[routes[i].path] = &routes[i]
		names[i] = routes[i].path
	}
	h.metrics = newMetrics(names, s.replies)
	return h
}

// serve answers a GET of route id with query parameters p.
func (h *handler) serve(x *exchange, r *http.Request, id routeID, p *params) {
	s := h.s
	switch id {
	case rPage, rOpenAPI, rSchema:
		x.writeStatic(s.static[id])
	case rDecision:
		s.decision(x, r, p)
	case rTimeline:
		s.timeline(x, p)
	case rCities:
		s.cities(x, p)
	case rCandidates:
		s.candidates(x, p)
	case rModes:
		x.writeStatic(s.modeList)
	case rCoverage, rCoverageSVG:
		s.coverage(x, p, id == rCoverageSVG)
	case rHealthz:
		s.healthz(x)
	case rMetrics:
		h.serveMetrics(x)
	}
}

// An exchange is one request's reply as it is written, and what the log
// tells of it. A handler writes through it.
type exchange struct {
	http.ResponseWriter
	h      *handler
	req    *http.Request
	status int
	n      int64
	zh     bool   // the error message in Chinese
	city   string // the code of the city decided for
	// verdict of a decision; code of an error
	verdict, code string
}

func (x *exchange) WriteHeader(status int) {
	if x.status == 0 {
		x.status = status
	}
	x.ResponseWriter.WriteHeader(status)
}

func (x *exchange) Write(p []byte) (int, error) {
	if x.status == 0 {
		x.status = http.StatusOK
	}
	n, err := x.ResponseWriter.Write(p)
	x.n += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the connection's writer.
func (x *exchange) Unwrap() http.ResponseWriter { return x.ResponseWriter }

// maxLogged bounds the method and path a log line quotes.
const maxLogged = 128

// clock0 is the origin of the service's monotonic clock: a request's
// duration is the difference of two readings of time.Since(clock0), each of
// which reads only the monotonic clock (time.Now reads the wall clock too,
// and costs about twice as much).
var clock0 = time.Now()

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Since(clock0)
	// The exchange stays on the stack: nothing keeps it.
	x := exchange{ResponseWriter: w, h: h, req: r}
	id := routeOf(r.URL.Path)
	defer h.finish(&x, id, start)
	hdr := w.Header()
	hdr["X-Content-Type-Options"] = hvNosniff
	h.cors(hdr, r)
	switch {
	case id == rNone:
		x.fail(errNotFound(r.URL.Path))
	case r.Method == http.MethodOptions:
		h.options(&x, hdr, r)
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		hdr["Allow"] = hvAllow
		x.fail(errMethod(r.Method, r.URL.Path))
	case r.ContentLength != 0:
		// Closing the connection spares reading a body no route takes.
		hdr["Connection"] = hvClose
		x.fail(errBody())
	case len(r.URL.RawQuery) > maxQuery:
		x.fail(errQueryTooLong(len(r.URL.RawQuery)))
	case r.Method == http.MethodHead:
		// The route exists and the service is up: that is all HEAD tells.
		hdr["Content-Type"] = []string{routes[id].ctype}
		x.WriteHeader(http.StatusOK)
	case id == rDecision && h.s.decisionKept(&x, r):
		// A query answered before.
	default:
		var p params
		if rt := &routes[id]; rt.strict {
			if e := parseQuery(r.URL.RawQuery, rt.path, rt.params, &p); e != nil {
				x.fail(e)
				return
			}
		}
		h.serve(&x, r, id, &p)
	}
}

// finish recovers from a handler's panic, then counts and logs the
// request.
func (h *handler) finish(x *exchange, id routeID, start time.Duration) {
	v := recover()
	if v != nil && v != http.ErrAbortHandler {
		v = h.recovered(x, v)
	}
	h.done(x, id, start)
	if v != nil {
		panic(v) // net/http closes the connection
	}
}

// recovered answers a request whose handler panicked with v: 500 if
// nothing was written yet, and nil; if something was, the reply cannot be
// mended, and it returns http.ErrAbortHandler to cut the connection.
func (h *handler) recovered(x *exchange, v any) any {
	buf := make([]byte, 4<<10)
	buf = buf[:runtime.Stack(buf, false)]
	h.log.Error("panic", "path", cut(x.req.URL.Path), "panic", fmt.Sprint(v), "stack", string(buf))
	if x.status != 0 {
		return http.ErrAbortHandler
	}
	x.fail(errInternal())
	return nil
}

// done counts and logs the request.
func (h *handler) done(x *exchange, id routeID, start time.Duration) {
	d := time.Since(clock0) - start
	status := x.status
	if status == 0 {
		status = http.StatusOK
	}
	metric := int(numRoutes) // "other"
	if id != rNone {
		metric = int(id)
	}
	h.metrics.observe(metric, status, d)
	r := x.req
	if !h.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := [9]slog.Attr{
		slog.String("method", cut(r.Method)),
		slog.String("path", cut(r.URL.Path)),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Nanoseconds())/1e6),
		slog.Int64("bytes", x.n),
	}
	n := 5
	if x.city != "" {
		attrs[n] = slog.String("city", x.city)
		n++
	}
	if x.verdict != "" {
		attrs[n] = slog.String("verdict", x.verdict)
		n++
	}
	if x.code != "" {
		attrs[n] = slog.String("code", x.code)
		n++
	}
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs[:n]...)
}

// cut cuts s to maxLogged bytes, for a log line.
func cut(s string) string {
	if len(s) > maxLogged {
		return strings.ToValidUTF8(s[:maxLogged], "") + "…"
	}
	return s
}

// options answers OPTIONS: the methods allowed and, to a CORS preflight
// from an allowed origin, what it may send.
func (h *handler) options(x *exchange, hdr http.Header, r *http.Request) {
	hdr["Allow"] = hvAllow
	if hdr["Access-Control-Allow-Origin"] != nil && r.Header.Get("Access-Control-Request-Method") != "" {
		hdr["Access-Control-Allow-Methods"] = hvMethods
		hdr["Access-Control-Allow-Headers"] = hvAllowHdrs
		hdr["Access-Control-Max-Age"] = hvMaxAge
	}
	x.WriteHeader(http.StatusNoContent)
}

// cors writes the CORS headers of a request from an allowed origin.
func (h *handler) cors(hdr http.Header, r *http.Request) {
	if h.origins.none() {
		return
	}
	if !h.origins.any {
		hdr["Vary"] = hvVaryOrig
	}
	o := r.Header["Origin"]
	if len(o) != 1 || !h.origins.allows(o[0]) {
		return
	}
	if h.origins.any {
		hdr["Access-Control-Allow-Origin"] = hvAnyOrigin
	} else {
		hdr["Access-Control-Allow-Origin"] = o
	}
	hdr["Access-Control-Expose-Headers"] = hvExpose
}

// origins are the origins allowed to read the API's replies in a browser.
type origins struct {
	any  bool     // "*": every origin
	list []string // lower case, as scheme://host[:port]
}

func (o origins) none() bool { return !o.any && len(o.list) == 0 }

func (o origins) allows(origin string) bool {
	if o.any {
		return true
	}
	for _, a := range o.list {
		if strings.EqualFold(a, origin) {
			return true
		}
	}
	return false
}

// parseOrigins reads a comma-separated list of origins
// (https://app.example.com, http://localhost:3000) or "*".
func parseOrigins(s string) (origins, error) {
	var o origins
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			continue
		case f == "*":
			o.any = true
			continue
		}
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return origins{}, fmt.Errorf("%s is not an origin: want scheme://host[:port], such as https://app.example.com", quote(f))
		}
		o.list = append(o.list, strings.ToLower(f))
	}
	return o, nil
}

// fail writes the error reply of e, in the language the request prefers.
func (x *exchange) fail(e *apiError) {
	x.code = e.code
	hdr := x.Header()
	hdr["Cache-Control"] = hvNoStore
	x.zh = prefersChinese(x.req.Header.Get("Accept-Language"))
	if x.zh {
		hdr["Content-Language"] = hvLangZH
	} else {
		hdr["Content-Language"] = hvLangEN
	}
	x.writeJSON(e.status, e.body(x.zh), false)
}

// bufPool holds the buffers replies are encoded in.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON writes v as the JSON body of a reply with status, cacheable or
// not. HTML characters (<, >, &) are escaped as JSON allows, so that no
// reply can be read as markup.
func (x *exchange) writeJSON(status int, v any, cacheable bool) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		status, cacheable = http.StatusInternalServerError, false
		x.code = codeInternal
		buf.Reset()
		buf.WriteString(`{"error":"internal error: cannot encode the reply","code":"internal_error"}` + "\n")
	}
	x.write(status, hvJSON, buf.Bytes(), cacheable)
}

// write writes body with status and Content-Type ctype; a cacheable reply
// gets an ETag and Cache-Control, and 304 when the request's If-None-Match
// has its ETag.
func (x *exchange) write(status int, ctype []string, body []byte, cacheable bool) {
	var etag []string
	if cacheable {
		etag = []string{etagOf(body)}
	}
	x.writeParts(status, ctype, []string{strconv.Itoa(len(body))}, etag, body, nil, nil)
}

// writeParts writes a reply whose body is the concatenation of parts.
func (x *exchange) writeParts(status int, ctype, length, etag []string, a, b, c []byte) {
	hdr := x.Header()
	if etag != nil {
		hdr["Etag"] = etag
		hdr["Cache-Control"] = x.h.cache
		if inm := x.req.Header["If-None-Match"]; inm != nil && etagMatches(inm, etag[0]) {
			x.WriteHeader(http.StatusNotModified)
			return
		}
	} else if hdr["Cache-Control"] == nil {
		hdr["Cache-Control"] = hvNoStore
	}
	hdr["Content-Type"] = ctype
	hdr["Content-Length"] = length
	x.WriteHeader(status)
	if x.req.Method == http.MethodHead {
		return
	}
	x.Write(a)
	if b != nil {
		x.Write(b)
	}
	if c != nil {
		x.Write(c)
	}
}

// etagOf returns the strong ETag of a reply body: the data version and a
// hash of the body, which is all the request selects.
func etagOf(body []byte) string {
	h := fnv.New64a()
	h.Write(body)
	return etagString(h.Sum64())
}

func etagString(sum uint64) string {
	return fmt.Sprintf(`"%s-%016x"`, cbec.DataVersion, sum)
}

// etagMatches reports whether the If-None-Match values inm name etag, by
// the weak comparison RFC 9110 prescribes for If-None-Match, or are "*".
func etagMatches(inm []string, etag string) bool {
	for _, v := range inm {
		for v != "" {
			var t string
			t, v, _ = strings.Cut(v, ",")
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
	}
	return false
}
