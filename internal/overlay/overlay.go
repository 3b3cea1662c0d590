// Package overlay tells package policy what an overlay of package zones
// changed, so that an engine built on an amended registry recomputes only
// the units whose facts differ from the embedded registry's.
package overlay

// Changes is set by package zones. For a registry made by zones.Extend it
// returns the registry it amends (the embedded one), the codes of the units
// whose zones or counts differ from it (a unit's facts include the zones
// and counts of the units around it: the caller widens the set to the
// units above and below each), and whether the overlay may change the
// facts of any unit (cities, datasets or registers). ok is false for any
// other registry.
var Changes func(reg any) (base any, units []string, all, ok bool)
