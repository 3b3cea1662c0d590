package zones_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/tradepolicy/cbec/zones"
)

const cityHeader = "code\tname\tlevel\tparent\tname_en\taliases\n"

// newCounties returns n cities.tsv rows of counties not in the embedded
// registry, directly under provinces, each with a name, an English name and
// the given number of aliases.
func newCounties(n, aliases int) string {
	var b strings.Builder
	b.WriteString(cityHeader)
	provinces := []string{"33", "32", "44", "37", "41", "51", "13", "42", "43", "35"}
	k := 0
	for _, p := range provinces {
		for j := 9999; j > 0 && k < n; j-- {
			code := fmt.Sprintf("%s%04d", p, j)
			if _, ok := zones.ByCode(code); ok {
				continue
			}
			var as []string
			for a := range aliases {
				as = append(as, fmt.Sprintf("测%d别名%d", k, a))
			}
			fmt.Fprintf(&b, "%s\t测试%d县\tcounty\t%s0000\tCeshi %d\t%s\n", code, k, p, k, strings.Join(as, ";"))
			k++
		}
	}
	return b.String()
}

// sameAnswers checks that every embedded unit's code, name and English name
// resolve in reg as in the embedded registry.
func sameAnswers(t *testing.T, reg *zones.Registry) {
	t.Helper()
	bad := 0
	for c := range zones.Default().Cities() {
		for _, q := range []string{c.Code, c.Name, c.NameEN} {
			want, werr := zones.Lookup(q)
			got, gerr := reg.Lookup(q)
			if got.Code != want.Code || (werr == nil) != (gerr == nil) {
				if bad++; bad <= 5 {
					t.Errorf("Lookup(%q) = %v, %v; embedded %v, %v", q, got, gerr, want, werr)
				}
			}
		}
	}
}

// A cities.tsv row with 60,000 aliases used to overflow the 16-bit name
// index and send 北京市 to another county. It is now past the line and alias
// limits; a row of many units with many names, within the limits, leaves
// every embedded name resolving as before.
func TestManyNames(t *testing.T) {
	var as []string
	for i := range 60000 {
		as = append(as, fmt.Sprintf("别名%d", i))
	}
	huge := cityHeader + "339901\t测试县\tcounty\t330000\tCeshi\t" + strings.Join(as, ";") + "\n"
	reg, err := zones.Extend(fstest.MapFS{"cities.tsv": {Data: []byte(huge)}})
	if err == nil {
		sameAnswers(t, reg)
	} else if !strings.Contains(err.Error(), "overlay/cities.tsv:2") || !strings.Contains(err.Error(), "16384") {
		t.Errorf("60,000 aliases: %v, want the file, line and limit", err)
	}

	many := cityHeader + "339901\t测试县\tcounty\t330000\tCeshi\t" + strings.Join(as[:33], ";") + "\n"
	if _, err := zones.Extend(fstest.MapFS{"cities.tsv": {Data: []byte(many)}}); err == nil ||
		!strings.Contains(err.Error(), "overlay/cities.tsv:2: aliases") || !strings.Contains(err.Error(), "more than 32") {
		t.Errorf("33 aliases: %v, want the aliases limit", err)
	}

	// 20,000 new units with five names each: about 110,000 keys and
	// 115,000 key entries, past what 16 bits index.
	n := 20000
	if testing.Short() {
		n = 14000
	}
	start := time.Now()
	reg, err = zones.Extend(fstest.MapFS{"cities.tsv": {Data: []byte(newCounties(n, 3))}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d units with %d new ones: built in %v", reg.Len(), n, time.Since(start))
	sameAnswers(t, reg)
	c, err := reg.Lookup("测9999别名2")
	if err != nil || c.Name != "测试9999县" {
		t.Errorf("a new alias: %v, %v", c, err)
	}
}

func TestLoadLimits(t *testing.T) {
	for _, tt := range []struct {
		name, file, data string
		want             []string
	}{
		{"a long name", "cities.tsv", cityHeader + "339901\t" + strings.Repeat("测", 41) + "\tcounty\t330000\t\t\n", []string{"overlay/cities.tsv:2: name", "longer than 120"}},
		{"a long line", "cities.tsv", cityHeader + "339901\t测试县\tcounty\t330000\t\t" + strings.Repeat("a", 20000) + "\n", []string{"overlay/cities.tsv:2", "longer than 16384 bytes"}},
		{"a long field", "cbz.tsv", zoneHeader + "cbz-x\t\tX\t\t330100\t2020-01-01\t\t\t\t\t\tno\t" + strings.Repeat("a", 5000) + "\n", []string{"overlay/cbz.tsv:2: note", "longer than 4096 bytes"}},
		{"invalid UTF-8", "cbz.tsv", zoneHeader + "cbz-x\t\t\xff\t\t330100\t2020-01-01\t\t\t\t\t\tno\t\n", []string{"overlay/cbz.tsv:2: not valid UTF-8"}},
		{"no header", "cbz.tsv", "", []string{"overlay/cbz.tsv:1: no header"}},
		{"a missing column", "cbz.tsv", "id\tname\n", []string{"overlay/cbz.tsv:1: group: missing column"}},
		{"too many columns", "cbz.tsv", strings.Repeat("c\t", 70) + "\n", []string{"overlay/cbz.tsv:1", "more than 64"}},
		{"a date before 1990", "cbz.tsv", zoneHeader + "cbz-x\t\tX\t\t330100\t1989-12-31\t\t\t\t\t\tno\t\n", []string{"overlay/cbz.tsv:2: from", "1989-12-31 is outside 1990-01-01.."}},
		{"a date before year 1000", "cbz.tsv", zoneHeader + "cbz-x\t\tX\t\t330100\t0999-12-31\t\t\t\t\t\tno\t\n", []string{"overlay/cbz.tsv:2: from", "0999-12-31 is outside"}},
		{"a date after the data", "cbz.tsv", zoneHeader + "cbz-x\t\tX\t\t330100\t2101-01-01\t\t\t\t\t\tno\t\n", []string{"overlay/cbz.tsv:2: from", "2101-01-01 is outside"}},
		{"a dataset's date", "datasets.tsv", "category\tcomplete\tofficial_total\tas_of\turl\tgap\ncbz\tno\t\t9999-12-31\t\t\n", []string{"overlay/datasets.tsv:2: as_of", "9999-12-31 is outside"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := zones.Extend(fstest.MapFS{tt.file: {Data: []byte(tt.data)}})
			if err == nil || reg != nil {
				t.Fatalf("Extend = %v, %v; want an error", reg, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadNil(t *testing.T) {
	if reg, err := zones.Load(nil); err == nil || reg != nil {
		t.Errorf("Load(nil) = %v, %v; want an error", reg, err)
	}
}

// Extends running at once share the embedded files' records and index.
func TestConcurrentExtend(t *testing.T) {
	done := make(chan error)
	for g := range 4 {
		go func() {
			ov := fstest.MapFS{}
			if g%2 == 1 {
				ov["cities.tsv"] = &fstest.MapFile{Data: []byte(newCounties(10, 1))}
			}
			reg, err := zones.Extend(ov)
			if err == nil {
				if c, lerr := reg.Lookup("Hangzou"); lerr == nil {
					err = fmt.Errorf("Hangzou found %v", c)
				} else if c, lerr := reg.Lookup("杭州"); lerr != nil || c.Code != "330100" {
					err = fmt.Errorf("杭州: %v, %v", c, lerr)
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
