package zones

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/zonedata"
)

// Load reads a complete dataset in the format of the embedded one from fsys:
// cities.tsv, a zone file per category (ftz.tsv, cbec.tsv, cbz.tsv, demo.tsv,
// blc.tsv, special.tsv, regime.tsv; a missing file means no zones of that
// category), datasets.tsv (optional) and counts.tsv (optional: the counts
// that are evidence of absence, see [Count]). See zones/data/README.md for
// the columns.
//
// Load validates everything before it returns: a file it does not know (a
// misnamed cbz.csv; README files and names starting with '.' are allowed), a
// column a file does not have (a misspelled "untill") or lacks, a malformed
// date, an unknown city code, a duplicate id, a verified row without its
// source. Its error names the file, the line and the field. A UTF-8 byte
// order mark and CRLF line ends are accepted. On error nothing is returned; the
// embedded data is never changed. The Registry it returns is immutable and
// safe for concurrent use. A nil fsys is an error.
//
// The data must keep within limits, each checked with an error naming the
// file, the line and the limit (zones/data/README.md lists them): a file of
// at most 64 MiB, 1,000,000 records and 64 columns, a line of at most
// 16 KiB and a field of at most 4 KiB; at most 65,535 units and 65,535
// zones, 32 aliases per unit and 120 bytes per name; dates from 1990-01-01
// to the data version. Loading takes O(n log n) in the rows.
func Load(fsys fs.FS) (*Registry, error) {
	return load(fsys, nil)
}

// Extend returns a registry of the embedded data amended by the files in
// overlay, which have the names and columns of the embedded ones (see
// [Data]): a zone row replaces the embedded row with the same id (to record
// a revocation, say) or adds a zone (one approved after this release); a
// cities.tsv row replaces or adds a unit by code; a datasets.tsv row
// replaces a category's; a counts.tsv row replaces the count with the same id
// or adds one (a city known to have no type-B center: blc, the city's code,
// 0, the day, the source). A file of another name, or a column the file does
// not have, is an error that names it (in errors, overlay files are named
// "overlay/cbz.tsv"): a misnamed fix never silently fails to apply. Like
// [Load], it validates everything and changes nothing on error: the
// embedded registry stays as it is. Whether each count matches is decided
// against the amended rows.
func Extend(overlay fs.FS) (*Registry, error) {
	base, err := embedded()
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	t, err := base.Load(overlay, ymd(cbec.DataDate()))
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	return fromTables(t), nil
}

// embedded returns the records of the embedded files, read on first use and
// shared by every [Extend].
var embedded = sync.OnceValues(func() (*zonedata.Base, error) { return zonedata.ReadBase(Data()) })

func load(base, overlay fs.FS) (*Registry, error) {
	t, err := zonedata.Load(base, overlay, ymd(cbec.DataDate()))
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	return fromTables(t), nil
}

//go:embed data/*.tsv
var data embed.FS

// Data returns the embedded data files (cities.tsv, the zone files,
// datasets.tsv and counts.tsv), the source of the embedded registry; see
// zones/data/README.md for their columns.
func Data() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the embedded directory exists
	}
	return sub
}

func ymd(d cbec.Date) int32 { return int32(d.YYYYMMDD()) }

var levels = map[string]Level{"province": Province, "prefecture": Prefecture, "county": County}

var categoryByKey = map[string]Category{"ftz": FreeTradeZone, "cbec": CBECTestZone, "cbz": ComprehensiveBondedZone, "demo": ImportDemoZone, "blc": BondedLogisticsCenterB, "special": OtherSpecialArea, "regime": SpecialRegime}

func fromTables(t *zonedata.Tables) *Registry {
	r := &Registry{
		cities:   make([]City, len(t.Cities)),
		parent:   make([]uint32, len(t.Cities)),
		keys:     t.Index.Keys,
		keyOffs:  t.Index.Offs,
		keyUnits: t.Index.Units,
		keySlots: t.Index.Slots,
		zones:    make([]Zone, len(t.Zones)),
		zoneOffs: t.ZoneOffs,
		zoneIdx:  t.ZoneIdx,

		codedOffs:    t.CodedOffs,
		codedIdx:     t.CodedIdx,
		counts:       make([]Count, len(t.Counts)),
		countMask:    make([]uint16, len(t.Counts)),
		countMatch:   t.CountMatch,
		countOffs:    t.CountOffs,
		countIdx:     t.CountIdx,
		nationCounts: t.NationCounts,
	}
	for i, c := range t.Counts {
		r.counts[i] = countFromRow(c)
		r.countMask[i] = c.Mask()
	}
	for i, c := range t.Cities {
		r.cities[i] = City{Code: c.Code, Name: c.Name, NameEN: c.NameEN, Province: c.Code[:2] + "0000", Parent: c.Parent, Level: levels[c.Level], idx: uint32(i + 1)}
		r.parent[i] = uint32(t.Parent[i] + 1)
	}
	for i, z := range t.Zones {
		r.zones[i] = zoneFromRow(z)
	}
	for _, c := range zonedata.Categories {
		cat := categoryByKey[c]
		r.datasets[cat].Category = cat
	}
	for _, z := range r.zones {
		r.datasets[z.Category].Rows++
	}
	for _, d := range t.Datasets {
		ds := &r.datasets[categoryByKey[d.Category]]
		ds.Complete, ds.OfficialTotal, ds.URL, ds.Gap = d.Complete, d.OfficialTotal, d.URL, d.Gap
		ds.AsOf = day(d.AsOf.Min)
	}
	return r
}

// countFromRow converts a validated counts.tsv row to a Count.
func countFromRow(c zonedata.Count) Count {
	cats := make([]Category, len(c.Categories))
	for i, k := range c.Categories {
		cats[i] = categoryByKey[k]
	}
	return Count{ID: c.ID, Categories: cats, Scope: c.Scope, Count: c.Count, Day: day(c.Day), URL: c.URL, Verified: c.Verified, Note: c.Note}
}

var precisions = [...]Precision{zonedata.Unknown: DateUnknown, zonedata.Year: YearOnly, zonedata.Month: MonthOnly, zonedata.Exact: ExactDay}

// zoneFromRow converts a validated data row to a Zone.
func zoneFromRow(z zonedata.Zone) Zone {
	issued := cbec.Date{}
	if z.From.Prec == zonedata.Exact {
		issued = day(z.From.Min)
	}
	return Zone{
		ID: z.ID, Name: z.Name, NameEN: z.NameEN, Category: categoryByKey[z.Category], Group: z.Group, City: z.City,
		Period:        cbec.Period{From: day(z.From.Min), Until: day(z.Until.Min)},
		FromPrecision: precisions[z.From.Prec], UntilPrecision: precisions[z.Until.Prec],
		KnownBy:  day(z.KnownBy.Min),
		Source:   cbec.Source{Doc: z.Doc, Issuer: z.Issuer, Issued: issued, URL: z.URL, ReadAt: z.ReadAt},
		Verified: z.Verified, Note: z.Note,
	}
}
