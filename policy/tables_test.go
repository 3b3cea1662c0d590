package policy_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/policygen"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// TestTablesUpToDate regenerates tables.go in memory from ../zones/data and
// data and fails when the committed file differs: the data was edited
// without running go generate.
func TestTablesUpToDate(t *testing.T) {
	want, err := policygen.Generate(os.DirFS("../zones/data"), os.DirFS("data"))
	if err != nil {
		t.Fatalf("generating tables: %v", err)
	}
	got, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		n := 0
		for n < len(got) && n < len(want) && got[n] == want[n] {
			n++
		}
		t.Fatalf("tables.go is stale (first difference on line %d): run go generate ./zones ./policy", 1+bytes.Count(want[:n], []byte("\n")))
	}
}

// TestEmbeddedMatchesLoaded checks that the embedded engine answers exactly
// as one built at run time from the same files, for every unit and mode on a
// run of days: the generated tables and the loader agree.
func TestEmbeddedMatchesLoaded(t *testing.T) {
	reg, err := zones.Load(os.DirFS("../zones/data"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := policy.NewEngine(reg, os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	days := []string{"2014-02-10", "2014-08-01", "2016-05-11", "2016-12-01", "2018-01-01", "2019-01-01", "2020-01-17", "2020-07-01", "2021-03-18", "2021-07-01", "2025-04-25", "2030-01-01"}
	for c := range zones.Default().Cities() {
		for m := range trade.Modes() {
			for _, s := range days {
				day := cbec.MustParseDate(s)
				a, b := policy.Decide(c, day, m), e.Decide(c, day, m)
				if a.Verdict() != b.Verdict() || a.Reason() != b.Reason() || len(a.Basis()) != len(b.Basis()) || len(a.Zones()) != len(b.Zones()) || len(a.Conditions()) != len(b.Conditions()) {
					t.Fatalf("%v %s %v: embedded %v, loaded %v", c, s, m, a, b)
				}
				for i := range a.Zones() {
					if a.Zones()[i].ID != b.Zones()[i].ID {
						t.Fatalf("%v %s %v: zone %s vs %s", c, s, m, a.Zones()[i].ID, b.Zones()[i].ID)
					}
				}
			}
		}
	}
}
