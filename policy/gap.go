package policy

import "github.com/tradepolicy/cbec/internal/enum"

// A Gap is one fact the data cannot tell, which, once known, would settle
// the answer: a list member, a facility, a date. Every Unknown decision has
// at least one; an Allowed or Denied decision has one for each unverified
// fact it rests on and for a city name that could also mean other units.
type Gap struct {
	Kind GapKind `json:"kind"`
	// Subject names what is missing: a list id such as "2020-15", a zone id,
	// category keys such as "blc" or "cbz+special+blc", a rule id, unit codes.
	Subject string `json:"subject"`
	Text    string `json:"text"`    // one English sentence
	TextZH  string `json:"text_zh"` // the same in Chinese
}

func newGap(k GapKind, subject string, t text) Gap {
	return Gap{Kind: k, Subject: subject, Text: t.en, TextZH: t.zh}
}

// String returns "kind subject: text".
func (g Gap) String() string { return g.Kind.String() + " " + g.Subject + ": " + g.Text }

// A GapKind says what kind of fact a [Gap] misses. The zero GapKind is not a
// kind.
type GapKind uint8

// The kinds of gap.
const (
	// GapList: a list whose members are not all known may hold the city.
	// Subject: the list id (lists.tsv), e.g. "2020-15".
	GapList GapKind = iota + 1
	// GapJoinDate: the day the city joined a list is not known. Subject:
	// the list id.
	GapJoinDate
	// GapFacility: whether the city hosts a facility of some categories (a
	// type-B bonded logistics center …) the data cannot tell. Subject: the
	// category keys joined by "+", e.g. "blc"; "bonded-site" for bonded
	// warehouses and type-A centers, which the data does not hold. A user who
	// knows the answer settles it with a row of zones/data/counts.tsv.
	GapFacility
	// GapZoneDate: a zone's approval or end is known only to the month or
	// year, or not at all. Subject: the zone id.
	GapZoneDate
	// GapRule: the sources read are silent on what a rule decides. Subject:
	// the rule id (rules.tsv), or the mode when no rule covers the day.
	GapRule
	// GapCustoms: the customs district of the city is not in the data.
	// Subject: the city's code.
	GapCustoms
	// GapUnverified: a fact the decision rests on is not confirmed by a
	// source read. Subject: a zone id, "list:code" or "customs:code".
	GapUnverified
	// GapLevel: the unit is not decided on its own (a province: the rules
	// apply city by city). Subject: its code.
	GapLevel
	// GapAfterData is no longer produced: that the day is after
	// [cbec.DataVersion] is a condition of the decision, not a fact the
	// data lacks (no row would settle it).
	GapAfterData
	// GapAmbiguousName: the name asked about could also mean other units;
	// the rank rule of [zones.Lookup] chose. Subject: their codes, joined by
	// ",".
	GapAmbiguousName
	// GapNotInRegistry: the city is not in the engine's registry. Subject:
	// the code given.
	GapNotInRegistry
	// GapInvalid: the date or mode is not valid, or the Decision is the zero
	// one. Subject: "date", "mode" or "decision".
	GapInvalid
	// GapRegime: the city lies in an area under a special customs regime
	// (Hainan Island's island-wide supervision from 2025-12-18) and the
	// sources read do not say whether the mode may be used under it outside
	// a statutory special customs supervision area. Subject: the zone id.
	GapRegime
)

var gapKinds = enum.Table[GapKind]{Pkg: "policy", Type: "GapKind", Noun: "gap kind", Names: []string{
	GapList:          "list",
	GapJoinDate:      "join_date",
	GapFacility:      "facility",
	GapZoneDate:      "zone_date",
	GapRule:          "rule",
	GapCustoms:       "customs",
	GapUnverified:    "unverified",
	GapLevel:         "level",
	GapAfterData:     "after_data",
	GapAmbiguousName: "ambiguous_name",
	GapNotInRegistry: "not_in_registry",
	GapInvalid:       "invalid",
	GapRegime:        "regime",
}}

// String returns the kind's name: "list", "facility", "zone_date" ….
func (k GapKind) String() string { return gapKinds.String(k) }

// MarshalText returns [GapKind.String], and empty text for the zero
// GapKind; see [Verdict.MarshalText].
func (k GapKind) MarshalText() ([]byte, error) { return gapKinds.Marshal(k) }

// UnmarshalText accepts the names of [GapKind.String]; see
// [Verdict.UnmarshalText].
func (k *GapKind) UnmarshalText(b []byte) error { return gapKinds.Unmarshal(k, b) }
