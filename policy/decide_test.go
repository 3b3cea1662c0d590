package policy_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const (
	a = policy.Allowed
	n = policy.Denied
	u = policy.Unknown
)

// The embedded data, on the day before and the day of every effective date.
// Each case names the rule that decides it by a phrase of its reason and the
// document it cites first.
var decideTests = []struct {
	city, day string
	mode      trade.Mode
	want      policy.Verdict
	reason    string // a phrase of the Reason
	doc       string // the first document of the Basis
}{
	// 9610 direct purchase: 海关总署公告2014年第12号, effective 2014-02-10.
	{"杭州", "2014-02-09", trade.DirectImport, n, "did not exist before 2014-02-10", "海关总署公告2014年第12号"},
	{"杭州", "2014-02-10", trade.DirectImport, u, "do not say where direct-purchase import was open", "海关总署公告2014年第12号"},
	{"拉萨", "2016-05-10", trade.DirectImport, u, "the sources read do not say where else it was open", "海关总署公告2014年第12号"},
	{"拉萨", "2016-05-11", trade.DirectImport, a, "open in all regions", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"三沙", "2018-12-31", trade.DirectImport, a, "open in all regions", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"三沙", "2019-01-01", trade.DirectImport, a, "not limited to the pilot cities", "商财发〔2018〕486号"},
	{"Kashgar", "2023-05-01", trade.DirectImport, a, "not limited to the pilot cities", "商财发〔2018〕486号"},
	{"杭州", "2014-02-09", trade.DirectExport, n, "did not exist before 2014-02-10", "海关总署公告2014年第12号"},
	{"杭州", "2014-02-10", trade.DirectExport, a, "retail e-commerce exports", "海关总署公告2014年第12号"},
	{"Urumqi", "2022-01-01", trade.DirectExport, a, "retail e-commerce exports", "海关总署公告2014年第12号"},

	// 1210 bonded import: 海关总署公告2014年第57号, from 2014-08-01, pilot cities only.
	{"杭州", "2014-07-31", trade.BondedImport, n, "did not exist before 2014-08-01", "海关总署公告2014年第57号"},
	{"杭州", "2014-08-01", trade.BondedImport, a, "杭州市 was a CBEC import pilot city", "海关总署公告2014年第57号"},
	{"330108", "2014-08-01", trade.BondedImport, a, "杭州市 was a CBEC import pilot city", "海关总署公告2014年第57号"}, // 滨江区 lies in 杭州
	{"郑州", "2015-06-01", trade.BondedImport, a, "郑州市 was a CBEC import pilot city", "海关总署公告2014年第57号"},
	{"Guangzhou", "2014-08-01", trade.BondedImport, a, "广州市 was a CBEC import pilot city", "海关总署公告2014年第57号"},
	{"深圳", "2014-08-01", trade.BondedImport, u, "Whether 深圳市 hosts", "海关总署公告2014年第57号"},                // no facility shown operating yet
	{"深圳", "2014-09-09", trade.BondedImport, a, "深圳市 was a CBEC import pilot city", "海关总署公告2014年第57号"}, // 前海湾保税港区's bonded-import pilot opened
	{"天津", "2015-06-01", trade.BondedImport, u, "The day 天津市 became a pilot city", "海关总署公告2014年第57号"},
	{"福州", "2016-05-10", trade.BondedImport, u, "The day 福州市 became a pilot city", "海关总署公告2014年第57号"},
	{"合肥", "2016-05-10", trade.BondedImport, n, "合肥市 was not a CBEC import pilot city", "海关总署公告2014年第57号"},
	// The transition period from 2016-05-11: the 10 pilot cities.
	{"天津", "2016-05-11", trade.BondedImport, a, "天津市 is one of the 10 pilot cities", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"福州", "2016-05-11", trade.BondedImport, a, "福州市 is one of the 10 pilot cities", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"宁波", "2017-06-01", trade.BondedImport, a, "宁波市 is one of the 10 pilot cities", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"重庆", "2017-12-31", trade.BondedImport, a, "重庆市 is one of the 10 pilot cities", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"合肥", "2016-05-11", trade.BondedImport, n, "合肥市 is not one of the 10 pilot cities", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	{"合肥", "2017-12-31", trade.BondedImport, n, "合肥市 is not one of the 10 pilot cities", "跨境电商零售进口过渡期监管安排（2016年5月11日）"},
	// 2018: five more cities.
	{"合肥", "2018-01-01", trade.BondedImport, a, "合肥市 is one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	{"成都", "2018-01-01", trade.BondedImport, a, "成都市 is one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	{"大连", "2018-06-01", trade.BondedImport, a, "大连市 is one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	{"青岛", "2018-06-01", trade.BondedImport, a, "青岛市 is one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	{"昆山", "2018-06-01", trade.BondedImport, a, "苏州市 is one of the 15 cities", "国务院常务会议（2017年9月20日）"}, // 昆山 lies in 苏州
	{"上海", "2018-12-31", trade.BondedImport, a, "上海市 is one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	{"北京", "2018-12-31", trade.BondedImport, n, "北京市 is not one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	{"义乌", "2018-12-31", trade.BondedImport, n, "义乌市 is not one of the 15 cities", "国务院常务会议（2017年9月20日）"},
	// 商财发〔2018〕486号 from 2019-01-01: 37 cities.
	{"北京", "2019-01-01", trade.BondedImport, a, "北京市 is a retail-import pilot city under 商财发〔2018〕486号", "商财发〔2018〕486号"},
	{"Beijing", "2019-06-01", trade.BondedImport, a, "北京市 is a retail-import pilot city under 商财发〔2018〕486号", "商财发〔2018〕486号"},
	{"义乌", "2019-01-01", trade.BondedImport, a, "义乌市 is a retail-import pilot city under 商财发〔2018〕486号", "商财发〔2018〕486号"},
	{"Yiwu", "2020-01-16", trade.BondedImport, a, "义乌市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"金华", "2019-01-01", trade.BondedImport, n, "金华市 is not among the 37", "商财发〔2018〕486号"}, // 义乌 does not make 金华 a member
	{"婺城区", "2019-01-01", trade.BondedImport, n, "金华市 is not among the 37", "商财发〔2018〕486号"},
	{"唐山", "2019-01-01", trade.BondedImport, a, "唐山市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"威海", "2019-01-01", trade.BondedImport, u, "Whether 威海市 hosts", "商财发〔2018〕486号"}, // no facility dated operating
	{"珠海", "2019-01-01", trade.BondedImport, a, "珠海市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"兰州", "2019-01-01", trade.BondedImport, a, "兰州市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"呼和浩特", "2019-01-01", trade.BondedImport, u, "Whether 呼和浩特市 hosts", "商财发〔2018〕486号"},
	{"西安", "2019-01-01", trade.BondedImport, a, "西安市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"海口", "2019-01-01", trade.BondedImport, u, "Whether 海口市 hosts", "商财发〔2018〕486号"},
	{"海口", "2026-01-16", trade.BondedImport, a, "海口市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"南通", "2019-06-01", trade.BondedImport, n, "南通市 is not among the 37", "商财发〔2018〕486号"},
	{"湛江", "2019-06-01", trade.BondedImport, n, "湛江市 is not among the 37", "商财发〔2018〕486号"},
	{"三亚", "2020-01-16", trade.BondedImport, n, "三亚市 is not among the 37", "商财发〔2018〕486号"},
	// 商财发〔2020〕15号 from 2020-01-17: 50 cities (9 known) and Hainan Island.
	{"南通", "2020-01-16", trade.BondedImport, n, "南通市 is not among the 37", "商财发〔2018〕486号"},
	{"南通", "2020-01-17", trade.BondedImport, u, "Whether 南通市 hosts", "商财发〔2020〕15号"},
	{"舟山", "2020-06-01", trade.BondedImport, a, "舟山市 is a retail-import pilot under 商财发〔2020〕15号", "商财发〔2020〕15号"},
	{"汕头", "2020-06-01", trade.BondedImport, u, "Whether 汕头市 hosts", "商财发〔2020〕15号"},
	{"汕头", "2023-01-01", trade.BondedImport, a, "汕头市 is a retail-import pilot under 商财发〔2020〕15号", "商财发〔2020〕15号"},
	{"三亚", "2020-01-17", trade.BondedImport, u, "三亚市", "商财发〔2020〕15号"},                                           // on the island, but its facility's date is not known
	{"三沙", "2020-06-01", trade.BondedImport, n, "三沙市 hosts no special customs supervision area", "商财发〔2020〕15号"}, // not on the island, and no facility: the register
	{"开封", "2020-06-01", trade.BondedImport, n, "开封市 is neither among the 37", "商财发〔2020〕15号"},                   // shown not on the 2020 list
	{"湛江", "2021-03-17", trade.BondedImport, n, "湛江市 is neither among the 37", "商财发〔2020〕15号"},
	{"太原", "2020-06-01", trade.BondedImport, u, "太原市 may be one of the 50 cities", "商财发〔2020〕15号"},
	{"拉萨", "2021-03-17", trade.BondedImport, n, "拉萨市 hosts no special customs supervision area", "商财发〔2020〕15号"}, // its bonded zone opened later
	// 商财发〔2021〕39号 from 2021-03-18: every city hosting one of five zone categories.
	{"湛江", "2021-03-18", trade.BondedImport, u, "Whether 湛江市 hosts", "商财发〔2021〕39号"}, // its type-B center is undated, its bonded zone opened in 2023
	{"湛江", "2023-06-01", trade.BondedImport, a, "湛江市 hosts 中国（湛江）跨境电子商务综合试验区", "商财发〔2021〕39号"},
	{"太原", "2021-03-18", trade.BondedImport, a, "one of the five zone categories", "商财发〔2021〕39号"},
	{"拉萨", "2021-03-18", trade.BondedImport, n, "拉萨市 hosts no special customs supervision area", "商财发〔2021〕39号"},
	{"金华", "2021-03-18", trade.BondedImport, a, "one of the five zone categories", "商财发〔2021〕39号"},
	{"杭州", "2021-03-18", trade.BondedImport, a, "杭州市 is a retail-import pilot city under 商财发〔2018〕486号", "商财发〔2018〕486号"},
	{"北京", "2025-06-01", trade.BondedImport, a, "北京市 is a retail-import pilot city", "商财发〔2018〕486号"},
	{"浙江", "2022-01-01", trade.BondedImport, u, "浙江省 is a province", "商财发〔2018〕486号"},

	// 1239: 海关总署公告2016年第75号, effective 2016-12-01; not for the 10 pilot cities.
	{"太原", "2016-11-30", trade.BondedImportA, n, "did not exist before 2016-12-01", "海关总署公告2016年第75号"},
	{"太原", "2016-12-01", trade.BondedImportA, a, "may declare bonded retail import under 1239", "海关总署公告2016年第75号"},
	{"杭州", "2016-12-01", trade.BondedImportA, n, "杭州市 is one of the 10 pilot cities, which keep 1210", "海关总署公告2016年第75号"},
	{"平潭", "2017-06-01", trade.BondedImportA, n, "平潭县 is one of the 10 pilot cities, which keep 1210", "海关总署公告2016年第75号"},
	{"合肥", "2017-12-31", trade.BondedImportA, a, "may declare bonded retail import under 1239", "海关总署公告2016年第75号"},
	{"合肥", "2018-01-01", trade.BondedImportA, u, "合肥市, added to the transition policy in 2018", "海关总署公告2016年第75号"},
	{"太原", "2019-01-01", trade.BondedImportA, a, "may declare under 1239 bonded retail import", "海关总署公告2016年第75号"},
	{"北京", "2019-06-01", trade.BondedImportA, u, "do not say whether it may still use 1239", "海关总署公告2016年第75号"},
	{"杭州", "2019-06-01", trade.BondedImportA, n, "keeps off 1239", "海关总署公告2016年第75号"},

	// 1210 export: from a special area or bonded site.
	{"杭州", "2014-07-31", trade.BondedExport, n, "did not exist before 2014-08-01", "海关总署公告2014年第57号"},
	{"杭州", "2014-08-01", trade.BondedExport, a, "1210 export leaves from a special customs supervision area", "海关总署公告2014年第57号"},
	{"三沙", "2022-01-01", trade.BondedExport, u, "三沙市", "海关总署公告2014年第57号"},
	{"Weihai", "2019-01-01", trade.BondedExport, u, "whether 威海市 hosts a special customs supervision area", "海关总署公告2014年第57号"},
	{"杭州", "2019-01-01", trade.BondedExport, a, ", and 杭州市 hosts", "海关总署公告2014年第57号"},

	// 9710 and 9810: 海关总署公告2020年第75号 from 2020-07-01 (10 districts), 12 more
	// from 2020-09-01, everywhere under 海关总署公告2021年第47号.
	{"北京", "2020-06-30", trade.B2BDirectExport, n, "did not exist before 2020-07-01", "海关总署公告2020年第75号"},
	{"北京", "2020-07-01", trade.B2BDirectExport, a, "北京市 lies in 北京海关, one of the 10 customs districts", "海关总署公告2020年第75号"},
	{"厦门", "2020-07-01", trade.OverseasWarehouseExport, a, "厦门市 lies in 厦门海关, one of the 10 customs districts", "海关总署公告2020年第75号"},
	{"东莞", "2020-07-01", trade.B2BDirectExport, a, "东莞市 lies in 黄埔海关, one of the 10 customs districts", "海关总署公告2020年第75号"},
	{"西安", "2020-08-31", trade.B2BDirectExport, n, "西安市 lies in 西安海关, which is not among the 10 customs districts", "海关总署公告2020年第75号"},
	{"西安", "2020-09-01", trade.B2BDirectExport, a, "西安市 lies in 西安海关, one of the 12 customs districts", "海关总署2020年9月1日扩大跨境电商B2B出口监管试点"},
	{"成都", "2020-09-01", trade.OverseasWarehouseExport, a, "成都市 lies in 成都海关, one of the 12 customs districts", "海关总署2020年9月1日扩大跨境电商B2B出口监管试点"},
	{"兰州", "2021-06-21", trade.B2BDirectExport, n, "兰州市 lies in 兰州海关, which is not among the 22 customs districts", "海关总署2020年9月1日扩大跨境电商B2B出口监管试点"},
	{"上海", "2020-07-01", trade.B2BDirectExport, n, "上海市 lies in 上海海关, which is not among the 10 customs districts", "海关总署公告2020年第75号"},
	{"兰州", "2021-06-22", trade.B2BDirectExport, u, "from a day in July 2021 that was not found", "海关总署公告2021年第47号"},
	{"兰州", "2021-07-30", trade.B2BDirectExport, u, "from a day in July 2021 that was not found", "海关总署公告2021年第47号"},
	{"兰州", "2021-07-31", trade.B2BDirectExport, a, "open in every customs district", "海关总署公告2021年第47号"},
	{"霍尔果斯", "2024-01-01", trade.OverseasWarehouseExport, a, "open in every customs district", "海关总署公告2021年第47号"},
}

func TestDecide(t *testing.T) {
	cities := map[string]bool{}
	for _, tt := range decideTests {
		d, err := policy.Permitted(tt.city, cbec.MustParseDate(tt.day), tt.mode)
		if err != nil {
			t.Errorf("Permitted(%s, %s, %v): %v", tt.city, tt.day, tt.mode, err)
			continue
		}
		cities[d.City().Code] = true
		if d.Verdict() != tt.want || !strings.Contains(d.Reason(), tt.reason) {
			t.Errorf("%s %s %s: %v %q\n\twant %v with %q", tt.city, tt.day, tt.mode.Code(), d.Verdict(), d.Reason(), tt.want, tt.reason)
			continue
		}
		if len(d.Basis()) == 0 || d.Basis()[0].Doc != tt.doc {
			t.Errorf("%s %s %s: basis %v, want %s first", tt.city, tt.day, tt.mode.Code(), d.Basis(), tt.doc)
		}
		if d.Permitted() != (d.Verdict() == policy.Allowed) || d.DataVersion() != cbec.DataVersion || d.Mode() != tt.mode {
			t.Errorf("%s %s: inconsistent decision %+v", tt.city, tt.day, d)
		}
		if d.Verdict() == policy.Allowed && tt.mode == trade.BondedImport && len(d.Zones()) == 0 {
			t.Errorf("%s %s: allowed 1210 names no zone", tt.city, tt.day)
		}
	}
	if len(decideTests) < 80 || len(cities) < 30 {
		t.Errorf("%d cases over %d units; want at least 80 over 30", len(decideTests), len(cities))
	}
}

// TestConditions checks the conditions decisions carry.
func TestConditions(t *testing.T) {
	for _, tt := range []struct {
		city, day string
		mode      trade.Mode
		want      string
	}{
		{"湛江", "2021-03-18", trade.BondedImport, "Local customs must first confirm"},
		{"北京", "2019-01-01", trade.BondedImport, "网购保税+线下自提"},
		{"惠州", "2020-07-01", trade.B2BDirectExport, "惠州市's customs district (深圳海关) is not confirmed"},
		{"杭州", "2027-01-01", trade.BondedImport, "later changes are not reflected"},
		{"太原", "2017-06-01", trade.BondedImportA, "first-import licences"},
	} {
		d, err := policy.Permitted(tt.city, cbec.MustParseDate(tt.day), tt.mode)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(d.Conditions(), func(c string) bool { return strings.Contains(c, tt.want) }) {
			t.Errorf("%s %s %s: conditions %q lack %q", tt.city, tt.day, tt.mode.Code(), d.Conditions(), tt.want)
		}
	}
	// Before the data version, no such condition.
	d, _ := policy.Permitted("杭州", cbec.MustParseDate(cbec.DataVersion), trade.BondedImport)
	for _, c := range d.Conditions() {
		if strings.Contains(c, "later changes") {
			t.Errorf("condition %q on the data version's own day", c)
		}
	}
}

func TestTimelineAndHistory(t *testing.T) {
	hefei, _ := zones.Lookup("合肥")
	h := policy.History(hefei, trade.BondedImport)
	if len(h) < 4 || h[0].Period.From.IsValid() || h[len(h)-1].Period.Until.IsValid() {
		t.Fatalf("History(合肥) = %v", h)
	}
	for i := 1; i < len(h); i++ {
		if h[i].Period.From != h[i-1].Period.Until {
			t.Errorf("spans %d and %d do not meet: %v %v", i-1, i, h[i-1].Period, h[i].Period)
		}
		d := policy.Decide(hefei, h[i].Period.From, trade.BondedImport)
		if d.Reason() != h[i].Decision.Reason() || d.Verdict() != h[i].Verdict {
			t.Errorf("span %v says %v, Decide on its first day says %v", h[i].Period, h[i].Decision, d)
		}
	}
	tl := policy.Timeline(hefei, trade.BondedImport)
	if len(tl) == 0 || tl[0].Period.From != cbec.MustParseDate("2018-01-01") {
		t.Fatalf("Timeline(合肥)[0] = %v, want from 2018-01-01", tl)
	}
	for _, s := range tl {
		if s.Verdict == policy.Denied {
			t.Errorf("Timeline has a denied span %v", s)
		}
	}
	if policy.History(zones.City{}, trade.BondedImport) != nil || policy.Timeline(hefei, 0) != nil {
		t.Error("History or Timeline answered bad input")
	}
}

func TestCitiesAndChanges(t *testing.T) {
	day := cbec.MustParseDate("2019-06-01")
	var got []string
	for c := range policy.Cities(day, trade.BondedImport) {
		got = append(got, c.Name)
		if d := policy.Decide(c, day, trade.BondedImport); d.Verdict() != policy.Allowed {
			t.Errorf("Cities yields %v: %v", c, d)
		}
	}
	for _, want := range []string{"北京市", "杭州市", "义乌市", "广州市", "兰州市"} {
		if !slices.Contains(got, want) {
			t.Errorf("Cities(2019-06-01, 1210) lacks %s", want)
		}
	}
	if slices.Contains(got, "金华市") || slices.Contains(got, "滨江区") || slices.Contains(got, "浙江省") {
		t.Errorf("Cities yields a non-member, a district or a province: %v", got)
	}
	ch := policy.Changes(cbec.MustParseDate("2020-01-16"), cbec.MustParseDate("2020-01-17"), trade.BondedImport)
	var names []string
	for _, c := range ch {
		names = append(names, c.City.Name)
		if c.Before.Verdict() == c.After.Verdict() {
			t.Errorf("Changes lists %v with no change", c.City)
		}
		if c.After.Basis()[0].Doc != "商财发〔2020〕15号" {
			t.Errorf("%v changed under %v", c.City, c.After.Basis())
		}
	}
	for _, want := range []string{"南通市", "舟山市", "汕头市", "石家庄市"} {
		if !slices.Contains(names, want) {
			t.Errorf("Changes(2020-01-16, 2020-01-17) lacks %s: %v", want, names)
		}
	}
	if policy.Changes(cbec.Date{}, day, trade.BondedImport) != nil {
		t.Error("Changes answered a zero date")
	}
}

func TestDecisionJSON(t *testing.T) {
	d, err := policy.Permitted("杭州", cbec.MustParseDate("2019-03-01"), trade.BondedImport)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"verdict", "city", "date", "mode", "basis", "zones", "conditions", "gaps", "rule", "reason", "reason_zh", "data_version"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if m["verdict"] != "allowed" || m["date"] != "2019-03-01" || m["mode"] != "1210" {
		t.Errorf("JSON = %s", b)
	}
}

func TestUnits(t *testing.T) {
	var names []string
	for c := range policy.Units() {
		names = append(names, c.Name)
		if c.Level == zones.Province && !c.IsMunicipality() {
			t.Errorf("Units yields the province %v", c)
		}
	}
	for _, want := range []string{"北京市", "杭州市", "义乌市", "平潭县", "文昌市", "三沙市"} {
		if !slices.Contains(names, want) {
			t.Errorf("Units lacks %s", want)
		}
	}
	for _, not := range []string{"滨江区", "浙江省", "昆山市"} {
		if slices.Contains(names, not) {
			t.Errorf("Units yields %s", not)
		}
	}
}

// TestCitiesByPartitions checks that the units allowed, unknown and denied
// on a day are every unit, each once, and agree with Decide.
func TestCitiesByPartitions(t *testing.T) {
	for _, s := range []string{"2019-06-01", "2022-06-05", "2026-12-01"} {
		day := cbec.MustParseDate(s)
		seen := map[string]policy.Verdict{}
		for _, v := range []policy.Verdict{policy.Allowed, policy.Unknown, policy.Denied} {
			for c := range policy.CitiesBy(day, trade.BondedImport, v) {
				if _, dup := seen[c.Code]; dup {
					t.Errorf("%s: %v listed twice", s, c)
				}
				seen[c.Code] = v
				if got := policy.Decide(c, day, trade.BondedImport).Verdict(); got != v {
					t.Errorf("%s: %v listed as %v, decided %v", s, c, v, got)
				}
			}
		}
		n := 0
		for range policy.Units() {
			n++
		}
		if len(seen) != n {
			t.Errorf("%s: %d units listed, %d units", s, len(seen), n)
		}
	}
}
