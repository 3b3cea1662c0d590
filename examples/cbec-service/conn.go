package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

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
	body, _ := json.Marshal(errorBody{Error: strings.ToValidUTF8(msg, "\uFFFD"), Code: code})
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s\n",
		proto, statusLine, jsonType, len(body)+1, body)
	return b.Bytes(), true
}
