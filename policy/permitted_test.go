package policy_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// TestHostileInput walks the public API with zero values and hostile
// strings: nothing panics, and every error wraps its sentinel.
func TestHostileInput(t *testing.T) {
	var zc zones.City
	var zz zones.Zone
	var zd cbec.Date
	var zm trade.Mode
	var zv policy.Verdict
	var zdec policy.Decision
	_ = zd.String() + zd.AddDays(3).String() + zd.Time().String()
	_, _ = zd.MarshalText()
	_ = zc.String() + zz.String() + zm.String() + zm.Code() + zv.String() + zdec.String()
	_ = zc.IsCity() || zc.Contains(zc) || zc.IsMunicipality() || zones.OnHainanIsland(zc)
	_ = zz.On(zd).String() + zz.Sure().String()
	_ = zones.Hosts(zc, 0, zd).String()
	_, _ = zones.Parent(zc)
	_ = policy.Decide(zc, zd, zm)
	_ = policy.History(zc, zm)
	_ = policy.Timeline(zc, zm)
	_ = policy.Changes(zd, zd, zm)
	for range policy.Cities(zd, zm) {
		t.Error("Cities of the zero date yields a city")
	}
	for range zones.In(zc, zd) {
		t.Error("In of the zero city yields a zone")
	}
	day := cbec.MustParseDate("2020-01-01")
	for _, s := range hostile {
		if d, err := cbec.ParseDate(s); err == nil && d.String() != s {
			t.Errorf("ParseDate(%q) = %v", s, d)
		} else if err != nil && !errors.Is(err, cbec.ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error %v", s, err)
		}
		if _, err := trade.ParseMode(s); err != nil && !errors.Is(err, trade.ErrUnknownMode) {
			t.Errorf("ParseMode(%q) error %v", s, err)
		}
		if _, err := zones.ParseCategory(s); err != nil && !errors.Is(err, zones.ErrUnknownCategory) {
			t.Errorf("ParseCategory(%q) error %v", s, err)
		}
		_, _ = zones.ByCode(s)
		d, err := policy.Permitted(s, day, trade.BondedImport)
		switch {
		case err == nil:
			if d.Verdict() > policy.Denied || d.Reason() == "" {
				t.Errorf("Permitted(%q) = %v", s, d)
			}
		case !errors.Is(err, zones.ErrUnknownCity) && !errors.Is(err, zones.ErrAmbiguousCity):
			t.Errorf("Permitted(%q) error %v", s, err)
		case len(err.Error()) > 2000:
			t.Errorf("Permitted(%q…) error is %d bytes long", s[:min(len(s), 10)], len(err.Error()))
		case !utf8.ValidString(err.Error()):
			t.Errorf("Permitted(%q) error is not valid UTF-8", s)
		}
		var v policy.Verdict
		_ = v.UnmarshalText([]byte(s))
		var dd cbec.Date
		_ = dd.UnmarshalText([]byte(s))
		var m trade.Mode
		_ = m.UnmarshalText([]byte(s))
		var c zones.Category
		_ = c.UnmarshalText([]byte(s))
	}
}

func FuzzPermitted(f *testing.F) {
	for _, s := range []string{"杭州", "330100", "Hangzhou", "Suzhou", "辽宁朝阳", "Xi'an", "", "\xff"} {
		f.Add(s, 20190101, uint8(2))
	}
	f.Fuzz(func(t *testing.T, city string, ymd int, mode uint8) {
		day := cbec.MakeDate(ymd/10000, time.Month(ymd/100%100), ymd%100)
		d, err := policy.Permitted(city, day, trade.Mode(mode))
		if err != nil {
			if !errors.Is(err, zones.ErrUnknownCity) && !errors.Is(err, zones.ErrAmbiguousCity) &&
				!errors.Is(err, cbec.ErrInvalidDate) && !errors.Is(err, trade.ErrUnknownMode) {
				t.Fatalf("Permitted(%q, %v, %d): unexpected error %v", city, day, mode, err)
			}
			return
		}
		switch d.Verdict() {
		case policy.Allowed, policy.Denied, policy.Unknown:
		default:
			t.Fatalf("verdict %v", d.Verdict())
		}
		if d.Permitted() != (d.Verdict() == policy.Allowed) || d.Reason() == "" || d.Date() != day || d.Mode() != trade.Mode(mode) {
			t.Fatalf("inconsistent decision %+v", d)
		}
		if d.Verdict() != policy.Unknown && len(d.Basis()) == 0 {
			t.Fatalf("%v without a basis", d)
		}
	})
}

// TestZeroValues checks that the zero Engine and the zero Registry answer
// without panicking: nothing is in them.
func TestZeroValues(t *testing.T) {
	var e policy.Engine
	day := cbec.MustParseDate("2020-01-01")
	c, _ := zones.Lookup("杭州")
	if d := e.Decide(c, day, trade.BondedImport); d.Verdict() != policy.Unknown || d.Reason() == "" {
		t.Errorf("zero Engine: %v", d)
	}
	if _, err := e.Permitted("杭州", day, trade.BondedImport); !errors.Is(err, zones.ErrUnknownCity) {
		t.Errorf("zero Engine Permitted: %v", err)
	}
	if e.History(c, trade.BondedImport) != nil || e.Changes(day, day, trade.BondedImport) != nil {
		t.Error("zero Engine has a history")
	}
	for range e.Cities(day, trade.BondedImport) {
		t.Error("zero Engine yields a city")
	}
	for range e.Units() {
		t.Error("zero Engine yields a unit")
	}
	var r zones.Registry
	if _, err := r.Lookup("杭州"); !errors.Is(err, zones.ErrUnknownCity) {
		t.Errorf("zero Registry Lookup: %v", err)
	}
	if r.Hosts(c, zones.ComprehensiveBondedZone, day) != zones.Unsure || r.Len() != 0 || r.NumZones() != 0 {
		t.Error("zero Registry is not empty")
	}
	for range r.In(c, day) {
		t.Error("zero Registry yields a zone")
	}
	_, _ = r.Parent(c)
	_, _ = r.ByCode("330100")
	_ = r.Dataset(zones.CBECTestZone)
}

// TestOddQueries covers queries at the edges: a long name that keys to an
// ambiguous one keeps its gap; a unit not in the registry keeps its code
// when it is a six-digit code, and prints without a leading space; a long
// code that is not one gives the zero City, and its gap says so; a nil
// registry has no candidates.
func TestOddQueries(t *testing.T) {
	day := cbec.MustParseDate("2026-01-01")
	for _, q := range []string{"朝阳", strings.Repeat(" ", 65534) + "朝阳", strings.Repeat("\u200b", 30000) + "朝阳"} {
		d, err := policy.Permitted(q, day, trade.BondedImport)
		if err != nil {
			t.Fatalf("%d bytes: %v", len(q), err)
		}
		found := false
		for _, g := range d.Gaps() {
			found = found || g.Kind == policy.GapAmbiguousName
		}
		if !found {
			t.Errorf("a query of %d bytes for 朝阳 lost its ambiguity gap: %v", len(q), d.Gaps())
		}
	}
	long := strings.Repeat("\x80", 70000)
	if d := policy.Decide(zones.City{Code: long}, day, trade.BondedImport); d.City() != (zones.City{}) || d.Gaps()[0].Kind != policy.GapNotInRegistry {
		t.Errorf("a code of 70,000 bytes: %v, %v", d.City(), d.Gaps())
	}
	if d := policy.Decide(zones.City{Code: "999999"}, day, trade.BondedImport); d.City().Code != "999999" || d.Gaps()[0].Subject != "999999" {
		t.Errorf("a code not in the registry: %v, %v", d.City(), d.Gaps())
	}
	if s := policy.Decide(zones.City{Code: "999999"}, day, trade.BondedImport).String(); !strings.HasPrefix(s, "999999 2026-01-01 1210 unknown: ") {
		t.Errorf("String() = %q", s)
	}
	if c := (*zones.Registry)(nil).Candidates("杭州"); c != nil {
		t.Errorf("a nil registry has candidates %v", c)
	}
}
