package zonedata

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
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
	ZoneOffs []uint32
	ZoneIdx  []uint32 // zones in city i or inside it: ZoneIdx[ZoneOffs[i]:ZoneOffs[i+1]]
	Datasets []Dataset
}

// Load reads cities.tsv, the zone file of each category (ftz.tsv …) and
// datasets.tsv from base and validates them together. Files in overlay, if
// not nil, amend base's: a row replaces the base row with the same key (a
// city's code, a zone's id, a dataset's category) and other rows are added.
// latest is the last day (YYYYMMDD) a date may name.
func Load(base, overlay fs.FS, latest int32) (*Tables, error) {
	if base == nil {
		return nil, errors.New("nil file system")
	}
	read := func(name string, key func(tsv.Record) string, cols ...string) ([]tsv.Record, error) {
		recs, err := tsv.ReadFS(base, name, cols...)
		if err != nil || overlay == nil {
			return recs, err
		}
		more, err := tsv.ReadFSAs(overlay, name, "overlay/"+name, cols...)
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
	if len(t.Cities) > MaxUnits {
		return fmt.Errorf("cities.tsv: %w: %d units, more than %d", tsv.ErrLimit, len(t.Cities), MaxUnits)
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
	if len(t.Zones) > MaxZones {
		return fmt.Errorf("%w: %d zones, more than %d", tsv.ErrLimit, len(t.Zones), MaxZones)
	}
	slices.SortStableFunc(t.Zones, func(a, b Zone) int {
		return cmp.Compare(slices.Index(Categories, a.Category), slices.Index(Categories, b.Category))
	})
	var island []int // the units on Hainan Island
	for j, c := range t.Cities {
		if OnHainanIsland(c.Code, c.Parent) {
			island = append(island, j)
		}
	}
	within := make([][]uint32, len(t.Cities))
	for zi, z := range t.Zones {
		i, ok := pos[z.City]
		if !ok {
			return fmt.Errorf("%s:%d: city: %s is not in the registry", z.File, z.Line, z.City)
		}
		for ; i >= 0; i = t.Parent[i] {
			within[i] = append(within[i], uint32(zi))
		}
		if z.City == HainanProvince {
			// A zone coded to 海南省 covers Hainan Island: every unit of the
			// province but 三沙市 and what lies in it.
			for _, j := range island {
				within[j] = append(within[j], uint32(zi))
			}
		}
	}
	t.ZoneOffs = make([]uint32, 0, len(t.Cities)+1)
	t.ZoneIdx = t.ZoneIdx[:0]
	for _, w := range within {
		t.ZoneOffs = append(t.ZoneOffs, uint32(len(t.ZoneIdx)))
		t.ZoneIdx = append(t.ZoneIdx, w...)
	}
	if len(t.ZoneIdx) > math.MaxUint32 {
		return fmt.Errorf("%w: %d zone memberships, more than %d", tsv.ErrLimit, len(t.ZoneIdx), uint32(math.MaxUint32))
	}
	t.ZoneOffs = append(t.ZoneOffs, uint32(len(t.ZoneIdx)))
	seen := map[string]bool{}
	for _, d := range t.Datasets {
		if seen[d.Category] {
			return fmt.Errorf("datasets.tsv: %s twice", d.Category)
		}
		seen[d.Category] = true
	}
	var err error
	t.Index, err = BuildIndex(t.Cities)
	return err
}
