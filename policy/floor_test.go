package policy

import (
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

var floorSink int

// BenchmarkSpanSearchFloor is the floor for Decide: the same 4,096-query mix
// as BenchmarkDecide, each query reduced beforehand to its slot's spans and
// a day, answered by a bare binary search for the verdict.
func BenchmarkSpanSearchFloor(b *testing.B) {
	type q struct {
		lo, hi int
		day    int32
	}
	var cities []zones.City
	for c := range zones.Default().Cities() {
		if c.IsCity() || c.Level == zones.County && (c.Code == "330782" || c.Code == "350128") {
			cities = append(cities, c)
		}
	}
	var modes []trade.Mode
	for m := range trade.Modes() {
		modes = append(modes, m)
	}
	e := &std
	qs := make([]q, 4096)
	start := cbec.MustParseDate("2013-01-01")
	for i := range qs {
		c := cities[(i*7919)%len(cities)]
		d := start.AddDays((i * 104729) % (15 * 365))
		m := modes[(i*31)%len(modes)]
		k := int(e.slot[e.reg.IndexOf(c)])*numModes + int(m) - 1
		qs[i] = q{int(e.spanOffs[k]), int(e.spanOffs[k+1]), int32(d.YYYYMMDD())}
	}
	b.ReportAllocs()
	n := 0
	i := 0
	for b.Loop() {
		x := &qs[i&4095]
		lo, hi := x.lo, x.hi
		for lo+1 < hi {
			m := int(uint(lo+hi) >> 1)
			if e.spans[m].from <= x.day {
				lo = m
			} else {
				hi = m
			}
		}
		if Verdict(e.spans[lo].out>>outBits) == Allowed {
			n++
		}
		i++
	}
	floorSink = n
}
