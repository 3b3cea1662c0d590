package policy_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tradepolicy/cbec/internal/longtest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const (
	docsHeader     = "doc\ttitle\tissuer\tissued\teffective\turl\tread_at\tconfidence\tnote\n"
	listsHeader    = "list\tcity\tname\tmember\tfrom\tverified\turl\tnote\n"
	listinfoHeader = "list\tdoc\tcomplete\ttotal\tunknown\tunknown_zh\tnote\n"
	cityHeader     = "code\tname\tlevel\tparent\tname_en\taliases\n"
	testDoc        = "海关总署公告2026年第99号"
	testDocRow     = testDoc + "\t\t海关总署\t2026-01-05\t\t\thttps://example.org/99\thigh\ta test document\n"
)

// checkDays are the days on which sameDecisions compares engines: around
// the dates the embedded rules change on, and after the data.
var checkDays = func() []cbec.Date {
	var out []cbec.Date
	for _, s := range []string{"2012-12-31", "2013-01-01", "2014-08-01", "2015-06-01", "2016-04-08", "2018-11-30", "2019-01-01", "2020-01-17", "2021-03-18", "2022-02-08", "2024-06-01", "2026-11-26", "2027-01-01"} {
		d := cbec.MustParseDate(s)
		out = append(out, d.AddDays(-1), d, d.AddDays(1))
	}
	return out
}()

// sameDecisions checks that e decides every embedded unit, mode and check
// day as the embedded engine does (verdict and reason).
func sameDecisions(t *testing.T, e *policy.Engine) {
	t.Helper()
	bad, n := 0, 0
	for c := range zones.Default().Cities() {
		ec, ok := e.Registry().ByCode(c.Code)
		if !ok {
			t.Fatalf("%v is not in the engine's registry", c)
		}
		for m := range trade.Modes() {
			for _, d := range checkDays {
				want, got := policy.Decide(c, d, m), e.Decide(ec, d, m)
				n++
				if got.Verdict() != want.Verdict() || got.Reason() != want.Reason() {
					if bad++; bad <= 5 {
						t.Errorf("%v %v %v: %v %q, embedded %v %q", c, m, d, got.Verdict(), got.Reason(), want.Verdict(), want.Reason())
					}
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d decisions changed", bad, n)
	}
}

// errorOrSame accepts an error that names the limit, or an engine that
// decides the embedded units as the embedded engine does.
func errorOrSame(t *testing.T, e *policy.Engine, err error, limit string) {
	t.Helper()
	if err != nil {
		if !strings.Contains(err.Error(), limit) {
			t.Errorf("error %q does not name the limit %q", err, limit)
		}
		return
	}
	sameDecisions(t, e)
}

// newCounties returns cities.tsv with n counties not in the embedded
// registry, directly under provinces (so that each is decided on its own).
func newCounties(n int) string {
	var b strings.Builder
	b.WriteString(cityHeader)
	k := 0
	for _, p := range []string{"33", "32", "44", "37", "41", "51", "13", "42", "43", "35"} {
		for j := 9999; j > 0 && k < n; j-- {
			code := fmt.Sprintf("%s%04d", p, j)
			if _, ok := zones.ByCode(code); ok {
				continue
			}
			fmt.Fprintf(&b, "%s\t测试%d县\tcounty\t%s0000\tCeshi %d\t\n", code, k, p, k)
			k++
		}
	}
	return b.String()
}

// 8,000 new counties gave 77,482 distinct answers, past the 16-bit outcome
// numbers, and changed 6,003 of the embedded decisions.
func TestManyCounties(t *testing.T) {
	longtest.Skip(t)
	if raceEnabled {
		t.Skip("builds a large engine")
	}
	reg, err := zones.Extend(fstest.MapFS{"cities.tsv": {Data: []byte(newCounties(8000))}})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	e, err := policy.Extend(reg, nil)
	t.Logf("built in %v (error: %v)", time.Since(start), err)
	errorOrSame(t, e, err, "65535")
}

// 200 one-day rules whose reason names {city} gave an answer per city and
// day, past the 16-bit outcome numbers: 昆明 on 2015-01-15 was "Allowed:
// rule 4 for 北京市". 20 such rules fit.
func TestManyOneDayRules(t *testing.T) {
	t.Parallel()
	sizes := []int{20, 200}
	if !longtest.Enabled() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		var b strings.Builder
		b.WriteString(rulesHeader)
		day := cbec.MustParseDate("2015-01-01")
		for i := range n {
			d := day.AddDays(2 * i)
			fmt.Fprintf(&b, "r%d\t1210\t%s\t%s\tall\t\tunknown\t%s\trule %d for {city}\t规则\t\thigh\t\n", i, d, d.AddDays(1), testDoc, i)
		}
		start := time.Now()
		e, err := policy.Extend(nil, fstest.MapFS{
			"docs.tsv":  {Data: []byte(docsHeader + testDocRow)},
			"rules.tsv": {Data: []byte(b.String())},
		})
		t.Logf("%d rules: built in %v (error: %v)", n, time.Since(start), err)
		if err != nil {
			if n == 20 || !strings.Contains(err.Error(), "65535") {
				t.Errorf("%d rules: %v", n, err)
			}
			continue
		}
		// Each rule speaks of the city asked about, and only on its day.
		km, _ := zones.Lookup("昆明")
		d := e.Decide(km, cbec.MustParseDate("2015-01-15"), trade.BondedImport)
		if d.Reason() != "Rule 7 for 昆明市." {
			t.Errorf("%d rules: 昆明 2015-01-15: %q", n, d.Reason())
		}
		d = e.Decide(km, cbec.MustParseDate("2015-01-16"), trade.BondedImport)
		if want := policy.Decide(km, cbec.MustParseDate("2015-01-16"), trade.BondedImport); d.Reason() != want.Reason() {
			t.Errorf("%d rules: 昆明 2015-01-16: %q, want the embedded %q", n, d.Reason(), want.Reason())
		}
		// Outside the rules' days, the embedded answers.
		for _, c := range []string{"北京", "上海", "杭州", "义乌"} {
			u, _ := zones.Lookup(c)
			for _, s := range []string{"2014-12-31", "2016-06-01", "2024-01-01"} {
				day := cbec.MustParseDate(s)
				if got, want := e.Decide(u, day, trade.BondedImport), policy.Decide(u, day, trade.BondedImport); got.Reason() != want.Reason() {
					t.Errorf("%d rules: %s %s: %q, embedded %q", n, c, s, got.Reason(), want.Reason())
				}
			}
		}
	}
}

// 70 rules with 1,000 conditions each made Decide panic on an engine that
// Extend accepted. A rule now has at most 32 conditions; 70 rules with 32
// distinct ones each build an engine that answers.
func TestManyConditions(t *testing.T) {
	t.Parallel()
	rules := func(nrules, nconds int) string {
		var b strings.Builder
		b.WriteString(rulesHeader)
		for i := range nrules {
			var cs []string
			for j := range nconds {
				cs = append(cs, fmt.Sprintf("condition %d of rule %d", j, i))
			}
			d := cbec.MustParseDate("2015-01-01").AddDays(i)
			fmt.Fprintf(&b, "c%d\t1210\t%s\t%s\tall\t\tunknown\t%s\trule %d\t规则\t%s\thigh\t\n", i, d, d.AddDays(1), testDoc, i, strings.Join(cs, ";"))
		}
		return b.String()
	}
	ov := func(r string) fstest.MapFS {
		return fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDocRow)}, "rules.tsv": {Data: []byte(r)}}
	}
	if _, err := policy.Extend(nil, ov(rules(70, 1000))); err == nil {
		t.Error("1,000 conditions in a rule: no error")
	}
	_, err := policy.Extend(nil, ov(rules(1, 33)))
	if err == nil || !strings.Contains(err.Error(), "overlay/rules.tsv:2: conditions") || !strings.Contains(err.Error(), "more than 32") {
		t.Errorf("33 conditions: %v", err)
	}
	longtest.Skip(t) // the rest builds an engine of 70 rules at the limit
	e, err := policy.Extend(nil, ov(rules(70, 32)))
	if err != nil {
		t.Fatal(err)
	}
	hz, _ := zones.Lookup("杭州")
	d := e.Decide(hz, cbec.MustParseDate("2015-01-11"), trade.BondedImport)
	if d.Reason() != "Rule 10." || len(d.Conditions()) < 32 || d.Conditions()[31] != "condition 31 of rule 10" {
		t.Errorf("杭州 2015-01-11: %q, conditions %q", d.Reason(), d.Conditions())
	}
}

// A 1 MiB reason was accepted after 9 s and 3.75 GB; it is now past the
// line limit and rejected as soon as the line is read (BenchmarkHugeReason
// measures it).
func TestHugeReason(t *testing.T) {
	_, err := policy.Extend(nil, fstest.MapFS{
		"docs.tsv":  {Data: []byte(docsHeader + testDocRow)},
		"rules.tsv": {Data: []byte(rulesHeader + "big\t1210\t2026-01-01\t\tall\t\tallowed\t" + testDoc + "\t" + strings.Repeat("{city} ", 1<<20/7) + "\t规则\t\thigh\t\n")},
	})
	if err == nil || !strings.Contains(err.Error(), "overlay/rules.tsv:2") || !strings.Contains(err.Error(), "longer than 16384 bytes") {
		t.Errorf("1 MiB reason: %v", err)
	}
}

// TestPastEveryLimit builds engines past each limit of the data: each gives
// an error naming the file, line and limit (or, for the index widths,
// answers the embedded units as before).
func TestPastEveryLimit(t *testing.T) {
	t.Parallel()
	rule := func(id, modes, from, until, scope, docs, conds string) string {
		return rulesHeader + fmt.Sprintf("%s\t%s\t%s\t%s\t%s\t\tallowed\t%s\tr\t规则\t%s\thigh\t\n", id, modes, from, until, scope, docs, conds)
	}
	manyDocs := strings.TrimSuffix(strings.Repeat(testDoc+" + ", 17), " + ")
	manyScopes := strings.TrimSpace(strings.Repeat("all ", 17))
	for _, tt := range []struct {
		name string
		fs   fstest.MapFS
		want []string
	}{
		{"line length", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDoc + "\t" + strings.Repeat("题", 6000) + "\t\t\t\t\t\t\t\n")}}, []string{"overlay/docs.tsv:2", "16384"}},
		{"field length", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDoc + "\t" + strings.Repeat("t", 5000) + "\t\t\t\t\t\t\t\n")}}, []string{"overlay/docs.tsv:2: title", "4096"}},
		{"columns", fstest.MapFS{"docs.tsv": {Data: []byte(strings.Repeat("x\t", 80) + "\n")}}, []string{"overlay/docs.tsv:1", "64"}},
		{"documents of a rule", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDocRow)}, "rules.tsv": {Data: []byte(rule("x", "1210", "2026-01-01", "", "all", manyDocs, ""))}}, []string{"overlay/rules.tsv:2: doc", "more than 16"}},
		{"scopes of a rule", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDocRow)}, "rules.tsv": {Data: []byte(rule("x", "1210", "2026-01-01", "", manyScopes, testDoc, ""))}}, []string{"overlay/rules.tsv:2: scope", "more than 16"}},
		{"a rule before 1990", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDocRow)}, "rules.tsv": {Data: []byte(rule("x", "1210", "0001-01-01", "", "all", testDoc, ""))}}, []string{"overlay/rules.tsv:2: from", "0001-01-01 is outside 1990-01-01..2100-12-31"}},
		{"a rule after 2100", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDocRow)}, "rules.tsv": {Data: []byte(rule("x", "1210", "2026-01-01", "9999-12-31", "all", testDoc, ""))}}, []string{"overlay/rules.tsv:2: until", "9999-12-31 is outside"}},
		{"a document's date", fstest.MapFS{"docs.tsv": {Data: []byte(docsHeader + testDoc + "\t\t海关总署\t0999-12-31\t\t\thttps://example.org/99\thigh\t\n")}}, []string{"overlay/docs.tsv:2: issued", "0999-12-31 is outside"}},
		{"a list member's date", fstest.MapFS{"lists.tsv": {Data: []byte(listsHeader + "2020-15\t140100\t太原市\tyes\tby 2101-01-01\tyes\thttps://example.org/t\t\n")}}, []string{"overlay/lists.tsv:2: from", "2101-01-01 is outside"}},
		{"a list member's month", fstest.MapFS{"lists.tsv": {Data: []byte(listsHeader + "2020-15\t140100\t太原市\tyes\t1989-12\tyes\thttps://example.org/t\t\n")}}, []string{"overlay/lists.tsv:2: from", "1989-12 is outside"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := policy.Extend(nil, tt.fs)
			if err == nil || e != nil {
				t.Fatalf("Extend = %v, %v; want an error", e, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	t.Run("units", func(t *testing.T) {
		// 65,536 units are past the registry's limit.
		_, err := zones.Extend(fstest.MapFS{"cities.tsv": {Data: []byte(newCounties(65536 - zones.Default().Len()))}})
		if err == nil || !strings.Contains(err.Error(), "more than 65535") {
			t.Errorf("65,536 units: %v", err)
		}
	})
}

func TestNewEngineNil(t *testing.T) {
	if e, err := policy.NewEngine(zones.Default(), nil); err == nil || e != nil {
		t.Errorf("NewEngine(reg, nil) = %v, %v; want an error", e, err)
	}
	if e, err := policy.NewEngine(nil, policy.Data()); err == nil || e != nil {
		t.Errorf("NewEngine(nil, data) = %v, %v; want an error", e, err)
	}
	var le *zones.LookupError
	if _, err := policy.Permitted("Hangzou", cbec.MustParseDate("2020-01-01"), trade.BondedImport); !errors.As(err, &le) || len(le.Candidates) == 0 {
		t.Errorf("a misspelt city: %v", err)
	}
}

// raceEnabled is set when the race detector is on: the largest builds then
// take minutes.
var raceEnabled bool

// nestedRules returns an overlay of n rules of 1210 that all stay in force
// once started, one starting each day from 2016-01-01.
func nestedRules(n int) fstest.MapFS {
	var b strings.Builder
	b.WriteString(rulesHeader)
	day := cbec.MustParseDate("2016-01-01")
	for i := range n {
		fmt.Fprintf(&b, "n%d\t1210\t%s\t\tlist:bench\t\tallowed\t%s\tnested rule %d\t规则\t\thigh\t\n", i, day.AddDays(i), testDoc, i)
	}
	return fstest.MapFS{
		"docs.tsv":     {Data: []byte(docsHeader + testDocRow)},
		"listinfo.tsv": {Data: []byte(listinfoHeader + "bench\t" + testDoc + "\tyes\t1\t\t\t\n")},
		"lists.tsv":    {Data: []byte(listsHeader + "bench\t330100\t杭州市\tyes\t\tno\t\t\n")},
		"rules.tsv":    {Data: []byte(b.String())},
	}
}

// Rules that overlap each other cost the rules in force on each day: at most
// 256 of a mode may be (BenchmarkRulesInForce measures 240 nested ones).
func TestRulesInForce(t *testing.T) {
	nested := nestedRules
	_, err := policy.Extend(nil, nested(257))
	if err == nil || !strings.Contains(err.Error(), "more than 256 rules of 1210 in force on") {
		t.Errorf("257 rules in force: %v", err)
	}
	longtest.Skip(t) // the rest builds an engine of 240 rules in force together
	e, err := policy.Extend(nil, nested(240))
	if err != nil {
		t.Fatal(err)
	}
	hz, _ := zones.Lookup("杭州")
	if d := e.Decide(hz, cbec.MustParseDate("2017-01-01"), trade.BondedImport); d.Reason() != "Nested rule 0." {
		t.Errorf("杭州 2017-01-01: %q", d.Reason())
	}
	sh, _ := zones.Lookup("上海")
	if got, want := e.Decide(sh, cbec.MustParseDate("2017-01-01"), trade.BondedImport), policy.Decide(sh, cbec.MustParseDate("2017-01-01"), trade.BondedImport); got.Reason() != want.Reason() {
		t.Errorf("上海 2017-01-01: %q, embedded %q", got.Reason(), want.Reason())
	}
}

// BenchmarkRulesInForce builds an engine with 240 rules of 1210 nested on
// top of the embedded ones, all in force together.
func BenchmarkRulesInForce(b *testing.B) {
	overlay := nestedRules(240)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Extend(nil, overlay); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHugeReason rejects a rule whose reason is 1 MiB long.
func BenchmarkHugeReason(b *testing.B) {
	overlay := fstest.MapFS{
		"docs.tsv":  {Data: []byte(docsHeader + testDocRow)},
		"rules.tsv": {Data: []byte(rulesHeader + "big\t1210\t2026-01-01\t\tall\t\tallowed\t" + testDoc + "\t" + strings.Repeat("{city} ", 1<<20/7) + "\t规则\t\thigh\t\n")},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Extend(nil, overlay); err == nil {
			b.Fatal("accepted")
		}
	}
}
