package policy_test

import (
	"slices"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// deciding returns the unit whose answer the units at code take: the unit
// itself if it has an answer of its own, else the city it lies in.
func deciding(t *testing.T, code string) zones.City {
	t.Helper()
	c, ok := zones.ByCode(code)
	if !ok {
		t.Fatalf("no unit %s", code)
	}
	for u := range policy.Units() {
		if u.Code == c.Code {
			return c
		}
	}
	if p, ok := zones.Parent(c); ok {
		return p
	}
	return c
}

var facilities = []zones.Category{zones.ComprehensiveBondedZone, zones.OtherSpecialArea, zones.BondedLogisticsCenterB, zones.SpecialRegime}

// TestNotBeforeOpening checks that no facility counts for 1210 before it
// opened: on the day before every opening the data gives, a decision that
// names the facility is not allowed on its account alone — another
// facility named with it operates.
func TestNotBeforeOpening(t *testing.T) {
	reg := zones.Default()
	n := 0
	for z := range reg.All() {
		if !z.Opened.IsValid() || !slices.Contains(facilities, z.Category) {
			continue
		}
		day := z.Opened.AddDays(-1)
		if reg.Operates(z, day) == zones.Present {
			continue // it operated before as the successor of an open zone
		}
		n++
		d := policy.Decide(deciding(t, z.City), day, trade.BondedImport)
		if !d.Permitted() || !slices.ContainsFunc(d.Zones(), func(y zones.Zone) bool { return y.ID == z.ID }) {
			continue
		}
		if !slices.ContainsFunc(d.Zones(), func(y zones.Zone) bool {
			return y.ID != z.ID && slices.Contains(facilities, y.Category) && reg.Operates(y, day) == zones.Present
		}) {
			t.Errorf("%s opened %v, but on %v: %v", z.ID, z.Opened, day, d)
		}
	}
	if n < 50 {
		t.Errorf("only %d facilities with an opening day", n)
	}
}

// TestConversionKeepsFacility checks that no city loses 1210 across a
// conversion: for every zone converted into or absorbed by another, on the
// day of the conversion (the predecessor's end, or the successor's
// approval), a city allowed 1210 the day before stays allowed.
func TestConversionKeepsFacility(t *testing.T) {
	reg := zones.Default()
	n := 0
	for z := range reg.All() {
		if z.Successor == "" {
			continue
		}
		s, ok := reg.ByID(z.Successor)
		if !ok {
			t.Fatalf("%s: successor %s not found", z.ID, z.Successor)
		}
		var day cbec.Date
		switch {
		case z.UntilPrecision == zones.ExactDay:
			day = z.Period.Until
		case s.FromPrecision == zones.ExactDay:
			day = s.Period.From
		default:
			continue
		}
		n++
		u := deciding(t, z.City)
		before, after := policy.Decide(u, day.AddDays(-1), trade.BondedImport), policy.Decide(u, day, trade.BondedImport)
		if before.Permitted() && !after.Permitted() {
			t.Errorf("%s → %s on %v: %v\n\tthe day before: %v", z.ID, s.ID, day, after, before)
		}
	}
	if n < 10 {
		t.Errorf("only %d conversions with a day", n)
	}
}

// TestRegistersMatch checks that every register matches the rows: every
// zone of its categories open on its day has an entry (so it is evidence
// of absence).
func TestRegistersMatch(t *testing.T) {
	n := 0
	for g := range zones.Registers() {
		n++
		for _, z := range zones.Default().Unlisted(g) {
			t.Errorf("register %s (%v) lacks %s %s, open on its day", g.ID, g.Day, z.ID, z.Name)
		}
	}
	if n == 0 {
		t.Error("no register")
	}
}

// TestNoGapToday checks that a plain allowed answer for a city with
// verified facilities carries no gap: a day after the data version is a
// condition, not a missing fact.
func TestNoGapToday(t *testing.T) {
	hz, _ := zones.Lookup("杭州")
	d := policy.Decide(hz, cbec.MustParseDate("2026-12-01"), trade.BondedImport)
	if !d.Permitted() || len(d.Gaps()) != 0 {
		t.Errorf("%v: gaps %v", d, d.Gaps())
	}
	if c := d.Conditions(); len(c) == 0 || !slices.ContainsFunc(c, func(s string) bool {
		return s == "The data was last checked against its sources on "+cbec.DataVersion+": later changes are not reflected."
	}) {
		t.Errorf("conditions %q lack the data version", c)
	}
}

// TestUnregisteredOnTheRegistersDay: a row the register of 2022-06-05 does
// not name, whose dates no source gives, did not operate on that day (customs
// had not coded it), but may have before or after it: 沧州's planned center.
func TestUnregisteredOnTheRegistersDay(t *testing.T) {
	cz, _ := zones.Lookup("沧州")
	for _, tt := range []struct {
		day  string
		want zones.Presence
	}{
		{"2022-06-04", zones.Unsure},
		{"2022-06-05", zones.Absent},
		{"2022-06-06", zones.Unsure},
	} {
		if got := zones.Operating(cz, zones.BondedLogisticsCenterB, cbec.MustParseDate(tt.day)); got != tt.want {
			t.Errorf("沧州 on %s: %v, want %v", tt.day, got, tt.want)
		}
	}
	d := policy.Decide(cz, cbec.MustParseDate("2022-06-05"), trade.BondedImport)
	if d.Verdict() != policy.Denied || len(d.Gaps()) != 0 {
		t.Errorf("沧州 on 2022-06-05: %v, gaps %v", d, d.Gaps())
	}
}
