// Cbec-service serves the library's decisions over HTTP: a JSON API
// described by an OpenAPI 3.1 document, and a page for people.
//
//	cbec-service [-addr 127.0.0.1:8080] [-max-conns 512] [-cors-origins ORIGINS]
//	             [-max-age 1h] [-log-format json|text] [-log-level info]
//
// Every flag has an environment variable, read when the flag is not given:
// CBEC_ADDR, CBEC_MAX_CONNS, CBEC_CORS_ORIGINS, CBEC_MAX_AGE, CBEC_LOG_FORMAT
// and CBEC_LOG_LEVEL.
//
// Routes (GET, or HEAD for the headers alone; OPTIONS for CORS preflight):
//
//	/                                                 the page: pick a city, a day and a mode
//	/openapi.json                                     the API's contract (OpenAPI 3.1)
//	/decision.schema.json                             the JSON Schema of a decision
//	/v1/decision?city=杭州&date=2019-03-01&mode=1210  one decision, as policy.Decision marshals it
//	/v1/timeline?city=杭州&mode=1210                  the periods in which the mode was allowed or unknown
//	/v1/cities?date=2021-04-01&mode=1210&verdict=…    the units with that verdict that day
//	/v1/candidates?q=朝阳                             the units a name could mean
//	/v1/modes                                         the customs supervision modes
//	/v1/coverage?mode=1210                            how many units had each verdict, day by day
//	/v1/coverage.svg?mode=1210                        the same as a picture
//	/healthz                                          liveness, with the data version
//	/metrics                                          Prometheus metrics
//
// Every error is JSON: {"error": "…", "code": "unknown_city", …}, where code
// is one of the codes of openapi.json; the message is in Chinese for a
// request whose Accept-Language prefers Chinese. Each request is logged
// (log/slog) with its method, path, status, duration and, for a decision,
// the city's code and the verdict.
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
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
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
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stderr)
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

// envPrefix starts the name of every flag's environment variable:
// -max-conns is CBEC_MAX_CONNS.
const envPrefix = "CBEC_"

// envName returns the environment variable of flag name.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// options are the program's settings, from its flags and environment.
type options struct {
	addr        string
	maxConns    int
	corsOrigins string
	origins     origins // corsOrigins, parsed
	maxAge      time.Duration
	logFormat   string
	logLevel    slog.Level
}

// parseOptions reads the flags of args, each defaulting to its environment
// variable (as lookupEnv finds it) and then to its built-in default. It
// returns false, having written why to stderr, for bad flags or values.
func parseOptions(args []string, lookupEnv func(string) (string, bool), stderr io.Writer) (options, bool) {
	var o options
	fs := flag.NewFlagSet("cbec-service", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`address` to listen on")
	fs.IntVar(&o.maxConns, "max-conns", defaults.MaxConns, "the most open connections (keep it below the descriptor limit); 0 for no cap")
	fs.StringVar(&o.corsOrigins, "cors-origins", "", "comma-separated `origins` allowed to call the API from a browser (https://app.example.com); * for any; none by default")
	fs.DurationVar(&o.maxAge, "max-age", time.Hour, "how long clients and caches may reuse a reply without asking again (Cache-Control max-age)")
	fs.StringVar(&o.logFormat, "log-format", "json", "request log `format`: json or text")
	fs.TextVar(&o.logLevel, "log-level", slog.LevelInfo, "least `level` logged: debug, info, warn or error (requests are info)")
	fs.VisitAll(func(f *flag.Flag) {
		f.Usage += " [$" + envName(f.Name) + "]"
	})
	// The environment first, so that a flag given overrides it.
	var bad []string
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := lookupEnv(envName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				bad = append(bad, fmt.Sprintf("%s=%s: %v", envName(f.Name), quote(v), err))
			}
		}
	})
	if len(bad) > 0 {
		fmt.Fprintf(stderr, "cbec-service: invalid environment: %s\n", strings.Join(bad, "; "))
		return o, false
	}
	if err := fs.Parse(args); err != nil {
		return o, false
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "cbec-service: unexpected argument %s\n", quote(fs.Arg(0)))
	case o.maxConns < 0:
		fmt.Fprintln(stderr, "cbec-service: -max-conns must not be negative")
	case o.maxAge < 0:
		fmt.Fprintln(stderr, "cbec-service: -max-age must not be negative")
	case o.logFormat != "json" && o.logFormat != "text":
		fmt.Fprintf(stderr, "cbec-service: -log-format %s: want json or text\n", quote(o.logFormat))
	default:
		var err error
		if o.origins, err = parseOrigins(o.corsOrigins); err != nil {
			fmt.Fprintf(stderr, "cbec-service: -cors-origins: %v\n", err)
			return o, false
		}
		return o, true
	}
	return o, false
}

// run parses the flags, serves until ctx is done and returns the exit status.
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), stderr io.Writer) int {
	o, ok := parseOptions(args, lookupEnv, stderr)
	if !ok {
		return 2
	}
	hopts := &slog.HandlerOptions{Level: o.logLevel}
	var lh slog.Handler = slog.NewJSONHandler(stderr, hopts)
	if o.logFormat == "text" {
		lh = slog.NewTextHandler(stderr, hopts)
	}
	logger := slog.New(lh)
	cfg := defaults
	cfg.MaxConns = o.maxConns
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		logger.Error("cannot listen", "err", err)
		return 1
	}
	h := newHandler(policy.Default(), settings{log: logger, origins: o.origins, maxAge: o.maxAge})
	if err := serve(ctx, ln, h, logger, cfg); err != nil {
		logger.Error("cannot serve", "err", err)
		return 1
	}
	return 0
}

// serve serves h on ln until ctx is done, then stops gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger, cfg config) error {
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
		ErrorLog:                     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ll) }()
	logger.Info("listening", "url", "http://"+ln.Addr().String(), "data_version", cbec.DataVersion,
		"max_conns", cfg.MaxConns)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Warn("requests still running: closing their connections", "after", cfg.ShutdownTimeout)
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
