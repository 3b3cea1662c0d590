package policy_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// A small world with complete zone data, so that absence is conclusive.
var testZones = fstest.MapFS{
	"cities.tsv": {Data: []byte(`code	name	level	parent	name_en	aliases
110000	北京市	province		Beijing	北京
110105	朝阳区	county	110000	Chaoyang	朝阳
330000	浙江省	province		Zhejiang	浙江
330100	杭州市	prefecture	330000	Hangzhou	杭州
330108	滨江区	county	330100	Binjiang	滨江
330700	金华市	prefecture	330000	Jinhua	金华
330702	婺城区	county	330700	Wucheng	婺城
330782	义乌市	county	330700	Yiwu	义乌
440000	广东省	province		Guangdong	广东
440100	广州市	prefecture	440000	Guangzhou	广州
440800	湛江市	prefecture	440000	Zhanjiang	湛江
460000	海南省	province		Hainan	海南
460100	海口市	prefecture	460000	Haikou	海口
460300	三沙市	prefecture	460000	Sansha	三沙
469005	文昌市	county	460000	Wenchang	文昌
`)},
	"cbz.tsv": {Data: []byte(`id	group	name	name_en	city	from	known_by	until	doc	issuer	url	verified	note
cbz-hz		杭州综合保税区	Hangzhou CBZ	330108	2010-01-05				国务院	https://example.org/hz	yes	
cbz-yw		义乌综合保税区	Yiwu CBZ	330782	2020-05				国务院	https://example.org/yw	yes	month only
cbz-hk		海口综合保税区	Haikou CBZ	460100	2008-12-22				国务院	https://example.org/hk	yes	
cbz-gz		广州综合保税区	Guangzhou CBZ	440100	2009-01-01				国务院	https://example.org/gz	no	unverified
`)},
	"cbec.tsv": {Data: []byte(`id	group	name	name_en	city	from	known_by	until	doc	issuer	url	verified	note
cbec-zj	6	中国（湛江）跨境电子商务综合试验区	Zhanjiang CBEC zone	440800	2020-05-06				国务院	https://example.org/zj	yes	
cbec-jh	6	中国（金华）跨境电子商务综合试验区	Jinhua CBEC zone	330700	2022-02-08				国务院	https://example.org/jh	yes	
`)},
	"datasets.tsv": {Data: []byte(`category	complete	official_total	as_of	url	gap
ftz	yes	0	2026-01-01	https://example.org	
cbec	yes	2	2026-01-01	https://example.org	
cbz	yes	4	2026-01-01	https://example.org	
demo	yes	0	2026-01-01	https://example.org	
blc	yes	0	2026-01-01	https://example.org	
special	yes	0	2026-01-01	https://example.org	
`)},
}

var testPolicy = fstest.MapFS{
	"docs.tsv": {Data: []byte(`doc	title	issuer	issued	effective	url	read_at	confidence	note
DOC-A	List A	Issuer	2019-01-01	2019-01-01	https://www.example.gov.cn/a	https://example.org/a	high	
DOC-B	List B	Issuer	2020-01-17	2020-01-17		https://example.org/b ; https://example.net/b	high	
DOC-Z	Zones	Issuer	2021-03-18	2021-03-18		https://example.org/z	high	
海关总署公告2014年第57号	1210	海关总署	2014-07-30	2014-08-01		https://example.org/57	high	
`)},
	"listinfo.tsv": {Data: []byte(`list	doc	complete	total	unknown	unknown_zh	note
A	DOC-A	yes	3			
B	DOC-B	no	5	{city} may be on list B	{city}可能在名单B上	
`)},
	"lists.tsv": {Data: []byte(`list	city	name	member	from	verified	url	note
A	330100	杭州市	yes		yes	https://example.org/a	
A	330782	义乌市	yes		yes	https://example.org/a	
A	110000	北京市	yes		no		recalled only
B	460000	海南省（全岛）	yes		yes	https://example.org/b	
B	440800	湛江市	no		yes	https://example.org/b	shown not on it
`)},
	"customs.tsv": {Data: []byte(`city	name	district	verified	url	note
330100	杭州市	杭州海关	yes	https://example.org/c	
`)},
	"requirements.tsv": {Data: []byte(`id	categories	absent	doc	what	what_zh	elsewhere	elsewhere_zh	note
facility	cbz+special+blc+regime	denied	海关总署公告2014年第57号	special customs supervision area or type-B bonded logistics center	海关特殊监管区域或保税物流中心（B型）			
`)},
	"rules.tsv": {Data: []byte(`id	modes	from	until	scope	requires	verdict	doc	reason	reason_zh	conditions	confidence	note
a	1210	2019-01-01		list:A	facility	allowed	DOC-A	{city} is on list A	中文：{city} is on list A	Condition A.	high	
b	1210	2020-01-17		list:B	facility	allowed	DOC-B	{city} is on list B	中文：{city} is on list B		medium	
z	1210	2021-03-18		zones:ftz+cbec+cbz+demo+blc	facility	allowed	DOC-Z	{city} hosts {zone}	中文：{city} hosts {zone}	Customs must confirm.	high	
no-a	1210	2019-01-01	2020-01-17	all		denied	DOC-A	{city} is not on list A	中文：{city} is not on list A		high	
no-b	1210	2020-01-17	2021-03-18	all		denied	DOC-B	{city} is on neither list	中文：{city} is on neither list		high	
no-z	1210	2021-03-18		all		denied	DOC-Z	{city} hosts no zone	中文：{city} hosts no zone		high	
`)},
}

func testEngine(t testing.TB) *policy.Engine {
	t.Helper()
	reg, err := zones.Load(testZones)
	if err != nil {
		t.Fatal(err)
	}
	e, err := policy.NewEngine(reg, testPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestSemantics checks the rules of the design on the small world.
func TestSemantics(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		name, city, day string
		mode            trade.Mode
		want            policy.Verdict
		reason          string // substring of Reason
		cond            string // substring of one condition, if any
		zones           []string
	}{
		{"before the code existed", "杭州", "2014-07-31", trade.BondedImport, policy.Denied, "did not exist before 2014-08-01", "", nil},
		{"gap before the first rule", "杭州", "2018-12-31", trade.BondedImport, policy.Unknown, "No rule", "", nil},
		{"list member with facility", "杭州", "2019-01-01", trade.BondedImport, policy.Allowed, "杭州市 is on list A and hosts 杭州综合保税区", "Condition A.", []string{"cbz-hz"}},
		{"a list covers what lies inside", "滨江", "2019-01-01", trade.BondedImport, policy.Allowed, "杭州市 is on list A", "", []string{"cbz-hz"}},
		{"county member, facility date known only to the month", "义乌", "2020-05-15", trade.BondedImport, policy.Unknown, "known only to the month", "", nil},
		{"county member, facility not yet approved", "义乌", "2020-04-30", trade.BondedImport, policy.Denied, "hosts no special customs supervision area", "", nil},
		{"county member after the facility's month", "义乌", "2020-06-01", trade.BondedImport, policy.Allowed, "义乌市 is on list A and hosts 义乌综合保税区", "", []string{"cbz-yw"}},
		{"a member never makes its parent one", "金华", "2019-06-01", trade.BondedImport, policy.Denied, "金华市 is not on list A", "", nil},
		{"nor its parent's other districts", "婺城", "2019-06-01", trade.BondedImport, policy.Denied, "金华市 is not on list A", "", nil},
		{"incomplete list, parent of a member with a facility", "金华", "2020-06-01", trade.BondedImport, policy.Unknown, "金华市 may be on list B", "", nil},
		{"a later rule settles an open list", "金华", "2022-02-08", trade.BondedImport, policy.Allowed, "金华市 hosts 中国（金华）跨境电子商务综合试验区 and hosts 义乌综合保税区", "Customs must confirm.", []string{"cbec-jh", "cbz-yw"}},
		{"unverified list member still answers, with a condition", "北京", "2019-06-01", trade.BondedImport, policy.Denied, "北京市 hosts no special", "", nil},
		{"whole island covers its cities", "海口", "2020-01-17", trade.BondedImport, policy.Allowed, "海口市 (listed as 海南省（全岛）) is on list B", "", []string{"cbz-hk"}},
		{"day before the island's listing", "海口", "2020-01-16", trade.BondedImport, policy.Denied, "海口市 is not on list A", "", nil},
		{"whole island covers a county under the province", "文昌", "2020-02-01", trade.BondedImport, policy.Denied, "文昌市 hosts no special", "", nil},
		{"三沙 is not on the island, and the list is incomplete", "三沙", "2020-02-01", trade.BondedImport, policy.Denied, "三沙市 hosts no special", "", nil},
		{"incomplete list, city with a facility", "广州", "2020-02-01", trade.BondedImport, policy.Unknown, "广州市 may be on list B", "", nil},
		{"incomplete list, city shown not on it", "湛江", "2020-02-01", trade.BondedImport, policy.Denied, "湛江市 is on neither list", "", nil},
		{"eligible through zones, but no facility", "湛江", "2021-03-18", trade.BondedImport, policy.Denied, "湛江市 hosts no special", "", nil},
		{"eligible through zones with a facility, unverified", "广州", "2021-03-18", trade.BondedImport, policy.Allowed, "广州市 hosts 广州综合保税区", "is not confirmed by a source read", []string{"cbz-gz"}},
		{"a province is not a city", "浙江", "2019-06-01", trade.BondedImport, policy.Unknown, "is a province", "", nil},
		{"after the data version", "杭州", "2030-01-01", trade.BondedImport, policy.Allowed, "杭州市 is on list A", "later changes are not reflected", nil},
		{"a mode with no rules", "杭州", "2030-01-01", trade.DirectExport, policy.Unknown, "No rule", "later changes are not reflected", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := e.Permitted(tt.city, cbec.MustParseDate(tt.day), tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			if d.Verdict() != tt.want || !strings.Contains(d.Reason(), tt.reason) {
				t.Errorf("%s %s: %v %q, want %v containing %q", tt.city, tt.day, d.Verdict(), d.Reason(), tt.want, tt.reason)
			}
			if d.Permitted() != (tt.want == policy.Allowed) {
				t.Errorf("Permitted() = %v for %v", d.Permitted(), d.Verdict())
			}
			if tt.cond != "" && !strings.Contains(strings.Join(d.Conditions(), "|"), tt.cond) {
				t.Errorf("conditions %q lack %q", d.Conditions(), tt.cond)
			}
			if tt.zones != nil {
				var ids []string
				for _, z := range d.Zones() {
					ids = append(ids, z.ID)
				}
				if strings.Join(ids, ",") != strings.Join(tt.zones, ",") {
					t.Errorf("zones = %v, want %v", ids, tt.zones)
				}
			}
			if len(d.Basis()) == 0 && d.Verdict() != policy.Unknown {
				t.Errorf("no basis")
			}
		})
	}
}

func TestUnverifiedListMember(t *testing.T) {
	e := testEngine(t)
	// 北京 is on list A only by recollection: a decision resting on it says so.
	reg := e.Registry()
	c, _ := reg.Lookup("北京")
	// Give 北京 a facility by asking on a day the rules make it a member: it
	// has none in this world, so the verdict is Denied, but the facility rule
	// is what denies it, not the membership.
	d := e.Decide(c, cbec.MustParseDate("2019-06-01"), trade.BondedImport)
	if d.Verdict() != policy.Denied || !strings.Contains(d.Reason(), "hosts no special") {
		t.Fatalf("got %v", d)
	}
}

func TestEngineErrors(t *testing.T) {
	e := testEngine(t)
	day := cbec.MustParseDate("2020-01-01")
	for _, tt := range []struct {
		city string
		day  cbec.Date
		mode trade.Mode
		want error
	}{
		{"Atlantis", day, trade.BondedImport, zones.ErrUnknownCity},
		{"", day, trade.BondedImport, zones.ErrUnknownCity},
		{"杭州", cbec.Date{}, trade.BondedImport, cbec.ErrInvalidDate},
		{"杭州", day, trade.Mode(0), trade.ErrUnknownMode},
		{"杭州", day, trade.Mode(200), trade.ErrUnknownMode},
	} {
		_, err := e.Permitted(tt.city, tt.day, tt.mode)
		if !errors.Is(err, tt.want) {
			t.Errorf("Permitted(%q, %v, %v) error = %v, want %v", tt.city, tt.day, tt.mode, err, tt.want)
		}
	}
	// Decide never fails: bad input gives Unknown with a reason.
	for _, d := range []policy.Decision{
		e.Decide(zones.City{}, day, trade.BondedImport),
		e.Decide(zones.City{Code: "999999"}, day, trade.BondedImport),
		e.Decide(zones.City{Code: "330100"}, cbec.Date{}, trade.BondedImport),
		e.Decide(zones.City{Code: "330100"}, day, 0),
	} {
		if d.Verdict() != policy.Unknown || d.Reason() == "" || d.Permitted() {
			t.Errorf("bad input gave %+v", d)
		}
	}
	// A hand-built City with a valid code works like a looked-up one.
	if d := e.Decide(zones.City{Code: "330100"}, cbec.MustParseDate("2019-06-01"), trade.BondedImport); d.Verdict() != policy.Allowed || d.City().Name != "杭州市" {
		t.Errorf("hand-built city: %v", d)
	}
}

func TestNewEngineRejectsBadData(t *testing.T) {
	reg, err := zones.Load(testZones)
	if err != nil {
		t.Fatal(err)
	}
	replace := func(file, old, new string) fstest.MapFS {
		fs := fstest.MapFS{}
		for k, v := range testPolicy {
			fs[k] = v
		}
		data := string(testPolicy[file].Data)
		if !strings.Contains(data, old) {
			t.Fatalf("%s has no %q", file, old)
		}
		fs[file] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
		return fs
	}
	for _, tt := range []struct {
		name string
		fs   fstest.MapFS
		want string
	}{
		{"unknown document", replace("rules.tsv", "allowed	DOC-A", "allowed	DOC-X"), "DOC-X, which is not in docs.tsv"},
		{"malformed date", replace("rules.tsv", "2019-01-01		list:A", "2019-02-30		list:A"), "rules.tsv:2: from"},
		{"unknown mode", replace("rules.tsv", "a	1210", "a	1211"), "rules.tsv:2: modes"},
		{"contradiction", replace("rules.tsv", "no-b	1210	2020-01-17	2021-03-18	all		denied", "no-b	1210	2019-06-01	2021-03-18	all		allowed"), "contradicts"},
		{"unknown list", replace("rules.tsv", "list:B", "list:C"), "unknown list C"},
		{"unknown city", replace("lists.tsv", "A	330782", "A	330783"), "330783 is not a city code"},
		{"complete list miscounted", replace("listinfo.tsv", "yes	3", "yes	4"), "marked complete with 4 members"},
		{"missing source", replace("docs.tsv", "https://example.org/a	high", "	high"), "docs.tsv:2: read_at"},
		{"unofficial url", replace("docs.tsv", "https://www.example.gov.cn/a", "https://example.org/x"), "docs.tsv:2: url"},
		{"two urls in url", replace("docs.tsv", "https://www.example.gov.cn/a", "https://www.example.gov.cn/a ; https://example.gov.cn/b"), "docs.tsv:2: url"},
		{"relative page", replace("docs.tsv", "https://example.org/z", "example.org/z"), "docs.tsv:4: read_at"},
		{"duplicate rule id", replace("rules.tsv", "no-a	", "a	"), "duplicate id"},
		{"sourced list row without URL", replace("lists.tsv", "yes	https://example.org/a	\nA	330782", "yes		\nA	330782"), "lists.tsv:2: url"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := policy.NewEngine(reg, tt.fs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewEngine error = %v, want one containing %q", err, tt.want)
			}
			if e != nil {
				t.Error("an engine came back with the error")
			}
		})
	}
}

// TestJoinedBy checks a list member known to be on the list only by some day.
func TestJoinedBy(t *testing.T) {
	reg, err := zones.Load(testZones)
	if err != nil {
		t.Fatal(err)
	}
	fs := fstest.MapFS{}
	for k, v := range testPolicy {
		fs[k] = v
	}
	fs["lists.tsv"] = &fstest.MapFile{Data: []byte(strings.Replace(string(testPolicy["lists.tsv"].Data),
		"A\t330782\t义乌市\tyes\t\t", "A\t330782\t义乌市\tyes\tby 2020-06-01\t", 1))}
	e, err := policy.NewEngine(reg, fs)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		day    string
		want   policy.Verdict
		reason string
	}{
		{"2020-05-31", policy.Unknown, "The day 义乌市 became a pilot city under DOC-A is not known"},
		{"2020-06-01", policy.Allowed, "义乌市 is on list A"},
	} {
		d, err := e.Permitted("义乌", cbec.MustParseDate(tt.day), trade.BondedImport)
		if err != nil || d.Verdict() != tt.want || !strings.Contains(d.Reason(), tt.reason) {
			t.Errorf("义乌 %s: %v, %v; want %v with %q", tt.day, d, err, tt.want, tt.reason)
		}
	}
	fs["lists.tsv"] = &fstest.MapFile{Data: []byte(strings.Replace(string(testPolicy["lists.tsv"].Data),
		"A\t330782\t义乌市\tyes\t\t", "A\t330782\t义乌市\tyes\tby 2020-06\t", 1))}
	if _, err := policy.NewEngine(reg, fs); err == nil || !strings.Contains(err.Error(), "lists.tsv:3: from") {
		t.Errorf("a month after by: %v", err)
	}
}
