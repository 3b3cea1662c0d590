package policy

import (
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// A Decision answers whether a mode may be used for a city on a day, and
// why.
//
// Basis, Zones and Conditions share memory with the engine's tables: read
// them, do not modify them (copy first).
type Decision struct {
	Verdict Verdict    `json:"verdict"`
	City    zones.City `json:"city"`
	Date    cbec.Date  `json:"date"`
	Mode    trade.Mode `json:"mode"`
	// Basis lists the documents the verdict rests on, the deciding one first.
	Basis []cbec.Source `json:"basis"`
	// Zones lists the zones that qualify the city: the zone that makes it a
	// pilot, and the special area or type-B center that bonded import needs.
	Zones []zones.Zone `json:"zones,omitempty"`
	// Conditions lists what the law still requires that the data cannot
	// check (customs confirmation, a site connected to customs' system), and
	// the facts the verdict rests on that no source read confirms.
	Conditions []string `json:"conditions,omitempty"`
	// Reason is one English sentence naming the documents and, where
	// relevant, the zone.
	Reason string `json:"reason"`
	// DataVersion is the data version the decision came from, so a stored
	// decision can be replayed against the same data.
	DataVersion string `json:"data_version"`
}

// Permitted reports whether the verdict is Allowed.
func (d Decision) Permitted() bool { return d.Verdict == Allowed }

// String returns the reason, prefixed by the city, day and mode:
// "杭州市 (330100) 2019-03-01 1210: Allowed: …".
func (d Decision) String() string {
	return d.City.String() + " " + d.Date.String() + " " + d.Mode.Code() + ": " + d.Reason
}

// A Span is a period in which a mode's decision for a city stays the same.
type Span struct {
	Period  cbec.Period `json:"period"`
	Verdict Verdict     `json:"verdict"`
	// Decision is the decision on the span's first day.
	Decision Decision `json:"decision"`
}

// A Change is a city whose verdict differs between two days, with the
// decision on the later day.
type Change struct {
	City   zones.City `json:"city"`
	Before Decision   `json:"before"`
	After  Decision   `json:"after"`
}
