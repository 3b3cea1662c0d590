package zonedata

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
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

// Load reads cities.tsv, the zone file of each category (ftz.tsv …) and
// datasets.tsv from fsys and validates them together. latest is the last day
// (YYYYMMDD) a date may name.
func Load(fsys fs.FS, latest int32) (*Tables, error) {
	t := new(Tables)
	f, err := fsys.Open("cities.tsv")
	if err != nil {
		return nil, err
	}
	t.Cities, err = ReadCities("cities.tsv", f)
	f.Close()
	if err != nil {
		return nil, err
	}
	for _, cat := range Categories {
		name := cat + ".tsv"
		f, err := fsys.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		zs, err := ReadZones(name, cat, f, func(string) bool { return true }, latest)
		f.Close()
		if err != nil {
			return nil, err
		}
		t.Zones = append(t.Zones, zs...)
	}
	if f, err := fsys.Open("datasets.tsv"); err == nil {
		t.Datasets, err = ReadDatasets("datasets.tsv", f)
		f.Close()
		if err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
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
