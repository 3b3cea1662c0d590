package trade

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/tradegen"
)

// TestTablesUpToDate regenerates tables.go from data/*.tsv in memory and fails
// if the committed file differs: run `go generate ./trade`.
func TestTablesUpToDate(t *testing.T) {
	want, err := tradegen.Generate(os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("tables.go is stale: run go generate ./trade")
	}
}

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
