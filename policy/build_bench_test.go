package policy_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/zones"
)

// benchCities returns the codes and names of the embedded prefecture-level
// cities.
func benchCities() (codes, names []string) {
	for c := range zones.Default().Cities() {
		if c.Level == zones.Prefecture {
			codes, names = append(codes, c.Code), append(names, c.Name)
		}
	}
	return codes, names
}

// listsOverlay returns an overlay of n lists.tsv rows: incomplete lists of
// 300 cities each, every member joining on its own day of ten years.
func listsOverlay(n int) fstest.MapFS {
	codes, names := benchCities()
	var lists, info strings.Builder
	lists.WriteString(listsHeader)
	info.WriteString(listinfoHeader)
	start := cbec.MustParseDate("2014-01-01")
	const per = 300
	for i := range n {
		if i%per == 0 {
			fmt.Fprintf(&info, "bench-%d\t%s\tno\t%d\t{city} may be on the list\t{city}或在名单上\t\n", i/per, testDoc, per+1)
		}
		c := i % per % len(codes)
		fmt.Fprintf(&lists, "bench-%d\t%s\t%s\tyes\t%s\tno\t\t\n", i/per, codes[c], names[c], start.AddDays(i%3650))
	}
	return fstest.MapFS{
		"docs.tsv":     {Data: []byte(docsHeader + testDocRow)},
		"listinfo.tsv": {Data: []byte(info.String())},
		"lists.tsv":    {Data: []byte(lists.String())},
	}
}

// rulesOverlay returns an overlay of n one-day rules, each scoped to one of
// 100 complete lists of one city, on days spread over ten years.
func rulesOverlay(n int) fstest.MapFS {
	codes, names := benchCities()
	var lists, info, rules strings.Builder
	lists.WriteString(listsHeader)
	info.WriteString(listinfoHeader)
	rules.WriteString(rulesHeader)
	for k := range 100 {
		fmt.Fprintf(&info, "bench-%d\t%s\tyes\t1\t\t\t\n", k, testDoc)
		fmt.Fprintf(&lists, "bench-%d\t%s\t%s\tyes\t\tno\t\t\n", k, codes[k], names[k])
	}
	start := cbec.MustParseDate("2016-01-01")
	for i := range n {
		d := start.AddDays(i % 3650)
		fmt.Fprintf(&rules, "bench-%d\t1210\t%s\t%s\tlist:bench-%d\t\tallowed\t%s\ta test rule for {city}\t规则\t\thigh\t\n", i, d, d.AddDays(1), i%100, testDoc)
	}
	return fstest.MapFS{
		"docs.tsv":     {Data: []byte(docsHeader + testDocRow)},
		"listinfo.tsv": {Data: []byte(info.String())},
		"lists.tsv":    {Data: []byte(lists.String())},
		"rules.tsv":    {Data: []byte(rules.String())},
	}
}

// allRulesOverlay returns an overlay of n one-day rules that apply
// everywhere: each changes the answer of every unit on its day.
func allRulesOverlay(n int) fstest.MapFS {
	var rules strings.Builder
	rules.WriteString(rulesHeader)
	start := cbec.MustParseDate("2016-01-01")
	for i := range n {
		d := start.AddDays(2 * i)
		fmt.Fprintf(&rules, "bench-%d\t1210\t%s\t%s\tall\t\tunknown\t%s\ta test rule\t规则\t\thigh\t\n", i, d, d.AddDays(1), testDoc)
	}
	return fstest.MapFS{
		"docs.tsv":  {Data: []byte(docsHeader + testDocRow)},
		"rules.tsv": {Data: []byte(rules.String())},
	}
}

// BenchmarkBuild measures building an engine with an overlay of n rows:
// list rows, rules scoped to lists, and rules that apply everywhere. Run it
// with -benchtime 1x: the largest take seconds.
func BenchmarkBuild(b *testing.B) {
	for _, bb := range []struct {
		name  string
		make  func(int) fstest.MapFS
		sizes []int
	}{
		{"lists", listsOverlay, []int{1000, 10000, 100000}},
		{"rules", rulesOverlay, []int{1000, 10000, 100000}},
		{"all-rules", allRulesOverlay, []int{300, 1200, 2400}},
	} {
		for _, n := range bb.sizes {
			ov := bb.make(n)
			b.Run(fmt.Sprintf("%s/%d", bb.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := policy.Extend(nil, ov); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
