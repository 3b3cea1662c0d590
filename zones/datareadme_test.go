package zones_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/readmetest"
	"github.com/tradepolicy/cbec/zones"
)

// TestDataREADME keeps the "The rows in numbers" section of data/README.md
// current: how many rows have each date column, and the rows against the
// register and the counts, province by province. Run with -update after a
// data change.
func TestDataREADME(t *testing.T) {
	const readme = "data/README.md"
	blocks := readmetest.Find(t, readme, "## The rows in numbers")
	if len(blocks) != 1 {
		t.Fatalf("%s: want one block after the heading, found %d", readme, len(blocks))
	}
	readmetest.Check(t, readme, blocks[0], rowsReport())
}

func rowsReport() string {
	reg := zones.Default()
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %5s %5s %9s %7s %8s %6s %8s %10s %9s\n", "file", "rows", "from", "known_by", "opened", "open_by", "until", "gone_by", "successor", "verified")
	for _, cat := range zones.Categories() {
		var n [9]int
		for z := range reg.All() {
			if z.Category != cat {
				continue
			}
			n[0]++
			for i, ok := range []bool{z.FromPrecision != zones.DateUnknown, z.KnownBy.IsValid(), z.OpenedPrecision != zones.DateUnknown, z.OpenBy.IsValid(),
				z.UntilPrecision != zones.DateUnknown, z.GoneBy.IsValid(), z.Successor != "", z.Verified} {
				if ok {
					n[i+1]++
				}
			}
		}
		fmt.Fprintf(&b, "%-11s %5d %5d %9d %7d %8d %6d %8d %10d %9d\n", cat.Key()+".tsv", n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8])
	}
	for g := range reg.Registers() {
		fmt.Fprintf(&b, "\nregister %s (%s, %d entries), province by province:\n", g.ID, g.Day, len(g.Entries))
		fmt.Fprintf(&b, "  %s %6s %14s %8s\n", readmetest.Pad("province", 16), "rows", "open that day", "entries")
		type row struct{ rows, open, entries int }
		byProv := map[string]*row{}
		var provs []string
		get := func(code string) *row {
			p, _ := zones.ByCode(code[:2] + "0000")
			r := byProv[p.Name]
			if r == nil {
				r = &row{}
				byProv[p.Name] = r
				provs = append(provs, p.Name)
			}
			return r
		}
		for z := range reg.All() {
			if !g.Has(z.Category) {
				continue
			}
			r := get(z.City)
			r.rows++
			if z.OpenOn(g.Day) == zones.Present {
				r.open++
			}
		}
		for _, e := range g.Entries {
			get(e.City).entries++
		}
		for _, p := range provs {
			r := byProv[p]
			fmt.Fprintf(&b, "  %s %6d %14d %8d\n", readmetest.Pad(p, 16), r.rows, r.open, r.entries)
		}
		fmt.Fprintf(&b, "  matches: %v\n", reg.RegisterMatches(g.ID))
	}
	b.WriteString("\ncounts (matching every one; the others are listed under \"Counts that do not match the rows\"):\n")
	for c := range reg.Counts() {
		tl, _ := reg.Tally(c)
		fmt.Fprintf(&b, "  %-34s %-18s %s  count %3d  rows present %3d\n", c.ID, strings.Join(keys(c.Categories), "+"), c.Day, c.Count, len(tl.Present))
	}
	return b.String()
}

func keys(cs []zones.Category) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Key())
	}
	return out
}
