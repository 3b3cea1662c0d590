package zones_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

func d(s string) cbec.Date { return cbec.MustParseDate(s) }

func mustCity(t testing.TB, q string) zones.City {
	t.Helper()
	c, err := zones.Lookup(q)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestZoneOn(t *testing.T) {
	type check struct {
		day  string
		want zones.Presence
	}
	tests := []struct {
		name   string
		z      zones.Zone
		sure   cbec.Period
		checks []check
	}{{
		name: "exact",
		z:    zones.Zone{Period: cbec.Period{From: d("2015-03-12")}, FromPrecision: zones.ExactDay},
		sure: cbec.Period{From: d("2015-03-12")},
		checks: []check{
			{"1990-01-01", zones.Absent}, {"2015-03-11", zones.Absent},
			{"2015-03-12", zones.Present}, {"2026-11-26", zones.Present},
		},
	}, {
		name: "month only",
		z:    zones.Zone{Period: cbec.Period{From: d("2012-12-01")}, FromPrecision: zones.MonthOnly},
		sure: cbec.Period{From: d("2012-12-31")},
		checks: []check{
			{"2012-11-30", zones.Absent}, {"2012-12-01", zones.Unsure},
			{"2012-12-30", zones.Unsure}, {"2012-12-31", zones.Present}, {"2013-01-01", zones.Present},
		},
	}, {
		name: "month only, known by",
		z:    zones.Zone{Period: cbec.Period{From: d("2006-08-01")}, FromPrecision: zones.MonthOnly, KnownBy: d("2006-08-15")},
		sure: cbec.Period{From: d("2006-08-15")},
		checks: []check{
			{"2006-07-31", zones.Absent}, {"2006-08-14", zones.Unsure},
			{"2006-08-15", zones.Present}, {"2006-09-01", zones.Present},
		},
	}, {
		name: "year only",
		z:    zones.Zone{Period: cbec.Period{From: d("2008-01-01")}, FromPrecision: zones.YearOnly},
		sure: cbec.Period{From: d("2008-12-31")},
		checks: []check{
			{"2007-12-31", zones.Absent}, {"2008-01-01", zones.Unsure},
			{"2008-12-30", zones.Unsure}, {"2008-12-31", zones.Present}, {"2009-01-01", zones.Present},
		},
	}, {
		name:   "known by later than the year",
		z:      zones.Zone{Period: cbec.Period{From: d("2008-01-01")}, FromPrecision: zones.YearOnly, KnownBy: d("2010-06-30")},
		sure:   cbec.Period{From: d("2008-12-31")},
		checks: []check{{"2008-06-01", zones.Unsure}, {"2009-01-01", zones.Present}},
	}, {
		name:   "unknown",
		z:      zones.Zone{},
		sure:   cbec.Period{},
		checks: []check{{"1990-01-01", zones.Unsure}, {"2026-11-26", zones.Unsure}},
	}, {
		name: "unknown, known by",
		z:    zones.Zone{KnownBy: d("2015-04-20")},
		sure: cbec.Period{From: d("2015-04-20")},
		checks: []check{
			{"2015-04-19", zones.Unsure}, {"2015-04-20", zones.Present}, {"2026-11-26", zones.Present},
		},
	}, {
		name: "until exact",
		z: zones.Zone{Period: cbec.Period{From: d("2018-07-24"), Until: d("2025-04-25")},
			FromPrecision: zones.ExactDay, UntilPrecision: zones.ExactDay},
		sure: cbec.Period{From: d("2018-07-24"), Until: d("2025-04-25")},
		checks: []check{
			{"2018-07-23", zones.Absent}, {"2018-07-24", zones.Present},
			{"2025-04-24", zones.Present}, {"2025-04-25", zones.Absent}, {"2026-01-01", zones.Absent},
		},
	}, {
		name: "until month only",
		z: zones.Zone{Period: cbec.Period{From: d("2008-01-01"), Until: d("2020-07-01")},
			FromPrecision: zones.YearOnly, UntilPrecision: zones.MonthOnly},
		sure: cbec.Period{From: d("2008-12-31"), Until: d("2020-07-01")},
		checks: []check{
			{"2007-12-31", zones.Absent}, {"2008-05-01", zones.Unsure}, {"2020-06-30", zones.Present},
			{"2020-07-01", zones.Unsure}, {"2020-07-31", zones.Unsure}, {"2020-08-01", zones.Absent},
		},
	}, {
		name: "until December",
		z: zones.Zone{Period: cbec.Period{From: d("2010-01-01"), Until: d("2019-12-01")},
			FromPrecision: zones.ExactDay, UntilPrecision: zones.MonthOnly},
		sure:   cbec.Period{From: d("2010-01-01"), Until: d("2019-12-01")},
		checks: []check{{"2019-11-30", zones.Present}, {"2019-12-31", zones.Unsure}, {"2020-01-01", zones.Absent}},
	}, {
		name: "until year only",
		z: zones.Zone{Period: cbec.Period{From: d("2003-03-10"), Until: d("2019-01-01")},
			FromPrecision: zones.ExactDay, UntilPrecision: zones.YearOnly},
		sure: cbec.Period{From: d("2003-03-10"), Until: d("2019-01-01")},
		checks: []check{
			{"2003-03-09", zones.Absent}, {"2018-12-31", zones.Present},
			{"2019-06-30", zones.Unsure}, {"2020-01-01", zones.Absent},
		},
	}, {
		// Approved in 2021, ended in 2021-06: no day is certain.
		name: "windows overlap",
		z: zones.Zone{Period: cbec.Period{From: d("2021-01-01"), Until: d("2021-06-01")},
			FromPrecision: zones.YearOnly, UntilPrecision: zones.MonthOnly},
		sure: cbec.Period{From: d("2021-12-31"), Until: d("2021-12-31")},
		checks: []check{
			{"2020-12-31", zones.Absent}, {"2021-01-01", zones.Unsure}, {"2021-05-31", zones.Unsure},
			{"2021-06-30", zones.Unsure}, {"2021-07-01", zones.Absent}, {"2021-12-31", zones.Absent},
		},
	}, {
		name: "until only",
		z:    zones.Zone{Period: cbec.Period{Until: d("2014-01-22")}, UntilPrecision: zones.ExactDay},
		sure: cbec.Period{Until: d("2014-01-22")},
		checks: []check{
			{"2000-01-01", zones.Unsure}, {"2014-01-21", zones.Unsure}, {"2014-01-22", zones.Absent},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.z.Sure(); got != tt.sure {
				t.Errorf("Sure() = %v, want %v", got, tt.sure)
			}
			for _, c := range tt.checks {
				if got := tt.z.On(d(c.day)); got != c.want {
					t.Errorf("On(%s) = %v, want %v", c.day, got, c.want)
				}
			}
			if got := tt.z.On(cbec.Date{}); got != zones.Unsure {
				t.Errorf("On(zero date) = %v, want unsure", got)
			}
			// Sure days are exactly the Present ones among those checked.
			for _, c := range tt.checks {
				s := tt.z.Sure()
				if in := s.From.IsValid() && s.Contains(d(c.day)); in != (c.want == zones.Present) {
					t.Errorf("Sure() %v contains %s = %v, but On = %v", s, c.day, in, c.want)
				}
			}
		})
	}
}

func TestPresenceAndPrecisionStrings(t *testing.T) {
	for p, want := range map[zones.Presence]string{zones.Unsure: "unsure", zones.Present: "present", zones.Absent: "absent", 9: "Presence(9)"} {
		if got := p.String(); got != want {
			t.Errorf("Presence(%d).String() = %q, want %q", p, got, want)
		}
	}
	for p, want := range map[zones.Precision]string{zones.DateUnknown: "unknown", zones.YearOnly: "year", zones.MonthOnly: "month", zones.ExactDay: "day", 9: "Precision(9)"} {
		if got := p.String(); got != want {
			t.Errorf("Precision(%d).String() = %q, want %q", p, got, want)
		}
	}
	var zero zones.Presence
	if zero != zones.Unsure {
		t.Errorf("zero Presence = %v, want unsure", zero)
	}
}

func ids(seq func(func(zones.Zone) bool)) []string {
	var out []string
	for z := range seq {
		out = append(out, z.ID)
	}
	return out
}

func TestInAndHostsAroundApproval(t *testing.T) {
	hz := mustCity(t, "杭州")
	zj := mustCity(t, "浙江")
	z, ok := zones.Default().ByID("cbec-hangzhou")
	if !ok || z.Period.From != d("2015-03-12") || z.FromPrecision != zones.ExactDay {
		t.Fatalf("cbec-hangzhou = %+v; the test expects approval on 2015-03-12", z)
	}
	before, on := d("2015-03-11"), d("2015-03-12")
	for _, c := range []zones.City{hz, zj} {
		if slices.Contains(ids(zones.In(c, before)), z.ID) {
			t.Errorf("In(%v, %v) holds %s", c, before, z.ID)
		}
		if !slices.Contains(ids(zones.In(c, on)), z.ID) {
			t.Errorf("In(%v, %v) lacks %s", c, on, z.ID)
		}
		if got := zones.Hosts(c, zones.CBECTestZone, before); got != zones.Absent {
			t.Errorf("Hosts(%v, CBEC, %v) = %v, want absent (complete dataset)", c, before, got)
		}
		if got := zones.Hosts(c, zones.CBECTestZone, on); got != zones.Present {
			t.Errorf("Hosts(%v, CBEC, %v) = %v, want present", c, on, got)
		}
	}
	// Hosting on the first day: 杭州, its province and every unit inside
	// 杭州 (the zone is the whole city), nothing else.
	var got []string
	for c := range zones.Hosting(zones.CBECTestZone, on) {
		got = append(got, c.Code)
	}
	want := []string{"330000", "330100"}
	for c := range zones.Default().Cities() {
		if c.Parent == "330100" {
			want = append(want, c.Code)
		}
	}
	slices.Sort(want)
	if len(want) < 10 || !slices.Equal(got, want) {
		t.Errorf("Hosting(CBEC, %v) = %v, want %v", on, got, want)
	}
	for c := range zones.Hosting(zones.CBECTestZone, before) {
		t.Errorf("Hosting(CBEC, %v) yields %v", before, c)
	}
	// Every zone In yields surely exists and lies in the city.
	for z := range zones.In(hz, d("2024-01-01")) {
		zc, _ := zones.ByCode(z.City)
		if z.On(d("2024-01-01")) != zones.Present || !hz.Contains(zc) {
			t.Errorf("In(杭州, 2024-01-01) yields %s (%s, %v)", z.ID, z.City, z.On(d("2024-01-01")))
		}
	}
}

func TestInAndHostsAroundRevocation(t *testing.T) {
	hk := mustCity(t, "海口")
	hn := mustCity(t, "海南")
	sy := mustCity(t, "三亚")
	ala := mustCity(t, "阿拉山口")
	last, revoked := d("2025-04-24"), d("2025-04-25")
	for _, c := range []zones.City{hk, sy, ala} {
		if got := zones.Hosts(c, zones.CBECTestZone, last); got != zones.Present {
			t.Errorf("Hosts(%v, CBEC, %v) = %v, want present", c, last, got)
		}
	}
	// 阿拉山口's own zone was revoked the day the zone of 博尔塔拉蒙古自治州,
	// which it lies in, began: that zone covers it.
	if got := ids(zones.In(ala, revoked)); slices.Contains(got, "cbec-alashankou") || !slices.Contains(got, "cbec-bortala") {
		t.Errorf("In(阿拉山口, %v) = %v, want cbec-bortala only", revoked, got)
	}
	if got := zones.Hosts(ala, zones.CBECTestZone, revoked); got != zones.Present {
		t.Errorf("Hosts(阿拉山口, CBEC, %v) = %v, want present through 博尔塔拉", revoked, got)
	}
	// 海口's and 三亚's zones were revoked the day the whole-island zone,
	// coded 460000, began: it covers them.
	for _, c := range []zones.City{hk, sy} {
		if got := ids(zones.In(c, revoked)); !slices.Contains(got, "cbec-hainan") || slices.Contains(got, "cbec-haikou") || slices.Contains(got, "cbec-sanya") {
			t.Errorf("In(%v, %v) = %v, want the island zone and not the city's own", c, revoked, got)
		}
	}
	if !slices.Contains(ids(zones.In(hk, last)), "cbec-haikou") || slices.Contains(ids(zones.In(hk, revoked)), "cbec-haikou") {
		t.Errorf("In(海口): cbec-haikou not present on %v and gone on %v", last, revoked)
	}
	// The province holds both: the city zones up to the revocation, the
	// island zone from that day.
	if got := ids(zones.In(hn, last)); !slices.Contains(got, "cbec-haikou") || !slices.Contains(got, "cbec-sanya") || slices.Contains(got, "cbec-hainan") {
		t.Errorf("In(海南, %v) = %v", last, got)
	}
	if got := ids(zones.In(hn, revoked)); slices.Contains(got, "cbec-haikou") || slices.Contains(got, "cbec-sanya") || !slices.Contains(got, "cbec-hainan") {
		t.Errorf("In(海南, %v) = %v", revoked, got)
	}
	for _, day := range []cbec.Date{last, revoked} {
		if got := zones.Hosts(hn, zones.CBECTestZone, day); got != zones.Present {
			t.Errorf("Hosts(海南, CBEC, %v) = %v, want present", day, got)
		}
	}
}

func TestHostsContainment(t *testing.T) {
	yiwu, jinhua := mustCity(t, "义乌"), mustCity(t, "金华")
	suzhou, kunshan := mustCity(t, "苏州"), mustCity(t, "昆山")
	day := d("2019-01-01")
	// 义乌's zone (2018-07-24) lies in 义乌 and so in 金华; 金华's own zone
	// (2022) is the whole city and so lies in 义乌 too.
	if got := zones.Hosts(jinhua, zones.CBECTestZone, day); got != zones.Present {
		t.Errorf("Hosts(金华, CBEC, %v) = %v, want present through 义乌", day, got)
	}
	if got := ids(zones.In(yiwu, d("2023-01-01"))); !slices.Contains(got, "cbec-jinhua") || !slices.Contains(got, "cbec-yiwu") {
		t.Errorf("In(义乌, 2023-01-01) = %v", got)
	}
	if got := ids(zones.In(yiwu, day)); slices.Contains(got, "cbec-jinhua") {
		t.Errorf("In(义乌, %v) = %v: 金华's zone is of 2022", day, got)
	}
	// 苏州's zone (2016) covers 昆山; 昆山's demo zone lies in 苏州.
	if !slices.Contains(ids(zones.In(kunshan, day)), "cbec-suzhou") {
		t.Errorf("In(昆山) lacks cbec-suzhou")
	}
	if got := zones.Hosts(suzhou, zones.ImportDemoZone, d("2021-01-01")); got != zones.Present {
		t.Errorf("Hosts(苏州, demo, 2021-01-01) = %v, want present through 昆山", got)
	}
	// An incomplete dataset never answers absent.
	if got := zones.Hosts(mustCity(t, "拉萨"), zones.ImportDemoZone, day); got != zones.Unsure {
		t.Errorf("Hosts(拉萨, demo) = %v, want unsure (dataset incomplete)", got)
	}
	// Bad input.
	if got := zones.Hosts(yiwu, zones.CBECTestZone, cbec.Date{}); got != zones.Unsure {
		t.Errorf("Hosts(义乌, CBEC, zero date) = %v, want unsure", got)
	}
	if got := zones.Hosts(jinhua, zones.Category(0), day); got != zones.Unsure {
		t.Errorf("Hosts(金华, Category(0)) = %v, want unsure", got)
	}
	// A hand-built City with the right code works like the registry's.
	if got := ids(zones.In(zones.City{Code: "330782"}, day)); !slices.Equal(got, ids(zones.In(yiwu, day))) {
		t.Errorf("In(City{Code: 330782}) = %v, want %v", got, ids(zones.In(yiwu, day)))
	}
}

func TestParentAndAncestors(t *testing.T) {
	tests := []struct {
		q    string
		want []string // ancestors, nearest first
	}{
		{"义乌", []string{"330700", "330000"}},
		{"杭州", []string{"330000"}},
		{"浙江", nil},
		{"北京", nil},
		{"北京朝阳", []string{"110000"}},
		{"文昌", []string{"460000"}},
		{"西沙群岛", []string{"460300", "460000"}},
	}
	for _, tt := range tests {
		c := mustCity(t, tt.q)
		var got []string
		for a := range zones.Default().Ancestors(c) {
			got = append(got, a.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ancestors(%v) = %v, want %v", c, got, tt.want)
		}
		p, ok := zones.Parent(c)
		if ok != (len(tt.want) > 0) || ok && p.Code != tt.want[0] {
			t.Errorf("Parent(%v) = %v, %v; want %v", c, p, ok, tt.want)
		}
		if ok && (p.Code != c.Parent || !p.Contains(c)) {
			t.Errorf("Parent(%v) = %v, but c.Parent = %q", c, p, c.Parent)
		}
	}
	if p, ok := zones.Parent(zones.City{}); ok {
		t.Errorf("Parent(City{}) = %v, true", p)
	}
	// Stopping early.
	for range zones.Default().Ancestors(mustCity(t, "义乌")) {
		break
	}
}

func TestByCode(t *testing.T) {
	for _, tt := range []struct {
		code string
		name string
		lvl  zones.Level
	}{
		{"330100", "杭州市", zones.Prefecture}, {"330782", "义乌市", zones.County},
		{"110000", "北京市", zones.Province}, {"460000", "海南省", zones.Province},
		{"350128", "平潭县", zones.County},
	} {
		c, ok := zones.ByCode(tt.code)
		if !ok || c.Name != tt.name || c.Level != tt.lvl || c.Code != tt.code {
			t.Errorf("ByCode(%s) = %+v, %v; want %s (%v)", tt.code, c, ok, tt.name, tt.lvl)
		}
		if i := zones.Default().IndexOf(c); i < 0 || zones.Default().At(i) != c {
			t.Errorf("IndexOf(%v) = %d", c, i)
		}
	}
	for _, code := range []string{"", "330780", "３３０１００", "33010", "3301000", "000000", "hangzhou"} {
		if c, ok := zones.ByCode(code); ok {
			t.Errorf("ByCode(%q) = %v, true", code, c)
		}
	}
	if i := zones.Default().IndexOf(zones.City{Code: "999999"}); i != -1 {
		t.Errorf("IndexOf(999999) = %d, want -1", i)
	}
	if got := mustCity(t, "北京").IsMunicipality(); !got {
		t.Error("北京 is not a municipality")
	}
	if !mustCity(t, "北京").IsCity() || !mustCity(t, "杭州").IsCity() || mustCity(t, "义乌").IsCity() || mustCity(t, "浙江").IsCity() {
		t.Error("IsCity wrong for 北京, 杭州, 义乌 or 浙江")
	}
}

func TestCategory(t *testing.T) {
	cats := zones.Categories()
	if len(cats) != 7 || cats[0] != zones.FreeTradeZone || cats[5] != zones.OtherSpecialArea || cats[6] != zones.SpecialRegime {
		t.Fatalf("Categories() = %v", cats)
	}
	for _, c := range cats {
		if !c.IsValid() {
			t.Errorf("%v is not valid", c)
		}
		b, err := c.MarshalText()
		if err != nil || string(b) != c.Key() {
			t.Errorf("%v.MarshalText() = %q, %v; want %q", c, b, err, c.Key())
		}
		var back zones.Category
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, c)
		}
		for _, s := range []string{c.Key(), c.String(), c.NameZH(), " " + c.Key() + " "} {
			if got, err := zones.ParseCategory(s); err != nil || got != c {
				t.Errorf("ParseCategory(%q) = %v, %v; want %v", s, got, err, c)
			}
		}
		if c.Eligible() != (c != zones.OtherSpecialArea && c != zones.SpecialRegime) {
			t.Errorf("%v.Eligible() = %v", c, c.Eligible())
		}
	}
	for s, want := range map[string]zones.Category{
		"CBZ": zones.ComprehensiveBondedZone, "ComprehensiveBondedZone": zones.ComprehensiveBondedZone,
		"comprehensivebondedzone": zones.ComprehensiveBondedZone, "综合保税区": zones.ComprehensiveBondedZone,
		"FTZ": zones.FreeTradeZone, "自由贸易试验区": zones.FreeTradeZone, "CBEC comprehensive test zone": zones.CBECTestZone,
		"保税物流中心（B型）": zones.BondedLogisticsCenterB, "special": zones.OtherSpecialArea,
		"regime": zones.SpecialRegime, "SpecialRegime": zones.SpecialRegime, "海关监管特殊区域": zones.SpecialRegime,
		"special customs regime area": zones.SpecialRegime, "海关特殊监管区域": zones.OtherSpecialArea,
	} {
		if got, err := zones.ParseCategory(s); err != nil || got != want {
			t.Errorf("ParseCategory(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "bonded", "Category(0)", "ftz2"} {
		if _, err := zones.ParseCategory(s); !errors.Is(err, zones.ErrUnknownCategory) {
			t.Errorf("ParseCategory(%q) error = %v, want ErrUnknownCategory", s, err)
		}
	}
	var bad zones.Category
	if bad.IsValid() || bad.String() != "Category(0)" || bad.Key() != "" || bad.NameZH() != "" {
		t.Errorf("zero Category: valid %v, %q, %q, %q", bad.IsValid(), bad.String(), bad.Key(), bad.NameZH())
	}
	if _, err := zones.Category(len(zones.Categories()) + 1).MarshalText(); err == nil {
		t.Error("MarshalText of the category after the last succeeded")
	}
	if err := bad.UnmarshalText([]byte("nope")); err == nil || bad != 0 {
		t.Errorf("UnmarshalText(nope) = %v, left %v", err, bad)
	}
	// JSON uses the key.
	b, err := json.Marshal(map[string]zones.Category{"c": zones.ImportDemoZone})
	if err != nil || string(b) != `{"c":"demo"}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	var m map[string]zones.Category
	if err := json.Unmarshal([]byte(`{"c":"blc"}`), &m); err != nil || m["c"] != zones.BondedLogisticsCenterB {
		t.Errorf("json.Unmarshal = %v, %v", m, err)
	}
}

func TestOnHainanIsland(t *testing.T) {
	for q, want := range map[string]bool{
		"海口": true, "美兰区": true, "三亚": true, "儋州": true, "文昌": true, "琼中": true,
		"三沙": false, "西沙群岛": false, "海南省": false, "杭州": false, "湛江": false,
	} {
		if got := zones.OnHainanIsland(mustCity(t, q)); got != want {
			t.Errorf("OnHainanIsland(%s) = %v, want %v", q, got, want)
		}
	}
	if zones.OnHainanIsland(zones.City{}) {
		t.Error("OnHainanIsland(City{}) = true")
	}
}

func TestDataset(t *testing.T) {
	cb := zones.Default().Dataset(zones.CBECTestZone)
	if !cb.Complete || cb.Rows != 181 || cb.Category != zones.CBECTestZone || cb.Gap == "" {
		t.Errorf("Dataset(CBEC) = %+v", cb)
	}
	for _, c := range []zones.Category{zones.ComprehensiveBondedZone, zones.ImportDemoZone, zones.BondedLogisticsCenterB, zones.OtherSpecialArea} {
		if ds := zones.Default().Dataset(c); ds.Complete {
			t.Errorf("Dataset(%v) is complete: %+v", c, ds)
		}
	}
	if ds := zones.Default().Dataset(0); ds != (zones.Dataset{}) {
		t.Errorf("Dataset(0) = %+v, want zero", ds)
	}
	if ds := zones.Default().Dataset(99); ds != (zones.Dataset{}) {
		t.Errorf("Dataset(99) = %+v, want zero", ds)
	}
	b, err := json.Marshal(zones.Default().Dataset(zones.FreeTradeZone))
	if err != nil {
		t.Fatal(err)
	}
	var back zones.Dataset
	if err := json.Unmarshal(b, &back); err != nil || back != zones.Default().Dataset(zones.FreeTradeZone) {
		t.Errorf("Dataset JSON round trip: %s -> %+v, %v", b, back, err)
	}
}

func TestAllAndWithin(t *testing.T) {
	n := 0
	for range zones.All() {
		n++
	}
	total := 0
	for _, c := range zones.Categories() {
		total += zones.Default().Dataset(c).Rows
	}
	if n != total {
		t.Errorf("All yields %d zones, datasets count %d", n, total)
	}
	// Every zone lies within its own city and each ancestor.
	for z := range zones.All() {
		c, _ := zones.ByCode(z.City)
		units := append([]zones.City{c}, slices.Collect(zones.Default().Ancestors(c))...)
		for _, u := range units {
			if !slices.Contains(ids(zones.Default().Within(u)), z.ID) {
				t.Errorf("Within(%v) lacks %s", u, z.ID)
			}
		}
	}
}

// TestConcurrentUse runs lookups and zone queries from several goroutines;
// run with -race.
func TestConcurrentUse(t *testing.T) {
	done := make(chan bool)
	for g := range 8 {
		go func() {
			defer func() { done <- true }()
			for i := range 200 {
				q := lookupTests[(g*200+i)%len(lookupTests)].q
				c, err := zones.Lookup(q)
				if err != nil {
					_ = err.Error()
					continue
				}
				day := cbec.MakeDate(2015+i%12, 1, 1)
				for range zones.In(c, day) {
				}
				_ = zones.Hosts(c, zones.Categories()[i%6], day)
			}
		}()
	}
	for range 8 {
		<-done
	}
}

func TestHainanWholeIsland(t *testing.T) {
	// The Hainan FTZ (2018) and the 2025 CBEC zone are coded to the province
	// and cover the island: every unit on it hosts them, 三沙 does not.
	day := d("2020-01-01")
	for _, q := range []string{"海口", "文昌", "儋州", "三亚"} {
		if got := zones.Hosts(mustCity(t, q), zones.FreeTradeZone, day); got != zones.Present {
			t.Errorf("Hosts(%s, FTZ, %v) = %v, want present", q, day, got)
		}
	}
	if got := zones.Hosts(mustCity(t, "三沙"), zones.FreeTradeZone, day); got != zones.Absent {
		t.Errorf("Hosts(三沙, FTZ, %v) = %v, want absent", day, got)
	}
	if got := zones.Hosts(mustCity(t, "海南"), zones.FreeTradeZone, day); got != zones.Present {
		t.Errorf("Hosts(海南, FTZ, %v) = %v, want present", day, got)
	}
}

// TestSureOpenEmpty: a zone opened "in 2021-06" and ended "in 2021-06" has
// no day it surely operated, and its SureOpen is empty, not inverted.
func TestSureOpenEmpty(t *testing.T) {
	z := zones.Zone{Period: cbec.Period{From: d("2020-01-01"), Until: d("2021-06-01")},
		FromPrecision: zones.ExactDay, UntilPrecision: zones.MonthOnly,
		Opened: d("2021-06-01"), OpenedPrecision: zones.MonthOnly}
	want := cbec.Period{From: d("2021-06-30"), Until: d("2021-06-30")}
	if got := z.SureOpen(); got != want {
		t.Errorf("SureOpen() = %v, want %v", got, want)
	}
	for _, day := range []string{"2021-05-31", "2021-06-15", "2021-06-30"} {
		if got := z.OpenOn(d(day)); got == zones.Present {
			t.Errorf("OpenOn(%s) = present", day)
		}
	}
}
