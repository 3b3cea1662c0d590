package cbec_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tradepolicy/cbec/internal/longtest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/jsonschema"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const decisionSchema = "api/decision.schema.json"

func schemaValidator() *jsonschema.Validator {
	return jsonschema.New(os.ReadFile)
}

// schemaDays are the days whose decisions TestDecisionSchema checks: before
// the first mode, the days on which the steps of the law took effect, the
// data version and a day after it.
func schemaDays() []cbec.Date {
	var days []cbec.Date
	for _, s := range []string{"2013-06-01", "2014-08-01", "2016-05-11", "2016-12-01", "2018-01-01",
		"2019-01-01", "2020-01-17", "2020-09-01", "2021-03-18", "2022-06-05", "2023-06-30", "2025-12-18"} {
		days = append(days, cbec.MustParseDate(s))
	}
	return append(days, cbec.DataDate(), cbec.DataDate().AddDays(400))
}

// TestDecisionSchema validates the JSON of the decisions of every unit with
// an answer of its own, and of some districts and a province, for every mode
// on the 14 days of schemaDays, against api/decision.schema.json; and, by
// name, of names that could mean several units. Each JSON reads back into a
// policy.Record equal to the decision's, and every condition and gap of
// each decision has its Chinese text.
func TestDecisionSchema(t *testing.T) {
	v := schemaValidator()
	e := policy.Default()
	var units []zones.City
	for c := range e.Units() {
		units = append(units, c)
	}
	n := 0
	for c := range e.Registry().Cities() {
		if c.Level == zones.County && n%25 == 0 || c.Level == zones.Province && !c.IsMunicipality() && n%5 == 0 {
			units = append(units, c)
		}
		n++
	}
	days := schemaDays()
	if !longtest.Enabled() {
		days = days[len(days)-4:] // every day with CBEC_LONG_TESTS=1
	}
	var decisions []policy.Decision
	for _, c := range units {
		for m := trade.Mode(1); m.IsValid(); m++ {
			for _, day := range days {
				decisions = append(decisions, e.Decide(c, day, m))
			}
		}
	}
	for _, name := range []string{"朝阳", "Suzhou, Anhui", "滨江", "海南", "义乌"} {
		for _, day := range days {
			d, err := e.Permitted(name, day, trade.BondedImport)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			decisions = append(decisions, d)
		}
	}
	// Encoding is most of the cost: the cores share it.
	var mu sync.Mutex
	verdicts := map[policy.Verdict]int{}
	seen := map[string]bool{}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(decisions); i += workers {
				d := decisions[i]
				b, err := json.Marshal(d)
				if err != nil {
					t.Error(err)
					return
				}
				if err := roundTrip(d, b); err != nil {
					t.Errorf("%v: %v", d, err)
					return
				}
				if err := chinese(d); err != nil {
					t.Errorf("%v: %v", d, err)
					return
				}
				// Many decisions differ by their date only: validate each JSON once.
				key := strings.Replace(string(b), d.Date().String(), "", 1)
				mu.Lock()
				done := seen[key]
				seen[key] = true
				verdicts[d.Verdict()]++
				mu.Unlock()
				if done {
					continue
				}
				x, err := jsonschema.Decode(b)
				if err != nil {
					t.Error(err)
					return
				}
				if err := v.Validate(decisionSchema, x); err != nil {
					t.Errorf("%v:\n%v\n%s", d, err, b)
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d decisions (%v), %d distinct JSON validated", len(decisions), verdicts, len(seen))
	for _, verdict := range []policy.Verdict{policy.Allowed, policy.Denied, policy.Unknown} {
		if verdicts[verdict] == 0 {
			t.Errorf("no %v decision validated", verdict)
		}
	}
}

// TestDecisionSchemaRejects: the schema is exact: a key too many or too
// few, a wrong enumeration value, a null array or an unknown verdict
// without a gap is rejected.
func TestDecisionSchemaRejects(t *testing.T) {
	v := schemaValidator()
	d, err := policy.Permitted("宝鸡", cbec.MustParseDate("2026-12-01"), trade.BondedImport) // unknown: the opening of its zone
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(d)
	for _, tc := range []struct {
		name   string
		change func(m map[string]any)
	}{
		{"extra key", func(m map[string]any) { m["score"] = "1" }},
		{"missing key", func(m map[string]any) { delete(m, "rule") }},
		{"verdict", func(m map[string]any) { m["verdict"] = "maybe" }},
		{"mode", func(m map[string]any) { m["mode"] = "1211" }},
		{"date", func(m map[string]any) { m["date"] = "2027-02-30" }},
		{"null zones", func(m map[string]any) { m["zones"] = nil }},
		{"gap kind", func(m map[string]any) { m["gaps"].([]any)[0].(map[string]any)["kind"] = "facilities" }},
		{"city code", func(m map[string]any) { m["city"].(map[string]any)["code"] = "2113" }},
		{"level", func(m map[string]any) { m["city"].(map[string]any)["level"] = "city" }},
		{"basis without a number", func(m map[string]any) { m["basis"].([]any)[0].(map[string]any)["doc"] = "" }},
		{"unknown without gaps", func(m map[string]any) { m["gaps"] = []any{} }},
	} {
		x, err := jsonschema.Decode(good)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Validate(decisionSchema, x); err != nil {
			t.Fatalf("the decision itself fails: %v", err)
		}
		tc.change(x.(map[string]any))
		if err := v.Validate(decisionSchema, x); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	// The zero Decision is no decision of a unit: its city has no code.
	zero, _ := json.Marshal(policy.Decision{})
	x, _ := jsonschema.Decode(zero)
	if err := v.Validate(decisionSchema, x); err == nil {
		t.Errorf("the zero Decision is accepted: %s", zero)
	}
}

// roundTrip checks that b, the JSON of d, reads back into a policy.Record
// with every field of d.Record() but what its JSON leaves out (a zone's
// note, a city's position in its registry), and not into a Decision.
func roundTrip(d policy.Decision, b []byte) error {
	var r policy.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	want := d.Record()
	for i := range want.Zones {
		want.Zones[i].Note = ""
	}
	if diff := cmp.Diff(want, r, cmp.Comparer(func(a, b cbec.Date) bool { return a == b }), cmpopts.IgnoreUnexported(zones.City{})); diff != "" {
		return fmt.Errorf("read back (-decision +record):\n%s", diff)
	}
	var x policy.Decision
	if err := json.Unmarshal(b, &x); !errors.Is(err, policy.ErrDecisionJSON) {
		return fmt.Errorf("unmarshalling into a Decision: %v, want ErrDecisionJSON", err)
	}
	return nil
}

// chinese checks that every condition and gap of d has a Chinese text.
func chinese(d policy.Decision) error {
	en, zh := d.Conditions(), d.ConditionsZH()
	if len(en) != len(zh) {
		return fmt.Errorf("%d conditions, %d in Chinese", len(en), len(zh))
	}
	for i := range zh {
		if !hasHan(zh[i]) {
			return fmt.Errorf("condition %q has no Chinese text: %q", en[i], zh[i])
		}
	}
	for _, g := range d.Gaps() {
		if !hasHan(g.TextZH) {
			return fmt.Errorf("gap %v has no Chinese text: %q", g, g.TextZH)
		}
	}
	if !hasHan(d.ReasonZH()) {
		return fmt.Errorf("reason %q has no Chinese text", d.Reason())
	}
	return nil
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
