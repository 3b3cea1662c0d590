package tradegen

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// realData reads the committed data files, so that each failure case below
// changes one thing in otherwise valid data.
func realData(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range Files {
		b, err := os.ReadFile("../../trade/data/" + f)
		if err != nil {
			t.Fatal(err)
		}
		fsys[f] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func TestGenerateRealData(t *testing.T) {
	src, err := Generate(realData(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DO NOT EDIT", "const numModes = 7", "func lookupExact(", "var limitsTable", "var vatTable", `"财关税〔2018〕49号"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated source lacks %q", want)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name, file, old, new, msg string
	}{
		{"missing file", "vat.tsv", "", "", "vat.tsv"},
		{"bad code", "modes.tsv", "\t1239\timport", "\t12390\timport", "4-digit"},
		{"bad direction", "modes.tsv", "\t9710\texport", "\t9710\tout", "import or export"},
		{"bad mode name", "modes.tsv", "OverseasWarehouseExport\t", "overseas warehouse\t", "identifier"},
		{"text without code", "modes.tsv", "\t9710\texport\t9710\t", "\t9710\texport\tb2b\t", "does not start with the code"},
		{"alias naming two modes", "modes.tsv", "9810-export", "9810-export ; 直购进口", "names both"},
		{"keys differing in case", "modes.tsv", "9810-export", "9810-export ; directimport", "differ only in case"},
		{"bad effective date", "modes.tsv", "2020-07-01", "2020-07-32", "effective"},
		{"empty read_at", "vat.tsv", "\thttps://www.diglog.com/story/finance_business_242589.html ; https://wodebaobaowang.com/Booksandmaterials/djjciimnlm.html\t", "\t\t", "read_at"},
		{"unofficial url", "vat.tsv", "\thttps://www.mofcom.gov.cn/zcfb/zgdwjjmywg/art/2008/art_87c22bf3f39a4825a8727562f5053d0c.html\thttps://www.diglog", "\thttps://example.org/75\thttps://www.diglog", "official host"},
		{"two urls in url", "vat.tsv", "\thttps://www.mofcom.gov.cn/zcfb/zgdwjjmywg/art/2008/art_87c22bf3f39a4825a8727562f5053d0c.html\thttps://www.diglog", "\thttps://a.gov.cn/1 ; https://b.gov.cn/2\thttps://www.diglog", "several"},
		{"relative page", "limits.tsv", "\thttp://puyuecs.com", "\tpuyuecs.com", "read_at"},
		{"bad verified", "limits.tsv", "\tyes\tWithin", "\tmaybe\tWithin", "verified"},
		{"gap between limits", "limits.tsv", "2016-04-08\t2019-01-01", "2016-04-08\t2018-12-31", "does not start where"},
		{"closed last row", "limits.tsv", "2019-01-01\t\t5000", "2019-01-01\t2030-01-01\t5000", "open-ended"},
		{"fractional limit", "limits.tsv", "\t5000\t26000", "\t5000.5\t26000", "whole number"},
		{"annual below per transaction", "limits.tsv", "\t5000\t26000", "\t5000\t4000", "not above"},
		{"until before from", "limits.tsv", "2016-04-08\t2019-01-01", "2019-04-08\t2019-01-01", "not after"},
		{"rate as percent", "vat.tsv", "\t0.16\t", "\t16\t", "fraction"},
		{"bad band", "vat.tsv", "lower\t2017-07-01", "low\t2017-07-01", "standard or lower"},
		{"vat gap", "vat.tsv", "lower\t2018-05-01", "lower\t2018-05-02", "does not start where"},
		{"renamed column", "vat.tsv", "band\tfrom", "kind\tfrom", `"kind": unknown column`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := realData(t)
			if tt.old == "" {
				delete(fsys, tt.file)
			} else {
				s := string(fsys[tt.file].Data)
				if !strings.Contains(s, tt.old) {
					t.Fatalf("%s does not contain %q", tt.file, tt.old)
				}
				fsys[tt.file] = &fstest.MapFile{Data: []byte(strings.Replace(s, tt.old, tt.new, 1))}
			}
			_, err := Generate(fsys)
			if err == nil {
				t.Fatal("Generate succeeded")
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not mention %q", err, tt.msg)
			}
		})
	}
}
