package zones

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/cite"
	"github.com/tradepolicy/cbec/internal/dates"
	"github.com/tradepolicy/cbec/internal/tsv"
)

// This file reads the data files (zones/data/*.tsv and overlays in their
// format) into rows; compile.go builds a Registry from them.

// The limits of the zone data, besides those of every file (see
// zones/data/README.md): units in the registry, zones in all files
// together, aliases of a unit, bytes in a name, English name or alias, and
// the largest number a count may give.
const (
	maxUnits   = 65535
	maxZones   = 65535
	maxAliases = 32
	maxNameLen = 120
	maxCount   = 1<<16 - 1
)

// The columns of each file.
var (
	cityColumns = []string{"code", "name", "level", "parent", "name_en", "aliases"}
	zoneColumns = []string{"id", "group", "name", "name_en", "city", "from", "known_by", "opened?", "open_by?", "until", "gone_by?", "successor?",
		"doc", "issuer", "url", "verified", "note"}
	datasetColumns    = []string{"category", "complete", "official_total", "as_of", "url", "gap"}
	countColumns      = []string{"id", "categories", "scope", "count", "day", "url", "verified", "note"}
	registerColumns   = []string{"id", "categories", "day", "url", "verified", "note"}
	registeredColumns = []string{"register", "entry", "office", "name", "city", "zone", "note"}
)

// A dataFile is one file of a dataset: its name, the column that keys a row
// (an overlay row replaces the base row of the same key) and its columns.
type dataFile struct {
	name string
	key  string
	cols []string
}

// dataFiles are the files of a dataset, in the order they are read.
var dataFiles = func() []dataFile {
	fs := []dataFile{{"cities.tsv", "code", cityColumns}}
	for _, cat := range Categories() {
		fs = append(fs, dataFile{cat.Key() + ".tsv", "id", zoneColumns})
	}
	return append(fs, dataFile{"datasets.tsv", "category", datasetColumns}, dataFile{"counts.tsv", "id", countColumns},
		dataFile{"registers.tsv", "id", registerColumns}, dataFile{"registered.tsv", "register\x00entry\x00office\x00zone", registeredColumns})
}()

// fileNames are the names of [dataFiles]: a file of another name in a
// dataset or an overlay is an error.
var fileNames = func() []string {
	var names []string
	for _, f := range dataFiles {
		names = append(names, f.name)
	}
	return names
}()

// A cityRow is a row of cities.tsv: a unit and the further spellings
// Lookup accepts.
type cityRow struct {
	City
	aliases []string
}

// A zoneRow is a zone and the line it was read from.
type zoneRow struct {
	Zone
	file string
	line int
}

// A countRow is a count and the line it was read from.
type countRow struct {
	Count
	file string
	line int
}

// records holds the records of a dataset's files, by file name.
type records map[string][]tsv.Record

// readRecords reads the files of a dataset from fsys, checking their names
// and columns. prefix names the files in errors ("" or "overlay/"). A
// missing file gives no records.
func readRecords(fsys fs.FS, prefix string) (records, error) {
	if fsys == nil {
		return nil, errors.New("nil file system")
	}
	if err := tsv.CheckNames(fsys, prefix, fileNames...); err != nil {
		return nil, err
	}
	recs := records{}
	for _, f := range dataFiles {
		rs, err := tsv.ReadFSAs(fsys, f.name, prefix+f.name, f.cols...)
		if err != nil {
			return nil, err
		}
		recs[f.name] = rs
	}
	return recs, nil
}

// merge returns base amended by overlay: each overlay record replaces the
// base record of the same key, or is added.
func (base records) merge(overlay records) (records, error) {
	out := records{}
	for _, f := range dataFiles {
		rs, err := tsv.Merge(base[f.name], overlay[f.name], func(r tsv.Record) string {
			var k []string
			for c := range strings.SplitSeq(f.key, "\x00") {
				k = append(k, r.Get(c))
			}
			return strings.Join(k, "\x00")
		}, false)
		if err != nil {
			return nil, err
		}
		out[f.name] = rs
	}
	return out, nil
}

var levels = map[string]Level{"province": Province, "prefecture": Prefecture, "county": County}

// readCities reads the records of cities.tsv and checks that codes are
// unique six-digit codes, that every parent exists and lies in the same
// province, and that levels are province, prefecture or county.
func readCities(recs []tsv.Record) ([]cityRow, error) {
	const file = "cities.tsv"
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: missing or empty", file)
	}
	out := make([]cityRow, 0, len(recs))
	seen := make(map[string]Level, len(recs))
	for _, rec := range recs {
		c := cityRow{City: City{Code: rec.Get("code"), Name: rec.Get("name"), Parent: rec.Get("parent"), NameEN: rec.Get("name_en")}}
		if a := rec.Get("aliases"); a != "" {
			if n := strings.Count(a, ";") + 1; n > maxAliases {
				return nil, rec.Errorf(file, "aliases", "%w: %d aliases, more than %d", tsv.ErrLimit, n, maxAliases)
			}
			c.aliases = strings.Split(a, ";")
		}
		for _, n := range append([]string{c.Name, c.NameEN}, c.aliases...) {
			if len(n) > maxNameLen {
				return nil, rec.Errorf(file, "name", "%w: a name or alias of %d bytes, longer than %d", tsv.ErrLimit, len(n), maxNameLen)
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
		c.Province = c.Code[:2] + "0000"
		switch c.Level = levels[rec.Get("level")]; c.Level {
		case Province:
			if c.Parent != "" || c.Code[2:] != "0000" {
				return nil, rec.Errorf(file, "parent", "a province has no parent and a code ending in 0000")
			}
		case Prefecture, County:
			if c.Parent == "" || c.Parent[:2] != c.Code[:2] {
				return nil, rec.Errorf(file, "parent", "%q is not in the province of %s", c.Parent, c.Code)
			}
		default:
			return nil, rec.Errorf(file, "level", "%q is not province, prefecture or county", rec.Get("level"))
		}
		seen[c.Code] = c.Level
		out = append(out, c)
	}
	for i, c := range out {
		if c.Parent == "" {
			continue
		}
		lvl, ok := seen[c.Parent]
		if !ok || (c.Level == Prefecture && lvl != Province) || lvl == County {
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

// readZones reads the records of the zone file of category cat.
func readZones(cat Category, recs []tsv.Record) ([]zoneRow, error) {
	file := cat.Key() + ".tsv"
	out := make([]zoneRow, 0, len(recs))
	for _, rec := range recs {
		z := Zone{
			ID: rec.Get("id"), Group: rec.Get("group"), Name: rec.Get("name"), NameEN: rec.Get("name_en"),
			Category: cat, City: rec.Get("city"), Note: rec.Get("note"),
			Source: cbec.Source{Doc: rec.Get("doc"), Issuer: rec.Get("issuer"), ReadAt: cite.Split(rec.Get("url"))},
		}
		z.Source.URL = cite.OfficialURL(z.Source.Doc, z.Source.Issuer, z.Source.ReadAt)
		for _, u := range z.Source.ReadAt {
			if err := cite.CheckURL(u); err != nil {
				return nil, rec.Errorf(file, "url", "%v", err)
			}
		}
		if !validID(z.ID) {
			return nil, rec.Errorf(file, "id", "%q is not a lowercase ASCII slug", z.ID)
		}
		if z.Name == "" {
			return nil, rec.Errorf(file, "name", "empty")
		}
		if !isCode(z.City) {
			return nil, rec.Errorf(file, "city", "%q is not a six-digit code", z.City)
		}
		var from, knownBy, opened, openBy, until, goneBy dates.Partial
		for _, f := range []struct {
			col string
			dst *dates.Partial
		}{{"from", &from}, {"known_by", &knownBy}, {"opened", &opened}, {"open_by", &openBy}, {"until", &until}, {"gone_by", &goneBy}} {
			d, err := dates.Read(rec.Get(f.col))
			if err != nil {
				return nil, rec.Errorf(file, f.col, "%v", err)
			}
			*f.dst = d
		}
		for _, f := range []struct {
			col string
			d   dates.Partial
		}{{"known_by", knownBy}, {"open_by", openBy}, {"gone_by", goneBy}} {
			if f.d.Prec != dates.Unknown && f.d.Prec != dates.Day {
				return nil, rec.Errorf(file, f.col, "a bound is a full day (YYYY-MM-DD)")
			}
		}
		// The dates must keep their order: no start surely after an end,
		// and nothing shown before the approval's earliest day.
		known := func(d dates.Partial) bool { return d.Prec != dates.Unknown }
		surelyBefore := func(a, b dates.Partial) bool {
			return known(a) && known(b) && a.End() <= b.Min && !(a.Prec == dates.Day && a.Min == b.Min)
		}
		for _, o := range []struct {
			early, late   dates.Partial
			col, what     string
			earlyN, lateN string
		}{
			{until, from, "until", "before", "until", "from"},
			{knownBy, from, "known_by", "before", "known_by", "from"},
			{opened, from, "opened", "before", "opened", "from"},
			{openBy, from, "open_by", "before", "open_by", "from"},
			{openBy, opened, "open_by", "before", "open_by", "opened"},
			{goneBy, from, "gone_by", "before", "gone_by", "from"},
			{goneBy, until, "gone_by", "before", "gone_by", "until"},
			{goneBy, knownBy, "gone_by", "before", "gone_by", "known_by"},
			{goneBy, opened, "gone_by", "before", "gone_by", "opened"},
			{goneBy, openBy, "gone_by", "before", "gone_by", "open_by"},
		} {
			if surelyBefore(o.early, o.late) {
				return nil, rec.Errorf(file, o.col, "%s %s is %s %s %s", o.earlyN, o.early, o.what, o.lateN, o.late)
			}
		}
		for _, o := range []struct {
			d    dates.Partial
			name string
		}{{knownBy, "known_by"}, {opened, "opened"}, {openBy, "open_by"}} {
			if known(o.d) && known(until) && o.d.Min >= until.End() {
				return nil, rec.Errorf(file, o.name, "%s %s is after until %s", o.name, o.d, until)
			}
		}
		z.Successor = rec.Get("successor")
		if z.Successor != "" && (!validID(z.Successor) || z.Successor == z.ID) {
			return nil, rec.Errorf(file, "successor", "%q is not the id of another zone", z.Successor)
		}
		z.Period.From, z.FromPrecision = day(from.Min), Precision(from.Prec)
		z.Period.Until, z.UntilPrecision = day(until.Min), Precision(until.Prec)
		z.KnownBy = day(knownBy.Min)
		z.Opened, z.OpenedPrecision = day(opened.Min), Precision(opened.Prec)
		z.OpenBy, z.GoneBy = day(openBy.Min), day(goneBy.Min)
		if from.Prec == dates.Day {
			z.Source.Issued = z.Period.From
		}
		switch rec.Get("verified") {
		case "yes":
			z.Verified = true
			if len(z.Source.ReadAt) == 0 {
				return nil, rec.Errorf(file, "url", "a verified row needs the URL it was read at")
			}
		case "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes or no", rec.Get("verified"))
		}
		if cat == CBECTestZone {
			if n, err := strconv.Atoi(z.Group); err != nil || n < 1 {
				return nil, rec.Errorf(file, "group", "%q is not a batch number", z.Group)
			}
		}
		out = append(out, zoneRow{z, rec.File, rec.Line})
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

// readDatasets reads the records of datasets.tsv.
func readDatasets(recs []tsv.Record) ([]Dataset, error) {
	const file = "datasets.tsv"
	var out []Dataset
	seen := map[Category]bool{}
	for _, rec := range recs {
		d := Dataset{Category: categoryByKey(rec.Get("category")), URL: rec.Get("url"), Gap: rec.Get("gap")}
		if !d.Category.IsValid() {
			return nil, rec.Errorf(file, "category", "unknown category %q", rec.Get("category"))
		}
		if seen[d.Category] {
			return nil, rec.Errorf(file, "category", "%s twice", d.Category.Key())
		}
		seen[d.Category] = true
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
		asOf, err := dates.Read(rec.Get("as_of"))
		if err != nil {
			return nil, rec.Errorf(file, "as_of", "%v", err)
		}
		d.AsOf = day(asOf.Min)
		out = append(out, d)
	}
	return out, nil
}

// categoryByKey returns the category of a data-file key ("cbz"), or the
// zero Category.
func categoryByKey(key string) Category {
	for _, c := range Categories() {
		if c.Key() == key {
			return c
		}
	}
	return 0
}

// readCounts reads the records of counts.tsv.
func readCounts(recs []tsv.Record) ([]countRow, error) {
	const file = "counts.tsv"
	out := make([]countRow, 0, len(recs))
	for _, rec := range recs {
		c := Count{ID: rec.Get("id"), Scope: rec.Get("scope"), URL: rec.Get("url"), Note: rec.Get("note")}
		if !validID(c.ID) {
			return nil, rec.Errorf(file, "id", "%q is not a lowercase ASCII slug", c.ID)
		}
		cats := rec.Get("categories")
		if cats == "" {
			return nil, rec.Errorf(file, "categories", "empty")
		}
		for _, k := range strings.Split(cats, "+") {
			cat := categoryByKey(k)
			if !cat.IsValid() {
				return nil, rec.Errorf(file, "categories", "unknown category %q (want keys such as cbz or cbz+special)", k)
			}
			if slices.Contains(c.Categories, cat) {
				return nil, rec.Errorf(file, "categories", "%s twice", k)
			}
			c.Categories = append(c.Categories, cat)
		}
		slices.Sort(c.Categories)
		if c.Scope != NationScope && !isCode(c.Scope) {
			return nil, rec.Errorf(file, "scope", "%q is not nation or a six-digit code", c.Scope)
		}
		n := rec.Get("count")
		if !digits(n) || len(n) > 5 {
			return nil, rec.Errorf(file, "count", "%q is not a number of zones", n)
		}
		for _, b := range []byte(n) {
			c.Count = c.Count*10 + int(b-'0')
		}
		if c.Count > maxCount {
			return nil, rec.Errorf(file, "count", "%d is more than %d", c.Count, maxCount)
		}
		var err error
		if c.Day, c.Verified, err = readDayVerified(rec, file, c.URL, "count"); err != nil {
			return nil, err
		}
		out = append(out, countRow{c, rec.File, rec.Line})
	}
	return out, nil
}

// readDayVerified reads the day (a full day) and verified columns of a
// count or register, whose url is what, if verified, it was read at.
func readDayVerified(rec tsv.Record, file, url, what string) (cbec.Date, bool, error) {
	d, err := dates.Read(rec.Get("day"))
	if err != nil {
		return cbec.Date{}, false, rec.Errorf(file, "day", "%v", err)
	}
	if d.Prec != dates.Day {
		return cbec.Date{}, false, rec.Errorf(file, "day", "must be a full day (YYYY-MM-DD)")
	}
	switch rec.Get("verified") {
	case "yes":
		if url == "" {
			return cbec.Date{}, false, rec.Errorf(file, "url", "a verified %s needs the URL it was read at", what)
		}
		return day(d.Min), true, nil
	case "no":
		return day(d.Min), false, nil
	}
	return cbec.Date{}, false, rec.Errorf(file, "verified", "%q is not yes or no", rec.Get("verified"))
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

// readRegisters reads the records of registers.tsv and registered.tsv.
func readRegisters(recs, entries []tsv.Record) ([]Register, error) {
	const file = "registers.tsv"
	var out []Register
	pos := map[string]int{}
	for _, rec := range recs {
		g := Register{ID: rec.Get("id"), URL: rec.Get("url"), Note: rec.Get("note")}
		if !validID(g.ID) {
			return nil, rec.Errorf(file, "id", "%q is not a lowercase ASCII slug", g.ID)
		}
		if _, dup := pos[g.ID]; dup {
			return nil, rec.Errorf(file, "id", "duplicate id %q", g.ID)
		}
		for _, k := range strings.Split(rec.Get("categories"), "+") {
			cat := categoryByKey(k)
			if !cat.IsValid() || slices.Contains(g.Categories, cat) {
				return nil, rec.Errorf(file, "categories", "%q is not a category key, or repeats one (want keys such as blc or cbz+special)", k)
			}
			g.Categories = append(g.Categories, cat)
		}
		slices.Sort(g.Categories)
		var err error
		if g.Day, g.Verified, err = readDayVerified(rec, file, g.URL, "register"); err != nil {
			return nil, err
		}
		pos[g.ID] = len(out)
		out = append(out, g)
	}
	for _, rec := range entries {
		const file = "registered.tsv"
		e := RegisterEntry{Code: rec.Get("entry"), Office: rec.Get("office"), Name: rec.Get("name"), City: rec.Get("city"), Zone: rec.Get("zone"), Note: rec.Get("note")}
		i, ok := pos[rec.Get("register")]
		if !ok {
			return nil, rec.Errorf(file, "register", "%q is not in registers.tsv", rec.Get("register"))
		}
		if e.Code == "" && e.Office == "" {
			return nil, rec.Errorf(file, "entry", "an entry needs its code in the register, its office, or both")
		}
		if e.Name == "" {
			return nil, rec.Errorf(file, "name", "empty")
		}
		if !isCode(e.City) {
			return nil, rec.Errorf(file, "city", "%q is not a six-digit code", e.City)
		}
		if !validID(e.Zone) {
			return nil, rec.Errorf(file, "zone", "%q is not a zone id", e.Zone)
		}
		out[i].Entries = append(out[i].Entries, e)
	}
	return out, nil
}
