package zones_test

import (
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

// lookupHits mixes codes, Chinese names with and without suffix, and pinyin.
var lookupHits = []string{
	"330100", "杭州", "Hangzhou", "义乌市", "yiwu", "110000", "上海", "Xi'an",
	"320583", "绥芬河", "HUNCHUN", "平潭", "海南", "Chongqing", "460100", "霍尔果斯",
}

func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := zones.Lookup(lookupHits[i%len(lookupHits)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkLookupMiss(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = zones.Lookup("Hangzou")
	}
}

func TestLookupAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	for _, q := range lookupHits {
		if n := testing.AllocsPerRun(100, func() {
			if _, err := zones.Lookup(q); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("Lookup(%q): %v allocs, want 0", q, n)
		}
	}
}

func BenchmarkIn(b *testing.B) {
	b.ReportAllocs()
	cities := []zones.City{mustCity(b, "杭州"), mustCity(b, "义乌"), mustCity(b, "上海"), mustCity(b, "海南")}
	day := cbec.MakeDate(2024, 6, 1)
	i, n := 0, 0
	for b.Loop() {
		for range zones.In(cities[i%len(cities)], day) {
			n++
		}
		i++
	}
	if n == 0 {
		b.Fatal("no zones")
	}
}

func BenchmarkHosts(b *testing.B) {
	b.ReportAllocs()
	cities := []zones.City{mustCity(b, "杭州"), mustCity(b, "义乌"), mustCity(b, "上海"), mustCity(b, "拉萨"), mustCity(b, "海口")}
	cats := zones.Categories()
	day := cbec.MakeDate(2024, 6, 1)
	i := 0
	for b.Loop() {
		_ = zones.Hosts(cities[i%len(cities)], cats[i%len(cats)], day)
		i++
	}
}

func BenchmarkHosting(b *testing.B) {
	b.ReportAllocs()
	day := cbec.MakeDate(2024, 6, 1)
	for b.Loop() {
		for range zones.Hosting(zones.CBECTestZone, day) {
		}
	}
}

// BenchmarkHostsDistricts asks about districts and counties, whose answers
// also depend on the facilities coded to their city.
func BenchmarkHostsDistricts(b *testing.B) {
	b.ReportAllocs()
	cities := []zones.City{mustCity(b, "杭州滨江"), mustCity(b, "浦东新区"), mustCity(b, "北京东城"), mustCity(b, "成都武侯"), mustCity(b, "拉萨城关")}
	cats := zones.Categories()
	day := cbec.MakeDate(2024, 6, 1)
	i := 0
	for b.Loop() {
		_ = zones.Hosts(cities[i%len(cities)], cats[i%len(cats)], day)
		i++
	}
}

// lookupMisses are misspellings of both scripts and a wrong code, all with
// close matches.
var lookupMisses = []string{"Hangzou", "Shangai", "杭洲", "西按", "Guangzho", "330101", "乌鲁木其", "Zhengzou"}

func BenchmarkLookupMissMix(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, _ = zones.Lookup(lookupMisses[i%len(lookupMisses)])
		i++
	}
}
