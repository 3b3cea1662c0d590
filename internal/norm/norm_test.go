package norm

import "testing"

func TestTrim(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{" abc ", "abc"},
		{"杭州\u00a0", "杭州"},
		{"杭州\n", "杭州"},
		{"\r\n\t杭州\u3000", "杭州"},
		{"\ufeff1210\u200b", "1210"},
		{"\u2003a b\u2028", "a b"},
		{"\u00a0\u3000", ""},
	} {
		if got := Trim(tc.in); got != tc.want {
			t.Errorf("Trim(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"1210", "1210"},
		{"１２１０", "1210"},
		{" ＢｏｎｄｅｄＩｍｐｏｒｔ\n", "BondedImport"},
		{"网购保税进口Ａ", "网购保税进口A"},
		{"保税物流中心（B型）", "保税物流中心(B型)"},
		{"３００．５０\u00a0", "300.50"},
		{"a\u3000b", "a b"},
		{"杭州", "杭州"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldAllocs(t *testing.T) {
	for _, s := range []string{"1210", " 网购保税进口 ", "BondedImport\n"} {
		if n := testing.AllocsPerRun(100, func() { Fold(s) }); n != 0 {
			t.Errorf("Fold(%q) allocates %v times, want 0", s, n)
		}
	}
}
