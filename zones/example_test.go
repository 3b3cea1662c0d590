package zones_test

import (
	"errors"
	"fmt"
	"log"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

func ExampleLookup() {
	for _, q := range []string{"杭州", "Yiwu", "330100", "Chaoyang, Liaoning"} {
		c, err := zones.Lookup(q)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %s %s, parent %s\n", q, c.Code, c.Name, c.Parent)
	}
	// Output:
	// 杭州: 330100 杭州市, parent 330000
	// Yiwu: 330782 义乌市, parent 330700
	// 330100: 330100 杭州市, parent 330000
	// Chaoyang, Liaoning: 211300 朝阳市, parent 210000
}

func ExampleLookup_ambiguous() {
	_, err := zones.Lookup("Suzhou")
	var le *zones.LookupError
	if errors.Is(err, zones.ErrAmbiguousCity) && errors.As(err, &le) {
		for _, c := range le.Candidates {
			fmt.Println(c.Code, c.Name, c.NameEN)
		}
	}
	fmt.Println(err)
	// Output:
	// 320500 苏州市 Suzhou
	// 341300 宿州市 Suzhou
	// zones: ambiguous city "Suzhou": could be 苏州市 (320500, Suzhou), 宿州市 (341300, Suzhou)
}

func ExampleLookup_unknown() {
	_, err := zones.Lookup("Hangzou")
	fmt.Println(errors.Is(err, zones.ErrUnknownCity))
	var le *zones.LookupError
	if errors.As(err, &le) {
		fmt.Println("did you mean", le.Candidates[0])
	}
	// Output:
	// true
	// did you mean 杭州市 (330100)
}

func ExampleIn() {
	yiwu, err := zones.Lookup("义乌")
	if err != nil {
		log.Fatal(err)
	}
	for z := range zones.In(yiwu, cbec.MakeDate(2019, 1, 1)) {
		fmt.Printf("%s (%v, surely from %v)\n", z.Name, z.Category, z.Sure().From)
	}
	// Output:
	// 中国（义乌）跨境电子商务综合试验区 (CBEC comprehensive test zone, surely from 2018-07-24)
	// 义乌保税物流中心（B型） (bonded logistics center (type B), surely from 2015-12-01)
}

func ExampleHosts() {
	// 海口's own CBEC test zone (2018) gave way on 2025-04-25 to the zone of
	// the whole island; 阿拉山口's was revoked the same day, when the zone of
	// 博尔塔拉蒙古自治州, the prefecture 阿拉山口 lies in, began.
	haikou, err := zones.Lookup("海口")
	if err != nil {
		log.Fatal(err)
	}
	alashankou, err := zones.Lookup("阿拉山口")
	if err != nil {
		log.Fatal(err)
	}
	for _, day := range []string{"2018-07-23", "2018-07-24", "2025-04-24", "2025-04-25"} {
		d := cbec.MustParseDate(day)
		fmt.Println(day, zones.Hosts(haikou, zones.CBECTestZone, d), zones.Hosts(alashankou, zones.CBECTestZone, d))
	}
	// Output:
	// 2018-07-23 absent absent
	// 2018-07-24 present absent
	// 2025-04-24 present present
	// 2025-04-25 present present
}

func ExampleCategory() {
	c, err := zones.ParseCategory("综合保税区")
	if err != nil {
		panic(err)
	}
	b, err := c.MarshalText()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c, "|", c.NameZH(), "|", string(b), "|", c.Eligible())
	fmt.Println(zones.OtherSpecialArea.Key(), zones.OtherSpecialArea.Eligible())
	// Output:
	// comprehensive bonded zone | 综合保税区 | cbz | true
	// special false
}

func ExampleOnHainanIsland() {
	for _, q := range []string{"海口", "文昌", "三沙", "海南"} {
		c, err := zones.Lookup(q)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.Name, zones.OnHainanIsland(c))
	}
	// Output:
	// 海口市 true
	// 文昌市 true
	// 三沙市 false
	// 海南省 false
}

func ExampleRegistry_Evidence() {
	// The type-B center data is incomplete, so 拉萨's having none is unsure,
	// until a sourced count of 0 centers in the city is added.
	lhasa, err := zones.Lookup("拉萨")
	if err != nil {
		log.Fatal(err)
	}
	day := cbec.MustParseDate("2026-09-01")
	fmt.Println(zones.Hosts(lhasa, zones.BondedLogisticsCenterB, day))

	reg, err := zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(
		"id\tcategories\tscope\tcount\tday\turl\tverified\tnote\n" +
			"blc-lhasa\tblc\t540100\t0\t2026-06-01\thttps://example.org/lhasa\tno\ta count known to the user\n")}})
	if err != nil {
		panic(err)
	}
	fmt.Println(reg.CountMatches("blc-lhasa"), reg.Hosts(lhasa, zones.BondedLogisticsCenterB, day))
	if c, ok := reg.Evidence(lhasa, zones.BondedLogisticsCenterB, day); ok {
		fmt.Println("as of", c.Day, "by", c.ID)
	}
	// Output:
	// unsure
	// true absent
	// as of 2026-06-01 by blc-lhasa
}

func ExampleRegistry_Tally() {
	// All special customs supervision areas of 山西 at the end of June 2023:
	// one, says an industry report. The rows agree.
	c := zones.Count{
		Categories: []zones.Category{zones.ComprehensiveBondedZone, zones.OtherSpecialArea},
		Scope:      "140000", Count: 1, Day: cbec.MustParseDate("2023-06-30"),
	}
	t, _ := zones.Default().Tally(c)
	fmt.Println(c, t.Matches())
	for _, z := range t.Present {
		fmt.Println(z.ID, z.Name)
	}
	// Output:
	// 1 cbz+special in 140000 on 2023-06-30 true
	// cbz-taiyuan-wusu 太原武宿综合保税区
}

// Candidates lists every unit a name could mean, the one Lookup picks first:
// for a picker or autocomplete.
func ExampleCandidates() {
	for _, c := range zones.Candidates("朝阳") {
		p, _ := zones.Parent(c)
		fmt.Println(c, p.Name)
	}
	// Output:
	// 朝阳市 (211300) 辽宁省
	// 朝阳区 (110105) 北京市
	// 朝阳县 (211321) 朝阳市
	// 朝阳区 (220104) 长春市
}
