package policy

import (
	"testing"

	"github.com/tradepolicy/cbec/internal/policydata"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// SpanRange returns the spans of c and m in the embedded engine, for the
// floor benchmark: spans[lo:hi].
func SpanRange(c zones.City, m trade.Mode) (lo, hi int) {
	k := int(std.slot[std.reg.IndexOf(c)])*numModes + int(m) - 1
	return int(std.spanOffs[k]), int(std.spanOffs[k+1])
}

// SpanFrom returns the first day (YYYYMMDD) of span j of the embedded
// engine, for the floor benchmark.
func SpanFrom(j int) int32 { return std.spans[j].from }

// SpanAllowed reports whether span j of the embedded engine is Allowed.
func SpanAllowed(j int) bool { return Verdict(std.spans[j].out>>outBits) == Allowed }

// TestGapKindsAgree checks that the gap kinds of the tables (policydata)
// and of the API agree: the engine converts one to the other by number.
func TestGapKindsAgree(t *testing.T) {
	for _, k := range []struct {
		api   GapKind
		table int
	}{
		{GapList, policydata.GapList}, {GapJoinDate, policydata.GapJoinDate}, {GapFacility, policydata.GapFacility},
		{GapZoneDate, policydata.GapZoneDate}, {GapRule, policydata.GapRule}, {GapCustoms, policydata.GapCustoms},
		{GapUnverified, policydata.GapUnverified}, {GapLevel, policydata.GapLevel}, {GapAfterData, policydata.GapAfterData},
		{GapAmbiguousName, policydata.GapAmbiguousName}, {GapNotInRegistry, policydata.GapNotInRegistry},
		{GapInvalid, policydata.GapInvalid}, {GapRegime, policydata.GapRegime},
	} {
		if int(k.api) != k.table {
			t.Errorf("%v is %d in the API and %d in the tables", k.api, k.api, k.table)
		}
	}
	if int(GapRegime) != policydata.NumGapKinds-1 {
		t.Errorf("the tables have %d kinds, the API %d", policydata.NumGapKinds-1, GapRegime)
	}
}
