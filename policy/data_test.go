package policy_test

import (
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/policydata"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/zones"
)

// TestRulesHaveSources checks the policy data itself: every rule cites
// documents that are in docs.tsv with the page they were read at, every list
// row that claims a source names it, and no two rules of the same mode and
// scope overlap with different verdicts (policydata.Check).
func TestRulesHaveSources(t *testing.T) {
	d, err := policydata.Load(policy.Data(), nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]policydata.Doc{}
	for _, x := range d.Docs {
		if len(x.ReadAt) == 0 {
			t.Errorf("docs.tsv: %s has no page read (read_at)", x.Doc)
		}
		docs[x.Doc] = x
	}
	if len(d.Rules) < 20 {
		t.Errorf("only %d rules", len(d.Rules))
	}
	for _, r := range d.Rules {
		if len(r.Docs) == 0 {
			t.Errorf("rules.tsv:%d: %s cites no document", r.Line, r.ID)
		}
		for _, doc := range r.Docs {
			if _, ok := docs[doc]; !ok {
				t.Errorf("rules.tsv:%d: %s cites %s, not in docs.tsv", r.Line, r.ID, doc)
			}
		}
		if r.Reason == "" || r.Confidence == "" {
			t.Errorf("rules.tsv:%d: %s lacks a reason or a confidence", r.Line, r.ID)
		}
	}
	for _, l := range d.Lists {
		if l.Sourced() && !strings.HasPrefix(l.URL, "http") {
			t.Errorf("lists.tsv: %s %s claims a source but names none", l.List, l.City)
		}
	}
	if err := d.Check(zones.Default()); err != nil {
		t.Error(err)
	}
}
