package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
	"github.com/tradepolicy/cbec/policy"
)

// TestREADME sends the requests that examples/README.md shows with curl and
// checks that it shows the current answers (go test -update rewrites them).
func TestREADME(t *testing.T) {
	const readme = "../README.md"
	var shown readmetest.Block
	for _, b := range readmetest.Find(t, readme, "## cbec-service") {
		if b.Lang == "text" && strings.HasPrefix(b.Text, "$ curl") {
			shown = b
		}
	}
	if shown.Text == "" {
		t.Fatalf("%s: no text block of curl commands in the cbec-service section", readme)
	}
	srv := httptest.NewServer(newHandler(policy.Default(), settings{}))
	defer srv.Close()
	var got strings.Builder
	for _, l := range shown.Lines() {
		cmd, ok := strings.CutPrefix(l, "$ ")
		if !ok {
			continue // an answer, shown after its command
		}
		// curl -s 'http://127.0.0.1:8080/v1/…'
		u, ok := strings.CutPrefix(cmd, "curl -s 'http://127.0.0.1:8080")
		if ok {
			u, ok = strings.CutSuffix(u, "'")
		}
		if !ok {
			t.Fatalf("%s: command %q is not curl -s 'http://127.0.0.1:8080/…'", readme, cmd)
		}
		resp, err := srv.Client().Get(srv.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString(l + "\n")
		got.Write(body)
	}
	readmetest.Check(t, readme, shown, got.String())
}
