package coverage

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
)

// TestCompute: the steps cover the days without gaps, each counts every
// unit, and the counts are those of policy's CitiesBy.
func TestCompute(t *testing.T) {
	e := policy.Default()
	for _, mode := range []trade.Mode{trade.BondedImport, trade.B2BDirectExport} {
		cov := Compute(e, mode)
		if len(cov.Steps) < 2 || cov.Steps[0].From != Start || cov.Steps[len(cov.Steps)-1].Until != cbec.DataDate().AddDays(1) {
			t.Fatalf("%v: %d steps from %v", mode, len(cov.Steps), cov.Steps[0].From)
		}
		for i, s := range cov.Steps {
			if s.Allowed+s.Unknown+s.Denied != cov.Units {
				t.Errorf("%v %v: %d+%d+%d units, want %d", mode, s.From, s.Allowed, s.Unknown, s.Denied, cov.Units)
			}
			if i > 0 && (s.From != cov.Steps[i-1].Until || len(s.ChangedBy) == 0) {
				t.Errorf("%v step %d from %v: after %v, changed by %v", mode, i, s.From, cov.Steps[i-1].Until, s.ChangedBy)
			}
			for _, day := range []cbec.Date{s.From, s.Until.AddDays(-1)} {
				for v, want := range map[policy.Verdict]int{policy.Allowed: s.Allowed, policy.Unknown: s.Unknown, policy.Denied: s.Denied} {
					n := 0
					for range e.CitiesBy(day, mode, v) {
						n++
					}
					if n != want {
						t.Errorf("%v %v %v: %d units, CitiesBy has %d", mode, day, v, want, n)
					}
				}
			}
		}
	}
}

func TestCauses(t *testing.T) {
	// On 2019-01-01 the 37 pilot cities of 商财发〔2018〕486号 may run 1210,
	// each where a facility of it operates: allowed, or unknown where the
	// data does not date its facility's opening.
	cov := Compute(policy.Default(), trade.BondedImport)
	found := false
	for _, s := range cov.Steps {
		if s.From == cbec.MustParseDate("2019-01-01") {
			found = true
			if !s.Major() || s.ChangedBy[0].Doc != "商财发〔2018〕486号" || s.ChangedBy[0].Kind != "document" || s.Allowed+s.Unknown != 37 {
				t.Errorf("2019-01-01: %+v", s)
			}
		}
	}
	if !found {
		t.Error("no change on 2019-01-01")
	}
}

// TestSVG: the picture is well-formed XML naming the documents.
func TestSVG(t *testing.T) {
	svg := SVG(Compute(policy.Default(), trade.BondedImport))
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
	}
	for _, want := range []string{"海关总署公告2014年第57号", "商财发〔2021〕39号", "allowed", "<title"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("no %q in the picture", want)
		}
	}
}
