// Service is a small JSON web service over the embedded policy data.
//
//	service [-addr 127.0.0.1:8080]
//
// Routes (all GET):
//
//	/v1/decision?city=杭州&date=2019-03-01&mode=1210  one decision, as policy.Decision
//	/v1/timeline?city=杭州&mode=1210                  the periods in which the mode was permitted (or unknown)
//	/v1/cities?date=2021-04-01&mode=1210              the cities for which the mode was permitted that day
//	/healthz                                          liveness, with the data version
//
// Bad input (a missing parameter, a bad date, mode or city) gets status 400
// and a body {"error": "…"}; an unknown route 404 and a known one with another
// method 405, both with the same body. The service stops gracefully on SIGINT
// or SIGTERM.
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
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// shutdownTimeout bounds how long in-flight requests may take to finish once
// the service is asked to stop.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stderr))
}

// run parses the flags, serves until ctx is done and returns the exit status.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("service", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "service: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	logger := log.New(stderr, "service: ", log.LstdFlags)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		logger.Print(err)
		return 1
	}
	if err := serve(ctx, ln, newMux(policy.Default()), logger); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}

// serve serves h on ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          logger,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Printf("listening on http://%s (data version %s)", ln.Addr(), cbec.DataVersion)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Print("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newMux returns the service's routes over engine e.
func newMux(e *policy.Engine) *http.ServeMux {
	s := &server{e: e}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/decision", s.decision)
	mux.HandleFunc("GET /v1/timeline", s.timeline)
	mux.HandleFunc("GET /v1/cities", s.cities)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("/", notFound)
	return mux
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

// A city is a city in a list.
type city struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

func (s *server) decision(w http.ResponseWriter, r *http.Request) {
	q, ok := params(w, r, "city", "date", "mode")
	if !ok {
		return
	}
	date, err := cbec.ParseDate(q["date"])
	if err != nil {
		badInput(w, err)
		return
	}
	mode, err := trade.ParseMode(q["mode"])
	if err != nil {
		badInput(w, err)
		return
	}
	d, err := s.e.Permitted(q["city"], date, mode)
	if err != nil {
		badInput(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *server) timeline(w http.ResponseWriter, r *http.Request) {
	q, ok := params(w, r, "city", "mode")
	if !ok {
		return
	}
	mode, err := trade.ParseMode(q["mode"])
	if err != nil {
		badInput(w, err)
		return
	}
	c, err := s.e.Registry().Lookup(q["city"])
	if err != nil {
		badInput(w, err)
		return
	}
	spans := []span{}
	for _, sp := range s.e.Timeline(c, mode) {
		spans = append(spans, span{
			From:    sp.Period.From,
			Until:   sp.Period.Until,
			Verdict: sp.Verdict,
			Reason:  sp.Decision.Reason(),
			Basis:   sp.Decision.Basis(),
		})
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
	date, err := cbec.ParseDate(q["date"])
	if err != nil {
		badInput(w, err)
		return
	}
	mode, err := trade.ParseMode(q["mode"])
	if err != nil {
		badInput(w, err)
		return
	}
	list := []city{}
	for c := range s.e.Cities(date, mode) {
		list = append(list, city{c.Code, c.Name, c.NameEN})
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

// routes are the service's paths, for telling 404 from 405.
var routes = map[string]bool{"/v1/decision": true, "/v1/timeline": true, "/v1/cities": true, "/healthz": true}

func notFound(w http.ResponseWriter, r *http.Request) {
	if routes[r.URL.Path] {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed on %s", r.Method, r.URL.Path))
		return
	}
	writeError(w, http.StatusNotFound, "no route "+r.URL.Path)
}

// params returns the query parameters named, or writes a 400 error and
// reports false when one is missing or empty.
func params(w http.ResponseWriter, r *http.Request, names ...string) (map[string]string, bool) {
	q := r.URL.Query()
	m := make(map[string]string, len(names))
	for _, n := range names {
		v := q.Get(n)
		if v == "" {
			writeError(w, http.StatusBadRequest, "missing parameter "+n)
			return nil, false
		}
		m[n] = v
	}
	return m, true
}

// badInput writes err as a 400 error if it is about the input, and as a 500
// one otherwise.
func badInput(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, zones.ErrUnknownCity),
		errors.Is(err, zones.ErrAmbiguousCity),
		errors.Is(err, cbec.ErrInvalidDate),
		errors.Is(err, trade.ErrUnknownMode):
		status = http.StatusBadRequest
	}
	writeError(w, status, err.Error())
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the & in source URLs readable
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error: cannot encode the response"}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
