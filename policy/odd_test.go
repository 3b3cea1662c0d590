package policy_test

import (
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// TestOddQueries covers queries at the edges: a long name that keys to an
// ambiguous one keeps its gap; a unit not in the registry keeps its code
// when it is a six-digit code, and prints without a leading space; a long
// code that is not one gives the zero City, and its gap says so; a nil
// registry has no candidates.
func TestOddQueries(t *testing.T) {
	day := cbec.MustParseDate("2026-01-01")
	for _, q := range []string{"朝阳", strings.Repeat(" ", 65534) + "朝阳", strings.Repeat("\u200b", 30000) + "朝阳"} {
		d, err := policy.Permitted(q, day, trade.BondedImport)
		if err != nil {
			t.Fatalf("%d bytes: %v", len(q), err)
		}
		found := false
		for _, g := range d.Gaps() {
			found = found || g.Kind == policy.GapAmbiguousName
		}
		if !found {
			t.Errorf("a query of %d bytes for 朝阳 lost its ambiguity gap: %v", len(q), d.Gaps())
		}
	}
	long := strings.Repeat("\x80", 70000)
	if d := policy.Decide(zones.City{Code: long}, day, trade.BondedImport); d.City() != (zones.City{}) || d.Gaps()[0].Kind != policy.GapNotInRegistry {
		t.Errorf("a code of 70,000 bytes: %v, %v", d.City(), d.Gaps())
	}
	if d := policy.Decide(zones.City{Code: "999999"}, day, trade.BondedImport); d.City().Code != "999999" || d.Gaps()[0].Subject != "999999" {
		t.Errorf("a code not in the registry: %v, %v", d.City(), d.Gaps())
	}
	if s := policy.Decide(zones.City{Code: "999999"}, day, trade.BondedImport).String(); !strings.HasPrefix(s, "999999 2026-01-01 1210 unknown: ") {
		t.Errorf("String() = %q", s)
	}
	if c := (*zones.Registry)(nil).Candidates("杭州"); c != nil {
		t.Errorf("a nil registry has candidates %v", c)
	}
}
