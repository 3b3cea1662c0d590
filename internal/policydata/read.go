// Package policydata reads the policy data files (policy/data/*.tsv) and
// compiles them, with a zone registry, into per-city timelines: the tables
// behind package policy. The generator and the run-time loader share it.
package policydata

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec/internal/cite"
	"github.com/tradepolicy/cbec/internal/tsv"
	"github.com/tradepolicy/cbec/internal/zonedata"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// Verdicts, as in package policy.
const (
	Unknown = iota
	Allowed
	Denied
)

var verdictNames = []string{"unknown", "allowed", "denied"}

// A Doc is a row of docs.tsv: a document the rules cite.
type Doc struct {
	Doc, Title, Issuer string
	Issued, Effective  zonedata.Day
	URL                string   // the official publication, or empty
	ReadAt             []string // the pages read, best first; never empty
	Confidence         string
	Note               string
}

// A ListRow is a row of lists.tsv: a unit on (or, with Member false, shown
// not to be on) a list.
type ListRow struct {
	List, City, Name string
	Member           bool
	From             zonedata.Day // when it joined (a day, month or year); unknown: the rule's own period
	JoinUnknown      bool         // from is "?": the day it joined is not known
	JoinedBy         int32        // from is "by YYYY-MM-DD": on the list by that day (YYYYMMDD), since when not known
	Verified         string       // yes, inferred, partial, weak or no
	URL, Note        string
}

// Sourced reports whether a source read supports the row.
func (r ListRow) Sourced() bool { return sourced(r.Verified) }

func sourced(v string) bool { return v == "yes" || v == "inferred" || v == "partial" }

// A ListInfo is a row of listinfo.tsv.
type ListInfo struct {
	List, Doc string
	Complete  bool
	Total     int
	Unknown   string // reason template for a unit that may or may not be on an incomplete list
	UnknownZH string // the same in Chinese
	Note      string
}

// A Customs is a row of customs.tsv: the customs district of a unit.
type Customs struct {
	City, Name, District, Verified, URL, Note string
}

// A Scope is one clause of a rule's scope.
type Scope struct {
	Kind  string // all, list, zones, customs
	List  string // list and customs scopes
	Zones []zones.Category
}

// A Rule is a row of rules.tsv.
type Rule struct {
	File        string
	Line        int
	ID          string
	Modes       []trade.Mode
	From, Until int32 // YYYYMMDD; Until 0: open
	Scopes      []Scope
	Requires    string // "", facility, facility-or-site
	Verdict     int
	Docs        []string
	Reason      string // English reason template: {city}, {zone}, {district}
	ReasonZH    string // the same in Chinese
	Conditions  []string
	Confidence  string
	Note        string
}

// Files lists the data files: name, columns, the columns that key a row (for
// overlays), and whether new overlay rows go first.
var Files = []struct {
	Name  string
	Cols  []string
	Key   []string
	First bool
}{
	{"docs.tsv", []string{"doc", "title", "issuer", "issued", "effective", "url", "read_at", "confidence", "note"}, []string{"doc"}, false},
	{"lists.tsv", []string{"list", "city", "name", "member", "from", "verified", "url", "note"}, []string{"list", "city", "name"}, false},
	{"listinfo.tsv", []string{"list", "doc", "complete", "total", "unknown", "unknown_zh", "note"}, []string{"list"}, false},
	{"customs.tsv", []string{"city", "name", "district", "verified", "url", "note"}, []string{"city"}, false},
	// New rules come first: an overlay rule takes precedence over the
	// embedded ones, whose catch-all denials come last.
	{"rules.tsv", []string{"id", "modes", "from", "until", "scope", "requires", "verdict", "doc", "reason", "reason_zh", "conditions", "confidence", "note"}, []string{"id"}, true},
}

// Data is the whole policy dataset.
type Data struct {
	Docs     []Doc
	Lists    []ListRow
	ListInfo []ListInfo
	Customs  []Customs
	Rules    []Rule
}

// The limits of the policy data, besides those of every file (see package
// tsv): per rule, its documents, scope clauses and conditions; and the
// rules of one mode in force on any one day.
const (
	MaxRuleDocs       = 16
	MaxRuleScopes     = 16
	MaxRuleConditions = 32
	MaxRulesInForce   = 256
)

// readDay reads a date column, which must lie between zonedata.Earliest and
// zonedata.Horizon.
func readDay(rec tsv.Record, file, col string) (zonedata.Day, error) {
	d, err := zonedata.ParseDay(rec.Get(col))
	if err != nil {
		return d, rec.Errorf(file, col, "%v", err)
	}
	if err := zonedata.CheckRange(d, zonedata.Earliest, zonedata.Horizon); err != nil {
		return d, rec.Errorf(file, col, "%w", err)
	}
	return d, nil
}

// count returns an error naming the limit when n is more than max.
func count(rec tsv.Record, file, col string, n, max int, what string) error {
	if n > max {
		return rec.Errorf(file, col, "%w: %d %s, more than %d", tsv.ErrLimit, n, what, max)
	}
	return nil
}

// ReadDocs reads the records of docs.tsv.
func ReadDocs(recs []tsv.Record) ([]Doc, error) {
	const file = "docs.tsv"
	var (
		out []Doc
		err error
	)
	seen := map[string]bool{}
	for _, rec := range recs {
		d := Doc{Doc: rec.Get("doc"), Title: rec.Get("title"), Issuer: rec.Get("issuer"), URL: rec.Get("url"), ReadAt: cite.Split(rec.Get("read_at")), Confidence: rec.Get("confidence"), Note: rec.Get("note")}
		if d.Doc == "" {
			return nil, rec.Errorf(file, "doc", "empty")
		}
		if seen[d.Doc] {
			return nil, rec.Errorf(file, "doc", "duplicate %s", d.Doc)
		}
		seen[d.Doc] = true
		if d.URL != "" {
			if err := cite.CheckURL(d.URL); err != nil {
				return nil, rec.Errorf(file, "url", "%v", err)
			}
			if !cite.Official(d.URL) {
				return nil, rec.Errorf(file, "url", "%q is not on an official host (%s); list it in read_at", d.URL, strings.Join(cite.OfficialHosts, ", "))
			}
		}
		if len(d.ReadAt) == 0 {
			return nil, rec.Errorf(file, "read_at", "every document needs the pages it was read at")
		}
		for _, u := range d.ReadAt {
			if err := cite.CheckURL(u); err != nil {
				return nil, rec.Errorf(file, "read_at", "%v", err)
			}
		}
		if d.Issued, err = readDay(rec, file, "issued"); err != nil {
			return nil, err
		}
		if d.Effective, err = readDay(rec, file, "effective"); err != nil {
			return nil, err
		}
		if err := checkConfidence(rec, file); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func checkConfidence(rec tsv.Record, file string) error {
	switch rec.Get("confidence") {
	case "high", "medium", "low":
		return nil
	}
	return rec.Errorf(file, "confidence", "%q is not high, medium or low", rec.Get("confidence"))
}

// ReadLists reads the records of lists.tsv.
func ReadLists(recs []tsv.Record) ([]ListRow, error) {
	const file = "lists.tsv"
	var (
		out []ListRow
		err error
	)
	for _, rec := range recs {
		l := ListRow{List: rec.Get("list"), City: rec.Get("city"), Name: rec.Get("name"), Verified: rec.Get("verified"), URL: rec.Get("url"), Note: rec.Get("note")}
		switch rec.Get("member") {
		case "yes":
			l.Member = true
		case "no":
		default:
			return nil, rec.Errorf(file, "member", "%q is not yes or no", rec.Get("member"))
		}
		switch from := rec.Get("from"); {
		case from == "?":
			l.JoinUnknown = true
		case strings.HasPrefix(from, "by "):
			d, err := zonedata.ParseDay(strings.TrimPrefix(from, "by "))
			if err != nil || d.Prec != zonedata.Exact {
				return nil, rec.Errorf(file, "from", "%q: want by YYYY-MM-DD", from)
			}
			if err := zonedata.CheckRange(d, zonedata.Earliest, zonedata.Horizon); err != nil {
				return nil, rec.Errorf(file, "from", "%w", err)
			}
			l.JoinedBy = d.Min
		default:
			if l.From, err = readDay(rec, file, "from"); err != nil {
				return nil, err
			}
		}
		switch l.Verified {
		case "yes", "inferred", "partial", "weak", "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes, inferred, partial, weak or no", l.Verified)
		}
		if sourced(l.Verified) && l.URL == "" {
			return nil, rec.Errorf(file, "url", "a sourced row needs the URL it was read at")
		}
		out = append(out, l)
	}
	return out, nil
}

// ReadListInfo reads the records of listinfo.tsv.
func ReadListInfo(recs []tsv.Record) ([]ListInfo, error) {
	const file = "listinfo.tsv"
	var out []ListInfo
	for _, rec := range recs {
		l := ListInfo{List: rec.Get("list"), Doc: rec.Get("doc"), Unknown: rec.Get("unknown"), UnknownZH: rec.Get("unknown_zh"), Note: rec.Get("note")}
		switch rec.Get("complete") {
		case "yes":
			l.Complete = true
		case "no":
			if l.Unknown == "" {
				return nil, rec.Errorf(file, "unknown", "an incomplete list needs the reason its non-members are unknown")
			}
			if l.UnknownZH == "" {
				return nil, rec.Errorf(file, "unknown_zh", "an incomplete list needs the reason in Chinese too")
			}
		default:
			return nil, rec.Errorf(file, "complete", "%q is not yes or no", rec.Get("complete"))
		}
		n, err := strconv.Atoi(rec.Get("total"))
		if err != nil || n < 0 {
			return nil, rec.Errorf(file, "total", "%q is not a count", rec.Get("total"))
		}
		l.Total = n
		out = append(out, l)
	}
	return out, nil
}

// ReadCustoms reads the records of customs.tsv.
func ReadCustoms(recs []tsv.Record) ([]Customs, error) {
	const file = "customs.tsv"
	var out []Customs
	seen := map[string]bool{}
	for _, rec := range recs {
		c := Customs{City: rec.Get("city"), Name: rec.Get("name"), District: rec.Get("district"), Verified: rec.Get("verified"), URL: rec.Get("url"), Note: rec.Get("note")}
		if seen[c.City] {
			return nil, rec.Errorf(file, "city", "duplicate %s", c.City)
		}
		seen[c.City] = true
		if c.District == "" {
			return nil, rec.Errorf(file, "district", "empty")
		}
		switch c.Verified {
		case "yes", "inferred", "weak", "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes, inferred, weak or no", c.Verified)
		}
		out = append(out, c)
	}
	return out, nil
}

// ReadRules reads the records of rules.tsv.
func ReadRules(recs []tsv.Record) ([]Rule, error) {
	const file = "rules.tsv"
	var out []Rule
	ids := map[string]bool{}
	for _, rec := range recs {
		ru := Rule{File: rec.File, Line: rec.Line, ID: rec.Get("id"), Requires: rec.Get("requires"), Reason: rec.Get("reason"), ReasonZH: rec.Get("reason_zh"), Confidence: rec.Get("confidence"), Note: rec.Get("note")}
		if ru.ID == "" || ids[ru.ID] {
			return nil, rec.Errorf(file, "id", "empty or duplicate id %q", ru.ID)
		}
		ids[ru.ID] = true
		for _, s := range strings.Fields(rec.Get("modes")) {
			m, err := trade.ParseMode(s)
			if err != nil {
				return nil, rec.Errorf(file, "modes", "%v", err)
			}
			ru.Modes = append(ru.Modes, m)
		}
		if len(ru.Modes) == 0 {
			return nil, rec.Errorf(file, "modes", "no mode")
		}
		slices.Sort(ru.Modes)
		ru.Modes = slices.Compact(ru.Modes)
		for _, f := range []struct {
			col string
			dst *int32
		}{{"from", &ru.From}, {"until", &ru.Until}} {
			d, err := readDay(rec, file, f.col)
			if err != nil {
				return nil, err
			}
			if d.Prec != zonedata.Exact && d.Prec != zonedata.Unknown {
				return nil, rec.Errorf(file, f.col, "a rule's dates are full days")
			}
			*f.dst = d.Min
		}
		if ru.From == 0 {
			return nil, rec.Errorf(file, "from", "empty")
		}
		if ru.Until != 0 && ru.Until <= ru.From {
			return nil, rec.Errorf(file, "until", "not after from")
		}
		if err := count(rec, file, "scope", len(strings.Fields(rec.Get("scope"))), MaxRuleScopes, "scope clauses"); err != nil {
			return nil, err
		}
		for _, s := range strings.Fields(rec.Get("scope")) {
			kind, arg, _ := strings.Cut(s, ":")
			sc := Scope{Kind: kind}
			switch kind {
			case "all":
			case "list", "customs":
				if arg == "" {
					return nil, rec.Errorf(file, "scope", "%q names no list", s)
				}
				sc.List = arg
			case "zones":
				for _, k := range strings.Split(arg, "+") {
					c, err := zones.ParseCategory(k)
					if err != nil {
						return nil, rec.Errorf(file, "scope", "%v", err)
					}
					sc.Zones = append(sc.Zones, c)
				}
			default:
				return nil, rec.Errorf(file, "scope", "%q is not all, list:…, zones:… or customs:…", s)
			}
			ru.Scopes = append(ru.Scopes, sc)
		}
		if len(ru.Scopes) == 0 {
			return nil, rec.Errorf(file, "scope", "empty")
		}
		switch ru.Requires {
		case "", "facility", "facility-or-site":
		default:
			return nil, rec.Errorf(file, "requires", "%q is not facility or facility-or-site", ru.Requires)
		}
		v := slices.Index(verdictNames, rec.Get("verdict"))
		if v < 0 {
			return nil, rec.Errorf(file, "verdict", "%q is not allowed, denied or unknown", rec.Get("verdict"))
		}
		ru.Verdict = v
		for _, d := range strings.Split(rec.Get("doc"), " + ") {
			if d = strings.TrimSpace(d); d != "" {
				ru.Docs = append(ru.Docs, d)
			}
		}
		if err := count(rec, file, "doc", len(ru.Docs), MaxRuleDocs, "documents"); err != nil {
			return nil, err
		}
		if len(ru.Docs) == 0 {
			return nil, rec.Errorf(file, "doc", "every rule needs its source document")
		}
		if ru.Reason == "" {
			return nil, rec.Errorf(file, "reason", "empty")
		}
		if ru.ReasonZH == "" {
			return nil, rec.Errorf(file, "reason_zh", "empty: every rule needs its reason in Chinese")
		}
		for _, c := range strings.Split(rec.Get("conditions"), ";") {
			if c = strings.TrimSpace(c); c != "" {
				ru.Conditions = append(ru.Conditions, c)
			}
		}
		if err := count(rec, file, "conditions", len(ru.Conditions), MaxRuleConditions, "conditions"); err != nil {
			return nil, err
		}
		if err := checkConfidence(rec, file); err != nil {
			return nil, err
		}
		out = append(out, ru)
	}
	return out, nil
}

// Check validates the dataset as a whole against a registry: every cited
// document exists, every list is described, every city exists, and no two
// rules of the same mode, scope and period disagree.
func (d *Data) Check(reg *zones.Registry) error {
	docs := map[string]bool{}
	for _, x := range d.Docs {
		docs[x.Doc] = true
	}
	lists := map[string]ListInfo{}
	for _, l := range d.ListInfo {
		if !docs[l.Doc] {
			return fmt.Errorf("listinfo.tsv: %s cites %s, which is not in docs.tsv", l.List, l.Doc)
		}
		lists[l.List] = l
	}
	count := map[string]int{}
	seen := map[string]bool{}
	for _, l := range d.Lists {
		if _, ok := lists[l.List]; !ok {
			return fmt.Errorf("lists.tsv: list %s is not in listinfo.tsv", l.List)
		}
		if _, ok := reg.ByCode(l.City); !ok {
			return fmt.Errorf("lists.tsv: %s: %s is not a city code in the registry", l.List, l.City)
		}
		k := l.List + "\x00" + l.City + "\x00" + l.Name
		if seen[k] {
			return fmt.Errorf("lists.tsv: %s %s %s twice", l.List, l.City, l.Name)
		}
		seen[k] = true
		if l.Member {
			count[l.List]++
		}
	}
	for _, l := range d.ListInfo {
		if l.Complete && count[l.List] != l.Total {
			return fmt.Errorf("listinfo.tsv: %s is marked complete with %d members, but lists.tsv has %d", l.List, l.Total, count[l.List])
		}
		if !l.Complete && count[l.List] >= l.Total {
			return fmt.Errorf("listinfo.tsv: %s is marked incomplete but lists.tsv has all %d members", l.List, l.Total)
		}
	}
	for _, c := range d.Customs {
		if _, ok := reg.ByCode(c.City); !ok {
			return fmt.Errorf("customs.tsv: %s is not a city code in the registry", c.City)
		}
	}
	for _, r := range d.Rules {
		for _, doc := range r.Docs {
			if !docs[doc] {
				return fmt.Errorf("%s:%d: %s cites %s, which is not in docs.tsv", r.File, r.Line, r.ID, doc)
			}
		}
		for _, s := range r.Scopes {
			if s.List != "" {
				if _, ok := lists[s.List]; !ok {
					return fmt.Errorf("%s:%d: %s: unknown list %s", r.File, r.Line, r.ID, s.List)
				}
			}
		}
	}
	return checkContradictions(d.Rules)
}

// checkContradictions reports two rules of the same origin (embedded or
// overlay), mode, scope and requirement whose periods overlap and whose
// verdicts differ: an overlay's rule comes first and may shadow an embedded
// one, but rules of the same origin must not contradict each other. It sorts
// the rules of each such group by start and sweeps them, in O(n log n).
func checkContradictions(rules []Rule) error {
	groups := map[string][]int{}
	for i, r := range rules {
		var k strings.Builder
		fmt.Fprintf(&k, "%v\x00%s", isOverlay(r), r.Requires)
		for _, s := range r.Scopes {
			fmt.Fprintf(&k, "\x00%s:%s:%v", s.Kind, s.List, s.Zones)
		}
		for _, m := range r.Modes {
			g := fmt.Sprintf("%s\x00%d", k.String(), m)
			groups[g] = append(groups[g], i)
		}
	}
	end := func(u int32) int32 {
		if u == 0 {
			return 1<<31 - 1
		}
		return u
	}
	first := [2]int{-1, -1} // the conflict whose later rule comes first in the data
	for _, g := range groups {
		slices.SortStableFunc(g, func(a, b int) int { return cmp.Compare(rules[a].From, rules[b].From) })
		// The rule reaching furthest so far, per verdict.
		var far [3]int
		for v := range far {
			far[v] = -1
		}
		for _, i := range g {
			r := rules[i]
			for v, j := range far {
				if v == r.Verdict || j < 0 || end(rules[j].Until) <= r.From {
					continue
				}
				a, b := min(i, j), max(i, j)
				if first[1] < 0 || b < first[1] || b == first[1] && a < first[0] {
					first = [2]int{a, b}
				}
			}
			if j := far[r.Verdict]; j < 0 || end(r.Until) > end(rules[j].Until) {
				far[r.Verdict] = i
			}
		}
	}
	if first[1] >= 0 {
		q, r := rules[first[0]], rules[first[1]]
		return fmt.Errorf("%s:%d: %s contradicts %s (%s:%d): same mode and scope, overlapping periods, different verdicts", r.File, r.Line, r.ID, q.ID, q.File, q.Line)
	}
	return nil
}

func isOverlay(r Rule) bool { return strings.HasPrefix(r.File, "overlay/") }
