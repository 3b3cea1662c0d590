package zones_test

import (
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/zones"
)

const zoneHeader = "id\tgroup\tname\tname_en\tcity\tfrom\tknown_by\tuntil\tdoc\tissuer\turl\tverified\tnote\n"

// overlay returns an overlay with one cbz.tsv holding the given rows.
func overlay(rows ...string) fstest.MapFS {
	return fstest.MapFS{"cbz.tsv": {Data: []byte(zoneHeader + strings.Join(rows, "\n") + "\n")}}
}

func TestExtend(t *testing.T) {
	before := zones.Default().NumZones()
	lz, _ := zones.Lookup("兰州")
	reg, err := zones.Extend(fstest.MapFS{
		"cbz.tsv": {Data: []byte(zoneHeader +
			"cbz-test-new\t\t测试综合保税区\tTest CBZ\t330782\t2026-06-01\t\t\t国函〔2026〕1号\t国务院\thttps://example.org/new\tyes\tadded by an overlay\n" +
			// Replace the embedded row of 兰州新区综合保税区 with one that ends.
			"cbz-lanzhou-new-area\t\t兰州新区综合保税区\tLanzhou New Area CBZ\t620100\t2014-07-15\t\t2026-01-01\t\t国务院\thttps://example.org/revoked\tyes\trevoked in this test\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if reg.NumZones() != before+1 {
		t.Errorf("NumZones = %d, want %d", reg.NumZones(), before+1)
	}
	z, ok := reg.ByID("cbz-test-new")
	yiwu, _ := reg.Lookup("义乌")
	if !ok || z.City != "330782" || z.On(cbec.MustParseDate("2026-06-01")) != zones.Present {
		t.Errorf("new zone: %+v %v", z, ok)
	}
	if !slices.ContainsFunc(slices.Collect(reg.In(yiwu, cbec.MustParseDate("2026-07-01"))), func(z zones.Zone) bool { return z.ID == "cbz-test-new" }) {
		t.Error("In(义乌) does not yield the new zone")
	}
	if got, _ := reg.ByID("cbz-lanzhou-new-area"); got.Period.Until != cbec.MustParseDate("2026-01-01") {
		t.Errorf("replaced zone: %+v", got)
	}
	// The embedded registry is unchanged.
	if zones.Default().NumZones() != before {
		t.Error("Extend changed the embedded registry")
	}
	if _, ok := zones.Default().ByID("cbz-test-new"); ok {
		t.Error("the embedded registry has the overlay's zone")
	}
	if got := zones.Hosts(lz, zones.ComprehensiveBondedZone, cbec.MustParseDate("2026-06-01")); got != zones.Present {
		t.Errorf("embedded Hosts(兰州) = %v", got)
	}
}

// TestLoadRejectsBadRows checks each kind of bad row: the error names the
// file, the line and the field, nothing comes back, and the embedded data is
// unchanged.
func TestLoadRejectsBadRows(t *testing.T) {
	good := "cbz-x\t\t某综合保税区\tSome CBZ\t330782\t2020-01-01\t\t\t\t国务院\thttps://example.org\tyes\t"
	bad := func(col int, value string) string {
		f := strings.Split(good, "\t")
		f[col] = value
		return strings.Join(f, "\t")
	}
	tests := []struct {
		name string
		fs   fs.FS
		want string
	}{
		{"unknown city code", overlay(bad(4, "999999")), "999999 is not in the registry"},
		{"not a code", overlay(bad(4, "3307")), "cbz.tsv:2: city"},
		{"malformed date", overlay(bad(5, "2020-02-30")), "cbz.tsv:2: from"},
		{"date after the limit", overlay(bad(5, "2101-01-01")), "cbz.tsv:2: from"},
		{"date before 1990", overlay(bad(5, "1989-12-31")), "cbz.tsv:2: from"},
		{"until before from", overlay(bad(7, "2019-01-01")), "cbz.tsv:2: until"},
		{"known_by not a day", overlay(bad(6, "2020-05")), "cbz.tsv:2: known_by"},
		{"missing source", overlay(bad(10, "")), "cbz.tsv:2: url"},
		{"source not a URL", overlay(bad(10, "a company web page")), "cbz.tsv:2: url"},
		{"relative source", overlay(bad(10, "https://example.org ; example.net/x")), "cbz.tsv:2: url"},
		{"bad verified flag", overlay(bad(11, "maybe")), "cbz.tsv:2: verified"},
		{"bad id", overlay(bad(0, "CBZ X")), "cbz.tsv:2: id"},
		{"empty name", overlay(bad(2, "")), "cbz.tsv:2: name"},
		{"duplicate id in the overlay", overlay(good, good), "appears twice"},
		{"duplicate id across files", fstest.MapFS{"blc.tsv": {Data: []byte(zoneHeader + strings.Replace(good, "cbz-x", "cbz-hangzhou", 1) + "\n")}}, "duplicate id"},
		{"wrong field count", overlay("cbz-x\tonly three\tfields"), "cbz.tsv:2: 3 fields"},
		{"missing column", fstest.MapFS{"cbz.tsv": {Data: []byte("id\tname\ncbz-x\tX\n")}}, "missing column"},
		{"missing column named", fstest.MapFS{"cbz.tsv": {Data: []byte(strings.Replace(zoneHeader, "\tnote", "", 1))}}, "overlay/cbz.tsv:1: note: missing column"},
		{"misspelled column", fstest.MapFS{"cbz.tsv": {Data: []byte(strings.Replace(zoneHeader, "\tuntil\t", "\tuntill\t", 1))}}, `overlay/cbz.tsv:1: "untill": unknown column; did you mean "until"?`},
		{"extra column", fstest.MapFS{"cbz.tsv": {Data: []byte(strings.TrimSuffix(zoneHeader, "\n") + "\textra\n")}}, `overlay/cbz.tsv:1: "extra": unknown column`},
		{"misnamed file", fstest.MapFS{"cbz.csv": {Data: []byte(zoneHeader + good + "\n")}}, `overlay/cbz.csv: unknown file; did you mean "cbz.tsv"?`},
		{"misnamed city file", fstest.MapFS{"city.tsv": {}}, "overlay/city.tsv: unknown file; want one of cities.tsv"},
		{"unrelated file", fstest.MapFS{"zones.json": {}}, "overlay/zones.json: unknown file; want one of cities.tsv, ftz.tsv"},
		{"subdirectory", fstest.MapFS{"data/cbz.tsv": {Data: []byte(zoneHeader)}}, "overlay/data: a directory"},
		{"invalid UTF-8", overlay(bad(2, "\xff\xfe")), "not valid UTF-8"},
		{"bad city parent", fstest.MapFS{"cities.tsv": {Data: []byte("code\tname\tlevel\tparent\tname_en\taliases\n330799\t某市\tcounty\t110000\tX\t\n")}}, "cities.tsv:2: parent"},
		{"bad dataset", fstest.MapFS{"datasets.tsv": {Data: []byte("category\tcomplete\tofficial_total\tas_of\turl\tgap\ncbz\tperhaps\t1\t2020-01-01\t\t\n")}}, "datasets.tsv:2: complete"},
	}
	before := slices.Collect(zones.All())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := zones.Extend(tt.fs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Extend error = %v, want one containing %q", err, tt.want)
			}
			if reg != nil {
				t.Error("a registry came back with the error")
			}
		})
	}
	after := slices.Collect(zones.All())
	if !reflect.DeepEqual(before, after) {
		t.Error("a failed load changed the embedded zones")
	}
}

// TestExtendAccepts checks what an overlay may hold besides plain data
// files: a byte order mark, READMEs and hidden files, and each known file.
func TestExtendAccepts(t *testing.T) {
	row := "cbz-bom-test\t\t某综合保税区\tSome CBZ\t330782\t2020-01-01\t\t\t\t国务院\thttps://example.org\tyes\t\n"
	for _, tt := range []struct {
		name string
		fs   fstest.MapFS
	}{
		{"byte order mark", fstest.MapFS{"cbz.tsv": {Data: []byte("\ufeff" + zoneHeader + row)}}},
		{"CRLF and a byte order mark", fstest.MapFS{"cbz.tsv": {Data: []byte(strings.ReplaceAll("\ufeff"+zoneHeader+row, "\n", "\r\n"))}}},
		{"readme and hidden files", fstest.MapFS{"README.md": {}, ".DS_Store": {}, "cbz.tsv": {Data: []byte(zoneHeader + row)}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := zones.Extend(tt.fs)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := reg.ByID("cbz-bom-test"); !ok {
				t.Error("the overlay's zone is missing")
			}
		})
	}
}

// TestLoadRejectsUnknownFile checks that a complete dataset may hold only the
// files Load reads.
func TestLoadRejectsUnknownFile(t *testing.T) {
	dir := fstest.MapFS{}
	entries, err := fs.ReadDir(zones.Data(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(zones.Data(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		dir[e.Name()] = &fstest.MapFile{Data: b}
	}
	dir["README.md"] = &fstest.MapFile{Data: []byte("# data\n")}
	if _, err := zones.Load(dir); err != nil {
		t.Fatalf("Load of the embedded files: %v", err)
	}
	dir["ftz.tsv.bak"] = dir["ftz.tsv"]
	if _, err := zones.Load(dir); err == nil || !strings.Contains(err.Error(), "zones: ftz.tsv.bak: unknown file") {
		t.Errorf("Load with ftz.tsv.bak: %v", err)
	}
}

func TestLoad(t *testing.T) {
	// A complete replacement: the embedded files themselves.
	reg, err := zones.Load(zones.Data())
	if err != nil {
		t.Fatal(err)
	}
	if reg.NumZones() != zones.Default().NumZones() || reg.Len() != zones.Default().Len() {
		t.Errorf("Load(Data()) has %d zones, %d units", reg.NumZones(), reg.Len())
	}
	// Without cities.tsv nothing can be placed.
	if _, err := zones.Load(fstest.MapFS{}); err == nil {
		t.Error("Load of an empty directory succeeded")
	}
}

// FuzzExtend feeds arbitrary text to the loader as a zone file: it never
// panics, and what it accepts is consistent.
func FuzzExtend(f *testing.F) {
	f.Add(zoneHeader + "cbz-x\t\t某综合保税区\tSome CBZ\t330782\t2020-01\t2020-03-01\t\t\t国务院\thttps://example.org\tyes\t\n")
	f.Add(zoneHeader + "cbz-x\t\tX\tX\t330782\t2020\t\t2021-06\t\t\t\tno\t\n")
	f.Add(zoneHeader + "cbz-hangzhou\t\tX\tX\t330100\t\t\t\t\t\t\tno\t\n")
	f.Add("id\tgroup\tname\tname_en\tcity\tfrom\tknown_by\topened\tuntil\tdoc\tissuer\turl\tverified\tnote\n" +
		"cbz-x\t\tX\tX\t330782\t2020-01-01\t\t2021-06\t2021-06\t\t\t\tno\t\n")
	f.Add("id\tname\n")
	f.Add("")
	f.Add(countHeader + "c-x\tcbz+special\t140000\t1\t2023-06-30\thttps://example.org\tyes\t\n")
	f.Add(countHeader + "c-x\tblc\tnation\t0\t2020-01-01\t\tno\t\n")
	f.Fuzz(func(t *testing.T, text string) {
		// The same text as counts.tsv: whatever is accepted, CountMatches
		// agrees with Tally.
		if reg, err := zones.Extend(fstest.MapFS{"counts.tsv": {Data: []byte(text)}}); err == nil {
			for c := range reg.Counts() {
				tally, ok := reg.Tally(c)
				if !ok || tally.Matches() != reg.CountMatches(c.ID) {
					t.Fatalf("count %+v: tally %v (%v), CountMatches %v", c, tally.Matches(), ok, reg.CountMatches(c.ID))
				}
			}
		} else if reg != nil {
			t.Fatal("a registry came back with an error")
		}
		reg, err := zones.Extend(fstest.MapFS{"cbz.tsv": {Data: []byte(text)}})
		if err != nil {
			if reg != nil {
				t.Fatal("a registry came back with an error")
			}
			return
		}
		for z := range reg.All() {
			if _, ok := reg.ByCode(z.City); !ok {
				t.Fatalf("zone %s in unknown city %s", z.ID, z.City)
			}
			for _, p := range []cbec.Period{z.Sure(), z.SureOpen()} {
				if p.From.IsValid() && p.Until.IsValid() && p.Until.Before(p.From) {
					t.Fatalf("zone %s ends before it surely begins: Sure %v, SureOpen %v", z.ID, z.Sure(), z.SureOpen())
				}
			}
			if z.Verified && len(z.Source.ReadAt) == 0 {
				t.Fatalf("verified zone %s without a source", z.ID)
			}
		}
	})
}

// TestLoadMatchesEmbedded loads data/*.tsv at run time and checks that the
// result serves the same answers as the embedded tables.
func TestLoadMatchesEmbedded(t *testing.T) {
	r, err := zones.Load(os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	std := zones.Default()
	if !slices.Equal(slices.Collect(r.Cities()), slices.Collect(std.Cities())) {
		t.Error("loaded cities differ from the embedded ones")
	}
	if !reflect.DeepEqual(slices.Collect(r.All()), slices.Collect(std.All())) {
		t.Error("loaded zones differ from the embedded ones")
	}
	for _, c := range zones.Categories() {
		if got, want := r.Dataset(c), std.Dataset(c); got != want {
			t.Errorf("Dataset(%v): loaded %+v, embedded %+v", c, got, want)
		}
	}
	for _, tt := range lookupTests {
		c1, err1 := r.Lookup(tt.q)
		c2, err2 := std.Lookup(tt.q)
		if c1 != c2 || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Errorf("Lookup(%q): loaded %v, %v; embedded %v, %v", tt.q, c1, err1, c2, err2)
		}
	}
	if _, err := zones.Load(os.DirFS("testdata/none")); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}
