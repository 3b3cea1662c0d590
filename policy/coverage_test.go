package policy_test

import (
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// TestBondedImportCoverage measures, over the units with an answer of their
// own, how often 1210 is Unknown and how often the one thing missing is
// whether the city hosts a type-B bonded logistics center; it fails when
// the data answers less than it did when the figures were set.
func TestBondedImportCoverage(t *testing.T) {
	for _, tt := range []struct {
		day        string
		maxUnknown float64 // share of units
		minOnlyBLC float64 // share of the Unknown answers
	}{
		{"2026-12-01", 0.66, 0.80},
		{"2021-06-01", 0.72, 0},
		{"2020-06-01", 0.78, 0},
	} {
		day := cbec.MustParseDate(tt.day)
		units, unknown, onlyBLC := 0, 0, 0
		for c := range policy.Units() {
			units++
			d := policy.Decide(c, day, trade.BondedImport)
			if d.Verdict() != policy.Unknown {
				continue
			}
			unknown++
			var facts []policy.Gap
			for _, g := range d.Gaps() {
				if g.Kind != policy.GapAfterData {
					facts = append(facts, g)
				}
			}
			if len(facts) == 1 && facts[0].Kind == policy.GapFacility && facts[0].Subject == "blc" {
				onlyBLC++
			}
		}
		share, only := float64(unknown)/float64(units), float64(onlyBLC)/float64(max(unknown, 1))
		t.Logf("%s: 1210 unknown for %d of %d units (%.1f%%); for %d of them (%.1f%%) the only gap is a type-B center",
			tt.day, unknown, units, 100*share, onlyBLC, 100*only)
		if share > tt.maxUnknown || only < tt.minOnlyBLC {
			t.Errorf("%s: unknown %.1f%% (at most %.0f%%), only-blc %.1f%% (at least %.0f%%)", tt.day, 100*share, 100*tt.maxUnknown, 100*only, 100*tt.minOnlyBLC)
		}
	}
}
