package zonedata

import (
	"cmp"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/tradepolicy/cbec/internal/tsv"
)

// Tables is the whole zone dataset, validated and indexed: what the zones
// package serves.
type Tables struct {
	Cities   []City // sorted by code
	Parent   []int  // index of each city's parent, -1 for a province
	Index    Index
	Zones    []Zone // by category, then file order
	ZoneOffs []uint16
	ZoneIdx  []uint16 // zones in city i or inside it: ZoneIdx[ZoneOffs[i]:ZoneOffs[i+1]]
	// Zones coded to unit i that do not cover what lies inside it (a
	// facility coded to a city without its district):
	// CodedIdx[CodedOffs[i]:CodedOffs[i+1]].
	CodedOffs []uint16
	CodedIdx  []uint16
	Datasets  []Dataset
	Counts    []Count // file order
	// CountMatch[i] reports whether Counts[i] matches the rows (see
	// [Tables.Tally]).
	CountMatch []bool
	// The matching counts (indexes into Counts) scoped to unit i, earliest
	// day first: CountIdx[CountOffs[i]:CountOffs[i+1]]; NationCounts those
	// scoped to the nation.
	CountOffs    []uint16
	CountIdx     []uint16
	NationCounts []uint16
}

// Files are the names of the zone data files (cities.tsv, a file per
// category, datasets.tsv, counts.tsv and regime.tsv): a file of another name
// in a dataset or an overlay is an error ([tsv.CheckNames]).
var Files = func() []string {
	names := []string{"cities.tsv"}
	for _, c := range Categories {
		names = append(names, c+".tsv")
	}
	return append(names, "datasets.tsv", "counts.tsv")
}()

// Load reads cities.tsv, the zone file of each category (ftz.tsv …),
// datasets.tsv and counts.tsv from base and validates them together. Files in
// overlay, if not nil, amend base's: a row replaces the base row with the same
// key (a city's code, a zone's id, a dataset's category, a count's id) and
// other rows are added.
// latest is the last day (YYYYMMDD) a date may name. A file whose name is not
// one of [Files], a column a file does not have, or a missing column is an
// error naming the file (and the column).
func Load(base, overlay fs.FS, latest int32) (*Tables, error) {
	if err := tsv.CheckNames(base, "", Files...); err != nil {
		return nil, err
	}
	if overlay != nil {
		if err := tsv.CheckNames(overlay, "overlay/", Files...); err != nil {
			return nil, err
		}
	}
	read := func(name string, key func(tsv.Record) string, cols ...string) ([]tsv.Record, error) {
		recs, err := tsv.ReadFS(base, name, cols...)
		if err != nil || overlay == nil {
			return recs, err
		}
		more, err := tsv.ReadOverlayFS(overlay, name, cols...)
		if err != nil {
			return nil, err
		}
		return tsv.Merge(recs, more, key, false)
	}
	col := func(c string) func(tsv.Record) string { return func(r tsv.Record) string { return r.Get(c) } }
	t := new(Tables)
	recs, err := read("cities.tsv", col("code"), CityColumns...)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("cities.tsv: missing or empty")
	}
	if t.Cities, err = ReadCities(recs); err != nil {
		return nil, err
	}
	for _, cat := range Categories {
		recs, err := read(cat+".tsv", col("id"), ZoneColumns...)
		if err != nil {
			return nil, err
		}
		zs, err := ReadZones(cat, recs, latest)
		if err != nil {
			return nil, err
		}
		t.Zones = append(t.Zones, zs...)
	}
	if recs, err = read("datasets.tsv", col("category"), DatasetColumns...); err != nil {
		return nil, err
	}
	if t.Datasets, err = ReadDatasets(recs); err != nil {
		return nil, err
	}
	if recs, err = read("counts.tsv", col("id"), CountColumns...); err != nil {
		return nil, err
	}
	if t.Counts, err = ReadCounts(recs, latest); err != nil {
		return nil, err
	}
	return t, t.Build()
}

// HainanProvince is the code of 海南省. A zone coded to it covers Hainan
// Island (the whole-island free trade zone and CBEC test zone).
const HainanProvince = "460000"

// OnHainanIsland reports whether the unit with the given code and parent lies
// on Hainan Island: a unit of 海南省 other than the province itself, 三沙市
// (460300) and what lies in it.
func OnHainanIsland(code, parent string) bool {
	return code[:2] == "46" && code != HainanProvince && code != "460300" && parent != "460300"
}

// IsMunicipality reports whether code is one of the four province-level
// cities (北京, 天津, 上海, 重庆).
func IsMunicipality(code string) bool {
	switch code {
	case "110000", "120000", "310000", "500000":
		return true
	}
	return false
}

// CityWide reports whether zone z, coded to unit u, covers every unit inside
// u: a CBEC comprehensive test zone named after the city it is coded to
// (中国（杭州）跨境电子商务综合试验区, 330100) is the whole city. One named after
// a part of its unit (中国（雄安新区）… coded to 保定市) is not, nor is a zone
// coded to a province other than a municipality; zones coded to 海南省 cover
// Hainan Island (see [OnHainanIsland]) instead. Every other zone is a
// facility: it lies somewhere in u, and the data does not say where.
func CityWide(z Zone, u City) bool {
	if z.Category != "cbec" || z.City != u.Code || (u.Level == "province" && !IsMunicipality(u.Code)) {
		return false
	}
	if strings.Contains(z.Name, u.Name) {
		return true
	}
	t := TrimSuffix(u.Name)
	return t != "" && strings.Contains(z.Name, t)
}

// Build validates the cities and zones together and computes the indexes.
func (t *Tables) Build() error {
	slices.SortStableFunc(t.Cities, func(a, b City) int { return cmp.Compare(a.Code, b.Code) })
	pos := make(map[string]int, len(t.Cities))
	for i, c := range t.Cities {
		pos[c.Code] = i
	}
	if len(t.Cities) >= 1<<16-1 {
		return fmt.Errorf("%d cities: too many", len(t.Cities))
	}
	t.Parent = make([]int, len(t.Cities))
	for i, c := range t.Cities {
		t.Parent[i] = -1
		if c.Parent != "" {
			p, ok := pos[c.Parent]
			if !ok {
				return fmt.Errorf("cities.tsv: %s: parent %s is not in the registry", c.Code, c.Parent)
			}
			t.Parent[i] = p
		}
	}
	if err := CheckUnique(t.Zones); err != nil {
		return err
	}
	if len(t.Zones) >= 1<<16-1 {
		return fmt.Errorf("%d zones: too many", len(t.Zones))
	}
	slices.SortStableFunc(t.Zones, func(a, b Zone) int {
		return cmp.Compare(slices.Index(Categories, a.Category), slices.Index(Categories, b.Category))
	})
	children := make([][]int, len(t.Cities))
	for i, p := range t.Parent {
		if p >= 0 {
			children[p] = append(children[p], i)
		}
	}
	within := make([][]uint16, len(t.Cities))
	coded := make([][]uint16, len(t.Cities))
	for zi, z := range t.Zones {
		i, ok := pos[z.City]
		if !ok {
			return fmt.Errorf("%s:%d: city: %s is not in the registry", z.File, z.Line, z.City)
		}
		switch {
		case CityWide(z, t.Cities[i]):
			// A city-wide zone lies in every unit inside its city.
			var add func(int)
			add = func(p int) {
				for _, j := range children[p] {
					within[j] = append(within[j], uint16(zi))
					add(j)
				}
			}
			add(i)
		case z.City != HainanProvince:
			coded[i] = append(coded[i], uint16(zi))
		}
		for ; i >= 0; i = t.Parent[i] {
			within[i] = append(within[i], uint16(zi))
		}
		if z.City == HainanProvince {
			// A zone coded to 海南省 covers Hainan Island: every unit of the
			// province but 三沙市 and what lies in it.
			for j, c := range t.Cities {
				if OnHainanIsland(c.Code, c.Parent) {
					within[j] = append(within[j], uint16(zi))
				}
			}
		}
	}
	if n := total(within); n >= 1<<16 {
		return fmt.Errorf("%d zone memberships: too many", n)
	}
	t.ZoneOffs, t.ZoneIdx = flatten(within)
	t.CodedOffs, t.CodedIdx = flatten(coded) // at most one entry per zone
	seen := map[string]bool{}
	for _, d := range t.Datasets {
		if seen[d.Category] {
			return fmt.Errorf("datasets.tsv: %s twice", d.Category)
		}
		seen[d.Category] = true
	}
	t.Index = BuildIndex(t.Cities)
	return t.buildCounts(pos)
}

// total returns the number of entries of all lists.
func total(lists [][]uint16) int {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	return n
}
