package zonedata

import (
	"cmp"
	"fmt"
	"io/fs"
	"slices"

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
	Datasets []Dataset
}

// Files are the names of the zone data files (cities.tsv, a file per
// category, datasets.tsv, counts.tsv and regime.tsv): a file of another name
// in a dataset or an overlay is an error ([tsv.CheckNames]).
var Files = func() []string {
	names := []string{"cities.tsv"}
	for _, c := range Categories {
		names = append(names, c+".tsv")
	}
	return append(names, "datasets.tsv", "counts.tsv", "regime.tsv")
}()

// Load reads cities.tsv, the zone file of each category (ftz.tsv …) and
// datasets.tsv from base and validates them together. Files in overlay, if
// not nil, amend base's: a row replaces the base row with the same key (a
// city's code, a zone's id, a dataset's category) and other rows are added.
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
	within := make([][]uint16, len(t.Cities))
	for zi, z := range t.Zones {
		i, ok := pos[z.City]
		if !ok {
			return fmt.Errorf("%s:%d: city: %s is not in the registry", z.File, z.Line, z.City)
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
	t.ZoneOffs = make([]uint16, 0, len(t.Cities)+1)
	t.ZoneIdx = t.ZoneIdx[:0]
	for _, w := range within {
		t.ZoneOffs = append(t.ZoneOffs, uint16(len(t.ZoneIdx)))
		t.ZoneIdx = append(t.ZoneIdx, w...)
	}
	if len(t.ZoneIdx) >= 1<<16 {
		return fmt.Errorf("%d zone memberships: too many", len(t.ZoneIdx))
	}
	t.ZoneOffs = append(t.ZoneOffs, uint16(len(t.ZoneIdx)))
	seen := map[string]bool{}
	for _, d := range t.Datasets {
		if seen[d.Category] {
			return fmt.Errorf("datasets.tsv: %s twice", d.Category)
		}
		seen[d.Category] = true
	}
	t.Index = BuildIndex(t.Cities)
	return nil
}
