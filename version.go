package cbec

// DataVersion is the day the embedded data was last checked against its
// sources. A decision for a later day is answered from the latest known rules
// and says so.
const DataVersion = "2026-11-26"

// DataDate returns [DataVersion] as a [Date].
func DataDate() Date { return Date{v: 2026_11_26} }
