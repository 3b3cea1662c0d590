package trade

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoFloat fails if a non-test Go file of the package mentions a binary
// floating-point type: money and rates must stay decimal.
func TestNoFloat(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, bad := range []string{"float" + "64", "float" + "32", "Float" + "64", "Float" + "32"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s mentions %s", f, bad)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("checked only %d files", checked)
	}
}
