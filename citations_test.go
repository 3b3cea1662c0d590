package cbec_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// officialSuffixes are the hosts a Source.URL may be on: the central and
// local government hosts (www.gov.cn, customs.gov.cn, mofcom.gov.cn,
// mof.gov.cn, chinatax.gov.cn, npc.gov.cn …) all end in gov.cn. Kept apart
// from the readers' own list on purpose.
var officialSuffixes = []string{".gov.cn"}

func official(host string) bool {
	host = strings.ToLower(host)
	for _, s := range officialSuffixes {
		if strings.HasSuffix(host, s) || host == strings.TrimPrefix(s, ".") {
			return true
		}
	}
	return false
}

func absoluteHTTP(u string) (*url.URL, bool) {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || strings.ContainsAny(u, " \t\n") {
		return nil, false
	}
	return p, true
}

// checkSource checks one citation: URL empty or one absolute URL on an
// official host; every ReadAt entry one absolute http(s) URL; if needPage,
// at least one ReadAt entry.
func checkSource(t *testing.T, where string, s cbec.Source, needPage bool) {
	t.Helper()
	if strings.Contains(s.URL, " ; ") {
		t.Errorf("%s: %s: URL holds several addresses: %q", where, s.Doc, s.URL)
	}
	if s.URL != "" {
		if p, ok := absoluteHTTP(s.URL); !ok {
			t.Errorf("%s: %s: URL %q is not an absolute http(s) URL", where, s.Doc, s.URL)
		} else if !official(p.Hostname()) {
			t.Errorf("%s: %s: URL %q is not on an official host %v", where, s.Doc, s.URL, officialSuffixes)
		}
	}
	for _, u := range s.ReadAt {
		if _, ok := absoluteHTTP(u); !ok {
			t.Errorf("%s: %s: ReadAt entry %q is not one absolute http(s) URL", where, s.Doc, u)
		}
	}
	if needPage && len(s.ReadAt) == 0 {
		t.Errorf("%s: %s: no page read (ReadAt is empty)", where, s.Doc)
	}
}

// TestCitationsPolicy checks every document a decision can cite, as the API
// returns it (the basis of every span of every unit and mode), and every
// document a rule of policy/data/rules.tsv cites.
func TestCitationsPolicy(t *testing.T) {
	seen := map[string]cbec.Source{}
	for c := range policy.Units() {
		for m := range trade.Modes() {
			for _, sp := range policy.History(c, m) {
				for _, s := range sp.Decision.Basis() {
					if prev, ok := seen[s.Doc]; ok {
						if !prev.Equal(s) {
							t.Errorf("%s is cited with two different sources: %+v and %+v", s.Doc, prev, s)
						}
						continue
					}
					seen[s.Doc] = s
					checkSource(t, "decision basis", s, true)
				}
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d documents cited by decisions", len(seen))
	}

	docs := map[string]cbec.Source{}
	for x := range policy.Default().Documents() {
		docs[x.Doc] = x
		checkSource(t, "docs.tsv", x, true)
	}
	for r := range policy.Default().Rules() {
		for _, doc := range r.Docs {
			if x, ok := docs[doc]; !ok || len(x.ReadAt) == 0 {
				t.Errorf("rules.tsv: %s cites %s, which has no page read", r.ID, doc)
			}
		}
	}
}

// TestCitationsTrade checks the sources of the modes, the limits and the
// VAT rates.
func TestCitationsTrade(t *testing.T) {
	n := 0
	for m := range trade.Modes() {
		checkSource(t, "mode "+m.String(), m.Source(), true)
		n++
	}
	for l := range trade.AllLimits() {
		checkSource(t, "limits", l.Source, true)
		n++
	}
	for r := range trade.VATRates() {
		checkSource(t, "vat", r.Source, true)
		n++
	}
	if n < 10 {
		t.Errorf("only %d trade sources", n)
	}
}

// TestCitationsZones checks every zone's source; a verified zone needs a
// page read.
func TestCitationsZones(t *testing.T) {
	withURL := 0
	for z := range zones.All() {
		checkSource(t, "zone "+z.ID, z.Source, z.Verified)
		if z.Source.URL != "" {
			withURL++
			if z.Source.Doc == "" {
				t.Errorf("zone %s: an official URL without a document", z.ID)
			}
		}
	}
	if withURL == 0 {
		t.Error("no zone has an official URL")
	}
}

func TestSourceEqual(t *testing.T) {
	a := cbec.Source{Doc: "X", URL: "https://www.gov.cn/x", ReadAt: []string{"https://a.example/1", "https://b.example/2"}}
	b := a
	b.ReadAt = append([]string(nil), a.ReadAt...)
	tests := []struct {
		name string
		x, y cbec.Source
		want bool
	}{
		{"same", a, b, true},
		{"zero", cbec.Source{}, cbec.Source{}, true},
		{"nil and empty ReadAt", cbec.Source{Doc: "X"}, cbec.Source{Doc: "X", ReadAt: []string{}}, true},
		{"order of pages", a, cbec.Source{Doc: "X", URL: a.URL, ReadAt: []string{a.ReadAt[1], a.ReadAt[0]}}, false},
		{"url", a, cbec.Source{Doc: "X", ReadAt: a.ReadAt}, false},
		{"doc", a, cbec.Source{Doc: "Y", URL: a.URL, ReadAt: a.ReadAt}, false},
	}
	for _, tt := range tests {
		if got := tt.x.Equal(tt.y); got != tt.want {
			t.Errorf("%s: Equal = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSourceJSON(t *testing.T) {
	s := cbec.Source{Doc: "商财发〔2018〕486号", Issued: cbec.MustParseDate("2018-11-28"),
		URL: "https://www.gov.cn/x", ReadAt: []string{"https://a.example/1"}}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"doc":"商财发〔2018〕486号","issued":"2018-11-28","url":"https://www.gov.cn/x","read_at":["https://a.example/1"]}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var back cbec.Source
	if err := json.Unmarshal(b, &back); err != nil || !back.Equal(s) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	if b, _ := json.Marshal(cbec.Source{Doc: "X"}); string(b) != `{"doc":"X"}` {
		t.Errorf("json of a bare source = %s", b)
	}
}
