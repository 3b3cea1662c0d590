// Package cbec answers, with its legal basis, the question every cross-border
// e-commerce (CBEC) platform, customs broker and bonded-warehouse operator in
// China has to get right: may this import mode be used for this city on this
// date?
//
// China opened CBEC retail import step by step: a handful of pilot cities
// (2012–2016), a transition period in which goods were supervised as personal
// articles (2016–2018), 37 cities from 2019-01-01 (商财发〔2018〕486号), 86
// cities plus the whole of Hainan Island from 2020-01-17 (商财发〔2020〕15号)
// and, from 2021-03-18 (商财发〔2021〕39号), every city that hosts any of five
// kinds of zone:
//
//   - a pilot free trade zone (自由贸易试验区),
//   - a CBEC comprehensive test zone (跨境电子商务综合试验区),
//   - a comprehensive bonded zone (综合保税区),
//   - an import trade promotion innovation demonstration zone (进口贸易促进创新示范区),
//   - a bonded logistics center, type B (保税物流中心（B型）).
//
// The module has three packages besides this one, which holds the shared
// vocabulary ([Date], [Period], [Source], [DataVersion]):
//
//   - zones: the zone categories, every zone with its city and dates, and the
//     city registry (GB/T 2260 codes, names, aliases) behind zones.Lookup;
//   - trade: the customs supervision modes (9610, 1210, 1239, 9710, 9810),
//     the retail-import limits and tax;
//   - policy: the time-versioned rules with citations and the decision engine.
//
// A decision is a pure table lookup over embedded data: no I/O, no network,
// safe for concurrent use:
//
//	d, err := policy.Permitted("杭州", cbec.MustParseDate("2019-03-01"), trade.BondedImport)
//	if err != nil {
//		log.Fatal(err) // an unknown or ambiguous city: the error names close matches
//	}
//	fmt.Println(d.Verdict(), d.Rule())
//	fmt.Println(d.Reason())
//	fmt.Println(d.ReasonZH())
//	for _, s := range d.Basis() {
//		fmt.Println(s.Doc, s.URL)
//	}
//
// Every fact in the data names the document and the pages it was read at
// (Source.ReadAt); Source.URL is the official publication, given only where
// a source read names that address.
// Where the public record is incomplete, a decision says Unknown and why,
// rather than guess.
package cbec
