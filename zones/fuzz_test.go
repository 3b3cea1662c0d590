package zones_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/tradepolicy/cbec/zones"
)

func FuzzLookup(f *testing.F) {
	for _, tt := range lookupTests {
		f.Add(tt.q)
	}
	for _, s := range []string{"620201", "嘉峪关市", "Jin'an", "西沙群岛", "Xisha Islands", "鼓楼", "Chaoyang", "朝阳", "北京朝阳区", "A, B, C", ",", "，", "市", "省", "县", "区", "city", "0", "\u200b杭州"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		c, err := zones.Lookup(q)
		if err != nil {
			if !errors.Is(err, zones.ErrUnknownCity) && !errors.Is(err, zones.ErrAmbiguousCity) {
				t.Fatalf("Lookup(%q) error %v wraps neither ErrUnknownCity nor ErrAmbiguousCity", q, err)
			}
			var le *zones.LookupError
			if !errors.As(err, &le) || le.Query != q {
				t.Fatalf("Lookup(%q) error %#v is not a *LookupError for the query", q, err)
			}
			if c != (zones.City{}) {
				t.Fatalf("Lookup(%q) = %v with error %v", q, c, err)
			}
			if errors.Is(err, zones.ErrAmbiguousCity) && len(le.Candidates) < 2 {
				t.Fatalf("Lookup(%q): ambiguous with candidates %v", q, le.Candidates)
			}
			_ = err.Error()
			return
		}
		if !c.IsValid() || !utf8.ValidString(c.Name) {
			t.Fatalf("Lookup(%q) = %#v", q, c)
		}
		if got, err := zones.Lookup(c.Code); err != nil || got != c {
			t.Fatalf("Lookup(%q) = %v, but Lookup(%q) = %v, %v", q, c, c.Code, got, err)
		}
		got, err := zones.Lookup(c.Name)
		switch {
		case err == nil && got == c:
		case err != nil && ambiguousWith(err, c):
		case err == nil && got.Name == c.Name && got.Contains(c):
			// 嘉峪关市 620201 is named like its prefecture 620200; TestDataCityNames reports it.
		default:
			t.Fatalf("Lookup(%q) = %v, but Lookup(%q) = %v, %v", q, c, c.Name, got, err)
		}
	})
}
