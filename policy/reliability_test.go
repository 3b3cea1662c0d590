package policy_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

const rulesHeader = "id\tmodes\tfrom\tuntil\tscope\trequires\tverdict\tdoc\treason\treason_zh\tconditions\tconfidence\tnote\n"

// A program adds a list member the data lacks (say a source turns up the
// 2020 list) without waiting for a release.
func TestExtendAddsListMember(t *testing.T) {
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
	if d.Verdict() != policy.Unknown {
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

// TestConcurrentUse queries from many goroutines while another builds and
// uses a new dataset. Run it with -race.
func TestConcurrentUse(t *testing.T) {
	qs := queries()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 8 {
		wg.Go(func() {
			for i := g; ; i += 8 {
				select {
				case <-stop:
					return
				default:
				}
				q := qs[i%len(qs)]
				d := policy.Decide(q.city, q.day, q.mode)
				if d.Permitted() != (d.Verdict() == policy.Allowed) || d.Reason() == "" {
					t.Errorf("inconsistent %v", d)
					return
				}
				if _, err := policy.Permitted(q.city.NameEN, q.day, q.mode); err != nil && !errors.Is(err, zones.ErrAmbiguousCity) {
					t.Errorf("Permitted(%q): %v", q.city.NameEN, err)
					return
				}
				for range policy.Cities(q.day, q.mode) {
					break
				}
			}
		})
	}
	reg, err := zones.Extend(fstest.MapFS{})
	if err == nil {
		var e *policy.Engine
		e, err = policy.Extend(reg, fstest.MapFS{})
		if err == nil {
			for _, q := range qs[:500] {
				a, b := policy.Decide(q.city, q.day, q.mode), e.Decide(q.city, q.day, q.mode)
				if a.Verdict() != b.Verdict() || a.Reason() != b.Reason() {
					t.Errorf("rebuilt engine differs: %v vs %v", a, b)
				}
			}
		}
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
}

// hostile strings a user might send.
var hostile = []string{
	"", " ", "\x00", "\xff\xfe\xfd", strings.Repeat("杭", 10000), strings.Repeat("a", 1<<16),
	"３３０１００", "２０１９－０１－０１", "1210\x00", "'", "''''", "-.·", "\u3000", "🙂", "330100330100",
	"2019-01-01T00:00:00Z", "+1210", "-1", "9999-99-99", "杭州\n", "Suzhou, ", ", Jiangsu",
}

// TestHostileInput walks the public API with zero values and hostile
// strings: nothing panics, and every error wraps its sentinel.
func TestHostileInput(t *testing.T) {
	var zc zones.City
	var zz zones.Zone
	var zd cbec.Date
	var zm trade.Mode
	var zv policy.Verdict
	var zdec policy.Decision
	_ = zd.String() + zd.AddDays(3).String() + zd.Time().String()
	_, _ = zd.MarshalText()
	_ = zc.String() + zz.String() + zm.String() + zm.Code() + zv.String() + zdec.String()
	_ = zc.IsCity() || zc.Contains(zc) || zc.IsMunicipality() || zones.OnHainanIsland(zc)
	_ = zz.On(zd).String() + zz.Sure().String()
	_ = zones.Hosts(zc, 0, zd).String()
	_, _ = zones.Parent(zc)
	_ = policy.Decide(zc, zd, zm)
	_ = policy.History(zc, zm)
	_ = policy.Timeline(zc, zm)
	_ = policy.Changes(zd, zd, zm)
	for range policy.Cities(zd, zm) {
		t.Error("Cities of the zero date yields a city")
	}
	for range zones.In(zc, zd) {
		t.Error("In of the zero city yields a zone")
	}
	day := cbec.MustParseDate("2020-01-01")
	for _, s := range hostile {
		if d, err := cbec.ParseDate(s); err == nil && d.String() != s {
			t.Errorf("ParseDate(%q) = %v", s, d)
		} else if err != nil && !errors.Is(err, cbec.ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error %v", s, err)
		}
		if _, err := trade.ParseMode(s); err != nil && !errors.Is(err, trade.ErrUnknownMode) {
			t.Errorf("ParseMode(%q) error %v", s, err)
		}
		if _, err := zones.ParseCategory(s); err != nil && !errors.Is(err, zones.ErrUnknownCategory) {
			t.Errorf("ParseCategory(%q) error %v", s, err)
		}
		_, _ = zones.ByCode(s)
		d, err := policy.Permitted(s, day, trade.BondedImport)
		switch {
		case err == nil:
			if d.Verdict() > policy.Denied || d.Reason() == "" {
				t.Errorf("Permitted(%q) = %v", s, d)
			}
		case !errors.Is(err, zones.ErrUnknownCity) && !errors.Is(err, zones.ErrAmbiguousCity):
			t.Errorf("Permitted(%q) error %v", s, err)
		case len(err.Error()) > 2000:
			t.Errorf("Permitted(%q…) error is %d bytes long", s[:min(len(s), 10)], len(err.Error()))
		case !utf8.ValidString(err.Error()):
			t.Errorf("Permitted(%q) error is not valid UTF-8", s)
		}
		var v policy.Verdict
		_ = v.UnmarshalText([]byte(s))
		var dd cbec.Date
		_ = dd.UnmarshalText([]byte(s))
		var m trade.Mode
		_ = m.UnmarshalText([]byte(s))
		var c zones.Category
		_ = c.UnmarshalText([]byte(s))
	}
}

func FuzzPermitted(f *testing.F) {
	for _, s := range []string{"杭州", "330100", "Hangzhou", "Suzhou", "辽宁朝阳", "Xi'an", "", "\xff"} {
		f.Add(s, 20190101, uint8(2))
	}
	f.Fuzz(func(t *testing.T, city string, ymd int, mode uint8) {
		day := cbec.MakeDate(ymd/10000, time.Month(ymd/100%100), ymd%100)
		d, err := policy.Permitted(city, day, trade.Mode(mode))
		if err != nil {
			if !errors.Is(err, zones.ErrUnknownCity) && !errors.Is(err, zones.ErrAmbiguousCity) &&
				!errors.Is(err, cbec.ErrInvalidDate) && !errors.Is(err, trade.ErrUnknownMode) {
				t.Fatalf("Permitted(%q, %v, %d): unexpected error %v", city, day, mode, err)
			}
			return
		}
		switch d.Verdict() {
		case policy.Allowed, policy.Denied, policy.Unknown:
		default:
			t.Fatalf("verdict %v", d.Verdict())
		}
		if d.Permitted() != (d.Verdict() == policy.Allowed) || d.Reason() == "" || d.Date() != day || d.Mode() != trade.Mode(mode) {
			t.Fatalf("inconsistent decision %+v", d)
		}
		if d.Verdict() != policy.Unknown && len(d.Basis()) == 0 {
			t.Fatalf("%v without a basis", d)
		}
	})
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

// TestZeroValues checks that the zero Engine and the zero Registry answer
// without panicking: nothing is in them.
func TestZeroValues(t *testing.T) {
	var e policy.Engine
	day := cbec.MustParseDate("2020-01-01")
	c, _ := zones.Lookup("杭州")
	if d := e.Decide(c, day, trade.BondedImport); d.Verdict() != policy.Unknown || d.Reason() == "" {
		t.Errorf("zero Engine: %v", d)
	}
	if _, err := e.Permitted("杭州", day, trade.BondedImport); !errors.Is(err, zones.ErrUnknownCity) {
		t.Errorf("zero Engine Permitted: %v", err)
	}
	if e.History(c, trade.BondedImport) != nil || e.Changes(day, day, trade.BondedImport) != nil {
		t.Error("zero Engine has a history")
	}
	for range e.Cities(day, trade.BondedImport) {
		t.Error("zero Engine yields a city")
	}
	for range e.Units() {
		t.Error("zero Engine yields a unit")
	}
	var r zones.Registry
	if _, err := r.Lookup("杭州"); !errors.Is(err, zones.ErrUnknownCity) {
		t.Errorf("zero Registry Lookup: %v", err)
	}
	if r.Hosts(c, zones.ComprehensiveBondedZone, day) != zones.Unsure || r.Len() != 0 || r.NumZones() != 0 {
		t.Error("zero Registry is not empty")
	}
	for range r.In(c, day) {
		t.Error("zero Registry yields a zone")
	}
	_, _ = r.Parent(c)
	_, _ = r.ByCode("330100")
	_ = r.Dataset(zones.CBECTestZone)
}
