package policy_test

import (
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/zones"
)

// oneCount is a counts.tsv overlay of one row: what settles one unknown.
var oneCount = fstest.MapFS{"counts.tsv": {Data: []byte("id\tcategories\tscope\tcount\tday\turl\tverified\tnote\n" +
	"blc-tianshui\tblc\t620500\t0\t2026-11-30\thttps://example.org/our-survey\tyes\tno type-B center in 天水\n")}}

// oneZone is a cbz.tsv overlay of one row: the opening day of a zone.
var oneZone = fstest.MapFS{"cbz.tsv": {Data: []byte("id\tgroup\tname\tname_en\tcity\tfrom\tknown_by\topened\topen_by\tuntil\tgone_by\tsuccessor\tdoc\tissuer\turl\tverified\tnote\n" +
	"cbz-baoji\t\t宝鸡综合保税区\tBaoji Comprehensive Bonded Zone\t610300\t\t2022-06-05\t2019-06-01\t\t\t\t\t\t国务院\thttps://example.org/our-survey\tyes\tour survey\n")}}

func benchmarkExtend(b *testing.B, overlay fstest.MapFS) {
	b.ReportAllocs()
	for b.Loop() {
		reg, err := zones.Extend(overlay)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := policy.Extend(reg, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtendOneCount settles one unknown with a one-row counts.tsv
// overlay, through zones.Extend and policy.Extend.
func BenchmarkExtendOneCount(b *testing.B) { benchmarkExtend(b, oneCount) }

// BenchmarkExtendOneZone replaces one zone row (its opening day).
func BenchmarkExtendOneZone(b *testing.B) { benchmarkExtend(b, oneZone) }
