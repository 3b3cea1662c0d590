package zones_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

const countHeader = "id\tcategories\tscope\tcount\tday\turl\tverified\tnote\n"

// TestCountsMatchRows checks every embedded count against the rows, so that
// a count never rots silently: a row added, ended or redated in its scope
// shows here.
func TestCountsMatchRows(t *testing.T) {
	reg := zones.Default()
	n := 0
	for c := range reg.Counts() {
		n++
		tally, ok := reg.Tally(c)
		if !ok {
			t.Errorf("count %s (%v): scope, categories or day not in the registry", c.ID, c)
			continue
		}
		if got := reg.CountMatches(c.ID); got != tally.Matches() {
			t.Errorf("count %s: CountMatches = %v, but the tally says %v", c.ID, got, tally.Matches())
		}
		if tally.Matches() {
			continue
		}
		var diff []string
		if m := tally.Missing(); m > 0 {
			diff = append(diff, fmt.Sprintf("%d missing", m))
		}
		if e := tally.Extra(); e > 0 {
			diff = append(diff, fmt.Sprintf("%d extra", e))
		}
		if len(tally.Unsure) > 0 {
			diff = append(diff, fmt.Sprintf("%d whose dates leave %v open: %v", len(tally.Unsure), c.Day, zoneIDs(tally.Unsure)))
		}
		t.Errorf("count %s (%v, counts.tsv) does not match the rows: %s; the rows present: %v",
			c.ID, c, strings.Join(diff, "; "), zoneIDs(tally.Present))
	}
	if n == 0 {
		t.Error("no embedded counts")
	}
}

func zoneIDs(zs []zones.Zone) []string {
	out := make([]string, len(zs))
	for i, z := range zs {
		out[i] = z.ID
	}
	return out
}

// A synthetic world: 浙江 with 杭州 (two districts), 宁波 (one) and 金华 (义乌).
const (
	worldCities = "code\tname\tlevel\tparent\tname_en\taliases\n" +
		"330000\t浙江省\tprovince\t\tZhejiang\t\n" +
		"330100\t杭州市\tprefecture\t330000\tHangzhou\t\n" +
		"330108\t滨江区\tcounty\t330100\tBinjiang\t\n" +
		"330110\t余杭区\tcounty\t330100\tYuhang\t\n" +
		"330200\t宁波市\tprefecture\t330000\tNingbo\t\n" +
		"330206\t北仑区\tcounty\t330200\tBeilun\t\n" +
		"330700\t金华市\tprefecture\t330000\tJinhua\t\n" +
		"330782\t义乌市\tcounty\t330700\tYiwu\t\n"
	worldCBEC = zoneHeader +
		"cbec-hangzhou\t1\t中国（杭州）跨境电子商务综合试验区\tHangzhou\t330100\t2015-03-12\t\t\t\t国务院\thttps://example.org/1\tyes\t\n" +
		// Named after a part of 宁波, not the city: a facility.
		"cbec-beilun\t2\t中国（北仑新区）跨境电子商务综合试验区\tBeilun\t330200\t2016-01-15\t\t\t\t国务院\thttps://example.org/2\tyes\t\n"
	worldCBZ = zoneHeader +
		"cbz-ningbo\t\t宁波综合保税区\tNingbo CBZ\t330206\t2010-01-01\t\t\t\t国务院\thttps://example.org/3\tyes\t\n" +
		// Coded to 杭州 without its district.
		"cbz-hangzhou\t\t杭州综合保税区\tHangzhou CBZ\t330100\t2012-01-01\t\t\t\t国务院\thttps://example.org/4\tyes\t\n"
	worldDatasets = "category\tcomplete\tofficial_total\tas_of\turl\tgap\n" +
		"cbec\tyes\t2\t2016-01-15\thttps://example.org\t\n" +
		"cbz\tno\t2\t2020-06-30\thttps://example.org\tsome may be missing\n" +
		"blc\tno\t\t\t\tnone known\n"
)

// world loads the synthetic world with the given counts.tsv rows and extra
// cbz.tsv rows.
func world(t *testing.T, counts []string, cbz ...string) *zones.Registry {
	t.Helper()
	fsys := fstest.MapFS{
		"cities.tsv":   {Data: []byte(worldCities)},
		"cbec.tsv":     {Data: []byte(worldCBEC)},
		"cbz.tsv":      {Data: []byte(worldCBZ + strings.Join(append(cbz, ""), "\n"))},
		"datasets.tsv": {Data: []byte(worldDatasets)},
	}
	if counts != nil {
		fsys["counts.tsv"] = &fstest.MapFile{Data: []byte(countHeader + strings.Join(append(counts, ""), "\n"))}
	}
	reg, err := zones.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func unit(t *testing.T, reg *zones.Registry, code string) zones.City {
	t.Helper()
	c, ok := reg.ByCode(code)
	if !ok {
		t.Fatalf("no unit %s", code)
	}
	return c
}

const zjCount = "cbz-zhejiang\tcbz+special\t330000\t2\t2020-06-30\thttps://example.org/count\tyes\tboth CBZs"

func TestCountSettlesAbsence(t *testing.T) {
	jinhua, yiwu := "330700", "330782"
	tests := []struct {
		name    string
		counts  []string
		cbz     []string
		matches bool
		want    zones.Presence // Hosts(金华 and 义乌, cbz, 2020-06-30)
	}{
		{"no count", nil, nil, false, zones.Unsure},
		{"a matching count", []string{zjCount}, nil, true, zones.Absent},
		{"one row missing", []string{strings.Replace(zjCount, "\t2\t", "\t3\t", 1)}, nil, false, zones.Unsure},
		{"one row extra", []string{strings.Replace(zjCount, "\t2\t", "\t1\t", 1)}, nil, false, zones.Unsure},
		{"a row unsure on the day", []string{zjCount},
			[]string{"cbz-wenzhou\t\t温州综合保税区\tWenzhou CBZ\t330000\t2020-06\t\t\t\t国务院\thttps://example.org/5\tyes\t"}, false, zones.Unsure},
		{"a count of another category", []string{strings.Replace(zjCount, "cbz+special", "blc", 1)}, nil, false, zones.Unsure},
		{"a count of a city", []string{"cbz-jinhua\tcbz\t330700\t0\t2020-06-30\thttps://example.org\tno\t"}, nil, true, zones.Absent},
		{"a count of the nation", []string{strings.Replace(zjCount, "\t330000\t", "\tnation\t", 1)}, nil, true, zones.Absent},
	}
	day := d("2020-06-30")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := world(t, tt.counts, tt.cbz...)
			for c := range reg.Counts() {
				if got := reg.CountMatches(c.ID); got != tt.matches {
					tally, _ := reg.Tally(c)
					t.Errorf("CountMatches(%s) = %v, want %v (tally: %v present, %v unsure)", c.ID, got, tt.matches, zoneIDs(tally.Present), zoneIDs(tally.Unsure))
				}
			}
			for _, code := range []string{jinhua, yiwu} {
				c := unit(t, reg, code)
				if got := reg.Hosts(c, zones.ComprehensiveBondedZone, day); got != tt.want {
					t.Errorf("Hosts(%v, cbz, %v) = %v, want %v", c, day, got, tt.want)
				}
				ev, ok := reg.Evidence(c, zones.ComprehensiveBondedZone, day)
				if ok != (tt.want == zones.Absent) || ok && ev.ID != strings.Split(tt.counts[0], "\t")[0] {
					t.Errorf("Evidence(%v) = %v, %v", c, ev, ok)
				}
			}
			// Presence stays conclusive, count or no count.
			if got := reg.Hosts(unit(t, reg, "330200"), zones.ComprehensiveBondedZone, day); got != zones.Present {
				t.Errorf("Hosts(宁波, cbz) = %v, want present", got)
			}
			if _, ok := reg.Evidence(unit(t, reg, "330200"), zones.ComprehensiveBondedZone, day); ok {
				t.Error("Evidence for a present zone")
			}
		})
	}
}

func TestCountBeforeAndAfterItsDay(t *testing.T) {
	later := "cbz-zhejiang-2023\tcbz\t330000\t2\t2023-06-30\thttps://example.org/later\tyes\t"
	reg := world(t, []string{zjCount, later})
	hz, jh, yh := unit(t, reg, "330100"), unit(t, reg, "330700"), unit(t, reg, "330110")
	tests := []struct {
		c    zones.City
		day  string
		want zones.Presence
		ev   string // the count Evidence returns
	}{
		{hz, "2011-06-01", zones.Absent, "cbz-zhejiang"}, // before cbz-hangzhou: its date is known
		{hz, "2012-01-01", zones.Present, ""},
		{jh, "2011-06-01", zones.Absent, "cbz-zhejiang"},
		{jh, "2020-06-30", zones.Absent, "cbz-zhejiang"},
		{jh, "2021-01-01", zones.Absent, "cbz-zhejiang-2023"}, // the earliest on or after the day
		{jh, "2023-06-30", zones.Absent, "cbz-zhejiang-2023"},
		{jh, "2026-01-01", zones.Absent, "cbz-zhejiang-2023"}, // after every count: the latest
		// 余杭区 may hold 杭州's CBZ, coded to the city without its district:
		// a count of the province cannot tell.
		{yh, "2020-06-30", zones.Unsure, ""},
		{yh, "2011-06-01", zones.Absent, "cbz-zhejiang"},
	}
	for _, tt := range tests {
		day := d(tt.day)
		if got := reg.Hosts(tt.c, zones.ComprehensiveBondedZone, day); got != tt.want {
			t.Errorf("Hosts(%v, cbz, %v) = %v, want %v", tt.c, day, got, tt.want)
		}
		ev, ok := reg.Evidence(tt.c, zones.ComprehensiveBondedZone, day)
		if ok != (tt.ev != "") || ev.ID != tt.ev {
			t.Errorf("Evidence(%v, cbz, %v) = %q, %v; want %q", tt.c, day, ev.ID, ok, tt.ev)
		}
		if ok && day.After(ev.Day) && tt.day != "2026-01-01" {
			t.Errorf("Evidence(%v, %v) = a count of %v while a later one exists", tt.c, day, ev.Day)
		}
	}
	// A count of the district itself settles it: 杭州's CBZ is not there.
	reg = world(t, []string{zjCount, "cbz-yuhang\tcbz\t330110\t0\t2020-06-30\thttps://example.org/yuhang\tyes\t"})
	yh = unit(t, reg, "330110")
	if got := reg.Hosts(yh, zones.ComprehensiveBondedZone, d("2020-06-30")); got != zones.Absent {
		t.Errorf("Hosts(余杭区, cbz) with a count of 余杭区 = %v, want absent", got)
	}
	if ev, _ := reg.Evidence(yh, zones.ComprehensiveBondedZone, d("2020-06-30")); ev.ID != "cbz-yuhang" {
		t.Errorf("Evidence(余杭区) = %q, want cbz-yuhang", ev.ID)
	}
	if got := reg.Hosts(unit(t, reg, "330108"), zones.ComprehensiveBondedZone, d("2020-06-30")); got != zones.Unsure {
		t.Errorf("Hosts(滨江区, cbz) = %v, want unsure", got)
	}
}

func TestWorldDistricts(t *testing.T) {
	reg := world(t, nil)
	day := d("2020-06-30")
	tests := []struct {
		code string
		cat  zones.Category
		want zones.Presence
	}{
		{"330108", zones.CBECTestZone, zones.Present}, // 杭州's zone is the whole city
		{"330110", zones.CBECTestZone, zones.Present},
		{"330206", zones.CBECTestZone, zones.Unsure}, // 北仑新区's zone, coded to 宁波, may not cover it
		{"330200", zones.CBECTestZone, zones.Present},
		{"330782", zones.CBECTestZone, zones.Absent}, // complete data, nothing in 金华
		{"330108", zones.ComprehensiveBondedZone, zones.Unsure},
		{"330206", zones.ComprehensiveBondedZone, zones.Present},
		{"330100", zones.ComprehensiveBondedZone, zones.Present},
	}
	for _, tt := range tests {
		c := unit(t, reg, tt.code)
		if got := reg.Hosts(c, tt.cat, day); got != tt.want {
			t.Errorf("Hosts(%v, %s, %v) = %v, want %v", c, tt.cat.Key(), day, got, tt.want)
		}
	}
	if got := ids(reg.In(unit(t, reg, "330108"), day)); !slices.Equal(got, []string{"cbec-hangzhou"}) {
		t.Errorf("In(滨江区) = %v, want [cbec-hangzhou]", got)
	}
	// Before the zones, the complete CBEC data answers absent in the
	// districts too.
	if got := reg.Hosts(unit(t, reg, "330206"), zones.CBECTestZone, d("2015-01-01")); got != zones.Absent {
		t.Errorf("Hosts(北仑区, cbec, 2015-01-01) = %v, want absent", got)
	}
}

// TestExtendCityCount overlays a count of 0 type-B centers in one city, the
// one row a user who knows adds.
func TestExtendCityCount(t *testing.T) {
	lhasa, chengguan := mustCity(t, "拉萨"), mustCity(t, "拉萨城关")
	day, after := d("2026-06-01"), d("2026-11-01")
	for _, c := range []zones.City{lhasa, chengguan} {
		if got := zones.Hosts(c, zones.BondedLogisticsCenterB, day); got != zones.Unsure {
			t.Fatalf("embedded Hosts(%v, blc) = %v, want unsure", c, got)
		}
	}
	row := "blc-lhasa\tblc\t" + lhasa.Code + "\t0\t2026-06-01\thttps://example.org/lhasa\tyes\tno type-B center in 拉萨"
	reg, err := zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + row + "\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if !reg.CountMatches("blc-lhasa") {
		t.Fatal("the overlaid count does not match")
	}
	for _, c := range []zones.City{lhasa, chengguan} {
		for _, x := range []cbec.Date{day, after} {
			if got := reg.Hosts(c, zones.BondedLogisticsCenterB, x); got != zones.Absent {
				t.Errorf("Hosts(%v, blc, %v) = %v, want absent", c, x, got)
			}
			ev, ok := reg.Evidence(c, zones.BondedLogisticsCenterB, x)
			if !ok || ev.ID != "blc-lhasa" || ev.Day != day || ev.Count != 0 || !ev.Has(zones.BondedLogisticsCenterB) {
				t.Errorf("Evidence(%v, blc, %v) = %+v, %v", c, x, ev, ok)
			}
		}
		// Other categories are untouched.
		if got, want := reg.Hosts(c, zones.ComprehensiveBondedZone, day), zones.Hosts(c, zones.ComprehensiveBondedZone, day); got != want {
			t.Errorf("Hosts(%v, cbz) = %v, embedded %v", c, got, want)
		}
	}
	if got := zones.Hosts(lhasa, zones.BondedLogisticsCenterB, day); got != zones.Unsure {
		t.Errorf("Extend changed the embedded registry: %v", got)
	}
	// The same overlay with a center in 拉萨: the count no longer matches.
	reg, err = zones.Extend(fstest.MapFS{
		"counts.tsv": {Data: []byte(countHeader + row + "\n")},
		"blc.tsv":    {Data: []byte(zoneHeader + "blc-lhasa-test\t\t拉萨保税物流中心（B型）\tLhasa BLC\t540100\t2020-01-01\t\t\t\t海关总署\thttps://example.org\tyes\t\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if reg.CountMatches("blc-lhasa") {
		t.Error("a count of 0 matches a city with a center")
	}
	if got := reg.Hosts(chengguan, zones.BondedLogisticsCenterB, day); got != zones.Unsure {
		t.Errorf("Hosts(城关区, blc) = %v, want unsure (the center is coded to the city)", got)
	}
	// An overlay row replaces the embedded count with the same id.
	first := ""
	for c := range zones.Default().Counts() {
		first = c.ID
		break
	}
	reg, err = zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + first + "\tcbz\tnation\t0\t2020-01-01\thttps://example.org\tno\treplaced\n")}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for c := range reg.Counts() {
		n++
		if c.ID == first && (c.Note != "replaced" || reg.CountMatches(c.ID)) {
			t.Errorf("replaced count: %+v, matches %v", c, reg.CountMatches(c.ID))
		}
	}
	if n != len(slices.Collect(zones.Default().Counts())) {
		t.Errorf("%d counts after replacing one", n)
	}
}

func TestLoadRejectsBadCounts(t *testing.T) {
	good := "c-x\tcbz+special\t330000\t2\t2020-06-30\thttps://example.org\tyes\t"
	bad := func(col int, value string) string {
		f := strings.Split(good, "\t")
		f[col] = value
		return strings.Join(f, "\t")
	}
	tests := []struct {
		name, row, want string
	}{
		{"bad id", bad(0, "C X"), "counts.tsv:2: id"},
		{"no category", bad(1, ""), "counts.tsv:2: categories"},
		{"unknown category", bad(1, "cbz+bonded"), "counts.tsv:2: categories: unknown category \"bonded\""},
		{"category twice", bad(1, "cbz+cbz"), "counts.tsv:2: categories"},
		{"bad scope", bad(2, "Zhejiang"), "counts.tsv:2: scope"},
		{"scope not in the registry", bad(2, "330999"), "counts.tsv:2: scope: 330999 is not in the registry"},
		{"negative count", bad(3, "-1"), "counts.tsv:2: count"},
		{"not a count", bad(3, "two"), "counts.tsv:2: count"},
		{"too large a count", bad(3, "99999999"), "counts.tsv:2: count"},
		{"month only", bad(4, "2020-06"), "counts.tsv:2: day"},
		{"after the date limit", bad(4, "2101-01-01"), "counts.tsv:2: day"},
		{"malformed day", bad(4, "2020-02-30"), "counts.tsv:2: day"},
		{"verified without source", bad(5, ""), "counts.tsv:2: url"},
		{"bad verified flag", bad(6, "maybe"), "counts.tsv:2: verified"},
		{"duplicate id", good + "\n" + good, "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + tt.row + "\n")}})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "overlay/counts.tsv") {
				t.Fatalf("Extend error = %v, want one naming overlay/counts.tsv and containing %q", err, tt.want)
			}
			if reg != nil {
				t.Error("a registry came back with the error")
			}
		})
	}
	// Duplicate ids in one complete dataset.
	_, err := zones.Load(fstest.MapFS{
		"cities.tsv": {Data: []byte(worldCities)},
		"counts.tsv": {Data: []byte(countHeader + good + "\n" + good + "\n")},
	})
	if err == nil || !strings.Contains(err.Error(), "counts.tsv:3: id: duplicate id") {
		t.Errorf("Load error = %v, want a duplicate id on line 3", err)
	}
	// An unverified count needs no URL.
	if _, err := zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + bad(6, "no") + "\n")}}); err != nil {
		t.Errorf("unverified count without URL: %v", err)
	}
}

// TestZeroValues checks that a nil or empty registry and zero values answer
// without panicking.
func TestZeroValues(t *testing.T) {
	hz := mustCity(t, "杭州")
	day := d("2024-01-01")
	for _, reg := range []*zones.Registry{nil, {}} {
		if got := reg.Hosts(hz, zones.CBECTestZone, day); got != zones.Unsure {
			t.Errorf("%p: Hosts = %v", reg, got)
		}
		if _, ok := reg.Evidence(hz, zones.CBECTestZone, day); ok {
			t.Errorf("%p: Evidence reported a count", reg)
		}
		if reg.CountMatches("x") || reg.Len() != 0 || reg.NumZones() != 0 || reg.IndexOf(hz) != -1 {
			t.Errorf("%p: not empty", reg)
		}
		for range reg.Counts() {
			t.Errorf("%p: a count", reg)
		}
		for range reg.Within(hz) {
			t.Errorf("%p: a zone", reg)
		}
		for range reg.Hosting(zones.CBECTestZone, day) {
			t.Errorf("%p: a host", reg)
		}
		if _, ok := reg.Tally(zones.Count{Categories: []zones.Category{zones.CBECTestZone}, Scope: "nation", Day: day}); ok != (reg != nil) {
			t.Errorf("%p: Tally ok = %v", reg, ok)
		}
		if _, ok := reg.ByCode("330100"); ok {
			t.Errorf("%p: ByCode found a unit", reg)
		}
		if _, err := reg.Lookup("杭州"); err == nil {
			t.Errorf("%p: Lookup found a unit", reg)
		}
		if _, ok := reg.ByID("cbec-hangzhou"); ok {
			t.Errorf("%p: ByID found a zone", reg)
		}
		_ = reg.Dataset(zones.CBECTestZone)
	}
	reg := zones.Default()
	if got := reg.Hosts(zones.City{}, zones.CBECTestZone, day); got != zones.Unsure {
		t.Errorf("Hosts(zero City) = %v", got)
	}
	if got := reg.Hosts(hz, 0, day); got != zones.Unsure {
		t.Errorf("Hosts(zero Category) = %v", got)
	}
	if got := reg.Hosts(mustCity(t, "拉萨"), zones.CBECTestZone, cbec.Date{}); got != zones.Unsure {
		t.Errorf("Hosts(zero Date) = %v", got)
	}
	if _, ok := reg.Evidence(zones.City{}, 0, cbec.Date{}); ok {
		t.Error("Evidence of zero values")
	}
	for _, c := range []zones.Count{{}, {Scope: "nation", Day: day}, {Categories: []zones.Category{0}, Scope: "nation", Day: day},
		{Categories: []zones.Category{zones.CBECTestZone}, Scope: "999999", Day: day}, {Categories: []zones.Category{zones.CBECTestZone}, Scope: "nation"}} {
		if _, ok := reg.Tally(c); ok {
			t.Errorf("Tally(%+v) ok", c)
		}
	}
	var zc zones.Count
	if zc.String() != "0  in " || zc.Has(zones.CBECTestZone) {
		t.Errorf("zero Count: %q", zc.String())
	}
}

func TestCountJSON(t *testing.T) {
	c := zones.Count{ID: "x", Categories: []zones.Category{zones.ComprehensiveBondedZone, zones.OtherSpecialArea}, Scope: "140000", Count: 1, Day: d("2023-06-30"), URL: "https://example.org", Verified: true}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"x","categories":["cbz","special"],"scope":"140000","count":1,"day":"2023-06-30","url":"https://example.org","verified":true}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var back zones.Count
	if err := json.Unmarshal(b, &back); err != nil || back.String() != c.String() || back.Day != c.Day {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	if got := c.String(); got != "1 cbz+special in 140000 on 2023-06-30" {
		t.Errorf("String() = %q", got)
	}
}

// TestDistrictsOfCBECCities: no district or county of a city hosting a CBEC
// comprehensive test zone reads Absent for that category on a day the zone
// exists, and a facility coded to a unit leaves the units inside it Unsure
// or Present, never Absent.
func TestDistrictsOfCBECCities(t *testing.T) {
	reg := zones.Default()
	inside := func(c zones.City, code string) bool {
		for a := range reg.Ancestors(c) {
			if a.Code == code {
				return true
			}
		}
		return false
	}
	checked, present := 0, 0
	for z := range reg.All() {
		on := z.Sure().From
		if !on.IsValid() || z.On(on) != zones.Present {
			continue
		}
		for c := range reg.Cities() {
			if !inside(c, z.City) || z.City == "460000" && !zones.OnHainanIsland(c) {
				continue
			}
			got := reg.Hosts(c, z.Category, on)
			if got == zones.Absent {
				t.Errorf("Hosts(%v, %s, %v) = absent, but %s (%s) exists in %s", c, z.Category.Key(), on, z.ID, z.Name, z.City)
			}
			if z.Category == zones.CBECTestZone {
				checked++
				if got == zones.Present {
					present++
				}
			}
		}
	}
	if checked < 1500 {
		t.Errorf("only %d unit-days checked", checked)
	}
	t.Logf("CBEC test zones: %d units inside their cities checked, %d present, the rest unsure", checked, present)
}

// TestRegime checks the SpecialRegime rows: 平潭 from the island-wide 封关.
func TestRegime(t *testing.T) {
	pt := mustCity(t, "平潭")
	for day, want := range map[string]zones.Presence{"2014-07-14": zones.Absent, "2014-07-15": zones.Present, "2016-06-01": zones.Present, "2019-06-01": zones.Present} {
		got := zones.Hosts(pt, zones.SpecialRegime, d(day))
		if want == zones.Absent && got == zones.Present || want == zones.Present && got != zones.Present {
			t.Errorf("Hosts(平潭, regime, %s) = %v, want %v", day, got, want)
		}
	}
	if zones.SpecialRegime.Eligible() {
		t.Error("a special regime makes a city eligible")
	}
	for z := range zones.All() {
		if z.Category == zones.SpecialRegime && (!z.Period.From.IsValid() || len(z.Source.ReadAt) == 0) {
			t.Errorf("%s: no day or source", z.ID)
		}
	}
}

// TestEmbeddedEvidence checks the package-level functions over the embedded
// counts: in the scope of a matching count, a category without a present
// zone is absent and the evidence is a matching count of that category.
func TestEmbeddedEvidence(t *testing.T) {
	for c := range zones.Counts() {
		if !zones.Default().CountMatches(c.ID) || c.Scope == zones.NationScope {
			continue
		}
		u, ok := zones.ByCode(c.Scope)
		if !ok {
			t.Fatalf("count %s: no unit %s", c.ID, c.Scope)
		}
		for _, cat := range c.Categories {
			got := zones.Hosts(u, cat, c.Day)
			ev, ok := zones.Evidence(u, cat, c.Day)
			switch {
			case got == zones.Present:
				if ok {
					t.Errorf("Evidence(%v, %s) for a present zone", u, cat.Key())
				}
			case got != zones.Absent:
				t.Errorf("Hosts(%v, %s, %v) = %v despite count %s", u, cat.Key(), c.Day, got, c.ID)
			case zones.Default().Dataset(cat).Complete:
			case !ok || !ev.Has(cat) || !zones.Default().CountMatches(ev.ID):
				t.Errorf("Evidence(%v, %s, %v) = %v, %v", u, cat.Key(), c.Day, ev, ok)
			}
		}
	}
}
