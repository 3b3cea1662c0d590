package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
)

// TestREADME runs the command that examples/README.md documents and checks
// that the README shows its current output (go test -update rewrites it).
func TestREADME(t *testing.T) {
	const readme = "../README.md"
	blocks := readmetest.Find(t, readme, "## batchcheck")
	if len(blocks) < 3 || blocks[0].Lang != "sh" || blocks[1].Lang != "text" || blocks[2].Lang != "text" {
		t.Fatalf("%s: want a sh block with the command, then text blocks with its output and standard error", readme)
	}
	// printf '<input>' | go run ./examples/batchcheck
	cmd := strings.TrimSpace(blocks[0].Text)
	arg, ok := strings.CutPrefix(cmd, "printf '")
	if ok {
		arg, ok = strings.CutSuffix(arg, "' | go run ./examples/batchcheck")
	}
	if !ok || strings.Contains(arg, "'") {
		t.Fatalf("%s: command %q is not printf '…' | go run ./examples/batchcheck", readme, cmd)
	}
	input, err := strconv.Unquote(`"` + strings.ReplaceAll(arg, `"`, `\"`) + `"`)
	if err != nil {
		t.Fatalf("printf argument %q: %v", arg, err)
	}
	var stdout, stderr bytes.Buffer
	code := run(nil, strings.NewReader(input), &stdout, &stderr)
	readmetest.Check(t, readme, blocks[1], stdout.String())
	readmetest.Check(t, readme, blocks[2], stderr.String())
	src, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 || !strings.Contains(string(src), "and exits with status 1.") {
		t.Errorf("exit status %d; the README says 1", code)
	}
}
