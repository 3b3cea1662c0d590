package cbec_test

import (
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
)

// TestSnippets checks that every Go snippet of the README and of the
// package documentation is the code of an Example function, which go test
// compiles, runs and checks against its output.
func TestSnippets(t *testing.T) {
	readmetest.CheckSnippets(t, []string{"README.md", "doc.go", "policy/doc.go", "zones/doc.go", "trade/doc.go"},
		".", "policy", "zones", "trade")
}
