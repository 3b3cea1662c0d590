package policy

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// The decision procedure, one rule and one fact at a time, in the manner
// of go/build/constraint's tests of Eval: a small world of units and
// zones, a few lists, and rules written as values.

const evalZoneHeader = "id\tgroup\tname\tname_en\tcity\tfrom\tknown_by\tuntil\tdoc\tissuer\turl\tverified\tnote\n"

// evalWorld returns the facts of a small world: 杭州 hosts a bonded zone and
// a CBEC test zone; 金华 a CBEC test zone only; 湛江 nothing; 海南 is listed
// whole, but for 三沙; the type-B centers are not all known, so 金华's
// lack of one needs a count.
func evalWorld(t *testing.T, counts string) *facts {
	t.Helper()
	zfs := fstest.MapFS{
		"cities.tsv": {Data: []byte(`code	name	level	parent	name_en	aliases
330000	浙江省	province		Zhejiang	浙江
330100	杭州市	prefecture	330000	Hangzhou	杭州
330108	滨江区	county	330100	Binjiang	滨江
330700	金华市	prefecture	330000	Jinhua	金华
330782	义乌市	county	330700	Yiwu	义乌
440000	广东省	province		Guangdong	广东
440800	湛江市	prefecture	440000	Zhanjiang	湛江
460000	海南省	province		Hainan	海南
460100	海口市	prefecture	460000	Haikou	海口
460300	三沙市	prefecture	460000	Sansha	三沙
`)},
		"cbz.tsv":  {Data: []byte(evalZoneHeader + "cbz-hz\t\t杭州综合保税区\tHangzhou CBZ\t330108\t2010-01-05\t\t\t\t国务院\thttps://example.org/hz\tyes\t\n")},
		"cbec.tsv": {Data: []byte(evalZoneHeader + "cbec-hz\t1\t中国（杭州）跨境电子商务综合试验区\tHangzhou\t330100\t2015-03-12\t\t\t\t国务院\thttps://example.org/c\tyes\t\ncbec-jh\t6\t中国（金华）跨境电子商务综合试验区\tJinhua\t330700\t2022-02-08\t\t\t\t国务院\thttps://example.org/j\tyes\t\n")},
		"datasets.tsv": {Data: []byte(`category	complete	official_total	as_of	url	gap
ftz	yes	0	2026-01-01	https://example.org	
cbec	yes	2	2026-01-01	https://example.org	
cbz	no	5	2026-01-01	https://example.org	
demo	yes	0	2026-01-01	https://example.org	
blc	no	10	2026-01-01	https://example.org	
special	yes	0	2026-01-01	https://example.org	
`)},
	}
	if counts != "" {
		zfs["counts.tsv"] = &fstest.MapFile{Data: []byte("id\tcategories\tscope\tcount\tday\turl\tverified\tnote\n" + counts)}
	}
	reg, err := zones.Load(zfs)
	if err != nil {
		t.Fatal(err)
	}
	d, err := load(fstest.MapFS{
		"docs.tsv": {Data: []byte(`doc	title	issuer	issued	effective	url	read_at	confidence	note
DOC-L	List	Issuer	2019-01-01	2019-01-01		https://example.org/l	high	
DOC-57	Facilities	Issuer	2014-07-30	2014-08-01		https://example.org/57	high	
`)},
		"listinfo.tsv": {Data: []byte(`list	doc	complete	total	unknown	unknown_zh	note
L	DOC-L	yes	2			
M	DOC-L	no	9	{city} may be on list M	{city}可能在名单M上	
`)},
		"lists.tsv": {Data: []byte(`list	city	name	member	from	except	verified	url	note
L	330100	杭州市	yes			yes	https://example.org/l	
L	460000	海南省（全岛）	yes		460300	yes	https://example.org/l	
`)},
		"customs.tsv": {Data: []byte("city\tname\tdistrict\tverified\turl\tnote\n330100\t杭州市\t杭州海关\tyes\thttps://example.org/c\t\n")},
		"requirements.tsv": {Data: []byte(`id	categories	absent	doc	what	what_zh	elsewhere	elsewhere_zh	note
facility	cbz+special+blc	denied	DOC-57	special area or center	特殊区域或中心			
site	cbz+special+blc	unknown	DOC-57	special area or center	特殊区域或中心	warehouses	仓库	
`)},
		"rules.tsv": {Data: []byte("id\tmodes\tfrom\tuntil\tscope\trequires\tverdict\tdoc\treason\treason_zh\tconditions\tconfidence\tnote\n" +
			"x\t1210\t2019-01-01\t\tall\t\tallowed\tDOC-L\tx\tx\t\thigh\t\n")},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.check(reg); err != nil {
		t.Fatal(err)
	}
	return newFacts(reg, d)
}

// rule returns a rule of 1210 from 2019-01-01 with the given scope
// (rules.tsv's form), requirement and verdict.
func rule(id, scope, requires string, v Verdict) *Rule {
	r := &Rule{ID: id, Modes: []trade.Mode{trade.BondedImport}, Period: cbec.Period{From: cbec.MakeDate(2019, 1, 1)},
		Requires: requires, Verdict: v, Docs: []string{"DOC-L"}, Reason: "{city} by " + id, ReasonZH: "{city}依" + id}
	for _, s := range strings.Fields(scope) {
		kind, arg, _ := strings.Cut(s, ":")
		var sc Scope
		if err := sc.Kind.UnmarshalText([]byte(kind)); err != nil {
			panic(err)
		}
		switch sc.Kind {
		case ScopeList, ScopeCustoms:
			sc.List = arg
		case ScopeZones:
			for _, k := range strings.Split(arg, "+") {
				c, err := zones.ParseCategory(k)
				if err != nil {
					panic(err)
				}
				sc.Zones = append(sc.Zones, c)
			}
		}
		r.Scope = append(r.Scope, sc)
	}
	return r
}

func (f *facts) on(t *testing.T, code string, day string, rules ...*Rule) answer {
	t.Helper()
	u, ok := f.reg.ByCode(code)
	if !ok {
		t.Fatalf("no unit %s", code)
	}
	return f.decide(rules, u, trade.BondedImport, cbec.MustParseDate(day))
}

func kindsOf(a answer) []GapKind {
	var ks []GapKind
	for _, g := range a.gaps {
		ks = append(ks, g.kind)
	}
	return ks
}

func TestEvalOneRule(t *testing.T) {
	f := evalWorld(t, "")
	for _, tt := range []struct {
		name    string
		rule    *Rule
		unit    string
		verdict Verdict
		reason  string
	}{
		{"a list member", rule("l", "list:L", "", Allowed), "330100", Allowed, "杭州市 by l."},
		{"a district of a list member", rule("l", "list:L", "", Allowed), "330108", Allowed, "滨江区 by l."},
		{"not on a complete list: no rule applies", rule("l", "list:L", "", Allowed), "330700", Unknown, "No rule in the data covers this mode on this day."},
		{"a unit on the island of a listed province", rule("l", "list:L", "", Allowed), "460100", Allowed, "海口市 (listed as 海南省（全岛）) by l."},
		{"all", rule("a", "all", "", Denied), "440800", Denied, "湛江市 by a."},
		{"a zone category", rule("z", "zones:cbec", "", Allowed), "330700", Allowed, "金华市 by z."},
		{"a member with its facility", rule("l", "list:L", "facility", Allowed), "330100", Allowed, "杭州市 by l and hosts 杭州综合保税区."},
		{"a customs district", rule("c", "customs:L", "", Allowed), "330100", Unknown, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := f.on(t, tt.unit, "2023-01-01", tt.rule)
			if a.verdict != tt.verdict {
				t.Errorf("verdict %v, want %v (%v)", a.verdict, tt.verdict, a.reason)
			}
			if tt.reason != "" && a.reason.sentence().en != tt.reason {
				t.Errorf("reason %q, want %q", a.reason.sentence().en, tt.reason)
			}
			if a.verdict != Unknown && a.rule != tt.rule.ID {
				t.Errorf("rule %q, want %q", a.rule, tt.rule.ID)
			}
		})
	}
}

func TestEvalProvinceAndExcept(t *testing.T) {
	f := evalWorld(t, "")
	l := rule("l", "list:L", "", Allowed)
	if a := f.on(t, "460300", "2023-01-01", l); a.verdict != Unknown || a.rule != "" {
		t.Errorf("三沙, excepted from the listed island: %v %s %q", a.verdict, a.rule, a.reason.en)
	}
	a := f.on(t, "460000", "2023-01-01", l)
	if a.verdict != Unknown || !slices.Contains(kindsOf(a), GapLevel) || !strings.Contains(a.reason.en, "does not cover 三沙市") {
		t.Errorf("the listed province itself: %v %v %q", a.verdict, kindsOf(a), a.reason.en)
	}
	if a := f.on(t, "330000", "2023-01-01", rule("a", "all", "facility", Allowed)); a.verdict != Unknown || !slices.Contains(kindsOf(a), GapLevel) {
		t.Errorf("a province under a rule with a requirement: %v %v", a.verdict, kindsOf(a))
	}
}

func TestEvalRequirement(t *testing.T) {
	for _, tt := range []struct {
		name     string
		counts   string
		requires string
		unit     string
		verdict  Verdict
		docs     []string
		gaps     []GapKind
	}{
		{"hosts one", "", "facility", "330100", Allowed, []string{"DOC-L"}, nil},
		{"the data cannot tell", "", "facility", "440800", Unknown, []string{"DOC-L", "DOC-57"}, []GapKind{GapFacility, GapFacility}},
		{"a count shows none: denied, the rule's documents first", "c\tblc\tnation\t0\t2022-06-05\thttps://example.org/n\tyes\t\nd\tcbz\tnation\t1\t2022-06-05\thttps://example.org/n\tyes\t\n", "facility", "440800", Denied, []string{"DOC-L", "DOC-57"}, nil},
		{"none, but other sites serve", "c\tblc\tnation\t0\t2022-06-05\thttps://example.org/n\tyes\t\nd\tcbz\tnation\t1\t2022-06-05\thttps://example.org/n\tyes\t\n", "site", "440800", Unknown, []string{"DOC-L"}, []GapKind{GapFacility}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := evalWorld(t, tt.counts)
			a := f.on(t, tt.unit, "2022-06-05", rule("a", "all", tt.requires, Allowed))
			if a.verdict != tt.verdict || !slices.Equal(a.docs, tt.docs) || !slices.Equal(kindsOf(a), tt.gaps) || a.rule != "a" {
				t.Errorf("%v %s %v %v; want %v %v %v (%q)", a.verdict, a.rule, a.docs, kindsOf(a), tt.verdict, tt.docs, tt.gaps, a.reason.en)
			}
		})
	}
}

// TestEvalCitation checks which rule is cited when a rule that may apply
// (an incomplete list) and a later one that surely applies agree.
func TestEvalCitation(t *testing.T) {
	count := "c\tblc\tnation\t0\t2022-06-05\thttps://example.org/n\tyes\t\nd\tcbz\tnation\t1\t2022-06-05\thttps://example.org/n\tyes\t\n"
	f := evalWorld(t, count)
	maybe := rule("m", "list:M", "facility", Allowed) // 湛江 may be on M
	for _, tt := range []struct {
		name  string
		later *Rule
		unit  string
		want  string
	}{
		{"a later rule that surely applies is cited", rule("z", "zones:cbec", "facility", Allowed), "440800", "m"},
		{"both deny for want of a facility: the rule that surely applies", rule("all", "all", "facility", Allowed), "440800", "all"},
		{"a residual denial does not hide the open rule", rule("no", "all", "", Denied), "440800", "m"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := f.on(t, tt.unit, "2022-06-05", maybe, tt.later)
			if a.rule != tt.want {
				t.Errorf("cites %s (%v: %q), want %s", a.rule, a.verdict, a.reason.en, tt.want)
			}
		})
	}
}

// TestEvalEvidence checks that the conditions of the counts an answer rests
// on are cited whatever its verdict: after a count's day, a denial and the
// unknown answer of the same premise carry the same condition.
func TestEvalEvidence(t *testing.T) {
	count := "c\tcbz\tnation\t1\t2022-06-05\thttps://example.org/n\tyes\t\n"
	after := "2024-01-01"
	unknown := evalWorld(t, count).on(t, "330700", after, rule("z", "zones:cbec", "facility", Allowed))
	denied := evalWorld(t, count+"b\tblc\t330700\t0\t2023-12-31\thttps://example.org/b\tyes\t\n").on(t, "330700", after, rule("z", "zones:cbec", "facility", Allowed))
	if unknown.verdict != Unknown || denied.verdict != Denied {
		t.Fatalf("verdicts %v and %v", unknown.verdict, denied.verdict)
	}
	cbz := "That 金华市 hosts no comprehensive bonded zone rests on a count of 2022-06-05 (c); zones approved since are not reflected."
	for _, a := range []answer{unknown, denied} {
		if !slices.ContainsFunc(a.conds, func(c text) bool { return c.en == cbz }) {
			t.Errorf("%v answer lacks the count's condition: %v", a.verdict, a.conds)
		}
	}
	if !strings.Contains(unknown.reason.en, "whether 金华市 hosts a bonded logistics center (type B) decides") {
		t.Errorf("unknown reason %q", unknown.reason.en)
	}
}

func TestEvalNoRuleAndBeforeCode(t *testing.T) {
	f := evalWorld(t, "")
	if a := f.on(t, "330100", "2010-01-01"); a.verdict != Denied || a.rule != "BondedImport-before-code" || a.modeSrc == nil {
		t.Errorf("before the code: %v %s", a.verdict, a.rule)
	}
	if a := f.on(t, "330100", "2015-01-01"); a.verdict != Unknown || !slices.Equal(kindsOf(a), []GapKind{GapRule}) {
		t.Errorf("no rule: %v %v", a.verdict, kindsOf(a))
	}
	a := f.on(t, "330100", "2999-01-01", rule("l", "list:L", "", Allowed))
	if len(a.gaps) != 0 || !strings.Contains(a.conds[len(a.conds)-1].en, "last checked") {
		t.Errorf("after the data: a condition, not a gap: %v %v", kindsOf(a), a.conds)
	}
}
