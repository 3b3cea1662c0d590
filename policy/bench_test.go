package policy_test

import (
	"os"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// query is one benchmark query: a resolved city, a day and a mode.
type query struct {
	city zones.City
	day  cbec.Date
	mode trade.Mode
}

// queries returns a mix of 4096 queries over many cities (every unit that is
// decided on its own), days from 2013 to 2027, and every mode, so that no
// single key is hot.
func queries() []query {
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
	qs := make([]query, 4096)
	start := cbec.MustParseDate("2013-01-01")
	for i := range qs {
		qs[i] = query{
			city: cities[(i*7919)%len(cities)],
			day:  start.AddDays((i * 104729) % (15 * 365)),
			mode: modes[(i*31)%len(modes)],
		}
	}
	return qs
}

var (
	sink      policy.Decision
	sinkCount int
)

// compactQuery is a query whose city is an index into the distinct cities
// of the queries: 12 bytes, as a caller's queries of a few hundred cities
// would be laid out, so that the benchmark measures the decision and not
// the reading of 88-byte City values spread over 400 KB.
type compactQuery struct {
	city int32
	day  cbec.Date
	mode trade.Mode
}

// compactQueries returns the distinct cities of queries() and the queries
// over them.
func compactQueries() ([]zones.City, []compactQuery) {
	var cities []zones.City
	at := map[string]int32{}
	var cq []compactQuery
	for _, q := range queries() {
		i, ok := at[q.city.Code]
		if !ok {
			i = int32(len(cities))
			at[q.city.Code] = i
			cities = append(cities, q.city)
		}
		cq = append(cq, compactQuery{i, q.day, q.mode})
	}
	return cities, cq
}

// BenchmarkDecide is the hot path: a decision on a resolved city, read as a
// caller would (its verdict and reason), not stored in a global.
func BenchmarkDecide(b *testing.B) {
	cities, qs := compactQueries()
	b.ReportAllocs()
	i, n := 0, 0
	for b.Loop() {
		q := &qs[i&4095]
		d := policy.Decide(cities[q.city], q.day, q.mode)
		if d.Permitted() {
			n += len(d.Reason())
		}
		i++
	}
	sinkCount = n
}

// BenchmarkSpanSearchFloor is the floor for Decide: the same queries, each
// reduced beforehand to its unit's spans and a day, answered by a bare
// binary search for the verdict.
func BenchmarkSpanSearchFloor(b *testing.B) {
	type span struct {
		lo, hi int
		day    int32
	}
	cities, qs := compactQueries()
	ss := make([]span, len(qs))
	for i, q := range qs {
		lo, hi := policy.SpanRange(cities[q.city], q.mode)
		ss[i] = span{lo, hi, int32(q.day.YYYYMMDD())}
	}
	b.ReportAllocs()
	i, n := 0, 0
	for b.Loop() {
		x := &ss[i&4095]
		lo, hi := x.lo, x.hi
		for lo+1 < hi {
			m := int(uint(lo+hi) >> 1)
			if policy.SpanFrom(m) <= x.day {
				lo = m
			} else {
				hi = m
			}
		}
		if policy.SpanAllowed(lo) {
			n++
		}
		i++
	}
	sinkCount = n
}

type mapKey struct {
	city string
	day  cbec.Date
	mode trade.Mode
}

// BenchmarkDecideMapBaseline answers the same queries from a precomputed
// map[key]bool: the floor for "a lookup". It answers only the verdict;
// Decide also returns the basis, zones, conditions and reason.
func BenchmarkDecideMapBaseline(b *testing.B) {
	qs := queries()
	m := make(map[mapKey]bool, len(qs))
	for _, q := range qs {
		m[mapKey{q.city.Code, q.day, q.mode}] = policy.Decide(q.city, q.day, q.mode).Permitted()
	}
	b.ReportAllocs()
	b.ResetTimer()
	i, n := 0, 0
	for b.Loop() {
		q := &qs[i&4095]
		if m[mapKey{q.city.Code, q.day, q.mode}] {
			n++
		}
		i++
	}
	sinkCount = n
}

// BenchmarkPermitted decides with a string city: codes, Chinese names with
// and without suffix, pinyin.
func BenchmarkPermitted(b *testing.B) {
	names := []string{"330100", "杭州", "杭州市", "Hangzhou", "义乌", "Yiwu", "北京", "beijing", "440300", "深圳市", "Xi'an", "海口", "Zhanjiang", "乌鲁木齐", "Kashgar", "滨江区"}
	qs := queries()
	b.ReportAllocs()
	i, n := 0, 0
	for b.Loop() {
		q := &qs[i&4095]
		d, err := policy.Permitted(names[i%len(names)], q.day, q.mode)
		if err != nil {
			b.Fatal(err)
		}
		if d.Permitted() {
			n += len(d.Reason())
		}
		i++
	}
	sinkCount = n
}

func BenchmarkTimeline(b *testing.B) {
	c, _ := zones.Lookup("杭州")
	b.ReportAllocs()
	for b.Loop() {
		_ = policy.Timeline(c, trade.BondedImport)
	}
}

func BenchmarkCities(b *testing.B) {
	day := cbec.MustParseDate("2022-01-01")
	b.ReportAllocs()
	for b.Loop() {
		for range policy.Cities(day, trade.BondedImport) {
		}
	}
}

// BenchmarkNewEngine builds an engine at run time from the data files: what
// a program pays to load its own data (the embedded engine is compiled in).
func BenchmarkNewEngine(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		reg, err := zones.Load(os.DirFS("../zones/data"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := policy.NewEngine(reg, os.DirFS("data")); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHotPathDoesNotAllocate(t *testing.T) {
	qs := queries()
	i := 0
	if n := testing.AllocsPerRun(1000, func() {
		q := &qs[i&4095]
		sink = policy.Decide(q.city, q.day, q.mode)
		i++
	}); n != 0 {
		t.Errorf("Decide allocates %v times per call", n)
	}
	names := []string{"330100", "杭州", "Hangzhou", "义乌", "Xi'an", "滨江区"}
	if n := testing.AllocsPerRun(1000, func() {
		q := &qs[i&4095]
		sink, _ = policy.Permitted(names[i%len(names)], q.day, q.mode)
		i++
	}); n != 0 {
		t.Errorf("Permitted allocates %v times per call on a hit", n)
	}
}
