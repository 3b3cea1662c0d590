package policy

import (
	"github.com/tradepolicy/cbec/internal/readmetest"
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

// Update reports whether the tests run with -update: rewrite the golden
// files.
func Update() bool { return readmetest.Updating() }
