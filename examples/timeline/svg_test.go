package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
)

// picture is the picture the README shows: 1210's coverage.
const picture = "../../docs/1210.svg"

// TestSVG draws 1210's picture with -svg and checks that the README's copy
// is current (go test -update rewrites it).
func TestSVG(t *testing.T) {
	out := filepath.Join(t.TempDir(), "1210.svg")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-mode", "1210", "-svg", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("status %d, stderr %s", code, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg ", "</svg>", "商财发〔2018〕486号", "2021-03-18", "allowed", "unknown", "denied"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("the picture lacks %q", want)
		}
	}
	shown, err := os.ReadFile(picture)
	if readmetest.Updating() {
		if !bytes.Equal(got, shown) {
			if err := os.WriteFile(picture, got, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s rewritten", picture)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v; run the test with -update to draw it", err)
	}
	if !bytes.Equal(got, shown) {
		t.Errorf("%s is not the current picture; run the test with -update to redraw it", picture)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "](docs/1210.svg)") {
		t.Errorf("README.md does not show docs/1210.svg")
	}
}

func TestSVGUnwritable(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-svg", filepath.Join(t.TempDir(), "no", "such", "dir.svg")}, &stdout, &stderr); code != 1 || stderr.Len() == 0 {
		t.Errorf("status %d, stderr %q; want 1 and a message", code, stderr.String())
	}
}
