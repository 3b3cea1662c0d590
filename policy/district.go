package policy

import (
	"slices"
	"strings"

	"github.com/tradepolicy/cbec/zones"
)

// A District is a customs district: the directly-affiliated customs
// (直属海关) under which goods are declared in a city, as
// policy/data/customs.tsv records it. It decides 9710 and 9810, whose pilots
// were opened district by district.
type District struct {
	Name string `json:"name"` // the customs, e.g. 杭州海关
	// Code is its 4-digit customs code (关区代码), 2900 for 杭州海关, as the
	// customs Single Window table of 2022-06-05 gives it
	// (policy/data/districts.tsv); empty when the data does not give it.
	Code string `json:"code,omitempty"`
	City string `json:"city"` // the code of the unit the row is for
	// Verified says how a source supports the row: "yes" (a source read
	// names the city's customs), "inferred" (the province has a single
	// directly-affiliated customs, or the city is its seat), "weak" or "no"
	// (not confirmed by a source read).
	Verified string `json:"verified"`
	URL      string `json:"url,omitempty"`  // where it was read
	Note     string `json:"note,omitempty"` // what the source says
}

// Sourced reports whether a source read supports the row (Verified is yes
// or inferred).
func (d District) Sourced() bool { return d.Verified == "yes" || d.Verified == "inferred" }

// DistrictOf returns the customs district of c: the row for c, or for the
// unit c lies in (a district or county takes its city's). It reports false
// when the data has none.
func (e *Engine) DistrictOf(c zones.City) (District, bool) {
	reg := e.registry()
	i := reg.IndexOf(c)
	if i < 0 {
		return District{}, false
	}
	c = reg.At(i)
	for {
		if j, ok := slices.BinarySearchFunc(e.customs, c.Code, func(d District, code string) int { return strings.Compare(d.City, code) }); ok {
			return e.customs[j], true
		}
		p, ok := reg.Parent(c)
		if !ok {
			return District{}, false
		}
		c = p
	}
}

// DistrictOf returns the customs district of c in the embedded data; see
// [Engine.DistrictOf].
func DistrictOf(c zones.City) (District, bool) { return std.DistrictOf(c) }
