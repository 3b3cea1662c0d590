package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

// This file holds every sentence a decision says, in English and Chinese:
// each is a named phrase, filled by the decision procedure (eval.go) or by a
// Decision's accessors. Reasons are clauses (a decision's Reason makes a
// sentence of them); conditions and gap texts are whole sentences.

// A text is a sentence, or part of one, in English and in Chinese.
type text struct{ en, zh string }

// A phrase is a template in English and Chinese, in the verbs of fmt; the
// Chinese may take the arguments in another order with explicit indexes
// (%[2]s).
type phrase struct{ en, zh string }

// with fills p. An argument that is a text gives its English to the English
// template and its Chinese to the Chinese one; any other argument is the
// same in both.
func (p phrase) with(args ...any) text {
	en, zh := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(text); ok {
			en[i], zh[i] = t.en, t.zh
		} else {
			en[i], zh[i] = a, a
		}
	}
	return text{fmt.Sprintf(p.en, en...), fmt.Sprintf(p.zh, zh...)}
}

// same returns s as a text in both languages (a name, a document number).
func same(s string) text { return text{s, s} }

// sentence begins t with a capital and ends it with a full stop in each
// language.
func (t text) sentence() text {
	if t.en != "" && t.en[0] >= 'a' && t.en[0] <= 'z' {
		t.en = string(t.en[0]-'a'+'A') + t.en[1:]
	}
	if t.en != "" && !strings.HasSuffix(t.en, ".") {
		t.en += "."
	}
	if t.zh != "" && !strings.HasSuffix(t.zh, "。") {
		t.zh += "。"
	}
	return t
}

// fill replaces a placeholder of a reason template in both languages.
func (t text) fill(key string, v text) text {
	return text{strings.ReplaceAll(t.en, key, v.en), strings.ReplaceAll(t.zh, key, v.zh)}
}

// The reasons (clauses; see [text.sentence]).
var (
	// A rule's reason template that fills to nothing.
	reasonRuleApplies = phrase{"rule %[1]s applies", "适用规则%[1]s"}

	// Before a mode's code existed, when no rule of the data says so.
	reasonBeforeCode = phrase{"customs code %[1]s (%[2]s) did not exist before %[3]s, when %[4]s created it",
		"海关监管方式代码%[1]s（%[2]s）在%[3]s之前尚不存在，由%[4]s设立"}

	// No rule covers the day.
	reasonNoRule = phrase{"no rule in the data covers this mode on this day", "数据中没有适用于该监管方式在该日的规则"}

	// A required facility: the unit hosts one (the reason is about the
	// unit: "杭州市 is …, and hosts 杭州综合保税区"), or the reason is about
	// the rule and the unit is named.
	reasonAndHosts     = phrase{"%[1]s and hosts %[2]s", "%[1]s，并设有%[2]s"}
	reasonAndUnitHosts = phrase{"%[1]s, and %[2]s hosts %[3]s", "%[1]s；%[2]s设有%[3]s"}

	// A required facility the unit surely lacks.
	reasonNoFacility = phrase{"%[1]s hosts no %[2]s, which %[3]s (%[4]s) needs under %[5]s",
		"%[1]s未设%[2]s，而根据%[5]s，%[3]s（%[4]s）须在其中开展"}

	// A required facility the unit lacks in the data, where other sites,
	// not in the data, serve too.
	reasonNoFacilityInData = phrase{"%[1]s hosts no %[2]s in the data; %[3]s, which also serve %[4]s, are not in the data",
		"数据显示%[1]s未设%[2]s；同样可开展%[4]s的%[3]s不在数据之中"}

	// A required facility the data cannot place.
	reasonFacilityUnsure = phrase{"%[1]s, but whether %[2]s hosts a %[3]s, which %[4]s needs, the data cannot tell: %[5]s",
		"%[1]s，但%[2]s是否设有%[4]s所需的%[3]s，数据无法判断：%[5]s"}

	// An area under a special customs regime whose use for the mode no
	// source shows.
	reasonRegimeSilent = phrase{"%[1]s, and %[2]s lies in %[3]s, but the sources read do not say whether %[4]s may be used under that regime outside a statutory special customs supervision area, and whether it hosts one the data cannot tell: %[5]s",
		"%[1]s，%[2]s位于%[3]s，但所读来源未说明该监管制度下能否在法定海关特殊监管区域之外开展%[4]s，数据也无法判断其是否设有此类区域：%[5]s"}

	// The facility alone decides, and the data cannot tell.
	reasonFacilityDecides = phrase{"whether %[1]s hosts %[2]s decides, and the data cannot tell (%[3]s): with one, %[4]s allows %[5]s there; without one, it is not allowed",
		"%[1]s能否开展%[5]s取决于其是否设有%[2]s，而数据无法判断（%[3]s）：若设有，%[4]s允许开展；若未设，则不允许"}

	// Scopes that may apply.
	reasonProvince   = phrase{"%[1]s is a province, and the rules apply city by city: ask about a city in it", "%[1]s是省级单位，相关规则按城市适用：请查询其中的城市"}
	reasonListedAs   = phrase{"%[1]s is listed as %[2]s, which does not cover %[3]s; ask about a city it covers", "%[1]s以“%[2]s”列入名单，不含%[3]s：请查询名单所涵盖的城市"}
	reasonJoinDay    = phrase{"the day %[1]s became a pilot city under %[2]s is not known", "%[1]s依%[2]s成为试点城市的日期不详"}
	reasonJoinMonth  = phrase{"%[1]s became a pilot city under %[2]s in %[3]s, on a day not known", "%[1]s于%[3]s依%[2]s成为试点城市，具体日期不详"}
	reasonNoZones    = phrase{"%[1]s surely hosts none of the %[2]s zone categories of %[3]s in the data, but %[4]s", "数据显示%[1]s确定不设%[3]s规定的%[2]s类区域中的任何一类，但%[4]s"}
	reasonNoDistrict = phrase{"the customs district of %[1]s is not in the data", "数据中没有%[1]s所属的直属海关"}

	// Why the data cannot tell whether a unit hosts a facility.
	whyUntilPartial = phrase{"the day %[1]s ended is known only to the %[2]s", "%[1]s的终止日期只精确到%[2]s"}
	whyFromUnknown  = phrase{"the day %[1]s was approved is not known", "%[1]s的获批日期不详"}
	whyFromPartial  = phrase{"the day %[1]s was approved is known only to the %[2]s", "%[1]s的获批日期只精确到%[2]s"}
	whyOpenUnknown  = phrase{"the day %[1]s opened is not known", "%[1]s的封关运作（验收）日期不详"}
	whyOpenPartial  = phrase{"the day %[1]s opened is known only to the %[2]s", "%[1]s的封关运作（验收）日期只精确到%[2]s"}
	whyGoneBy       = phrase{"the day %[1]s ended is not known (it had ended by %[2]s)", "%[1]s的终止日期不详（%[2]s前已终止）"}
	whyIncomplete   = text{"the data is incomplete", "数据不完整"}
	whyIncompleteOf = phrase{"the data of %[1]s is incomplete", "%[1]s数据不完整"}
	whyHeld         = phrase{"the data of %[1]s is incomplete: it holds %[2]d rows, and about %[3]d existed on %[4]s", "%[1]s数据不完整"}

	// A member named with the list's own name (a province-level member).
	nameListedAs = phrase{"%[1]s (listed as %[2]s)", "%[1]s（以“%[2]s”列入）"}
)

// The conditions (sentences).
var (
	condUnverifiedZone   = phrase{"%[1]s (%[2]s) is not confirmed by a source read.", "%[1]s（%[2]s）未经所读来源证实。"}
	condUnverifiedPlace  = phrase{"%[1]s's place on the list of %[2]s is not confirmed by a source read.", "%[1]s列入%[2]s名单一事未经所读来源证实。"}
	condUnverifiedCustom = phrase{"%[1]s's customs district (%[2]s) is not confirmed by a source read.", "%[1]s所属的直属海关（%[2]s）未经所读来源证实。"}
	condRegime           = phrase{"%[1]s is not a statutory special customs supervision area: %[2]s there rests on its customs regime, under which sources show it operating.",
		"%[1]s不是法定海关特殊监管区域：该地的%[2]s依托其海关监管制度开展，有来源显示该业务在此制度下运行。"}
	condCountBefore     = phrase{"That %[1]s hosts no %[2]s rests on a count of %[3]s (%[4]s); zones approved since are not reflected.", "%[1]s未设%[2]s这一判断依据%[3]s的统计（%[4]s）；此后获批的区域未予反映。"}
	condRegisterBefore  = phrase{"That %[1]s hosts no operating %[2]s rests on the register %[3]s of %[4]s; facilities opened since are not reflected.", "%[1]s未设运营中的%[2]s这一判断依据%[4]s的名录（%[3]s）；此后开始运营的设施未予反映。"}
	condCountUnverified = phrase{"That %[1]s hosts no %[2]s rests on a count no source read confirms (%[3]s).", "%[1]s未设%[2]s这一判断依据的统计（%[3]s）未经所读来源证实。"}
	condAfterData       = phrase{"The data was last checked against its sources on %[1]s: later changes are not reflected.", "数据最后一次与来源核对是在%[1]s：此后的变化未予反映。"}
)

// The gaps (sentences).
var (
	gapRuleSilent     = phrase{"The sources read do not settle it: %[1]s.", "所读来源未能确定：%[1]s。"}
	gapRegimeSilent   = phrase{"The sources read do not say whether %[1]s may be used under %[2]s outside a statutory special customs supervision area.", "所读来源未说明能否在%[2]s的法定海关特殊监管区域之外开展%[1]s。"}
	gapSiteNotInData  = phrase{"Whether %[1]s hosts %[2]s, which also serve %[3]s, is not in the data.", "数据中没有%[1]s是否设有同样可开展%[3]s的%[2]s的信息。"}
	gapFacility       = phrase{"Whether %[1]s hosts %[2]s: %[3]s.", "%[1]s是否设有%[2]s：%[3]s。"}
	gapProvince       = phrase{"%[1]s is a province; the rules decide city by city.", "%[1]s是省级单位；相关规则按城市适用。"}
	gapListedAs       = phrase{"%[1]s is listed as %[2]s, which does not cover %[3]s; the rules decide city by city.", "%[1]s以“%[2]s”列入名单，不含%[3]s；相关规则按城市适用。"}
	gapJoinDay        = phrase{"The day %[1]s joined list %[2]s (%[3]s) is not known.", "%[1]s加入名单%[2]s（%[3]s）的日期不详。"}
	gapJoinMonth      = phrase{"%[1]s joined list %[2]s (%[3]s) in %[4]s, on a day not known.", "%[1]s于%[4]s加入名单%[2]s（%[3]s），具体日期不详。"}
	gapOnList         = phrase{"Whether %[1]s is on list %[2]s (%[3]s), whose members are not all known.", "%[1]s是否在名单%[2]s（%[3]s）之中；该名单成员不全。"}
	gapDistrictOnList = phrase{"Whether %[1]s (%[2]s) is on list %[3]s, whose members are not all known.", "%[1]s（%[2]s）是否在名单%[3]s之中；该名单成员不全。"}
	gapNoDistrict     = phrase{"The customs district of %[1]s is not in the data.", "数据中没有%[1]s所属的直属海关。"}
	gapNoRule         = phrase{"No rule in the data covers %[1]s on this day.", "数据中没有适用于%[1]s在该日的规则。"}
	gapMayApply       = phrase{"Rule %[1]s may apply to %[2]s, and the data cannot tell whether it does.", "规则%[1]s可能适用于%[2]s，数据无法判断。"}
	gapRuleUnsettled  = phrase{"The sources read do not settle rule %[1]s on this day.", "所读来源未能确定规则%[1]s在该日如何适用。"}
	gapAmbiguous      = phrase{"%[1]s could also mean %[2]s; the decision is for %[3]s. Ask with a code or a qualified name (such as 北京朝阳) to be sure.",
		"%[1]s也可能指%[2]s；本判断针对%[3]s。请使用代码或带限定的名称（如“北京朝阳”）查询以确保无误。"}
	gapNotInRegistry = phrase{"The city %[1]s is not in the registry.", "城市%[1]s不在行政区划表中。"}
	gapInvalidDate   = text{"The date is not valid.", "日期无效。"}
	gapInvalidMode   = text{"The mode is not valid.", "监管方式无效。"}
	gapZeroDecision  = text{"The zero Decision decides nothing.", "零值Decision未作任何判断。"}
)

// The reasons of the decisions the engine does not look up.
var (
	reasonZero     = text{"No decision was made.", "未作出判断。"}
	reasonNotInReg = text{"The city is not in the registry.", "该城市不在行政区划表中。"}
	reasonBadDate  = text{"The date is not valid.", "日期无效。"}
	reasonBadMode  = text{"The mode is not valid.", "监管方式无效。"}
)

// siteGapSubject is the subject of a gap about the sites the data does not
// hold (bonded warehouses, type-A centers).
const siteGapSubject = "bonded-site"

// precisionText names how much of a date is known: "month", "月".
func precisionText(p zones.Precision) text {
	switch p {
	case zones.YearOnly:
		return text{"year", "年"}
	case zones.MonthOnly:
		return text{"month", "月"}
	}
	return text{"day", "日"}
}

// categoryPlural names the zones of a category in the plural, for "the
// data of … is incomplete".
func categoryPlural(c zones.Category) text {
	return [...]text{
		zones.FreeTradeZone:           {"pilot free trade zones", zones.FreeTradeZone.NameZH()},
		zones.CBECTestZone:            {"CBEC comprehensive test zones", zones.CBECTestZone.NameZH()},
		zones.ComprehensiveBondedZone: {"comprehensive bonded zones", zones.ComprehensiveBondedZone.NameZH()},
		zones.ImportDemoZone:          {"import trade promotion innovation demonstration zones", zones.ImportDemoZone.NameZH()},
		zones.BondedLogisticsCenterB:  {"type-B bonded logistics centers", zones.BondedLogisticsCenterB.NameZH()},
		zones.OtherSpecialArea:        {"other special customs supervision areas", zones.OtherSpecialArea.NameZH()},
		zones.SpecialRegime:           {"special customs regime areas", zones.SpecialRegime.NameZH()},
	}[c]
}

// facilityNames names one facility of the categories cats: "a type-B
// bonded logistics center", "保税物流中心（B型）"; in the operating view,
// "an operating …", "运营中的…".
func facilityNames(cats []zones.Category, v view) text {
	var en, zh []string
	for _, c := range cats {
		en = append(en, c.String())
		zh = append(zh, c.NameZH())
	}
	if v == operating {
		return text{"an operating " + orList(en), "运营中的" + strings.Join(zh, "或")}
	}
	a := "a "
	if len(en) > 0 && strings.ContainsRune("aeiou", rune(en[0][0])) {
		a = "an "
	}
	return text{a + orList(en), strings.Join(zh, "或")}
}

// orList joins s as "a, b or c".
func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// andList joins texts as "a, b and c", "a、b、c".
func andList(ts []text) text {
	var en, zh []string
	for _, t := range ts {
		en = append(en, t.en)
		zh = append(zh, t.zh)
	}
	switch len(en) {
	case 0:
		return text{}
	case 1:
		return ts[0]
	}
	return text{strings.Join(en[:len(en)-1], ", ") + " and " + en[len(en)-1], strings.Join(zh, "、")}
}

// joinTexts joins texts with sep in each language.
func joinTexts(ts []text, sep text) text {
	var en, zh []string
	for _, t := range ts {
		en = append(en, t.en)
		zh = append(zh, t.zh)
	}
	return text{strings.Join(en, sep.en), strings.Join(zh, sep.zh)}
}

// numberWord spells a small count in English ("five"); the Chinese is a
// numeral (五).
func numberWord(n int) text {
	en := [...]string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	zh := [...]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 0 && n < len(en) {
		return text{en[n], zh[n]}
	}
	return same(fmt.Sprint(n))
}

// categoryText names a category in a sentence: "comprehensive bonded zone".
func categoryText(c zones.Category) text { return text{c.String(), c.NameZH()} }

// unsure says why the data cannot tell whether c hosts a zone of cats on
// day x: a zone whose date is not known precisely, or incomplete data.
func (f *facts) unsure(c zones.City, cats []zones.Category, x cbec.Date, v view) (text, []gap) {
	for z := range f.reg.Within(c) {
		if !slices.Contains(cats, z.Category) || f.zoneOn(z, x, v) != zones.Unsure {
			continue
		}
		var t text
		switch {
		case z.UntilPrecision != zones.DateUnknown && !x.Before(z.Period.Until):
			t = whyUntilPartial.with(z.Name, precisionText(z.UntilPrecision))
		case z.UntilPrecision == zones.DateUnknown && z.GoneBy.IsValid() && z.Sure().Until.IsValid() && !x.Before(z.Sure().Until):
			t = whyGoneBy.with(z.Name, z.GoneBy.String())
		case z.On(x) == zones.Present && z.OpenedPrecision != zones.DateUnknown:
			t = whyOpenPartial.with(z.Name, precisionText(z.OpenedPrecision))
		case z.On(x) == zones.Present:
			t = whyOpenUnknown.with(z.Name)
		case z.FromPrecision == zones.DateUnknown:
			t = whyFromUnknown.with(z.Name)
		default:
			t = whyFromPartial.with(z.Name, precisionText(z.FromPrecision))
		}
		return t, []gap{{GapZoneDate, z.ID, t.sentence()}}
	}
	var incomplete []zones.Category
	for _, cat := range cats {
		if !f.reg.Dataset(cat).Complete {
			incomplete = append(incomplete, cat)
		}
	}
	var t text
	switch len(incomplete) {
	case 0:
		t = whyIncomplete
	case 1:
		ds := f.reg.Dataset(incomplete[0])
		if len(cats) == 1 && ds.Rows < ds.OfficialTotal {
			t = whyHeld.with(categoryPlural(incomplete[0]), ds.Rows, ds.OfficialTotal, ds.AsOf.String())
		} else {
			t = whyIncompleteOf.with(categoryPlural(incomplete[0]))
		}
	default:
		var names []text
		for _, cat := range incomplete {
			names = append(names, categoryPlural(cat))
		}
		t = whyIncompleteOf.with(andList(names))
	}
	var keys []string
	for _, cat := range incomplete {
		keys = append(keys, cat.Key())
	}
	return t, []gap{{GapFacility, joinKeys(keys), gapFacility.with(c.Name, facilityNames(cats, v), t)}}
}

// unsureFacility says why the data cannot tell whether c hosts a zone of
// cats on day x, with one gap per missing fact.
func (f *facts) unsureFacility(c zones.City, cats []zones.Category, x cbec.Date, v view) (text, []gap) {
	var (
		parts []text
		gaps  []gap
	)
	for _, cat := range cats {
		if f.hostsCat(c, cat, x, v) != zones.Unsure {
			continue
		}
		t, g := f.unsure(c, []zones.Category{cat}, x, v)
		parts = append(parts, t)
		gaps = append(gaps, g...)
	}
	return joinTexts(parts, text{"; ", "；"}), gaps
}
