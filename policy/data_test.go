package policy

import (
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/zones"
)

// TestRulesHaveSources checks the policy data itself: every rule cites
// documents that are in docs.tsv with the page they were read at, every list
// row that claims a source names it, and no two rules of the same mode and
// scope overlap with different verdicts (data.check).
func TestRulesHaveSources(t *testing.T) {
	d, err := load(Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]doc{}
	for _, x := range d.docs {
		if len(x.ReadAt) == 0 {
			t.Errorf("docs.tsv: %s has no page read (read_at)", x.Doc)
		}
		docs[x.Doc] = x
	}
	if len(d.rules) < 20 {
		t.Errorf("only %d rules", len(d.rules))
	}
	for _, r := range d.rules {
		if len(r.Docs) == 0 {
			t.Errorf("rules.tsv:%d: %s cites no document", r.line, r.ID)
		}
		for _, doc := range r.Docs {
			if _, ok := docs[doc]; !ok {
				t.Errorf("rules.tsv:%d: %s cites %s, not in docs.tsv", r.line, r.ID, doc)
			}
		}
		for i := range r.Conditions {
			if r.ConditionsZH[i] == r.Conditions[i] {
				t.Errorf("rules.tsv:%d: %s: condition %d has no Chinese (conditions_zh)", r.line, r.ID, i+1)
			}
		}
		if r.Reason == "" || r.Confidence == "" {
			t.Errorf("rules.tsv:%d: %s lacks a reason or a confidence", r.line, r.ID)
		}
	}
	for _, l := range d.lists {
		if l.sourced() && !strings.HasPrefix(l.url, "http") {
			t.Errorf("lists.tsv: %s %s claims a source but names none", l.list, l.city)
		}
	}
	if err := d.check(zones.Default()); err != nil {
		t.Error(err)
	}
}
