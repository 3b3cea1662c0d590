package zonedata_test

import (
	"slices"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/zonedata"
	"github.com/tradepolicy/cbec/zones"
)

// TestOnAgreesWithZones checks that the rows' On, which decides whether a
// count matches when the tables are built, answers as zones.Zone.On for
// every embedded zone around each of its dates.
func TestOnAgreesWithZones(t *testing.T) {
	tb, err := zonedata.Load(zones.Data(), nil, int32(cbec.DataDate().YYYYMMDD()))
	if err != nil {
		t.Fatal(err)
	}
	reg := zones.Default()
	for _, row := range tb.Zones {
		z, ok := reg.ByID(row.ID)
		if !ok {
			t.Fatalf("%s not in the registry", row.ID)
		}
		var days []cbec.Date
		for _, x := range []cbec.Date{z.Period.From, z.Period.Until, z.KnownBy, z.Sure().From} {
			if x.IsValid() {
				days = append(days, x.AddDays(-1), x, x.AddDays(1), x.AddDays(40), x.AddDays(400))
			}
		}
		days = append(days, cbec.MakeDate(2000, 1, 1), cbec.MakeDate(2020, 6, 30), cbec.DataDate())
		for _, x := range days {
			if got, want := row.On(int32(x.YYYYMMDD())), zonedata.Presence(z.On(x)); got != want {
				t.Errorf("%s on %v: rows say %d, zones %v", row.ID, x, got, z.On(x))
			}
		}
	}
	if row := (zonedata.Zone{}); row.On(0) != zonedata.Unsure {
		t.Error("On(0) is not unsure")
	}
}

// TestCityWide checks which zones cover the units inside the one they are
// coded to: the CBEC comprehensive test zones named after their city, not
// 雄安新区's (coded to 保定市), and nothing of another category.
func TestCityWide(t *testing.T) {
	tb, err := zonedata.Load(zones.Data(), nil, int32(cbec.DataDate().YYYYMMDD()))
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]zonedata.City{}
	for _, c := range tb.Cities {
		byCode[c.Code] = c
	}
	var not []string
	for _, z := range tb.Zones {
		wide := zonedata.CityWide(z, byCode[z.City])
		if z.Category != "cbec" && wide {
			t.Errorf("%s (%s) is city-wide", z.ID, z.Category)
		}
		if z.Category == "cbec" && !wide {
			not = append(not, z.ID)
		}
	}
	slices.Sort(not)
	if want := []string{"cbec-hainan", "cbec-xiongan"}; !slices.Equal(not, want) {
		t.Errorf("CBEC test zones that are not city-wide: %v, want %v", not, want)
	}
}
