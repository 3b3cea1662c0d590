package zones_test

import (
	"testing"

	"github.com/tradepolicy/cbec/zones"
)

func TestResolveQualifiedNoAlloc(t *testing.T) {
	for _, q := range []string{"杭州", "Chaoyang, Liaoning", "辽宁朝阳", "杭州滨江", "Chaoyang Liaoning"} {
		if n := testing.AllocsPerRun(100, func() { _, _, _ = zones.Default().Resolve(q) }); n != 0 {
			t.Errorf("Resolve(%q) allocates %v times", q, n)
		}
	}
}
