package zones_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/zones"
)

// ambiguousWith reports whether err is an ambiguity that lists c.
func ambiguousWith(err error, c zones.City) bool {
	var le *zones.LookupError
	return errors.Is(err, zones.ErrAmbiguousCity) && errors.As(err, &le) &&
		slices.ContainsFunc(le.Candidates, func(x zones.City) bool { return x.Code == c.Code })
}

func candidateCodes(err error) []string {
	var le *zones.LookupError
	if !errors.As(err, &le) {
		return nil
	}
	var out []string
	for _, c := range le.Candidates {
		out = append(out, c.Code)
	}
	return out
}

var lookupTests = []struct {
	q     string
	code  string   // the unit found; "" when an error is wanted
	err   error    // ErrUnknownCity or ErrAmbiguousCity
	cand  []string // codes the error must list, in this order when exact
	exact bool     // cand is the whole list
	text  []string // the error text must contain these
}{
	// Chinese, with and without the suffix.
	{q: "杭州", code: "330100"},
	{q: "杭州市", code: "330100"},
	{q: "  杭州  ", code: "330100"},
	{q: "浙江省杭州市", code: "330100"},
	{q: "西安", code: "610100"},
	{q: "西安市", code: "610100"},
	{q: "吉林", code: "220200"}, // the city beats the province
	{q: "吉林省", code: "220000"},
	{q: "乌鲁木齐", code: "650100"},
	{q: "内蒙古", code: "150000"},
	// Pinyin and English, any case.
	{q: "HANGZHOU", code: "330100"},
	{q: "hangzhou", code: "330100"},
	{q: "Hangzhou City", code: "330100"},
	{q: "ＨＡＮＧＺＨＯＵ", code: "330100"},
	{q: "Xi'an", code: "610100"},
	{q: "xian", code: "610100"},
	{q: "XIAN", code: "610100"},
	{q: "Nanjing", code: "320100"}, // not 南靖县
	{q: "Harbin", code: "230100"},
	{q: "Urumqi", code: "650100"},
	{q: "Inner Mongolia", code: "150000"},
	// Codes.
	{q: "330100", code: "330100"},
	{q: "110000", code: "110000"},
	{q: "３３０１００", code: "330100"},
	{q: " 330782 ", code: "330782"},
	// County-level cities.
	{q: "义乌", code: "330782"},
	{q: "Yiwu", code: "330782"}, // not 伊吾县
	{q: "义乌市", code: "330782"},
	{q: "330782", code: "330782"},
	{q: "昆山", code: "320583"},
	{q: "Kunshan", code: "320583"},
	{q: "绥芬河", code: "231081"},
	{q: "Suifenhe", code: "231081"},
	{q: "珲春", code: "222404"},
	{q: "Hunchun", code: "222404"},
	{q: "满洲里", code: "150781"},
	{q: "Manzhouli", code: "150781"},
	{q: "二连浩特", code: "152501"},
	{q: "Erenhot", code: "152501"},
	{q: "阿拉山口", code: "652702"},
	{q: "Alashankou", code: "652702"},
	{q: "霍尔果斯", code: "654004"},
	{q: "Horgos", code: "654004"},
	{q: "延吉", code: "222401"},
	{q: "同江", code: "230881"},
	{q: "平潭", code: "350128"},
	{q: "Pingtan", code: "350128"},
	{q: "350128", code: "350128"},
	// Municipalities.
	{q: "北京", code: "110000"},
	{q: "北京市", code: "110000"},
	{q: "Beijing", code: "110000"},
	{q: "Shanghai", code: "310000"},
	{q: "上海", code: "310000"},
	{q: "Tianjin", code: "120000"},
	{q: "重庆", code: "500000"},
	// Hainan.
	{q: "海南", code: "460000"},
	{q: "Hainan", code: "460000"},
	{q: "海南省", code: "460000"},
	{q: "海口", code: "460100"},
	{q: "三沙", code: "460300"},
	{q: "文昌", code: "469005"},
	// Qualified names.
	{q: "辽宁朝阳", code: "211300"},
	{q: "Chaoyang, Liaoning", code: "211300"},
	{q: "Chaoyang Liaoning", code: "211300"},
	{q: "Liaoning Chaoyang", code: "211300"},
	{q: "北京朝阳", code: "110105"},
	{q: "Chaoyang, Beijing", code: "110105"},
	{q: "杭州滨江", code: "330108"},
	{q: "浙江杭州", code: "330100"},
	{q: "Hangzhou, Zhejiang", code: "330100"},
	{q: "安徽宿州", code: "341300"},
	{q: "Suzhou, Jiangsu", code: "320500"},
	{q: "Suzhou, Anhui", code: "341300"},
	{q: "南京鼓楼", code: "320106"},
	{q: "Jin'an", err: zones.ErrAmbiguousCity, cand: []string{"341502", "350111"}}, // 金安区, 晋安区; not Jinan 济南
	{q: "Jinan", code: "370100"},
	// Ambiguous names.
	{q: "Suzhou", err: zones.ErrAmbiguousCity, cand: []string{"320500", "341300"}, exact: true, text: []string{"苏州市", "宿州市"}},
	{q: "suzhou", err: zones.ErrAmbiguousCity, cand: []string{"320500", "341300"}, exact: true},
	{q: "Fuzhou", err: zones.ErrAmbiguousCity, cand: []string{"350100", "361000"}, exact: true, text: []string{"福州市", "抚州市"}},
	{q: "Taizhou", err: zones.ErrAmbiguousCity, cand: []string{"321200", "331000"}, exact: true, text: []string{"泰州市", "台州市"}},
	{q: "鼓楼区", err: zones.ErrAmbiguousCity, cand: []string{"320106", "320302", "350102", "410204"}, exact: true},
	{q: "鼓楼", err: zones.ErrAmbiguousCity, cand: []string{"320106", "320302", "350102", "410204"}},
	{q: "通州区", err: zones.ErrAmbiguousCity, cand: []string{"110112", "320612"}, exact: true},
	{q: "江苏鼓楼", err: zones.ErrAmbiguousCity, cand: []string{"320106", "320302"}, exact: true},
	// Unknown names.
	{q: "Atlantis", err: zones.ErrUnknownCity, text: []string{`"Atlantis"`}},
	{q: "Hangzou", err: zones.ErrUnknownCity, cand: []string{"330100"}, text: []string{"杭州市"}},
	{q: "Hangzhuo", err: zones.ErrUnknownCity, cand: []string{"330100"}, text: []string{"杭州市"}},
	{q: "杭洲", err: zones.ErrUnknownCity, cand: []string{"330100"}},
	{q: "Khorgas", err: zones.ErrUnknownCity, cand: []string{"654004"}},
	{q: "香港", err: zones.ErrUnknownCity},
	{q: "999999", err: zones.ErrUnknownCity},
	{q: "33010", err: zones.ErrUnknownCity},
	{q: "3301000", err: zones.ErrUnknownCity},
	{q: "beijing shi", err: zones.ErrUnknownCity},
	// 雄安新区 has no code of its own.
	{q: "雄安", err: zones.ErrUnknownCity, cand: []string{"130638", "130629", "130632"}, exact: true, text: []string{"雄县", "容城县", "安新县"}},
	{q: "雄安新区", err: zones.ErrUnknownCity, cand: []string{"130638", "130629", "130632"}, exact: true, text: []string{"雄县", "容城县", "安新县"}},
	{q: "Xiongan", err: zones.ErrUnknownCity, cand: []string{"130638", "130629", "130632"}, exact: true},
	{q: "Xiong'an New Area", err: zones.ErrUnknownCity, cand: []string{"130638", "130629", "130632"}, exact: true},
	// Odd input.
	{q: "", err: zones.ErrUnknownCity},
	{q: " ", err: zones.ErrUnknownCity},
	{q: " \t\u3000 ", err: zones.ErrUnknownCity},
	{q: "'-.·", err: zones.ErrUnknownCity},
	{q: strings.Repeat("杭州", 200), err: zones.ErrUnknownCity},
	{q: strings.Repeat("x", 10000), err: zones.ErrUnknownCity},
	{q: "\xff\xfe", err: zones.ErrUnknownCity},
	{q: "杭\xff州", err: zones.ErrUnknownCity},
	{q: "\x00", err: zones.ErrUnknownCity},
}

func TestLookup(t *testing.T) {
	for _, tt := range lookupTests {
		name := tt.q
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		t.Run(name, func(t *testing.T) {
			got, err := zones.Lookup(tt.q)
			if tt.err == nil {
				if err != nil || got.Code != tt.code {
					t.Fatalf("Lookup(%q) = %v, %v; want %s", tt.q, got, err, tt.code)
				}
				if c, ok := zones.ByCode(tt.code); !ok || c != got {
					t.Errorf("Lookup(%q) = %#v, ByCode(%s) = %#v", tt.q, got, tt.code, c)
				}
				return
			}
			if err == nil {
				t.Fatalf("Lookup(%q) = %v, nil; want an error wrapping %v", tt.q, got, tt.err)
			}
			if got != (zones.City{}) {
				t.Errorf("Lookup(%q) returned %v with its error", tt.q, got)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Lookup(%q) error %v does not wrap %v", tt.q, err, tt.err)
			}
			var le *zones.LookupError
			if !errors.As(err, &le) {
				t.Fatalf("Lookup(%q) error %T is not a *LookupError", tt.q, err)
			}
			if le.Query != tt.q {
				t.Errorf("LookupError.Query = %q, want %q", le.Query, tt.q)
			}
			codes := candidateCodes(err)
			if tt.exact && !slices.Equal(codes, tt.cand) {
				t.Errorf("Lookup(%q) candidates %v, want %v", tt.q, codes, tt.cand)
			}
			for _, c := range tt.cand {
				if !slices.Contains(codes, c) {
					t.Errorf("Lookup(%q) candidates %v lack %s", tt.q, codes, c)
				}
			}
			msg := err.Error()
			for _, s := range tt.text {
				if !strings.Contains(msg, s) {
					t.Errorf("Lookup(%q) error %q does not name %s", tt.q, msg, s)
				}
			}
			if tt.err == zones.ErrUnknownCity && len(tt.cand) > 0 && (len(codes) == 0 || codes[0] != tt.cand[0]) {
				t.Errorf("Lookup(%q): best suggestion %v, want %s first", tt.q, codes, tt.cand[0])
			}
		})
	}
	if n := len(lookupTests); n < 50 {
		t.Errorf("only %d lookup cases", n)
	}
}

// TestLookupEveryUnit checks that every unit is found by its code, and by its
// English name unless the name is shared.
func TestLookupEveryUnit(t *testing.T) {
	for c := range zones.Default().Cities() {
		if got, err := zones.Lookup(c.Code); err != nil || got != c {
			t.Errorf("Lookup(%q) = %v, %v", c.Code, got, err)
		}
		if c.NameEN == "" {
			continue
		}
		// Another unit of a better rank may take the name (Wulumuqi is the
		// city, not the county), but an apostrophe separates syllables:
		// Jin'an is not Jinan.
		got, err := zones.Lookup(c.NameEN)
		if err != nil && !errors.Is(err, zones.ErrAmbiguousCity) {
			t.Errorf("Lookup(%q) (%v) = %v", c.NameEN, c, err)
		} else if err == nil && got.Code != c.Code && strings.Contains(c.NameEN, "'") && !strings.EqualFold(got.NameEN, c.NameEN) && !sameStem(got.Name, c.Name) {
			t.Errorf("Lookup(%q) = %v (%s), want %v", c.NameEN, got, got.NameEN, c)
		}
	}
}

// sameStem reports whether two Chinese names start with the same two
// characters (兴安盟, 兴安县).
func sameStem(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	return len(ra) >= 2 && len(rb) >= 2 && ra[0] == rb[0] && ra[1] == rb[1]
}

func TestLookupErrorText(t *testing.T) {
	_, err := zones.Lookup("Suzhou")
	want := `zones: ambiguous city "Suzhou": could be 苏州市 (320500, Suzhou), 宿州市 (341300, Suzhou)`
	if err == nil || err.Error() != want {
		t.Errorf("Lookup(Suzhou) error = %v\nwant %s", err, want)
	}
	_, err = zones.Lookup("Atlantis")
	if want := `zones: unknown city "Atlantis"`; err == nil || err.Error() != want {
		t.Errorf("Lookup(Atlantis) error = %v, want %s", err, want)
	}
}

// TestLookupSuggestions pins the close matches of a few misspellings: the
// codes, in order, that the comparison with every key gave.
func TestLookupSuggestions(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"Hangzou", []string{"330100", "130900", "320400", "321000", "350600"}},
		{"hanzhou", []string{"330100", "360700", "460400", "620100", "520281"}},
		{"Beijng", []string{"110000", "231181"}},
		{"Shangai", []string{"310000", "130725", "360322", "411722", "450621"}},
		{"杭洲", []string{"330100", "430200", "150625", "210403", "330411"}},
		{"西按", []string{"610100", "630100", "540000", "513401", "110102"}},
		{"苏洲市", []string{"320500", "430200"}},
		{"Guangzho", []string{"440100", "350723", "370523", "421102", "622924"}},
		{"Chengdou", []string{"510100", "500229", "130800", "431000", "540300"}},
		{"330101", []string{"330100", "310101", "330102", "330105", "330106"}},
		{"33010", nil},
		{"Urumchi", []string{"650100"}},
		{"乌鲁木其", []string{"650100", "650121"}},
		{"Xiaan", []string{"610100", "220403", "231005", "410323", "421202"}},
		{"Shenzen", []string{"440300", "130128", "210103", "210113", "540625"}},
		{"哈尔宾", []string{"230100"}},
		{"Qingdoa", []string{"370200"}},
		{"Zhengzou", []string{"410100", "350600", "330683", "450181", "320404"}},
	} {
		_, err := zones.Lookup(tt.q)
		if !errors.Is(err, zones.ErrUnknownCity) {
			t.Errorf("Lookup(%q) error = %v, want ErrUnknownCity", tt.q, err)
			continue
		}
		if got := candidateCodes(err); !slices.Equal(got, tt.want) {
			t.Errorf("Lookup(%q) suggests %q, want %q", tt.q, got, tt.want)
		}
	}
}
