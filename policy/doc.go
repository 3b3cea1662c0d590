// Package policy decides whether a customs supervision mode may be used for a
// Chinese city on a day, and says why: the documents, the zone, the dates.
//
// The rules are data (policy/data/rules.tsv), one row per rule version with
// its modes, its period, its scope (a list of cities, every city hosting a
// zone of some categories, or a list of customs districts), the conditions it
// imposes and its source. They are compiled with the zone data into a
// timeline per city and mode, so that [Decide] is a binary search:
//
//	d := policy.Decide(city, day, trade.BondedImport)
//	if d.Permitted() { … }
//
// A decision's Verdict is Allowed, Denied or Unknown. Unknown means the data
// cannot decide (a list whose members are not all known, a zone whose date is
// not known) and the Reason says which gap; as the data is completed such
// answers turn into Allowed or Denied without code changes.
//
// The semantics:
//   - Days are China calendar days; a rule effective from 2019-01-01 covers
//     that day and later ones.
//   - A list names a unit and covers everything inside it (苏州 covers 昆山),
//     never its parent (义乌 does not make 金华 a member). Hainan Island covers
//     the units on the island, not 三沙.
//   - A district or county takes the answer of the city it lies in, unless the
//     rules name it on its own.
//   - Online-shopping bonded import (1210) also needs the city to host a
//     special customs supervision area or a type-B bonded logistics center on
//     that day.
//   - Before a mode's customs code existed, it is Denied, citing the document
//     that created it.
//   - After [cbec.DataVersion] the latest known rules answer, with a condition
//     saying later changes are not reflected.
package policy

//go:generate go run gen.go
