package zonedata

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tradepolicy/cbec/internal/tsv"
)

// Nation is the scope of a count that covers the whole country.
const Nation = "nation"

// MaxCount is the largest number a count may give.
const MaxCount = 1<<16 - 1

// A Count is a row of counts.tsv: the number of zones of some categories
// that existed in a scope on a day, as a source gives it.
type Count struct {
	File       string
	Line       int
	ID         string
	Categories []string // category keys, in the order of Categories
	Scope      string   // Nation or a unit's code
	Count      int
	Day        int32 // YYYYMMDD, a full day
	URL, Note  string
	Verified   bool
}

// Mask returns the set of the count's categories: bit i stands for
// Categories[i].
func (c Count) Mask() uint16 {
	var m uint16
	for _, k := range c.Categories {
		if i := slices.Index(Categories, k); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

// CountColumns are the columns of counts.tsv.
var CountColumns = []string{"id", "categories", "scope", "count", "day", "url", "verified", "note"}

// ReadCounts reads the records of counts.tsv. latest is the last day a count
// may name (YYYYMMDD, the data version).
func ReadCounts(recs []tsv.Record, latest int32) ([]Count, error) {
	const file = "counts.tsv"
	out := make([]Count, 0, len(recs))
	for _, rec := range recs {
		c := Count{File: rec.File, Line: rec.Line, ID: rec.Get("id"), Scope: rec.Get("scope"), URL: rec.Get("url"), Note: rec.Get("note")}
		if !validID(c.ID) {
			return nil, rec.Errorf(file, "id", "%q is not a lowercase ASCII slug", c.ID)
		}
		cats := rec.Get("categories")
		if cats == "" {
			return nil, rec.Errorf(file, "categories", "empty")
		}
		for _, k := range strings.Split(cats, "+") {
			if !slices.Contains(Categories, k) {
				return nil, rec.Errorf(file, "categories", "unknown category %q (want keys such as cbz or cbz+special)", k)
			}
			if slices.Contains(c.Categories, k) {
				return nil, rec.Errorf(file, "categories", "%s twice", k)
			}
			c.Categories = append(c.Categories, k)
		}
		slices.SortFunc(c.Categories, func(a, b string) int { return slices.Index(Categories, a) - slices.Index(Categories, b) })
		if c.Scope != Nation && !isCode(c.Scope) {
			return nil, rec.Errorf(file, "scope", "%q is not nation or a six-digit code", c.Scope)
		}
		n := rec.Get("count")
		if !digits(n) || len(n) > 5 {
			return nil, rec.Errorf(file, "count", "%q is not a number of zones", n)
		}
		for _, b := range []byte(n) {
			c.Count = c.Count*10 + int(b-'0')
		}
		if c.Count > MaxCount {
			return nil, rec.Errorf(file, "count", "%d is more than %d", c.Count, MaxCount)
		}
		d, err := ParseDay(rec.Get("day"))
		if err != nil {
			return nil, rec.Errorf(file, "day", "%v", err)
		}
		if d.Prec != Exact {
			return nil, rec.Errorf(file, "day", "must be a full day (YYYY-MM-DD)")
		}
		if d.Min < Earliest || d.Min > latest {
			return nil, rec.Errorf(file, "day", "%s is outside %d..%d", d, Earliest, latest)
		}
		c.Day = d.Min
		switch rec.Get("verified") {
		case "yes":
			c.Verified = true
			if c.URL == "" {
				return nil, rec.Errorf(file, "url", "a verified count needs the URL it was read at")
			}
		case "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes or no", rec.Get("verified"))
		}
		out = append(out, c)
	}
	return out, nil
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// A Presence is whether a zone exists on a day, as far as its row tells.
type Presence uint8

// The presences, as those of package zones.
const (
	Unsure Presence = iota
	Present
	Absent
)

// On reports whether z exists on day d (YYYYMMDD), exactly as zones.Zone.On
// does: Present from its full-day from (the end of a partial from's month or
// year), or from known_by if that is earlier; Absent before its earliest
// possible from and from the end of its until; Unsure on the days between.
func (z Zone) On(d int32) Presence {
	if d <= 0 {
		return Unsure
	}
	if z.Until.Prec != Unknown {
		if d >= z.Until.Max() {
			return Absent
		}
		if d >= z.Until.Min {
			return Unsure
		}
	}
	sure := int32(0)
	if z.From.Prec != Unknown {
		sure = z.From.Max()
	}
	if z.KnownBy.Prec != Unknown && (sure == 0 || z.KnownBy.Min < sure) {
		sure = z.KnownBy.Min
	}
	if sure != 0 && d >= sure {
		return Present
	}
	if z.From.Prec != Unknown && d < z.From.Min {
		return Absent
	}
	return Unsure
}

// A Tally is what the rows say about a count: the zones (indexes into
// Tables.Zones) of its categories lying in its scope that surely exist on its
// day, and those the rows cannot place on it.
type Tally struct {
	Present, Unsure []int
}

// Matches reports whether the rows agree with c: exactly c.Count zones
// surely exist and none is unsure.
func (t Tally) Matches(c Count) bool { return len(t.Present) == c.Count && len(t.Unsure) == 0 }

// Tally compares count i with the rows. Call it after Build.
func (t *Tables) Tally(i int) Tally {
	c := t.Counts[i]
	mask := c.Mask()
	var out Tally
	visit := func(zi int) {
		z := t.Zones[zi]
		if mask&(1<<slices.Index(Categories, z.Category)) == 0 {
			return
		}
		switch z.On(c.Day) {
		case Present:
			out.Present = append(out.Present, zi)
		case Unsure:
			out.Unsure = append(out.Unsure, zi)
		}
	}
	if c.Scope == Nation {
		for zi := range t.Zones {
			visit(zi)
		}
		return out
	}
	u, ok := slices.BinarySearchFunc(t.Cities, c.Scope, func(e City, code string) int { return strings.Compare(e.Code, code) })
	if !ok {
		return out
	}
	for _, zi := range t.ZoneIdx[t.ZoneOffs[u]:t.ZoneOffs[u+1]] {
		visit(int(zi))
	}
	return out
}

// buildCounts checks the counts against the registry, decides which match
// the rows and indexes the matching ones by scope.
func (t *Tables) buildCounts(pos map[string]int) error {
	if len(t.Counts) >= 1<<16-1 {
		return fmt.Errorf("counts.tsv: %d counts: too many", len(t.Counts))
	}
	ids := make(map[string]Count, len(t.Counts))
	for _, c := range t.Counts {
		if p, dup := ids[c.ID]; dup {
			return &tsv.Error{File: c.File, Line: c.Line, Field: "id", Err: fmt.Errorf("duplicate id %q (also %s:%d)", c.ID, p.File, p.Line)}
		}
		ids[c.ID] = c
		if _, ok := pos[c.Scope]; !ok && c.Scope != Nation {
			return &tsv.Error{File: c.File, Line: c.Line, Field: "scope", Err: fmt.Errorf("%s is not in the registry", c.Scope)}
		}
	}
	// Matching counts by scope, earliest day first.
	order := make([]int, len(t.Counts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(t.Counts[a].Day) - int(t.Counts[b].Day) })
	t.CountMatch = make([]bool, len(t.Counts))
	byUnit := make([][]uint32, len(t.Cities))
	t.NationCounts = t.NationCounts[:0]
	for _, i := range order {
		c := t.Counts[i]
		if !t.Tally(i).Matches(c) {
			continue
		}
		t.CountMatch[i] = true
		if c.Scope == Nation {
			t.NationCounts = append(t.NationCounts, uint32(i))
		} else {
			byUnit[pos[c.Scope]] = append(byUnit[pos[c.Scope]], uint32(i))
		}
	}
	t.CountOffs, t.CountIdx = flatten(byUnit)
	return nil
}

// flatten lays out per-unit lists as offsets and one slice: the list of
// unit i is idx[offs[i]:offs[i+1]].
func flatten(lists [][]uint32) (offs, idx []uint32) {
	offs = make([]uint32, 0, len(lists)+1)
	for _, l := range lists {
		offs = append(offs, uint32(len(idx)))
		idx = append(idx, l...)
	}
	return append(offs, uint32(len(idx))), idx
}
