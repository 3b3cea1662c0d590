package policy_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/zones"
)

// TestConcurrentUse queries from many goroutines while another builds and
// uses a new dataset. Run it with -race.
func TestConcurrentUse(t *testing.T) {
	qs := queries()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 8 {
		wg.Go(func() {
			for i := g; ; i += 8 {
				select {
				case <-stop:
					return
				default:
				}
				q := qs[i%len(qs)]
				d := policy.Decide(q.city, q.day, q.mode)
				if d.Permitted() != (d.Verdict() == policy.Allowed) || d.Reason() == "" {
					t.Errorf("inconsistent %v", d)
					return
				}
				if _, err := policy.Permitted(q.city.NameEN, q.day, q.mode); err != nil && !errors.Is(err, zones.ErrAmbiguousCity) {
					t.Errorf("Permitted(%q): %v", q.city.NameEN, err)
					return
				}
				for range policy.Cities(q.day, q.mode) {
					break
				}
			}
		})
	}
	reg, err := zones.Extend(fstest.MapFS{})
	if err == nil {
		var e *policy.Engine
		e, err = policy.Extend(reg, nil)
		if err == nil {
			for _, q := range qs[:500] {
				a, b := policy.Decide(q.city, q.day, q.mode), e.Decide(q.city, q.day, q.mode)
				if a.Verdict() != b.Verdict() || a.Reason() != b.Reason() {
					t.Errorf("rebuilt engine differs: %v vs %v", a, b)
				}
			}
		}
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
}

// hostile strings a user might send.
var hostile = []string{
	"", " ", "\x00", "\xff\xfe\xfd", strings.Repeat("杭", 10000), strings.Repeat("a", 1<<16),
	"３３０１００", "２０１９－０１－０１", "1210\x00", "'", "''''", "-.·", "\u3000", "🙂", "330100330100",
	"2019-01-01T00:00:00Z", "+1210", "-1", "9999-99-99", "杭州\n", "Suzhou, ", ", Jiangsu",
}
