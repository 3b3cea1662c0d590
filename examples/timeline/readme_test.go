package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
)

// TestREADME runs the first command that examples/README.md documents and
// checks that the README shows the first lines of its current output (go
// test -update rewrites them), and that the other commands run.
func TestREADME(t *testing.T) {
	const readme = "../README.md"
	blocks := readmetest.Find(t, readme, "## timeline")
	if len(blocks) < 2 || blocks[0].Lang != "sh" || blocks[1].Lang != "text" {
		t.Fatalf("%s: want a sh block with the commands, then a text block with the first one's output", readme)
	}
	for i, cmd := range blocks[0].Lines() {
		args, ok := strings.CutPrefix(cmd, "go run ./examples/timeline")
		if !ok {
			t.Fatalf("%s: command %q is not go run ./examples/timeline …", readme, cmd)
		}
		var stdout, stderr bytes.Buffer
		if code := run(strings.Fields(args), &stdout, &stderr); code != 0 {
			t.Errorf("%s: status %d, stderr: %s", cmd, code, stderr.String())
		}
		if i == 0 {
			readmetest.Check(t, readme, blocks[1], stdout.String())
		}
	}
}
