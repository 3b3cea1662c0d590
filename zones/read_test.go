package zones

import (
	"slices"

	"strings"
	"testing"

	"github.com/tradepolicy/cbec"

	"github.com/tradepolicy/cbec/internal/dates"
	"github.com/tradepolicy/cbec/internal/tsv"
)

// TestPrecisionsAgree: read.go converts the data's precisions to the
// zones' own by value.
func TestPrecisionsAgree(t *testing.T) {
	for _, p := range []struct {
		d dates.Precision
		z Precision
	}{{dates.Unknown, DateUnknown}, {dates.Year, YearOnly}, {dates.Month, MonthOnly}, {dates.Day, ExactDay}} {
		if Precision(p.d) != p.z {
			t.Errorf("dates precision %d is zones.%v", p.d, Precision(p.d))
		}
	}
}

// TestCityWide checks which zones cover the units inside the one they are
// coded to: the CBEC comprehensive test zones named after their city, not
// 雄安新区's (coded to 保定市) nor Hainan's (coded to the province), and
// nothing of another category.
func TestCityWide(t *testing.T) {
	r := Default()
	var not []string
	for _, z := range r.zones {
		c, _ := r.ByCode(z.City)
		wide := cityWide(z, c)
		if z.Category != CBECTestZone && wide {
			t.Errorf("%s (%v) is city-wide", z.ID, z.Category)
		}
		if z.Category == CBECTestZone && !wide {
			not = append(not, z.ID)
		}
	}
	slices.Sort(not)
	if want := []string{"cbec-hainan", "cbec-xiongan"}; !slices.Equal(not, want) {
		t.Errorf("CBEC test zones that are not city-wide: %v, want %v", not, want)
	}
}

// FuzzReadZones feeds arbitrary text to the zone-file reader: it never
// panics, and every row it accepts is well formed.
func FuzzReadZones(f *testing.F) {
	h := strings.Join(zoneColumns, "\t") + "\n"
	f.Add(h + "cbz-x\t\t某综合保税区\tSome CBZ\t330782\t2020-01\t2020-03-01\t\t\t国务院\thttps://example.org\tyes\t\n")
	f.Add(h + "cbz-x\t\tX\tX\t330782\t2020\t\t2021-06\t\t\t\tno\t\n")
	f.Add(h + "cbz-x\t\tX\tX\t330782\t2020-02-29\t\t2019\t\t\t\tno\t\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		recs, err := tsv.Read("cbz.tsv", strings.NewReader(text), zoneColumns...)
		if err != nil {
			return
		}
		zs, err := readZones(ComprehensiveBondedZone, recs)
		if err != nil {
			return
		}
		for _, z := range zs {
			if !validID(z.ID) || !isCode(z.City) || z.Name == "" {
				t.Fatalf("accepted %+v", z)
			}
			for _, d := range []struct {
				day  int32
				prec Precision
			}{{ymd(z.Period.From), z.FromPrecision}, {ymd(z.KnownBy), ExactDay}, {ymd(z.Period.Until), z.UntilPrecision}} {
				if d.day != 0 && (d.day < dates.Earliest || d.day > dates.Horizon) {
					t.Fatalf("accepted date %v", d)
				}
				p := dates.Partial{Min: d.day, Prec: dates.Precision(d.prec)}
				if d.day == 0 {
					p = dates.Partial{}
				}
				if got, err := dates.Parse(p.String()); err != nil || got != p {
					t.Fatalf("%v does not round-trip: %v, %v", p, got, err)
				}
			}
			if z.Verified && len(z.Source.ReadAt) == 0 {
				t.Fatalf("verified without a source: %+v", z)
			}
		}
	})
}

// FuzzReadCounts feeds arbitrary text to the counts.tsv reader: it never
// panics, and every row it accepts is well formed.
func FuzzReadCounts(f *testing.F) {
	h := strings.Join(countColumns, "\t") + "\n"
	f.Add(h + "c-x\tcbz+special\t140000\t1\t2023-06-30\thttps://example.org\tyes\t\n")
	f.Add(h + "c-x\tblc\tnation\t0\t2020-01-01\t\tno\tnote\n")
	f.Add(h + "c-x\tcbz+cbz\t1400\t+1\t2023-06\t\tyes\t\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		recs, err := tsv.Read("counts.tsv", strings.NewReader(text), countColumns...)
		if err != nil {
			return
		}
		cs, err := readCounts(recs)
		if err != nil {
			return
		}
		for _, c := range cs {
			d := ymd(c.Day)
			if !validID(c.ID) || c.Scope != NationScope && !isCode(c.Scope) || len(c.Categories) == 0 ||
				c.Count.Count < 0 || c.Count.Count > maxCount || d < dates.Earliest || d > dates.Horizon || c.Verified && c.URL == "" {
				t.Fatalf("accepted %+v", c)
			}
			for _, cat := range c.Categories {
				if !cat.IsValid() {
					t.Fatalf("category %v of %v", cat, c.Categories)
				}
			}
		}
	})
}

// TestEmbeddedDates checks that no embedded date is after the data version:
// the data says nothing of days it was not checked against. A program's
// own rows may.
func TestEmbeddedDates(t *testing.T) {
	last := cbec.DataDate()
	for _, z := range Default().zones {
		for _, d := range []cbec.Date{z.Period.From, z.Period.Until, z.KnownBy} {
			if d.After(last) {
				t.Errorf("%s: %v is after the data version %v", z.ID, d, last)
			}
		}
	}
	for _, c := range Default().counts {
		if c.Day.After(last) {
			t.Errorf("%s: %v is after the data version %v", c.ID, c.Day, last)
		}
	}
}
