package policy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/tradepolicy/cbec/internal/longtest"

	"github.com/google/go-cmp/cmp"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// contractDays are days either side of the rules' main dates.
var contractDays = []string{"2013-06-01", "2014-09-01", "2015-06-01", "2016-06-01", "2017-06-01", "2018-06-01",
	"2019-06-01", "2020-06-01", "2020-08-01", "2021-06-01", "2021-07-01", "2024-01-01", "2026-12-01", "2030-01-01"}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", v, err)
	}
	return string(b)
}

// TestDecisionIsImmutable mutates everything a Decision returns, from many
// goroutines at once, and checks that no decision changed (run it with
// -race: the engine's tables must not be written).
func TestDecisionIsImmutable(t *testing.T) {
	day := cbec.MustParseDate("2021-06-01")
	names := []string{"杭州", "北京", "宁波", "湛江", "三亚", "天水", "义乌", "朝阳"}
	want := map[string]string{}
	for _, n := range names {
		for m := range trade.Modes() {
			d, err := policy.Permitted(n, day, m)
			if err != nil {
				t.Fatal(err)
			}
			want[n+m.String()] = mustJSON(t, d) + d.String()
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, n := range names {
				for m := range trade.Modes() {
					d, _ := policy.Permitted(n, day, m)
					b := d.Basis()
					for i := range b {
						b[i].Doc, b[i].Title, b[i].URL = "X", "X", "X"
					}
					zs := d.Zones()
					for i := range zs {
						zs[i].Name, zs[i].ID, zs[i].Source.Doc = "X", "X", "X"
					}
					cs := d.Conditions()
					slices.Sort(cs)
					for i := range cs {
						cs[i] = "X"
					}
					gs := d.Gaps()
					for i := range gs {
						gs[i].Subject, gs[i].Text = "X", "X"
					}
				}
			}
		})
	}
	wg.Wait()
	for _, n := range names {
		for m := range trade.Modes() {
			d, _ := policy.Permitted(n, day, m)
			if got := mustJSON(t, d) + d.String(); got != want[n+m.String()] {
				t.Errorf("%s %v changed after its slices were modified:\n%s", n, m, cmp.Diff(want[n+m.String()], got))
			}
		}
	}
}

// TestDecisionContract checks every unit × mode × day: every decision
// marshals, has a Chinese reason that is not empty and a reason that does
// not start with its verdict; an Unknown one has gaps with a kind and a
// text; an Allowed or Denied one names its rule, which is a row of rules.tsv.
func TestDecisionContract(t *testing.T) {
	t.Parallel()
	rules := ruleIDs(t)
	units := 0
	for c := range zones.Default().Cities() {
		units++
		if !longtest.Enabled() && units%8 != 0 && !c.IsCity() {
			continue // every unit with CBEC_LONG_TESTS=1
		}
		for m := range trade.Modes() {
			for _, ds := range contractDays {
				d := policy.Decide(c, cbec.MustParseDate(ds), m)
				checkDecision(t, d, rules)
			}
		}
	}
	for c := range policy.Units() {
		for m := range trade.Modes() {
			for _, ds := range contractDays {
				mustJSON(t, policy.Decide(c, cbec.MustParseDate(ds), m))
			}
		}
	}
	if units < 3000 {
		t.Errorf("only %d units", units)
	}
}

func ruleIDs(t testing.TB) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("data/rules.tsv")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		if id, _, ok := strings.Cut(line, "\t"); ok {
			ids[id] = true
		}
	}
	return ids
}

func checkDecision(t *testing.T, d policy.Decision, rules map[string]bool) {
	t.Helper()
	v := d.Verdict()
	switch {
	case d.ReasonZH() == "" || d.Reason() == "":
		t.Errorf("%v: a reason is empty (zh %q)", d, d.ReasonZH())
	case strings.HasPrefix(strings.ToLower(d.Reason()), v.String()):
		t.Errorf("%v: the reason repeats the verdict", d)
	}
	gaps := d.Gaps()
	for _, g := range gaps {
		if g.Kind.String() == "" || strings.HasPrefix(g.Kind.String(), "GapKind(") || g.Text == "" {
			t.Errorf("%v: gap %+v lacks a kind or a text", d, g)
		}
	}
	switch v {
	case policy.Unknown:
		if len(gaps) == 0 {
			t.Errorf("%v: Unknown without a gap", d)
		}
	default:
		if !rules[d.Rule()] {
			t.Errorf("%v: rule %q is not a row of rules.tsv", d, d.Rule())
		}
	}
	if d.Permitted() != (v == policy.Allowed) {
		t.Errorf("%v: Permitted() = %v", d, d.Permitted())
	}
	var docs []string
	for _, s := range d.Basis() {
		docs = append(docs, s.Doc)
	}
	if got := d.Docs(); !slices.Equal(got, docs) {
		t.Errorf("%v: Docs() = %q, the basis's documents %q", d, got, docs)
	}
}

// TestZeroDecision checks the zero Decision and the answers to input the
// engine cannot decide.
func TestZeroDecision(t *testing.T) {
	c, _ := zones.Lookup("杭州")
	day := cbec.MustParseDate("2020-01-01")
	tests := []struct {
		name string
		d    policy.Decision
		kind policy.GapKind
	}{
		{"zero", policy.Decision{}, policy.GapInvalid},
		{"not in registry", policy.Decide(zones.City{Code: "999999", Name: "无"}, day, trade.BondedImport), policy.GapNotInRegistry},
		{"zero city", policy.Decide(zones.City{}, cbec.Date{}, 0), policy.GapNotInRegistry},
		{"zero date", policy.Decide(c, cbec.Date{}, trade.BondedImport), policy.GapInvalid},
		{"invalid mode", policy.Decide(c, day, trade.Mode(200)), policy.GapInvalid},
		{"zero engine", new(policy.Engine).Decide(c, day, trade.BondedImport), policy.GapNotInRegistry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			if d.Verdict() != policy.Unknown || d.Permitted() || d.Rule() != "" || d.Reason() == "" || d.ReasonZH() == "" {
				t.Errorf("%v: want an Unknown decision with reasons", d)
			}
			if g := d.Gaps(); len(g) != 1 || g[0].Kind != tt.kind {
				t.Errorf("gaps = %v, want one of kind %v", g, tt.kind)
			}
			if d.Basis() != nil || d.Docs() != nil || d.Zones() != nil || d.Conditions() != nil {
				t.Errorf("%v has a basis", d)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(mustJSON(t, d)), &m); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"verdict", "city", "date", "mode", "basis", "zones", "conditions", "gaps", "rule", "reason", "reason_zh", "data_version"} {
				if _, ok := m[k]; !ok {
					t.Errorf("JSON lacks %q", k)
				}
			}
			_ = d.String()
		})
	}
	if got := policy.Decide(zones.City{Code: "999999"}, day, trade.BondedImport).City().Code; got != "999999" {
		t.Errorf("City() of a unit not in the registry = %q", got)
	}
}

// TestGolden pins the JSON of a few decisions, spans and changes; run with
// -update to rewrite testdata/golden after a deliberate change.
func TestGolden(t *testing.T) {
	hz, _ := zones.Lookup("杭州")
	cases := map[string]any{}
	for _, q := range []struct{ name, city, day string }{
		{"hangzhou-2019", "杭州", "2019-03-01"},
		{"chaoyang-2026", "朝阳", "2026-12-01"},
		{"tianshui-2026", "天水", "2026-12-01"},
		{"zhanjiang-2021", "湛江", "2021-03-18"},
		{"hangzhou-2013", "杭州", "2013-06-01"},
	} {
		d, err := policy.Permitted(q.city, cbec.MustParseDate(q.day), trade.BondedImport)
		if err != nil {
			t.Fatal(err)
		}
		cases[q.name] = d
	}
	cases["hangzhou-history"] = policy.History(hz, trade.BondedImport)
	cases["changes-2017-2018"] = policy.Changes(cbec.MustParseDate("2018-01-01"), cbec.MustParseDate("2017-12-31"), trade.BondedImport)
	for name, v := range cases {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden", name+".json")
		if policy.Update() {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestGolden -update to write it)", err)
		}
		if diff := cmp.Diff(string(want), string(b)+"\n"); diff != "" {
			t.Errorf("%s changed (-want +got):\n%s", name, diff)
		}
	}
}

// TestHistoryMerged checks that no two consecutive spans of any unit's
// history share their verdict and reason, and that Changes puts the earlier
// day first.
func TestHistoryMerged(t *testing.T) {
	for c := range policy.Units() {
		for m := range trade.Modes() {
			h := policy.History(c, m)
			for i := 1; i < len(h); i++ {
				if h[i].Verdict == h[i-1].Verdict && h[i].Decision.Reason() == h[i-1].Decision.Reason() {
					t.Fatalf("%v %v: spans %v and %v not merged", c, m, h[i-1].Period, h[i].Period)
				}
			}
		}
	}
	for _, ch := range policy.Changes(cbec.MustParseDate("2019-01-01"), cbec.MustParseDate("2018-12-31"), trade.BondedImport) {
		if !ch.Before.Date().Before(ch.After.Date()) {
			t.Fatalf("Changes with reversed days: Before %v, After %v", ch.Before.Date(), ch.After.Date())
		}
	}
}

func TestGapKindText(t *testing.T) {
	for k := policy.GapList; k <= policy.GapRegime; k++ {
		b, err := k.MarshalText()
		if err != nil || string(b) != k.String() {
			t.Errorf("%d: MarshalText = %q, %v", k, b, err)
		}
		var back policy.GapKind
		if err := back.UnmarshalText([]byte(" " + strings.ToUpper(k.String()) + " ")); err != nil || back != k {
			t.Errorf("%v: UnmarshalText = %v, %v", k, back, err)
		}
	}
	var k policy.GapKind
	if err := k.UnmarshalText([]byte("nonsense")); err == nil {
		t.Error("UnmarshalText accepts nonsense")
	}
	if b, err := policy.GapKind(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("zero GapKind: %q, %v", b, err)
	}
	if _, err := policy.GapKind(99).MarshalText(); err == nil {
		t.Error("GapKind(99) marshals")
	}
}

// TestZeroValuesMarshal marshals the zero value of every exported type of
// the package.
func TestZeroValuesMarshal(t *testing.T) {
	for _, v := range []any{policy.Decision{}, policy.Span{}, policy.Change{}, policy.Gap{}, policy.Verdict(0), policy.GapKind(0),
		policy.District{}, &policy.Engine{}, []policy.Span{{}}, []policy.Change{{}}} {
		if _, err := json.Marshal(v); err != nil {
			t.Errorf("json.Marshal(%T{}): %v", v, err)
		}
	}
}

func TestDistrictOf(t *testing.T) {
	for _, tt := range []struct {
		city, district, code string
		ok                   bool
	}{
		{"杭州", "杭州海关", "2900", true},
		{"滨江区", "杭州海关", "2900", true}, // a district takes its city's
		{"义乌", "杭州海关", "2900", true},
		{"北京", "北京海关", "0100", true},
		{"湛江", "湛江海关", "6700", true},
		{"乌鲁木齐", "乌鲁木齐海关", "9400", true},
	} {
		c, err := zones.Lookup(tt.city)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := policy.DistrictOf(c)
		if ok != tt.ok || d.Name != tt.district || d.Code != tt.code {
			t.Errorf("DistrictOf(%s) = %+v, %v; want %s %s", tt.city, d, ok, tt.district, tt.code)
		}
		if ok && d.Verified == "" {
			t.Errorf("DistrictOf(%s): no verification", tt.city)
		}
	}
	seen := map[string]string{}
	for c := range zones.Default().Cities() {
		d, ok := policy.DistrictOf(c)
		if !ok {
			continue
		}
		if d.Code == "" {
			t.Errorf("DistrictOf(%s): %s has no customs code", c.Name, d.Name)
		}
		if other, dup := seen[d.Code]; dup && other != d.Name {
			t.Errorf("%s and %s share the customs code %s", other, d.Name, d.Code)
		}
		seen[d.Code] = d.Name
	}
	if _, ok := policy.DistrictOf(zones.City{Code: "999999"}); ok {
		t.Error("DistrictOf a unit not in the registry")
	}
	if _, ok := new(policy.Engine).DistrictOf(zones.City{Code: "330100"}); ok {
		t.Error("the zero Engine knows a district")
	}
}

// TestDecisionEquality checks that == compares decisions: the same unit,
// day, mode and resolution are equal whatever spelling was typed, and a
// different day, mode or resolution is not.
func TestDecisionEquality(t *testing.T) {
	day := cbec.MustParseDate("2026-01-01")
	hz, _ := zones.Lookup("杭州")
	a, _ := policy.Permitted("杭州", day, trade.BondedImport)
	b, _ := policy.Permitted(" Hangzhou ", day, trade.BondedImport)
	c, _ := policy.Permitted("330100", day, trade.BondedImport)
	if a != b || b != c || c != policy.Decide(hz, day, trade.BondedImport) {
		t.Errorf("decisions for 杭州 differ: %#v %#v %#v", a, b, c)
	}
	x, _ := policy.Permitted("朝阳", day, trade.BondedImport)
	y, _ := policy.Permitted("　朝阳\n", day, trade.BondedImport)
	if x != y {
		t.Errorf("two spellings of 朝阳 differ: %#v %#v", x, y)
	}
	cy, _ := zones.Lookup("211300")
	if x == policy.Decide(cy, day, trade.BondedImport) {
		t.Error("an ambiguous name's decision equals one for the code, which carries no ambiguity")
	}
	if a == policy.Decide(hz, day.AddDays(1), trade.BondedImport) || a == policy.Decide(hz, day, trade.DirectImport) {
		t.Error("decisions of another day or mode are equal")
	}
	if unsafe.Sizeof(a) > 32 {
		t.Errorf("a Decision is %d bytes, more than four words", unsafe.Sizeof(a))
	}
}

// TestDecisionCarriesNoNote: a decision's JSON carries facts, not research
// notes: no zone of it carries its note. (Its size is logged: 杭州's on the
// data's day is about 2.5 KB, most of it the pages read for its sources.)
func TestDecisionCarriesNoNote(t *testing.T) {
	d, err := policy.Permitted("杭州", cbec.DataDate(), trade.BondedImport)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Zones()) == 0 || d.Zones()[0].Note == "" {
		t.Fatalf("杭州's zone has no note to leave out: %v", d.Zones())
	}
	if strings.Contains(string(b), `"note"`) || strings.Contains(string(b), d.Zones()[0].Note) {
		t.Errorf("a decision's JSON carries a note:\n%s", b)
	}
	t.Logf("杭州 on %s: %d bytes of JSON", cbec.DataDate(), len(b))
}
