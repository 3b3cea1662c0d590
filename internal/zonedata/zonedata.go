// Package zonedata reads and validates the zone data files (zones/data/*.tsv):
// the city registry, the zones of each category, the datasets' totals and the
// counts that are evidence of absence. It
// is shared by the generator that compiles the embedded tables and by the
// run-time loader, so both accept exactly the same files.
package zonedata

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec/internal/cite"
	"github.com/tradepolicy/cbec/internal/tsv"
)

// Precision says how much of a day is known.
type Precision uint8

// The precisions of a [Day].
const (
	Unknown Precision = iota // nothing is known
	Year                     // only the year
	Month                    // the year and month
	Exact                    // the day
)

// A Day is a possibly partial date. Min is the earliest day it can be, as
// YYYYMMDD (0 when unknown): 2012-12 has Min 20121201.
type Day struct {
	Min  int32
	Prec Precision
}

// Max returns the day after the last day d can be (YYYYMMDD), or 0.
func (d Day) Max() int32 {
	y, m := d.Min/10000, d.Min/100%100
	switch d.Prec {
	case Exact:
		return d.Min
	case Month:
		if m == 12 {
			return (y+1)*10000 + 101
		}
		return y*10000 + (m+1)*100 + 1
	case Year:
		return (y+1)*10000 + 101
	}
	return 0
}

// String returns d as it is written in the data: YYYY-MM-DD, YYYY-MM, YYYY
// or "".
func (d Day) String() string {
	s := fmt.Sprintf("%08d", d.Min)
	switch d.Prec {
	case Exact:
		return s[:4] + "-" + s[4:6] + "-" + s[6:]
	case Month:
		return s[:4] + "-" + s[4:6]
	case Year:
		return s[:4]
	}
	return ""
}

// ParseDay parses "", "YYYY", "YYYY-MM" or "YYYY-MM-DD".
func ParseDay(s string) (Day, error) {
	bad := fmt.Errorf("%q is not YYYY-MM-DD, YYYY-MM, YYYY or empty", s)
	num := func(t string) (int32, bool) {
		n, err := strconv.Atoi(t)
		return int32(n), err == nil && t[0] >= '0' && t[0] <= '9'
	}
	switch len(s) {
	case 0:
		return Day{}, nil
	case 4:
		y, ok := num(s)
		if !ok || y < 1 {
			return Day{}, bad
		}
		return Day{y*10000 + 101, Year}, nil
	case 7:
		y, ok1 := num(s[:4])
		m, ok2 := num(s[5:])
		if !ok1 || !ok2 || s[4] != '-' || y < 1 || m < 1 || m > 12 {
			return Day{}, bad
		}
		return Day{y*10000 + m*100 + 1, Month}, nil
	case 10:
		y, ok1 := num(s[:4])
		m, ok2 := num(s[5:7])
		d, ok3 := num(s[8:])
		if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return Day{}, bad
		}
		return Day{y*10000 + m*100 + d, Exact}, nil
	}
	return Day{}, bad
}

func daysIn(y, m int32) int32 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// A City is a row of cities.tsv.
type City struct {
	Code, Name, Level, Parent, NameEN string
	Aliases                           []string
}

// A Zone is a row of a zone file.
type Zone struct {
	File                          string
	Line                          int
	Category                      string // the file's category key
	ID, Group, Name, NameEN, City string
	From, KnownBy, Until          Day
	Doc, Issuer, Note             string
	// URL is the official publication of the approving document, or
	// empty (see OfficialURL); ReadAt the pages of the url column, in order.
	URL      string
	ReadAt   []string
	Verified bool
}

// OfficialURL returns the official publication of a zone's approving
// document among the pages read, or "": the first page of the State
// Council's policy library (www.gov.cn/zhengce/, where the texts of State
// Council documents such as the approvals 国函 and 国发 are published),
// provided the row names a document issued by the State Council. Other pages
// on government hosts are mostly news and local restatements, not the
// approving document, and stay in ReadAt only.
func OfficialURL(doc, issuer string, readAt []string) string {
	if doc == "" || !strings.Contains(issuer, "国务院") {
		return ""
	}
	for _, u := range readAt {
		if cite.PolicyLibrary(u) {
			return u
		}
	}
	return ""
}

// A Dataset is a row of datasets.tsv.
type Dataset struct {
	Category      string
	Complete      bool
	OfficialTotal int
	AsOf          Day
	URL, Gap      string
}

// Categories are the zone file keys, in the order of zones.Category.
var Categories = []string{"ftz", "cbec", "cbz", "demo", "blc", "special", "regime"}

// Bounds of every date in the data (YYYYMMDD): no date before Earliest, none
// after Horizon. A zone's dates and a dataset's as_of must moreover not be
// after the data version.
const (
	Earliest int32 = 19900101
	Horizon  int32 = 21001231
)

// CheckRange returns an error if d is known and outside lo..hi.
func CheckRange(d Day, lo, hi int32) error {
	if d.Prec != Unknown && (d.Min < lo || d.Min > hi) {
		return fmt.Errorf("%s is outside %s..%s", d, Day{lo, Exact}, Day{hi, Exact})
	}
	return nil
}

// The limits of the zone data, besides those of every file (see package
// tsv): units in the registry, zones in all files together, aliases of a
// unit, and bytes in a name, English name or alias.
const (
	MaxUnits   = 65535
	MaxZones   = 65535
	MaxAliases = 32
	MaxNameLen = 120
)

// CityColumns are the columns of cities.tsv.
var CityColumns = []string{"code", "name", "level", "parent", "name_en", "aliases"}

// ReadCities reads the records of cities.tsv and checks that codes are
// unique six-digit codes, that every parent exists and lies in the same
// province, and that levels are province, prefecture or county.
func ReadCities(recs []tsv.Record) ([]City, error) {
	const file = "cities.tsv"
	out := make([]City, 0, len(recs))
	seen := make(map[string]string, len(recs))
	for _, rec := range recs {
		c := City{
			Code: rec.Get("code"), Name: rec.Get("name"), Level: rec.Get("level"),
			Parent: rec.Get("parent"), NameEN: rec.Get("name_en"),
		}
		if a := rec.Get("aliases"); a != "" {
			if n := strings.Count(a, ";") + 1; n > MaxAliases {
				return nil, rec.Errorf(file, "aliases", "%w: %d aliases, more than %d", tsv.ErrLimit, n, MaxAliases)
			}
			c.Aliases = strings.Split(a, ";")
		}
		for _, n := range append([]string{c.Name, c.NameEN}, c.Aliases...) {
			if len(n) > MaxNameLen {
				return nil, rec.Errorf(file, "name", "%w: a name or alias of %d bytes, longer than %d", tsv.ErrLimit, len(n), MaxNameLen)
			}
		}
		if !isCode(c.Code) {
			return nil, rec.Errorf(file, "code", "%q is not a six-digit code", c.Code)
		}
		if _, dup := seen[c.Code]; dup {
			return nil, rec.Errorf(file, "code", "duplicate code %s", c.Code)
		}
		if c.Name == "" {
			return nil, rec.Errorf(file, "name", "empty")
		}
		switch c.Level {
		case "province":
			if c.Parent != "" || c.Code[2:] != "0000" {
				return nil, rec.Errorf(file, "parent", "a province has no parent and a code ending in 0000")
			}
		case "prefecture", "county":
			if c.Parent == "" || c.Parent[:2] != c.Code[:2] {
				return nil, rec.Errorf(file, "parent", "%q is not in the province of %s", c.Parent, c.Code)
			}
		default:
			return nil, rec.Errorf(file, "level", "%q is not province, prefecture or county", c.Level)
		}
		seen[c.Code] = c.Level
		out = append(out, c)
	}
	for i, c := range out {
		if c.Parent == "" {
			continue
		}
		lvl, ok := seen[c.Parent]
		if !ok || (c.Level == "prefecture" && lvl != "province") || lvl == "county" {
			return nil, recs[i].Errorf(file, "parent", "%s is not a known province or prefecture", c.Parent)
		}
	}
	return out, nil
}

func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != "000000"
}

// ZoneColumns are the columns of a zone file, in order.
var ZoneColumns = []string{"id", "group", "name", "name_en", "city", "from", "known_by", "until", "doc", "issuer", "url", "verified", "note"}

// ReadZones reads the records of one zone file of the given category.
// latest is the last day a date may name (YYYYMMDD, the data version).
func ReadZones(category string, recs []tsv.Record, latest int32) ([]Zone, error) {
	file := category + ".tsv"
	if !slices.Contains(Categories, category) {
		return nil, fmt.Errorf("%s: unknown category %q", file, category)
	}
	out := make([]Zone, 0, len(recs))
	for _, rec := range recs {
		z := Zone{
			File: rec.File, Line: rec.Line, Category: category,
			ID: rec.Get("id"), Group: rec.Get("group"), Name: rec.Get("name"), NameEN: rec.Get("name_en"),
			City: rec.Get("city"), Doc: rec.Get("doc"), Issuer: rec.Get("issuer"), Note: rec.Get("note"),
			ReadAt: cite.Split(rec.Get("url")),
		}
		for _, u := range z.ReadAt {
			if err := cite.CheckURL(u); err != nil {
				return nil, rec.Errorf(file, "url", "%v", err)
			}
		}
		z.URL = OfficialURL(z.Doc, z.Issuer, z.ReadAt)
		if !validID(z.ID) {
			return nil, rec.Errorf(file, "id", "%q is not a lowercase ASCII slug", z.ID)
		}
		if z.Name == "" {
			return nil, rec.Errorf(file, "name", "empty")
		}
		if !isCode(z.City) {
			return nil, rec.Errorf(file, "city", "%q is not a six-digit code", z.City)
		}
		for _, f := range []struct {
			col string
			dst *Day
		}{{"from", &z.From}, {"known_by", &z.KnownBy}, {"until", &z.Until}} {
			d, err := ParseDay(rec.Get(f.col))
			if err != nil {
				return nil, rec.Errorf(file, f.col, "%v", err)
			}
			if err := CheckRange(d, Earliest, min(latest, Horizon)); err != nil {
				return nil, rec.Errorf(file, f.col, "%w", err)
			}
			*f.dst = d
		}
		if z.KnownBy.Prec != Unknown && z.KnownBy.Prec != Exact {
			return nil, rec.Errorf(file, "known_by", "must be a full day")
		}
		if z.Until.Prec != Unknown && z.From.Prec != Unknown && z.Until.Min < z.From.Max() && z.Until.Max() <= z.From.Min {
			return nil, rec.Errorf(file, "until", "%s is before from %s", z.Until, z.From)
		}
		if z.KnownBy.Prec != Unknown && z.From.Prec != Unknown && z.KnownBy.Min < z.From.Min {
			return nil, rec.Errorf(file, "known_by", "%s is before from %s", z.KnownBy, z.From)
		}
		if z.KnownBy.Prec != Unknown && z.Until.Prec != Unknown && z.KnownBy.Min >= z.Until.Max() {
			return nil, rec.Errorf(file, "known_by", "%s is after until %s", z.KnownBy, z.Until)
		}
		switch rec.Get("verified") {
		case "yes":
			z.Verified = true
			if len(z.ReadAt) == 0 {
				return nil, rec.Errorf(file, "url", "a verified row needs the URL it was read at")
			}
		case "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes or no", rec.Get("verified"))
		}
		if category == "cbec" {
			if n, err := strconv.Atoi(z.Group); err != nil || n < 1 {
				return nil, rec.Errorf(file, "group", "%q is not a batch number", z.Group)
			}
		}
		out = append(out, z)
	}
	return out, nil
}

func validID(s string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0 && i < len(s)-1) {
			return false
		}
	}
	return true
}

// CheckUnique reports the first zone whose id repeats an earlier one, or
// whose category, name and city repeat an earlier zone's.
func CheckUnique(zs []Zone) error {
	ids := make(map[string]Zone, len(zs))
	names := make(map[string]Zone, len(zs))
	for _, z := range zs {
		if p, dup := ids[z.ID]; dup {
			return &tsv.Error{File: z.File, Line: z.Line, Field: "id", Err: fmt.Errorf("duplicate id %q (also %s:%d)", z.ID, p.File, p.Line)}
		}
		ids[z.ID] = z
		k := z.Category + "\x00" + z.Name + "\x00" + z.City + "\x00" + z.From.String()
		if p, dup := names[k]; dup {
			return &tsv.Error{File: z.File, Line: z.Line, Field: "name", Err: fmt.Errorf("duplicate zone %s (also %s:%d)", z.Name, p.File, p.Line)}
		}
		names[k] = z
	}
	return nil
}

// DatasetColumns are the columns of datasets.tsv.
var DatasetColumns = []string{"category", "complete", "official_total", "as_of", "url", "gap"}

// ReadDatasets reads the records of datasets.tsv.
func ReadDatasets(recs []tsv.Record) ([]Dataset, error) {
	const file = "datasets.tsv"
	var out []Dataset
	for _, rec := range recs {
		d := Dataset{Category: rec.Get("category"), URL: rec.Get("url"), Gap: rec.Get("gap")}
		if !slices.Contains(Categories, d.Category) {
			return nil, rec.Errorf(file, "category", "unknown category %q", d.Category)
		}
		switch rec.Get("complete") {
		case "yes":
			d.Complete = true
		case "no":
		default:
			return nil, rec.Errorf(file, "complete", "%q is not yes or no", rec.Get("complete"))
		}
		if t := rec.Get("official_total"); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil || n < 0 {
				return nil, rec.Errorf(file, "official_total", "%q is not a count", t)
			}
			d.OfficialTotal = n
		}
		var err error
		if d.AsOf, err = ParseDay(rec.Get("as_of")); err != nil {
			return nil, rec.Errorf(file, "as_of", "%v", err)
		}
		if err := CheckRange(d.AsOf, Earliest, Horizon); err != nil {
			return nil, rec.Errorf(file, "as_of", "%w", err)
		}
		out = append(out, d)
	}
	return out, nil
}
