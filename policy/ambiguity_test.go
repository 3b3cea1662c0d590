package policy

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/trade"
)

// TestAmbiguityKept checks the engine's kept gaps of ambiguous names
// against gaps made anew, for every unit's Chinese and English name and its
// short names, asked from several goroutines at once.
func TestAmbiguityKept(t *testing.T) {
	day := cbec.MustParseDate("2024-06-01")
	names := []string{"chaoyang", "Suzhou", "朝阳"}
	for c := range std.registry().Cities() {
		names = append(names, c.Name, c.NameEN, c.Name[:len(c.Name)-3])
	}
	e := &Engine{}
	*e = Engine{reg: std.reg, rules: std.rules, docs: std.docs, basis: std.basis, zones: std.zones, conds: std.conds,
		gaps: std.gaps, customs: std.customs, outcomes: std.outcomes, reasons: std.reasons, slot: std.slot,
		slotUnit: std.slotUnit, spanOffs: std.spanOffs, spans: std.spans}
	n := 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for _, q := range names {
				d, err := e.Permitted(q, day, trade.BondedImport)
				if err != nil || d.a.kind != ambiguous {
					continue
				}
				want, wantOK := d.makeAmbiguity()
				for range 2 {
					got, ok := d.ambiguity()
					if ok != wantOK || !cmp.Equal(got, want) {
						t.Errorf("%s: kept gap %v (%v), made anew %v (%v)", q, got, ok, want, wantOK)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for _, q := range names {
		if d, err := e.Permitted(q, day, trade.BondedImport); err == nil && d.a.kind == ambiguous {
			n++
		}
	}
	t.Logf("%d ambiguous of %d names", n, len(names))
	if n < 100 {
		t.Errorf("only %d of %d names are ambiguous: the test checks too little", n, len(names))
	}
}
