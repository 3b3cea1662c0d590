package zones_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

// cmpOpts compare the package's values: cbec.Date with ==, City without its
// registry index.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b cbec.Date) bool { return a == b }),
	cmpopts.IgnoreUnexported(zones.City{}),
}

// TestLookupSpaceAndWidth checks that Lookup ignores Unicode white space
// around a query and reads full-width ASCII.
func TestLookupSpaceAndWidth(t *testing.T) {
	for _, tt := range []struct{ q, code string }{
		{"杭州\u00a0", "330100"},
		{"杭州\n", "330100"},
		{"杭州\r\n", "330100"},
		{"\u3000杭州\u3000", "330100"},
		{"\ufeff杭州", "330100"},
		{"杭州\u200b", "330100"},
		{"\u2003Hangzhou\u2009", "330100"},
		{"Ｈａｎｇｚｈｏｕ", "330100"},
		{"３３０１００", "330100"},
		{" 330100\n", "330100"},
		{"XI'AN\u00a0", "610100"},
		{"Chaoyang,\u00a0Liaoning", "211300"},
		{"Chaoyang\u00a0Liaoning", "211300"},
		{"浙江\u00a0杭州", "330100"},
	} {
		got, err := zones.Lookup(tt.q)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.q, err)
			continue
		}
		want, _ := zones.ByCode(tt.code)
		if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
			t.Errorf("Lookup(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
}

func TestParseCategorySpaceWidthCase(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want zones.Category
	}{
		{"cbz\n", zones.ComprehensiveBondedZone},
		{"\u00a0CBZ\u00a0", zones.ComprehensiveBondedZone},
		{"ＣＢＺ", zones.ComprehensiveBondedZone},
		{"综合保税区\u3000", zones.ComprehensiveBondedZone},
		{"保税物流中心(B型)", zones.BondedLogisticsCenterB},
		{"保税物流中心（b型）", zones.BondedLogisticsCenterB},
		{"Pilot Free Trade Zone", zones.FreeTradeZone},
		{"freetradezone", zones.FreeTradeZone},
	} {
		got, err := zones.ParseCategory(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCategory(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestPrecisionText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want zones.Precision
	}{
		{"unknown", zones.DateUnknown},
		{"year", zones.YearOnly},
		{"month", zones.MonthOnly},
		{"day", zones.ExactDay},
		{" Day\n", zones.ExactDay},
		{"ＭＯＮＴＨ", zones.MonthOnly},
	} {
		var p zones.Precision
		if err := p.UnmarshalText([]byte(tt.in)); err != nil || p != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, p, err, tt.want)
		}
	}
	for _, in := range []string{"", " ", "days", "exact", "3"} {
		var p zones.Precision
		if err := p.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want error", in, p)
		}
	}
	for p := zones.DateUnknown; p <= zones.ExactDay; p++ {
		b, err := p.MarshalText()
		var back zones.Precision
		if err != nil || string(b) != p.String() || back.UnmarshalText(b) != nil || back != p {
			t.Errorf("text round trip of %v: %q, %v -> %v", p, b, err, back)
		}
	}
	if _, err := zones.Precision(4).MarshalText(); err == nil {
		t.Error("Precision(4).MarshalText succeeded")
	}
}

func TestLevelText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want zones.Level
	}{
		{"province", zones.Province},
		{"Prefecture", zones.Prefecture},
		{" COUNTY\n", zones.County},
		{"ｃｏｕｎｔｙ\u00a0", zones.County},
	} {
		var l zones.Level
		if err := l.UnmarshalText([]byte(tt.in)); err != nil || l != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", tt.in, l, err, tt.want)
		}
	}
	for _, in := range []string{"city", "1"} {
		var l zones.Level
		if err := l.UnmarshalText([]byte(in)); err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want error", in, l)
		}
	}
}

// TestZoneJSON checks that every zone and city survives a JSON round trip
// (but its free-text Note, which the JSON leaves out), with its precisions
// as text, and that the zero Zone marshals.
func TestZoneJSON(t *testing.T) {
	n := 0
	for z := range zones.All() {
		b, err := json.Marshal(z)
		if err != nil {
			t.Fatalf("Marshal(%s): %v", z.ID, err)
		}
		var got zones.Zone
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if strings.Contains(string(b), `"note"`) {
			t.Errorf("%s: the JSON has a note: %s", z.ID, b)
		}
		z.Note = ""
		if diff := cmp.Diff(z, got, cmpOpts); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", z.ID, diff)
		}
		if !strings.Contains(string(b), `"from_precision":"`+z.FromPrecision.String()+`"`) {
			t.Errorf("%s: from_precision is not text: %s", z.ID, b)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no zones")
	}
	b, err := json.Marshal(zones.Zone{})
	if err != nil {
		t.Fatalf("Marshal(Zone{}): %v", err)
	}
	var z zones.Zone
	if err := json.Unmarshal(b, &z); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if diff := cmp.Diff(zones.Zone{}, z, cmpOpts); diff != "" {
		t.Errorf("zero Zone round trip (-want +got):\n%s", diff)
	}
	if b, err := json.Marshal(zones.City{}); err != nil {
		t.Errorf("Marshal(City{}) = %s, %v", b, err)
	}
	hz, _ := zones.ByCode("330100")
	b, err = json.Marshal(hz)
	if err != nil {
		t.Fatal(err)
	}
	var c zones.City
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if diff := cmp.Diff(hz, c, cmpOpts); diff != "" {
		t.Errorf("City round trip (-want +got):\n%s", diff)
	}
}
