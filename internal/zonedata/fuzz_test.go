package zonedata

import (
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/tsv"
)

// FuzzReadZones feeds arbitrary text to the zone-file parser: it never
// panics, and every row it accepts is well formed.
func FuzzReadZones(f *testing.F) {
	h := strings.Join(ZoneColumns, "\t") + "\n"
	f.Add(h + "cbz-x\t\t某综合保税区\tSome CBZ\t330782\t2020-01\t2020-03-01\t\t\t国务院\thttps://example.org\tyes\t\n")
	f.Add(h + "cbz-x\t\tX\tX\t330782\t2020\t\t2021-06\t\t\t\tno\t\n")
	f.Add(h + "cbz-x\t\tX\tX\t330782\t2020-02-29\t\t2019\t\t\t\tno\t\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		recs, err := tsv.Read("cbz.tsv", strings.NewReader(text), ZoneColumns...)
		if err != nil {
			return
		}
		zs, err := ReadZones("cbz", recs, 20261126)
		if err != nil {
			return
		}
		for _, z := range zs {
			if !validID(z.ID) || !isCode(z.City) || z.Name == "" {
				t.Fatalf("accepted %+v", z)
			}
			for _, d := range []Day{z.From, z.KnownBy, z.Until} {
				if d.Prec != Unknown && (d.Min < Earliest || d.Min > 20261126) {
					t.Fatalf("accepted date %v", d)
				}
				if got, err := ParseDay(d.String()); err != nil || got != d {
					t.Fatalf("%v does not round-trip: %v, %v", d, got, err)
				}
			}
			if z.Verified && len(z.ReadAt) == 0 {
				t.Fatalf("verified without a source: %+v", z)
			}
		}
	})
}

func TestOfficialURL(t *testing.T) {
	lib := "http://big5.www.gov.cn/gate/big5/www.gov.cn/zhengce/content/2020-09/21/content_5544926.htm"
	news := "http://www.gov.cn/xinwen/2017-07/27/content_5213921.htm"
	tests := []struct {
		name, doc, issuer string
		pages             []string
		want              string
	}{
		{"library page of a State Council document", "国发〔2020〕10号", "国务院", []string{"https://a.example/1", lib}, lib},
		{"news only", "国函〔2017〕1号", "国务院", []string{news}, ""},
		{"no document", "", "国务院", []string{lib}, ""},
		{"not a State Council document", "商资函〔2020〕1号", "商务部", []string{lib}, ""},
		{"no pages", "国发〔2020〕10号", "国务院", nil, ""},
	}
	for _, tt := range tests {
		if got := OfficialURL(tt.doc, tt.issuer, tt.pages); got != tt.want {
			t.Errorf("%s: OfficialURL = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzReadCounts feeds arbitrary text to the counts.tsv parser: it never
// panics, and every row it accepts is well formed.
func FuzzReadCounts(f *testing.F) {
	h := strings.Join(CountColumns, "\t") + "\n"
	f.Add(h + "c-x\tcbz+special\t140000\t1\t2023-06-30\thttps://example.org\tyes\t\n")
	f.Add(h + "c-x\tblc\tnation\t0\t2020-01-01\t\tno\tnote\n")
	f.Add(h + "c-x\tcbz+cbz\t1400\t+1\t2023-06\t\tyes\t\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		recs, err := tsv.Read("counts.tsv", strings.NewReader(text), CountColumns...)
		if err != nil {
			return
		}
		cs, err := ReadCounts(recs, 20261126)
		if err != nil {
			return
		}
		for _, c := range cs {
			if !validID(c.ID) || c.Scope != Nation && !isCode(c.Scope) || len(c.Categories) == 0 ||
				c.Count < 0 || c.Count > MaxCount || c.Day < Earliest || c.Day > 20261126 || c.Verified && c.URL == "" {
				t.Fatalf("accepted %+v", c)
			}
			if m := c.Mask(); m == 0 || m >= 1<<len(Categories) {
				t.Fatalf("mask %b of %v", m, c.Categories)
			}
		}
	})
}
