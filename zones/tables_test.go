package zones_test

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/tradepolicy/cbec/internal/zonesgen"
	"github.com/tradepolicy/cbec/zones"
)

// TestTablesUpToDate regenerates tables.go in memory from data/*.tsv and
// fails when the committed file differs: the data was edited without
// running go generate.
func TestTablesUpToDate(t *testing.T) {
	want, err := zonesgen.Generate(os.DirFS("data"))
	if err != nil {
		t.Fatalf("generating tables from data/*.tsv: %v", err)
	}
	got, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		line := 1 + bytes.Count(want[:commonPrefix(got, want)], []byte("\n"))
		t.Fatalf("tables.go is stale (first difference on line %d): run go generate ./zones", line)
	}
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// TestLoadMatchesEmbedded loads data/*.tsv at run time and checks that the
// result serves the same answers as the embedded tables.
func TestLoadMatchesEmbedded(t *testing.T) {
	r, err := zones.Load(os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	std := zones.Default()
	if !slices.Equal(slices.Collect(r.Cities()), slices.Collect(std.Cities())) {
		t.Error("loaded cities differ from the embedded ones")
	}
	if !reflect.DeepEqual(slices.Collect(r.All()), slices.Collect(std.All())) {
		t.Error("loaded zones differ from the embedded ones")
	}
	for _, c := range zones.Categories() {
		if got, want := r.Dataset(c), std.Dataset(c); got != want {
			t.Errorf("Dataset(%v): loaded %+v, embedded %+v", c, got, want)
		}
	}
	for _, tt := range lookupTests {
		c1, err1 := r.Lookup(tt.q)
		c2, err2 := std.Lookup(tt.q)
		if c1 != c2 || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Errorf("Lookup(%q): loaded %v, %v; embedded %v, %v", tt.q, c1, err1, c2, err2)
		}
	}
	if _, err := zones.Load(os.DirFS("testdata/none")); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}
