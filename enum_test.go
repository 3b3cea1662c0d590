package cbec_test

import (
	"encoding"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// TestEnumText checks that every enumeration of the library has the same
// text behaviour (see internal/enum): a round trip of every value through
// MarshalText and UnmarshalText, in any case and width and with white space
// around; the zero value marshalled as empty text when it is no value and
// as its name when it is one, and empty text read back accordingly; an
// invalid value named "Type(n)" by String and refused by MarshalText; text
// that names nothing refused with an error quoting it.
func TestEnumText(t *testing.T) {
	checkEnum(t, "Verdict", []policy.Verdict{policy.Unknown, policy.Allowed, policy.Denied}, true)
	checkEnum(t, "GapKind", []policy.GapKind{policy.GapList, policy.GapJoinDate, policy.GapFacility, policy.GapZoneDate, policy.GapRule,
		policy.GapCustoms, policy.GapUnverified, policy.GapLevel, policy.GapAfterData, policy.GapAmbiguousName, policy.GapNotInRegistry,
		policy.GapInvalid, policy.GapRegime}, false)
	checkEnum(t, "ScopeKind", []policy.ScopeKind{policy.ScopeAll, policy.ScopeList, policy.ScopeZones, policy.ScopeCustoms}, false)
	checkEnum(t, "Category", zones.Categories(), false)
	checkEnum(t, "Level", []zones.Level{zones.Province, zones.Prefecture, zones.County}, false)
	checkEnum(t, "Precision", []zones.Precision{zones.DateUnknown, zones.YearOnly, zones.MonthOnly, zones.ExactDay}, true)
	checkEnum(t, "Presence", []zones.Presence{zones.Unsure, zones.Present, zones.Absent}, true)
	var modes []trade.Mode
	for m := range trade.Modes() {
		modes = append(modes, m)
	}
	checkEnum(t, "Mode", modes, false)
	checkEnum(t, "Direction", []trade.Direction{trade.Import, trade.Export}, false)
	checkEnum(t, "Channel", []trade.Channel{trade.RetailImport, trade.RetailImportFullTax, trade.GeneralTrade}, false)
	checkEnum(t, "VATBand", []trade.VATBand{trade.StandardBand, trade.LowerBand}, false)
}

// checkEnum checks an enumeration whose values are valid; zeroNamed says
// whether its zero value is one of them.
func checkEnum[T interface {
	~uint8
	fmt.Stringer
	encoding.TextMarshaler
}, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, name string, valid []T, zeroNamed bool) {
	t.Helper()
	read := func(s string) (T, error) {
		var v T
		err := P(&v).UnmarshalText([]byte(s))
		return v, err
	}
	for _, v := range valid {
		b, err := v.MarshalText()
		if err != nil || len(b) == 0 {
			t.Errorf("%s %v: MarshalText = %q, %v", name, v, b, err)
			continue
		}
		for _, s := range []string{string(b), strings.ToUpper(string(b)), " " + string(b) + "\n", "\u00a0" + string(b) + "\u3000", wide(string(b)), v.String()} {
			if got, err := read(s); err != nil || got != v {
				t.Errorf("%s: UnmarshalText(%q) = %v, %v; want %v", name, s, got, err, v)
			}
		}
	}
	var zero T
	b, err := zero.MarshalText()
	switch {
	case err != nil:
		t.Errorf("%s: the zero value does not marshal: %v", name, err)
	case zeroNamed && len(b) == 0, !zeroNamed && len(b) != 0:
		t.Errorf("%s: the zero value marshals as %q", name, b)
	}
	for _, s := range []string{"", " ", "\u3000"} {
		got, err := read(s)
		if zeroNamed && err == nil || !zeroNamed && (err != nil || got != zero) {
			t.Errorf("%s: UnmarshalText(%q) = %v, %v", name, s, got, err)
		}
	}
	bad := T(200)
	if s := bad.String(); s != name+"(200)" {
		t.Errorf("%s: String of an invalid value = %q", name, s)
	}
	if _, err := bad.MarshalText(); err == nil {
		t.Errorf("%s: MarshalText of an invalid value succeeded", name)
	}
	if _, err := read("no such thing"); err == nil || !strings.Contains(err.Error(), `"no such thing"`) {
		t.Errorf("%s: UnmarshalText of nonsense: %v", name, err)
	}
}

// wide returns s with its ASCII letters and digits in full width.
func wide(s string) string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r + 0xFEE0
		}
		return r
	}, s)
}
