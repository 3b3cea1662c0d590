// Package zones knows the zones that make a Chinese city eligible for
// cross-border e-commerce (CBEC) retail import, and the cities they lie in.
//
// It holds every zone of five categories — pilot free trade zones, CBEC
// comprehensive test zones, comprehensive bonded zones, import trade
// promotion innovation demonstration zones and type-B bonded logistics
// centers — plus the other special customs supervision areas that can host
// bonded import (1210) and the areas under a special customs regime that are
// not statutory special areas ([SpecialRegime]: 平潭), each with its city,
// its dates and its source.
//
// It also holds the registry of administrative units (GB/T 2260, 2023): every
// province, prefecture and county with its code, names and parent, and
// [Lookup], which resolves what users type (杭州, 杭州市, Hangzhou, 330100,
// 义乌, Yiwu) to a [City].
//
// A zone lies in the unit whose territory holds it and so also in that
// unit's parent prefecture and province: 义乌综合保税区 lies in 义乌市, 金华市
// and 浙江省. A CBEC comprehensive test zone is a whole city, so it also lies
// in every unit inside its city (中国（杭州）… in 滨江区); a facility coded to
// a city without its district may lie in any of its districts, which answer
// [Unsure] for its category. Where the data does not tell (a date known only
// to the month, a category whose list is incomplete), the answer is
// [Unsure], never a guess.
//
// Absence needs evidence. Where a category's list is incomplete, [Hosts]
// answers [Absent] only where a sourced [Count] — the number of zones of
// some categories in a scope (the nation, a province, a city) on a day —
// matches the rows exactly: then the rows are all there is in that scope.
// [Registry.Evidence] names the count, so that an answer about a later day
// can say as of when it holds; [Registry.Tally] shows how a count compares
// with the rows. Counts are data (zones/data/counts.tsv) and can be added
// with [Extend] like any row: a user who knows that a city has no type-B
// center says so in one row.
//
// The data is embedded, read-only and safe for concurrent use. It is
// compiled from the TSV files in zones/data by go generate.
package zones

//go:generate go test -tags cbec_bootstrap -run ^TestTables$ -update

import (
	"time"

	"github.com/tradepolicy/cbec"
)

// day converts a YYYYMMDD number of the data to a Date (0 to the zero Date).
func day(v int32) cbec.Date {
	if v == 0 {
		return cbec.Date{}
	}
	return cbec.MakeDate(int(v/10000), time.Month(v/100%100), int(v%100))
}
