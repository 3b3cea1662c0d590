package policy_test

import (
	"fmt"
	"log"
	"strings"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

func ExamplePermitted() {
	d, err := policy.Permitted("Beijing", cbec.MustParseDate("2019-01-01"), trade.BondedImport)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Verdict(), d.Permitted(), d.Rule())
	fmt.Println(d.Reason())
	fmt.Println(d.ReasonZH())
	for _, s := range d.Basis() {
		fmt.Println(s)
	}

	d, err = policy.Permitted("北京", cbec.MustParseDate("2018-12-31"), trade.BondedImport)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Verdict(), d.Rule())
	fmt.Println(d.Reason())
	// Output:
	// allowed true 1210-486
	// 北京市 is a retail-import pilot city under 商财发〔2018〕486号 and hosts 北京天竺综合保税区.
	// 北京市是商财发〔2018〕486号确定的跨境电商零售进口试点城市，并设有北京天竺综合保税区。
	// 商财发〔2018〕486号 (2018-11-28)
	// 海关总署公告2018年第194号
	// denied 1210-transition-2018-no
	// 北京市 is not one of the 15 cities of the extended transition period, the only cities where 1210 import was allowed.
}

// A name that could mean several units is decided for the one the rank rule
// of zones.Lookup picks, and the decision says which others it could mean.
func ExamplePermitted_ambiguousName() {
	d, err := policy.Permitted("朝阳", cbec.MustParseDate("2026-01-01"), trade.BondedImport)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.City())
	for _, g := range d.Gaps() {
		if g.Kind == policy.GapAmbiguousName {
			fmt.Println(g.Kind, g.Subject)
		}
	}
	// Output:
	// 朝阳市 (211300)
	// ambiguous_name 110105,211321,220104
}

// An Unknown decision names the facts the data lacks, so that a program can
// act on them: here, the days 南京's comprehensive bonded zone and type-B
// center opened, which no source read gives.
func ExampleDecision_Gaps() {
	c, err := zones.Lookup("Nanjing")
	if err != nil {
		log.Fatal(err)
	}
	d := policy.Decide(c, cbec.MustParseDate("2026-06-01"), trade.BondedImport)
	fmt.Println(d.Verdict())
	for _, g := range d.Gaps() {
		fmt.Println(g.Kind, g.Subject)
		fmt.Println(g.Text)
		fmt.Println(g.TextZH)
	}
	// Output:
	// unknown
	// zone_date cbz-nanjing
	// The day 南京综合保税区 opened is not known.
	// 南京综合保税区的封关运作（验收）日期不详。
	// zone_date blc-nanjing-longtan
	// The day 南京龙潭保税物流中心（B型） was approved is not known.
	// 南京龙潭保税物流中心（B型）的获批日期不详。
}

func ExamplePermitted_unknownCity() {
	_, err := policy.Permitted("Hangzou", cbec.MustParseDate("2019-01-01"), trade.BondedImport)
	fmt.Println(err)
	// Output:
	// zones: unknown city "Hangzou"; did you mean 杭州市 (330100, Hangzhou), 沧州市 (130900, Cangzhou), 常州市 (320400, Changzhou), 扬州市 (321000, Yangzhou), 漳州市 (350600, Zhangzhou)?
}

func ExampleDecide() {
	zhanjiang, err := zones.Lookup("湛江")
	if err != nil {
		log.Fatal(err)
	}
	d := policy.Decide(zhanjiang, cbec.MustParseDate("2021-04-01"), trade.BondedImport)
	fmt.Println(d.Verdict())
	fmt.Println(d.Reason())
	for _, c := range d.Conditions() {
		fmt.Println("-", c)
	}
	// Output:
	// allowed
	// 湛江市 hosts 中国（湛江）跨境电子商务综合试验区, one of the five zone categories that make a city a retail-import pilot under 商财发〔2021〕39号 and hosts 湛江保税物流中心（B型）.
	// - Local customs must first confirm that the city meets supervision requirements (商财发〔2021〕39号).
	// - No "网购保税+线下自提" (bonded stock with offline pick-up) outside special customs supervision areas (商财发〔2021〕39号).
}

func ExampleTimeline() {
	hefei, err := zones.Lookup("合肥")
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range policy.Timeline(hefei, trade.BondedImport) {
		fmt.Println(s.Period, s.Verdict, s.Decision.Basis()[0].Doc)
	}
	// Output:
	// [2018-01-01, 2019-01-01) allowed 国务院常务会议（2017年9月20日）
	// [2019-01-01, …) allowed 商财发〔2018〕486号
}

func ExampleCities() {
	// The 15 cities of 2018; 平潭 is a county-level unit with an answer of its
	// own, as the rules name it.
	var names []string
	for c := range policy.Cities(cbec.MustParseDate("2018-06-01"), trade.BondedImport) {
		names = append(names, c.Name)
	}
	fmt.Println(len(names), strings.Join(names, " "))
	// Output:
	// 15 天津市 大连市 上海市 苏州市 杭州市 宁波市 合肥市 福州市 平潭县 青岛市 郑州市 广州市 深圳市 重庆市 成都市
}

func ExampleChanges() {
	for _, c := range policy.Changes(cbec.MustParseDate("2017-12-31"), cbec.MustParseDate("2018-01-01"), trade.BondedImport) {
		fmt.Println(c.City.Name, c.Before.Verdict(), "→", c.After.Verdict(), c.After.Basis()[0].Doc)
	}
	// Output:
	// 大连市 denied → allowed 国务院常务会议（2017年9月20日）
	// 苏州市 denied → allowed 国务院常务会议（2017年9月20日）
	// 合肥市 denied → allowed 国务院常务会议（2017年9月20日）
	// 青岛市 denied → allowed 国务院常务会议（2017年9月20日）
	// 成都市 denied → allowed 国务院常务会议（2017年9月20日）
}

// A program adds a fact the embedded data lacks — here, that 太原 was on the
// 2020 list — without waiting for a release. The overlay has the columns of
// policy/data/lists.tsv; zones.Extend does the same for zones.
func ExampleExtend() {
	overlay := fstest.MapFS{"lists.tsv": {Data: []byte(
		"list\tcity\tname\tmember\tfrom\tverified\turl\tnote\n" +
			"2020-15\t140100\t太原市\tyes\t\tyes\thttps://example.org/taiyuan\tfound in a local notice\n")}}
	e, err := policy.Extend(nil, overlay)
	if err != nil {
		panic(err)
	}
	day := cbec.MustParseDate("2020-06-01")
	before, err := policy.Permitted("太原", day, trade.BondedImport)
	if err != nil {
		log.Fatal(err)
	}
	after, err := e.Permitted("太原", day, trade.BondedImport)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(before.Verdict(), "→", after.Verdict())
	fmt.Println(after.Reason())
	// Output:
	// unknown → allowed
	// 太原市 is a retail-import pilot under 商财发〔2020〕15号 and hosts 太原武宿综合保税区.
}

// DistrictOf gives the customs district that decides 9710 and 9810 for a
// city; a district or county takes its city's.
func ExampleDistrictOf() {
	c, err := zones.Lookup("滨江区")
	if err != nil {
		log.Fatal(err)
	}
	d, ok := policy.DistrictOf(c)
	fmt.Println(d.Name, d.Code, d.City, d.Verified, ok)
	// Output:
	// 杭州海关 2900 330100 inferred true
}

// CitiesBy lists the cities whose answer is unknown on a day: the list an
// operations team works from.
func ExampleCitiesBy() {
	n := 0
	for range policy.CitiesBy(cbec.MustParseDate("2018-06-01"), trade.BondedImport, policy.Allowed) {
		n++
	}
	fmt.Println(n, "cities allowed 1210 on 2018-06-01")
	// Output:
	// 15 cities allowed 1210 on 2018-06-01
}

// Docs names the documents a decision rests on, as a log line or a
// spreadsheet cell would, without copying their sources.
func ExampleDecision_Docs() {
	d, err := policy.Permitted("杭州", cbec.MustParseDate("2019-03-01"), trade.BondedImport)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Join(d.Docs(), "; "))
	// Output:
	// 商财发〔2018〕486号; 海关总署公告2018年第194号
}
