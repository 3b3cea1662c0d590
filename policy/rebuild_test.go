package policy

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec/internal/longtest"

	"github.com/google/go-cmp/cmp"

	"github.com/tradepolicy/cbec/internal/tsv"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const zoneHeader = "id\tgroup\tname\tname_en\tcity\tfrom\tknown_by\topened\topen_by\tuntil\tgone_by\tsuccessor\tdoc\tissuer\turl\tverified\tnote\n"

const countHeader = "id\tcategories\tscope\tcount\tday\turl\tverified\tnote\n"

// row returns the embedded row of zone id in file, with the columns in
// set replaced.
func row(t *testing.T, file, id string, set map[string]string) string {
	t.Helper()
	recs, err := readZoneRows(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r["id"] != id {
			continue
		}
		for k, v := range set {
			r[k] = v
		}
		var out []string
		for _, c := range []string{"id", "group", "name", "name_en", "city", "from", "known_by", "opened", "open_by", "until", "gone_by", "successor", "doc", "issuer", "url", "verified", "note"} {
			out = append(out, r[c])
		}
		return joinTab(out) + "\n"
	}
	t.Fatalf("%s: no row %s", file, id)
	return ""
}

// TestRebuildMatchesFullBuild checks that an engine built on an amended
// registry by recomputing the units the overlay changed gives every answer
// a full build gives, on every day either engine's answer may change.
func TestRebuildMatchesFullBuild(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name        string
		overlay     func(t *testing.T) fstest.MapFS
		incremental bool
	}{
		{"a count of a city", func(*testing.T) fstest.MapFS {
			return fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + "blc-tianshui\tblc\t620500\t0\t2026-11-30\thttps://example.org/a\tyes\t\n")}}
		}, true},
		{"a count of a province", func(*testing.T) fstest.MapFS {
			return fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + "blc-gansu\tblc\t620000\t3\t2026-11-30\thttps://example.org/a\tyes\t\n")}}
		}, true},
		{"a zone's opening", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"cbz.tsv": {Data: []byte(zoneHeader + row(t, "cbz.tsv", "cbz-baoji", map[string]string{"opened": "2019-06-01"}))}}
		}, true},
		{"a new center in a county", func(*testing.T) fstest.MapFS {
			return fstest.MapFS{"blc.tsv": {Data: []byte(zoneHeader + "blc-test-yiwu\t\t义乌测试保税物流中心（B型）\tYiwu Test Center\t330782\t2022-08-01\t\t2023-01-15\t\t\t\t\t\t海关总署\thttps://example.org/a\tyes\t\n")}}
		}, true},
		// A center operating on the register's day that the register does
		// not name: the register no longer shows absence anywhere.
		{"a center the register lacks", func(*testing.T) fstest.MapFS {
			return fstest.MapFS{"blc.tsv": {Data: []byte(zoneHeader + "blc-test-yiwu\t\t义乌测试保税物流中心（B型）\tYiwu Test Center\t330782\t2018-03-01\t\t2019-01-15\t\t\t\t\t\t海关总署\thttps://example.org/a\tyes\t\n")}}
		}, false},
		{"a conversion", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"special.tsv": {Data: []byte(zoneHeader + row(t, "special.tsv", "special-quanzhou-epz", map[string]string{"successor": "cbz-quanzhou"}))}}
		}, true},
		{"the island's regime", func(t *testing.T) fstest.MapFS {
			return fstest.MapFS{"regime.tsv": {Data: []byte(zoneHeader + row(t, "regime.tsv", "regime-hainan-island", map[string]string{"opened": "2026-01-01"}))}}
		}, true},
		{"a count of the nation", func(*testing.T) fstest.MapFS {
			return fstest.MapFS{"counts.tsv": {Data: []byte(countHeader + "nation-test\tdemo\tnation\t43\t2026-11-30\thttps://example.org/a\tyes\t\n")}}
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name != "a zone's opening" {
				longtest.Skip(t)
			}
			reg, err := zones.Extend(tt.overlay(t))
			if err != nil {
				t.Fatal(err)
			}
			got, ok, err := std.rebuild(reg)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.incremental {
				t.Fatalf("rebuilt incrementally: %v, want %v", ok, tt.incremental)
			}
			if !ok {
				return
			}
			want, err := newEngine(reg, Data(), nil)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for s, ui := range want.slotUnit {
				u := reg.At(int(ui))
				for m := range trade.Modes() {
					k := s*numModes + int(m) - 1
					days := []int32{minDay}
					for _, e := range []*Engine{got, want} {
						for _, sp := range e.spans[e.spanOffs[k]:e.spanOffs[k+1]] {
							days = append(days, sp.from)
						}
					}
					slices.Sort(days)
					for _, x := range slices.Compact(days) {
						if x < minDay {
							continue
						}
						d := date(x)
						a, b := got.Decide(u, d, m).Record(), want.Decide(u, d, m).Record()
						if !reflect.DeepEqual(a, b) {
							ja, _ := json.MarshalIndent(a, "", " ")
							jb, _ := json.MarshalIndent(b, "", " ")
							t.Fatalf("%s %s %s (-full +rebuilt):\n%s", u.Name, d, m.Code(), cmp.Diff(string(jb), string(ja)))
						}
						n++
					}
				}
			}
			t.Logf("%d answers equal", n)
		})
	}
}

var zoneCols = []string{"id", "group", "name", "name_en", "city", "from", "known_by", "opened?", "open_by?", "until", "gone_by?", "successor?", "doc", "issuer", "url", "verified", "note"}

// readZoneRows returns the rows of the embedded zone file, by column.
func readZoneRows(file string) ([]map[string]string, error) {
	recs, err := tsv.ReadFS(zones.Data(), file, zoneCols...)
	if err != nil {
		return nil, err
	}
	var out []map[string]string
	for _, r := range recs {
		m := map[string]string{}
		for _, c := range zoneCols {
			c = strings.TrimSuffix(c, "?")
			m[c] = r.Get(c)
		}
		out = append(out, m)
	}
	return out, nil
}

func joinTab(s []string) string { return strings.Join(s, "\t") }
