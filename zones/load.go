package zones

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/tradepolicy/cbec"
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
// to 2100-12-31 (a program's own rows may name days after the data
// version). Loading takes O(n log n) in the rows.
func Load(fsys fs.FS) (*Registry, error) {
	return load(fsys)
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
	b, err := embedded()
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	more, err := readRecords(overlay, "overlay/")
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	recs, err := b.recs.merge(more)
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	var d *dataset
	if len(more["cities.tsv"]) == 0 {
		// The embedded cities, whose index is built once.
		if d, err = readZoneFiles(recs, b.rows, more); err == nil {
			d.cities, d.index = b.cities, b.index
		}
	} else {
		d, err = read(recs)
	}
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	r, err := compile(d)
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	r.changes = diff(Default(), r, more)
	return r, nil
}

// A base is the records of the embedded files, and their cities and index,
// read once and shared by every [Extend].
type base struct {
	recs   records
	cities []cityRow
	index  *keyIndex
	rows   *dataset // the rows of the other files, by category
}

// embedded returns the embedded base, read on first use.
var embedded = sync.OnceValues(func() (*base, error) {
	recs, err := readRecords(Data(), "")
	if err != nil {
		return nil, err
	}
	b := &base{recs: recs}
	if b.cities, err = readCities(recs["cities.tsv"]); err != nil {
		return nil, err
	}
	b.cities = slices.Clone(b.cities)
	slices.SortStableFunc(b.cities, func(a, b cityRow) int { return cmp.Compare(a.Code, b.Code) })
	if b.index, err = buildIndex(b.cities); err != nil {
		return nil, err
	}
	if b.rows, err = readZoneFiles(recs, nil, nil); err != nil {
		return nil, err
	}
	for _, z := range b.rows.zones {
		b.rows.byCat[z.Category] = append(b.rows.byCat[z.Category], z)
	}
	return b, nil
})

func load(fsys fs.FS) (*Registry, error) {
	recs, err := readRecords(fsys, "")
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	d, err := read(recs)
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	r, err := compile(d)
	if err != nil {
		return nil, fmt.Errorf("zones: %w", err)
	}
	return r, nil
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
