// Package longtest gates the tests that take seconds: the exhaustive sweeps
// (every unit, mode and day) and the engines built at the limits. They run
// when the environment variable CBEC_LONG_TESTS is 1, as .ci/run sets it,
// and are skipped otherwise, so that go test ./... stays quick.
package longtest

import (
	"os"
	"testing"
)

// Enabled reports whether the long tests run.
func Enabled() bool { return os.Getenv("CBEC_LONG_TESTS") == "1" }

// Skip skips t unless the long tests run.
func Skip(t testing.TB) {
	t.Helper()
	if !Enabled() {
		t.Skip("a long test: CBEC_LONG_TESTS=1 runs it (.ci/run does)")
	}
}
