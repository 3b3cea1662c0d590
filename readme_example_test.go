package cbec_test

import (
	"fmt"
	"log"
	"os"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// The code of these Examples is what README.md and the package
// documentation show (TestSnippets checks it).

// A decision with its legal basis.
func Example() {
	d, err := policy.Permitted("杭州", cbec.MustParseDate("2019-03-01"), trade.BondedImport)
	if err != nil {
		log.Fatal(err) // an unknown or ambiguous city: the error names close matches
	}
	fmt.Println(d.Verdict(), d.Rule())
	fmt.Println(d.Reason())
	fmt.Println(d.ReasonZH())
	for _, s := range d.Basis() {
		fmt.Println(s.Doc, s.URL)
	}
	// Output:
	// allowed 1210-486
	// 杭州市 is a retail-import pilot city under 商财发〔2018〕486号 and hosts 杭州保税物流中心（B型）.
	// 杭州市是商财发〔2018〕486号确定的跨境电商零售进口试点城市，并设有杭州保税物流中心（B型）。
	// 商财发〔2018〕486号 https://www.gov.cn/zhengce/zhengceku/2018-12/31/content_5437823.htm
	// 海关总署公告2018年第194号
}

// A user who knows that a city has no type-B bonded logistics center says
// so in one row of counts.tsv, dated when they checked, and the unknown
// answer becomes denied, citing the rule in force and the evidence.
func Example_settleWithACount() {
	counts := "id\tcategories\tscope\tcount\tday\turl\tverified\tnote\n" +
		"blc-tianshui\tblc\t620500\t0\t2026-11-30\thttps://example.org/our-survey\tyes\tno type-B center in 天水\n"
	reg, err := zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(counts)}})
	if err != nil {
		log.Fatal(err)
	}
	eng, err := policy.Extend(reg, nil)
	if err != nil {
		log.Fatal(err)
	}
	tianshui, err := reg.Lookup("天水")
	if err != nil {
		log.Fatal(err)
	}
	d := eng.Decide(tianshui, cbec.MustParseDate("2026-12-01"), trade.BondedImport)
	fmt.Println(d.Verdict(), d.Rule())
	fmt.Println(d.Reason())
	for _, c := range d.Conditions() {
		fmt.Println("-", c)
	}
	// Output:
	// denied 1210-39
	// 天水市 hosts no special customs supervision area or type-B bonded logistics center, which 1210 (网购保税进口) needs under 海关总署公告2014年第57号.
	// - That 天水市 hosts no comprehensive bonded zone rests on a count of 2023-06-30 (special-2023-06-30-620000); zones approved since are not reflected.
	// - That 天水市 hosts no other special customs supervision area rests on a count of 2023-06-30 (special-2023-06-30-620000); zones approved since are not reflected.
	// - That 天水市 hosts no bonded logistics center (type B) rests on a count of 2026-11-30 (blc-tianshui); zones approved since are not reflected.
	// - The data was last checked against its sources on 2026-11-26: later changes are not reflected.
}

// A program amends the embedded data with files of its own, in the format
// of zones/data and policy/data, without waiting for a release.
func Example_ownData() {
	reg, err := zones.Extend(os.DirFS("testdata/my-zones")) // cbz.tsv etc.: rows replace by id, or are added
	if err != nil {
		log.Fatal(err)
	}
	eng, err := policy.Extend(reg, os.DirFS("testdata/my-policy")) // lists.tsv, rules.tsv etc.: new rules take precedence
	if err != nil {
		log.Fatal(err)
	}
	taiyuan, err := reg.Lookup("太原")
	if err != nil {
		log.Fatal(err)
	}
	d := eng.Decide(taiyuan, cbec.MustParseDate("2020-06-01"), trade.BondedImport)
	fmt.Println(d.Verdict(), d.Rule())
	// Output:
	// allowed 1210-2020-15
}
