package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/tradepolicy/cbec/policy"
)

// loopbackClients is how many clients BenchmarkLoopback runs at once.
const loopbackClients = 16

// BenchmarkLoopback measures requests per second over 127.0.0.1, 16 clients
// at once on keep-alive connections, against two servers:
//
//   - bare: a net/http server whose handler writes a static body of the
//     size of the decision's reply (staticHandler), with no limits;
//   - service: the service as the program serves it (serve: timeouts, the
//     connection cap, net/http's own replies in JSON) with its handler,
//     request logs in JSON (to io.Discard) and metrics, answering
//     /v1/decision?city=杭州&date=2019-03-01&mode=1210.
//
// Run the pair for a bounded count, several times in a loop so that the
// runs interleave, for instance ten times
//
//	go test -run '^$' -bench Loopback -benchtime 20000x ./examples/cbec-service
//
// The clients run on the same cores as the server, as they would on one
// machine: the figure is the pair's, and only the ratio of the two servers
// is meaningful.
func BenchmarkLoopback(b *testing.B) {
	size := len(decisionReply(b))
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	for _, tc := range []struct {
		name    string
		h       http.Handler
		service bool
	}{
		{"bare", staticHandler(size), false},
		{"service", newHandler(policy.Default(), settings{log: logger, maxAge: time.Hour}), true},
	} {
		b.Run("server="+tc.name, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			if tc.service {
				go func() { done <- serve(ctx, ln, tc.h, slog.New(slog.DiscardHandler), defaults) }()
			} else {
				srv := &http.Server{Handler: tc.h}
				go func() { done <- srv.Serve(ln) }()
				go func() { <-ctx.Done(); srv.Close() }()
			}
			defer func() { cancel(); <-done }()
			tr := &http.Transport{MaxIdleConnsPerHost: loopbackClients, MaxConnsPerHost: loopbackClients, DisableCompression: true}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
			target := "http://" + ln.Addr().String() + benchTarget
			get := func() error {
				resp, err := client.Get(target)
				if err != nil {
					return err
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err == nil && (resp.StatusCode != 200 || int(n) != size) {
					b.Errorf("%d, %d bytes", resp.StatusCode, n)
				}
				return err
			}
			for range loopbackClients { // warm: the reply kept, the connections open
				if err := get(); err != nil {
					b.Fatal(err)
				}
			}
			b.SetParallelism((loopbackClients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := get(); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
