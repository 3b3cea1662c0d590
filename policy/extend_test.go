package policy_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const rulesHeader = "id\tmodes\tfrom\tuntil\tscope\trequires\tverdict\tdoc\treason\treason_zh\tconditions\tconfidence\tnote\n"

// A program adds a list member the data lacks (say a source turns up the
// 2020 list) without waiting for a release.
func TestExtendAddsListMember(t *testing.T) {
	t.Parallel()
	day := cbec.MustParseDate("2020-06-01")
	d, _ := policy.Permitted("太原", day, trade.BondedImport)
	if d.Verdict() != policy.Unknown {
		t.Fatalf("embedded 太原 on %v: %v", day, d)
	}
	e, err := policy.Extend(nil, fstest.MapFS{
		"lists.tsv": {Data: []byte("list\tcity\tname\tmember\tfrom\tverified\turl\tnote\n2020-15\t140100\t太原市\tyes\t\tyes\thttps://example.org/taiyuan\tfound later\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err = e.Permitted("太原", day, trade.BondedImport)
	if err != nil || d.Verdict() != policy.Allowed || !strings.Contains(d.Reason(), "商财发〔2020〕15号") {
		t.Errorf("extended 太原 on %v: %v, %v", day, d, err)
	}
	// The embedded engine still answers as before.
	if d, _ := policy.Permitted("太原", day, trade.BondedImport); d.Verdict() != policy.Unknown {
		t.Errorf("Extend changed the embedded engine: %v", d)
	}
}

// A program records a rule version the library does not know: overlay rules
// take precedence over the embedded ones.
func TestExtendAddsRule(t *testing.T) {
	t.Parallel()
	e, err := policy.Extend(nil, fstest.MapFS{
		"docs.tsv":  {Data: []byte("doc\ttitle\tissuer\tissued\teffective\turl\tread_at\tconfidence\tnote\n海关总署公告2026年第1号\t\t海关总署\t2026-01-05\t2026-02-01\t\thttps://example.org/2026-1\thigh\ta test document\n")},
		"rules.tsv": {Data: []byte(rulesHeader + "test-1239\t1239\t2026-02-01\t\tall\tfacility\tallowed\t海关总署公告2026年第1号\t1239 is open to {city} under 海关总署公告2026年第1号\t中文\t\thigh\t\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Permitted("杭州", cbec.MustParseDate("2026-02-01"), trade.BondedImportA)
	if err != nil || d.Verdict() != policy.Allowed || d.Basis()[0].Doc != "海关总署公告2026年第1号" {
		t.Errorf("extended 1239: %v, %v", d, err)
	}
	d, _ = e.Permitted("杭州", cbec.MustParseDate("2026-01-31"), trade.BondedImportA)
	if d.Verdict() != policy.Denied || d.Rule() != "1239-pilots-no-486" {
		t.Errorf("the day before the new rule: %v", d)
	}
}

func TestExtendRejectsBadRows(t *testing.T) {
	for _, tt := range []struct {
		name, file, data, want string
	}{
		{"rule citing an unknown document", "rules.tsv", rulesHeader + "x\t1210\t2026-01-01\t\tall\t\tallowed\tNO-SUCH-DOC\tr\t中文\t\thigh\t\n", "NO-SUCH-DOC, which is not in docs.tsv"},
		{"rule with a bad mode", "rules.tsv", rulesHeader + "x\t1211\t2026-01-01\t\tall\t\tallowed\t商财发〔2021〕39号\tr\t中文\t\thigh\t\n", "rules.tsv:2: modes"},
		{"rule with a bad date", "rules.tsv", rulesHeader + "x\t1210\t2026-13-01\t\tall\t\tallowed\t商财发〔2021〕39号\tr\t中文\t\thigh\t\n", "rules.tsv:2: from"},
		{"rule without a document", "rules.tsv", rulesHeader + "x\t1210\t2026-01-01\t\tall\t\tallowed\t\tr\t中文\t\thigh\t\n", "rules.tsv:2: doc"},
		{"rules contradicting each other", "rules.tsv", rulesHeader + "x\t1210\t2026-01-01\t\tall\t\tallowed\t商财发〔2021〕39号\tr\t中文\t\thigh\t\ny\t1210\t2026-06-01\t\tall\t\tdenied\t商财发〔2021〕39号\tr\t中文\t\thigh\t\n", "y contradicts x (overlay/rules.tsv:2)"},
		{"duplicate rule ids", "rules.tsv", rulesHeader + "x\t1210\t2026-01-01\t\tall\t\tunknown\t商财发〔2021〕39号\tr\t中文\t\thigh\t\nx\t1210\t2026-01-01\t\tall\t\tunknown\t商财发〔2021〕39号\tr\t中文\t\thigh\t\n", "appears twice"},
		{"list member not in the registry", "lists.tsv", "list\tcity\tname\tmember\tfrom\tverified\turl\tnote\n486\t999999\tX\tyes\t\tyes\thttps://example.org\t\n", "999999 is not a city code"},
		{"a complete list grows", "lists.tsv", "list\tcity\tname\tmember\tfrom\tverified\turl\tnote\n486\t330700\t金华市\tyes\t\tyes\thttps://example.org\t\n", "486 is marked complete with 37 members, but lists.tsv has 38"},
		{"document without a page read", "docs.tsv", "doc\ttitle\tissuer\tissued\teffective\turl\tread_at\tconfidence\tnote\nX\t\t\t2026-01-01\t\thttps://www.gov.cn/x\t\thigh\t\n", "docs.tsv:2: read_at"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := policy.Extend(nil, fstest.MapFS{tt.file: {Data: []byte(tt.data)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Extend error = %v, want one containing %q", err, tt.want)
			}
			if e != nil {
				t.Error("an engine came back with the error")
			}
		})
	}
	// The embedded engine is unchanged.
	d, _ := policy.Permitted("北京", cbec.MustParseDate("2019-01-01"), trade.BondedImport)
	if d.Verdict() != policy.Allowed {
		t.Errorf("embedded engine after failed extensions: %v", d)
	}
}

// FuzzExtend feeds arbitrary text to the loader as rules.tsv: it never
// panics, and an engine it accepts answers every query.
func FuzzExtend(f *testing.F) {
	f.Add(rulesHeader + "x\t1210\t2026-01-01\t\tlist:486\tfacility\tallowed\t商财发〔2021〕39号\t{city} r\t中文\tC.\thigh\t\n")
	f.Add(rulesHeader + "x\t9710 9810\t2026-01-01\t2026-02-01\tcustoms:b2b-2020-75\t\tdenied\t商财发〔2021〕39号\t{district}\t中文\t\tlow\t\n")
	f.Add(rulesHeader + "x\t1210\t2026-01-01\t\tzones:cbz+ftz\t\tunknown\t商财发〔2021〕39号\t{zone}\t中文\t\tmedium\t\n")
	f.Add("id\n")
	f.Fuzz(func(t *testing.T, text string) {
		e, err := policy.Extend(nil, fstest.MapFS{"rules.tsv": {Data: []byte(text)}})
		if err != nil {
			return
		}
		c, _ := zones.Lookup("杭州")
		for m := range trade.Modes() {
			d := e.Decide(c, cbec.MustParseDate("2026-06-01"), m)
			if d.Verdict() > policy.Denied || d.Reason() == "" {
				t.Fatalf("%v", d)
			}
		}
	})
}
