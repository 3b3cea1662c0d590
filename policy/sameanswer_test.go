package policy

import (
	"reflect"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

// TestSameAnswer checks that sameAnswer tells apart two answers that differ
// in any one field outcome reads; a field added to answer fails here until
// sameAnswer compares it and the test varies it.
func TestSameAnswer(t *testing.T) {
	if n := reflect.TypeFor[answer]().NumField(); n != 9 {
		t.Fatalf("answer has %d fields, not 9: compare the new one in sameAnswer and vary it here", n)
	}
	src := func(doc string) *cbec.Source { return &cbec.Source{Doc: doc} }
	full := func() answer {
		return answer{
			verdict:  Allowed,
			rule:     "r",
			docs:     []string{"d1", "d2"},
			modeSrc:  src("m"),
			zones:    []zones.Zone{{ID: "z1"}, {ID: "z2"}},
			conds:    []text{{"c", "条件"}},
			gaps:     []gap{{GapList, "l", text{"g", "缺"}}},
			reason:   text{"because", "因为"},
			evidence: []text{{"e", "证"}},
		}
	}
	a := full()
	if b := full(); !sameAnswer(&a, &b) {
		t.Fatal("two equal answers differ")
	}
	// The mode's source is read by its document number: another copy of it
	// is the same.
	b := full()
	b.modeSrc = src("m")
	if !sameAnswer(&a, &b) {
		t.Error("the same mode source at another address differs")
	}
	for _, tc := range []struct {
		field  string
		change func(*answer)
	}{
		{"verdict", func(b *answer) { b.verdict = Denied }},
		{"rule", func(b *answer) { b.rule = "s" }},
		{"docs", func(b *answer) { b.docs = []string{"d1"} }},
		{"docs order", func(b *answer) { b.docs = []string{"d2", "d1"} }},
		{"modeSrc", func(b *answer) { b.modeSrc = src("n") }},
		{"modeSrc nil", func(b *answer) { b.modeSrc = nil }},
		{"zones", func(b *answer) { b.zones = []zones.Zone{{ID: "z1"}, {ID: "z3"}} }},
		{"conds", func(b *answer) { b.conds = []text{{"c", "另一"}} }},
		{"gaps", func(b *answer) { b.gaps = []gap{{GapList, "m", text{"g", "缺"}}} }},
		{"gap kind", func(b *answer) { b.gaps = []gap{{GapZoneDate, "l", text{"g", "缺"}}} }},
		{"reason", func(b *answer) { b.reason = text{"because", "由于"} }},
		{"evidence", func(b *answer) { b.evidence = nil }},
	} {
		b := full()
		tc.change(&b)
		if sameAnswer(&a, &b) || sameAnswer(&b, &a) {
			t.Errorf("%s changed: sameAnswer still reports the answers equal", tc.field)
		}
	}
}
