// Package policy decides whether a customs supervision mode may be used for a
// Chinese city on a day, and says why: the documents, the zone, the dates.
//
// The rules are data (policy/data/rules.tsv), one row per rule version with
// its modes, its period, its scope (a list of cities, every city hosting a
// zone of some categories, or a list of customs districts), the conditions it
// imposes, its reason in English and Chinese, and its source. They are
// compiled with the zone data into a timeline per city and mode, so that
// [Decide] is a binary search:
//
//	zhanjiang, err := zones.Lookup("湛江")
//	if err != nil {
//		log.Fatal(err)
//	}
//	d := policy.Decide(zhanjiang, cbec.MustParseDate("2021-04-01"), trade.BondedImport)
//	fmt.Println(d.Verdict())
//	fmt.Println(d.Reason())
//
// A [Decision] is a small immutable value. Its Verdict is Allowed, Denied or
// Unknown; Rule names the row of rules.tsv that decided; Reason and ReasonZH
// say why without repeating the verdict; Basis, Zones and Conditions give the
// documents, the zones and what the law still requires. Unknown means the data
// cannot decide, and Gaps says, machine-readably, which fact is missing: a
// list whose members are not all known ([GapList]), whether the city hosts a
// type-B bonded logistics center ([GapFacility], subject "blc"), a zone's
// date ([GapZoneDate]) …. As the data is completed, by the embedded data or by
// a program's own rows ([Extend], [zones.Extend]), such answers turn into
// Allowed or Denied without code changes: a row of zones/data/counts.tsv
// saying a city has no type-B center settles the commonest gap.
//
// Which city a query means:
//   - For 1210 bonded import (and 1239, and 1210 export), the city where the
//     bonded stock is held: the city of the special customs supervision area
//     or type-B bonded logistics center, not the buyer's address.
//   - For 9610 direct-purchase import, the city where the parcels clear
//     customs.
//   - For 9710 and 9810, the customs district where the goods are declared
//     ([DistrictOf] gives a city's).
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
//     that day (海关总署公告2014年第57号; the requirement is data, in
//     policy/data/requirements.tsv). An area under a special customs regime
//     serves where a source shows the mode operating under it (平潭's 分线管理
//     area); where none does (Hainan Island's island-wide supervision from
//     2025-12-18), the answer says so in a gap of kind [GapRegime].
//   - Absence needs evidence: a decision that rests on a city's not hosting a
//     zone is Unknown unless the category's data is complete or a sourced count
//     of zones/data/counts.tsv that matches the rows covers it; after the
//     count's day the answer stands with a condition naming that day. Every
//     count an answer rests on is named in its Conditions, whatever the
//     verdict.
//   - Which rule is cited: Rule names a rule in force on the day, and the
//     first document of Basis is one of that rule's. The first rule (in the
//     order of rules.tsv) that surely applies decides; when a rule before it
//     may apply (a list whose members are not all known) and would give the
//     same verdict, the one that surely applies is cited, unless it is a
//     residual denial ("not on the earlier lists"), whose reason would not
//     hold: then the rule that may apply is cited. A denial for want of a
//     required facility cites its rule's documents and then the document
//     that imposes the requirement (policy/data/requirements.tsv).
//   - Before a mode's customs code existed, it is Denied, citing the document
//     that created it.
//   - After [cbec.DataVersion] the latest known rules answer, with a condition
//     saying later changes are not reflected (a condition, not a gap: no fact
//     is missing that a program could supply).
package policy

//go:generate go test -tags cbec_bootstrap -run ^TestTables$ -update
