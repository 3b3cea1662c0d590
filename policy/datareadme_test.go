package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/readmetest"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// coverageDays are the days whose 1210 answers data/README.md shows.
var coverageDays = []string{"2026-12-01", "2022-06-05", "2021-06-01"}

// TestDataREADME keeps the "1210, unit by unit" section of data/README.md
// current: the answers by province and, for every unit the data cannot
// decide, the fact it lacks. Run with -update after a data change.
func TestDataREADME(t *testing.T) {
	const readme = "data/README.md"
	blocks := readmetest.Find(t, readme, "## 1210, unit by unit")
	if len(blocks) != 1 {
		t.Fatalf("%s: want one block after the heading, found %d", readme, len(blocks))
	}
	readmetest.Check(t, readme, blocks[0], coverageReport())
}

// coverageReport writes the 1210 answers of every unit with an answer of
// its own on the coverage days.
func coverageReport() string {
	var b strings.Builder
	for _, s := range coverageDays {
		day := cbec.MustParseDate(s)
		type row struct{ units, allowed, denied, unknown int }
		byProv := map[string]*row{}
		var provs []string
		var unknown []string
		total := row{}
		for c := range policy.Units() {
			p, _ := zones.ByCode(c.Province)
			r := byProv[p.Name]
			if r == nil {
				r = &row{}
				byProv[p.Name] = r
				provs = append(provs, p.Name)
			}
			d := policy.Decide(c, day, trade.BondedImport)
			r.units++
			total.units++
			switch d.Verdict() {
			case policy.Allowed:
				r.allowed++
				total.allowed++
			case policy.Denied:
				r.denied++
				total.denied++
			default:
				r.unknown++
				total.unknown++
				var why []string
				for _, g := range d.Gaps() {
					why = append(why, g.Kind.String()+" "+g.Subject)
				}
				unknown = append(unknown, fmt.Sprintf("  %s %s: %s", c.Code, c.Name, strings.Join(why, "; ")))
			}
		}
		fmt.Fprintf(&b, "%s: %d units, allowed %d, denied %d, unknown %d (%.1f%%)\n", s, total.units, total.allowed, total.denied, total.unknown,
			100*float64(total.unknown)/float64(total.units))
		for _, p := range provs {
			r := byProv[p]
			fmt.Fprintf(&b, "  %s %3d units: %3d allowed, %3d denied, %3d unknown\n", readmetest.Pad(p, 16), r.units, r.allowed, r.denied, r.unknown)
		}
		if s != coverageDays[len(coverageDays)-1] {
			fmt.Fprintf(&b, "unknown on %s, with the facts missing:\n", s)
			for _, u := range unknown {
				b.WriteString(u + "\n")
			}
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
