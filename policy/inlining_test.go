package policy

import (
	"os/exec"
	"regexp"
	"testing"
)

// TestInlining checks that the hot path stays small enough for the
// compiler to inline, as net/netip's inlining test does: a Decision is read
// like an int only while these calls cost nothing.
func TestInlining(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the package with -gcflags=-m")
	}
	out, err := exec.Command("go", "build", "-gcflags=-m", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	inlined := map[string]bool{}
	for _, m := range regexp.MustCompile(`can inline (\S+)`).FindAllSubmatch(out, -1) {
		inlined[string(m[1])] = true
	}
	for _, f := range []string{
		"(*Engine).Decide",
		"(*Engine).find",
		"Decide",
		"Decision.Verdict",
		"Decision.Permitted",
		"Decision.index",
		"ymd",
	} {
		if !inlined[f] {
			t.Errorf("%s is no longer inlined", f)
		}
	}
}
