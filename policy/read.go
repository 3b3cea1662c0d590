package policy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/cite"
	"github.com/tradepolicy/cbec/internal/dates"
	"github.com/tradepolicy/cbec/internal/tsv"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// This file reads the policy data files (policy/data/*.tsv, and overlays in
// their format) into rules and facts, validating every row.

// A doc is a row of docs.tsv: a document the rules cite.
type doc struct {
	cbec.Source
	issued, effective dates.Partial // as the row gives them (a day, a month, a year)
	confidence        string
}

// A listRow is a row of lists.tsv: a unit on (or, with member false, shown
// not to be on) a list.
type listRow struct {
	list, city, name string
	member           bool
	from             dates.Partial // when it joined; unknown: for the whole period of the rules
	joinUnknown      bool          // from is "?": the day it joined is not known
	joinedBy         int32         // from is "by YYYY-MM-DD": on the list by that day, since when not known
	except           []string      // codes of units inside city the membership does not cover
	verified         string        // yes, inferred, partial, weak or no
	url              string
}

// sourced reports whether a source read supports the row.
func (r listRow) sourced() bool { return sourced(r.verified) }

func sourced(v string) bool { return v == "yes" || v == "inferred" || v == "partial" }

// A listInfo is a row of listinfo.tsv.
type listInfo struct {
	list, doc string
	complete  bool
	total     int
	unknown   text // the reason for a unit that may or may not be on an incomplete list
}

// A customsRow is a row of customs.tsv: the customs district of a unit.
type customsRow = District

// The limits of the policy data, besides those of every file (see
// policy/data/README.md): per rule, its documents, scope clauses and
// conditions; and the rules of one mode in force on any one day.
const (
	maxRuleDocs       = 16
	maxRuleScopes     = 16
	maxRuleConditions = 32
	maxRulesInForce   = 256
)

// A dataFile is one file of the policy data: its name, its columns, the
// columns that key a row (an overlay row replaces the base row of the same
// key), and whether added overlay rows go first.
type dataFile struct {
	name     string
	cols     []string
	key      []string
	first    bool
	optional bool // a dataset may lack the file, or hold no rows in it
}

var dataFiles = []dataFile{
	{"docs.tsv", []string{"doc", "title", "issuer", "issued", "effective", "url", "read_at", "confidence", "note"}, []string{"doc"}, false, false},
	{"lists.tsv", []string{"list", "city", "name", "member", "from", "except?", "verified", "url", "note"}, []string{"list", "city", "name"}, false, false},
	{"listinfo.tsv", []string{"list", "doc", "complete", "total", "unknown", "unknown_zh", "note"}, []string{"list"}, false, false},
	{"customs.tsv", []string{"city", "name", "district", "verified", "url", "note"}, []string{"city"}, false, false},
	{"districts.tsv", []string{"district", "code", "url", "note"}, []string{"district"}, false, true},
	{"requirements.tsv", []string{"id", "categories", "absent", "open?", "doc", "what", "what_zh", "elsewhere", "elsewhere_zh", "note"}, []string{"id"}, false, true},
	{"regimes.tsv", []string{"zone", "modes", "url", "note"}, []string{"zone"}, false, true},
	// New rules come first: an overlay rule takes precedence over the
	// embedded ones, whose residual denials come last.
	{"rules.tsv", []string{"id", "modes", "from", "until", "scope", "requires", "verdict", "doc", "reason", "reason_zh", "conditions", "conditions_zh?", "confidence", "note"}, []string{"id"}, true, false},
}

// data is the policy dataset, read and validated file by file.
type data struct {
	docs         []doc
	lists        []listRow
	listInfo     []listInfo
	customs      []customsRow
	districts    map[string]string // district name → its 4-digit customs code
	requirements []requirement
	regimes      []regime
	rules        []Rule

	// index is the facts by key, made on first use (newFacts): the
	// embedded data is read once and its index shared.
	indexOnce sync.Once
	index     *factIndex
}

// load reads the policy data files from base, amended by the files of
// overlay if it is not nil (see [Extend]). A file whose name is not one of
// the data files, a column a file does not have, or a missing column is an
// error naming the file (and the column).
func load(base, overlay fs.FS) (*data, error) {
	if base == nil {
		return nil, errors.New("nil file system")
	}
	names := make([]string, len(dataFiles))
	for i, f := range dataFiles {
		names[i] = f.name
	}
	if err := tsv.CheckNames(base, "", names...); err != nil {
		return nil, err
	}
	if overlay != nil {
		if err := tsv.CheckNames(overlay, "overlay/", names...); err != nil {
			return nil, err
		}
	}
	d := new(data)
	for _, f := range dataFiles {
		recs, err := tsv.ReadFS(base, f.name, f.cols...)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 && !f.optional {
			return nil, fmt.Errorf("%s: missing or empty", f.name)
		}
		if overlay != nil {
			more, err := tsv.ReadOverlayFS(overlay, f.name, f.cols...)
			if err != nil {
				return nil, err
			}
			key := func(r tsv.Record) string {
				var k []string
				for _, c := range f.key {
					k = append(k, r.Get(c))
				}
				return strings.Join(k, "\x00")
			}
			if recs, err = tsv.Merge(recs, more, key, f.first); err != nil {
				return nil, err
			}
		}
		switch f.name {
		case "docs.tsv":
			d.docs, err = readDocs(recs)
		case "lists.tsv":
			d.lists, err = readLists(recs)
		case "listinfo.tsv":
			d.listInfo, err = readListInfo(recs)
		case "customs.tsv":
			d.customs, err = readCustoms(recs)
		case "districts.tsv":
			d.districts, err = readDistricts(recs)
		case "requirements.tsv":
			d.requirements, err = readRequirements(recs)
		case "regimes.tsv":
			d.regimes, err = readRegimes(recs)
		case "rules.tsv":
			d.rules, err = readRules(recs)
		}
		if err != nil {
			return nil, err
		}
	}
	for i, c := range d.customs {
		d.customs[i].Code = d.districts[c.Name]
	}
	return d, nil
}

// readDay reads a date column.
func readDay(rec tsv.Record, file, col string) (dates.Partial, error) {
	d, err := dates.Read(rec.Get(col))
	if err != nil {
		return d, rec.Errorf(file, col, "%v", err)
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

func checkConfidence(rec tsv.Record, file string) error {
	switch rec.Get("confidence") {
	case "high", "medium", "low":
		return nil
	}
	return rec.Errorf(file, "confidence", "%q is not high, medium or low", rec.Get("confidence"))
}

// readDocs reads the records of docs.tsv.
func readDocs(recs []tsv.Record) ([]doc, error) {
	const file = "docs.tsv"
	var out []doc
	seen := map[string]bool{}
	for _, rec := range recs {
		d := doc{Source: cbec.Source{Doc: rec.Get("doc"), Title: rec.Get("title"), Issuer: rec.Get("issuer"), URL: rec.Get("url"), ReadAt: cite.Split(rec.Get("read_at"))},
			confidence: rec.Get("confidence")}
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
		var err error
		if d.issued, err = readDay(rec, file, "issued"); err != nil {
			return nil, err
		}
		if d.effective, err = readDay(rec, file, "effective"); err != nil {
			return nil, err
		}
		// A citation carries only the days a source gives in full.
		if d.issued.Prec == dates.Day {
			d.Issued = date(d.issued.Min)
		}
		if d.effective.Prec == dates.Day {
			d.Effective = date(d.effective.Min)
		}
		if err := checkConfidence(rec, file); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// readLists reads the records of lists.tsv.
func readLists(recs []tsv.Record) ([]listRow, error) {
	const file = "lists.tsv"
	var out []listRow
	for _, rec := range recs {
		l := listRow{list: rec.Get("list"), city: rec.Get("city"), name: rec.Get("name"), verified: rec.Get("verified"), url: rec.Get("url")}
		switch rec.Get("member") {
		case "yes":
			l.member = true
		case "no":
		default:
			return nil, rec.Errorf(file, "member", "%q is not yes or no", rec.Get("member"))
		}
		switch from := rec.Get("from"); {
		case from == "?":
			l.joinUnknown = true
		case strings.HasPrefix(from, "by "):
			d, err := dates.Read(strings.TrimPrefix(from, "by "))
			if err != nil {
				return nil, rec.Errorf(file, "from", "%v", err)
			}
			if d.Prec != dates.Day {
				return nil, rec.Errorf(file, "from", "%q: want by YYYY-MM-DD", from)
			}
			l.joinedBy = d.Min
		default:
			var err error
			if l.from, err = readDay(rec, file, "from"); err != nil {
				return nil, err
			}
		}
		for _, c := range strings.Fields(rec.Get("except")) {
			if len(c) != 6 || c[:2] != l.city[:min(2, len(l.city))] || c == l.city {
				return nil, rec.Errorf(file, "except", "%q is not the code of a unit inside %s", c, l.city)
			}
			l.except = append(l.except, c)
		}
		switch l.verified {
		case "yes", "inferred", "partial", "weak", "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes, inferred, partial, weak or no", l.verified)
		}
		if sourced(l.verified) && l.url == "" {
			return nil, rec.Errorf(file, "url", "a sourced row needs the URL it was read at")
		}
		out = append(out, l)
	}
	return out, nil
}

// readListInfo reads the records of listinfo.tsv.
func readListInfo(recs []tsv.Record) ([]listInfo, error) {
	const file = "listinfo.tsv"
	var out []listInfo
	for _, rec := range recs {
		l := listInfo{list: rec.Get("list"), doc: rec.Get("doc"), unknown: text{rec.Get("unknown"), rec.Get("unknown_zh")}}
		switch rec.Get("complete") {
		case "yes":
			l.complete = true
		case "no":
			if l.unknown.en == "" {
				return nil, rec.Errorf(file, "unknown", "an incomplete list needs the reason its non-members are unknown")
			}
			if l.unknown.zh == "" {
				return nil, rec.Errorf(file, "unknown_zh", "an incomplete list needs the reason in Chinese too")
			}
		default:
			return nil, rec.Errorf(file, "complete", "%q is not yes or no", rec.Get("complete"))
		}
		n, err := strconv.Atoi(rec.Get("total"))
		if err != nil || n < 0 {
			return nil, rec.Errorf(file, "total", "%q is not a count", rec.Get("total"))
		}
		l.total = n
		out = append(out, l)
	}
	return out, nil
}

// readCustoms reads the records of customs.tsv.
func readCustoms(recs []tsv.Record) ([]customsRow, error) {
	const file = "customs.tsv"
	var out []customsRow
	seen := map[string]bool{}
	for _, rec := range recs {
		c := customsRow{City: rec.Get("city"), Name: rec.Get("district"), Verified: rec.Get("verified"), URL: rec.Get("url"), Note: rec.Get("note")}
		if seen[c.City] {
			return nil, rec.Errorf(file, "city", "duplicate %s", c.City)
		}
		seen[c.City] = true
		if c.Name == "" {
			return nil, rec.Errorf(file, "district", "empty")
		}
		switch c.Verified {
		case "yes", "inferred", "weak", "no":
		default:
			return nil, rec.Errorf(file, "verified", "%q is not yes, inferred, weak or no", c.Verified)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b customsRow) int { return cmp.Compare(a.City, b.City) })
	return out, nil
}

// readDistricts reads the records of districts.tsv: each district's
// 4-digit customs code.
func readDistricts(recs []tsv.Record) (map[string]string, error) {
	const file = "districts.tsv"
	out := make(map[string]string, len(recs))
	codes := map[string]bool{}
	for _, rec := range recs {
		name, code := rec.Get("district"), rec.Get("code")
		if name == "" {
			return nil, rec.Errorf(file, "district", "empty")
		}
		if _, dup := out[name]; dup {
			return nil, rec.Errorf(file, "district", "duplicate %s", name)
		}
		if len(code) != 4 || strings.Trim(code, "0123456789") != "" {
			return nil, rec.Errorf(file, "code", "%q is not a 4-digit customs code", code)
		}
		if codes[code] {
			return nil, rec.Errorf(file, "code", "duplicate %s", code)
		}
		if u := rec.Get("url"); u != "" {
			if err := cite.CheckURL(u); err != nil {
				return nil, rec.Errorf(file, "url", "%v", err)
			}
		}
		out[name], codes[code] = code, true
	}
	return out, nil
}

// readCategories reads category keys joined by "+".
func readCategories(rec tsv.Record, file, col, s string) ([]zones.Category, error) {
	var out []zones.Category
	for _, k := range strings.Split(s, "+") {
		c, err := zones.ParseCategory(k)
		if err != nil {
			return nil, rec.Errorf(file, col, "%v", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// readRequirements reads the records of requirements.tsv.
func readRequirements(recs []tsv.Record) ([]requirement, error) {
	const file = "requirements.tsv"
	var out []requirement
	seen := map[string]bool{}
	for _, rec := range recs {
		q := requirement{id: rec.Get("id"), doc: rec.Get("doc"),
			what: text{rec.Get("what"), rec.Get("what_zh")}, elsewhere: text{rec.Get("elsewhere"), rec.Get("elsewhere_zh")}}
		if q.id == "" || seen[q.id] {
			return nil, rec.Errorf(file, "id", "empty or duplicate id %q", q.id)
		}
		seen[q.id] = true
		var err error
		if q.categories, err = readCategories(rec, file, "categories", rec.Get("categories")); err != nil {
			return nil, err
		}
		switch rec.Get("absent") {
		case "denied":
			q.absent = Denied
		case "unknown":
			q.absent = Unknown
			if q.elsewhere.en == "" || q.elsewhere.zh == "" {
				return nil, rec.Errorf(file, "elsewhere", "a requirement whose absence is unknown needs the other sites, in English and Chinese")
			}
		default:
			return nil, rec.Errorf(file, "absent", "%q is not denied or unknown", rec.Get("absent"))
		}
		switch rec.Get("open") {
		case "yes":
			q.open = operating
		case "no", "":
		default:
			return nil, rec.Errorf(file, "open", "%q is not yes or no", rec.Get("open"))
		}
		if q.doc == "" {
			return nil, rec.Errorf(file, "doc", "every requirement needs the document that imposes it")
		}
		if q.what.en == "" || q.what.zh == "" {
			return nil, rec.Errorf(file, "what", "every requirement needs what it requires, in English and Chinese")
		}
		out = append(out, q)
	}
	return out, nil
}

// readRegimes reads the records of regimes.tsv.
func readRegimes(recs []tsv.Record) ([]regime, error) {
	const file = "regimes.tsv"
	var out []regime
	for _, rec := range recs {
		g := regime{zone: rec.Get("zone"), url: rec.Get("url")}
		if g.zone == "" {
			return nil, rec.Errorf(file, "zone", "empty")
		}
		for _, s := range strings.Fields(rec.Get("modes")) {
			m, err := trade.ParseMode(s)
			if err != nil {
				return nil, rec.Errorf(file, "modes", "%v", err)
			}
			g.modes = append(g.modes, m)
		}
		if len(g.modes) > 0 && g.url == "" {
			return nil, rec.Errorf(file, "url", "the modes a regime serves need the page that shows them")
		}
		out = append(out, g)
	}
	return out, nil
}

// splitList splits a list column at sep, dropping empty entries.
func splitList(s, sep string) []string {
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// readRules reads the records of rules.tsv.
func readRules(recs []tsv.Record) ([]Rule, error) {
	const file = "rules.tsv"
	var out []Rule
	ids := map[string]bool{}
	for _, rec := range recs {
		ru := Rule{file: rec.File, line: rec.Line, ID: rec.Get("id"), Requires: rec.Get("requires"),
			Reason: rec.Get("reason"), ReasonZH: rec.Get("reason_zh"), Confidence: rec.Get("confidence"), Note: rec.Get("note")}
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
			dst *cbec.Date
		}{{"from", &ru.Period.From}, {"until", &ru.Period.Until}} {
			d, err := readDay(rec, file, f.col)
			if err != nil {
				return nil, err
			}
			if d.Prec != dates.Day && d.Prec != dates.Unknown {
				return nil, rec.Errorf(file, f.col, "a rule's dates are full days")
			}
			*f.dst = date(d.Min)
		}
		if !ru.Period.From.IsValid() {
			return nil, rec.Errorf(file, "from", "empty")
		}
		if ru.Period.Until.IsValid() && !ru.Period.From.Before(ru.Period.Until) {
			return nil, rec.Errorf(file, "until", "not after from")
		}
		scope := strings.Fields(rec.Get("scope"))
		if err := count(rec, file, "scope", len(scope), maxRuleScopes, "scope clauses"); err != nil {
			return nil, err
		}
		for _, s := range scope {
			kind, arg, _ := strings.Cut(s, ":")
			var sc Scope
			if err := sc.Kind.UnmarshalText([]byte(kind)); err != nil || sc.Kind == 0 {
				return nil, rec.Errorf(file, "scope", "%q is not all, list:…, zones:… or customs:…", s)
			}
			switch sc.Kind {
			case ScopeAll:
				if arg != "" {
					return nil, rec.Errorf(file, "scope", "%q: all takes no argument", s)
				}
			case ScopeList, ScopeCustoms:
				if arg == "" {
					return nil, rec.Errorf(file, "scope", "%q names no list", s)
				}
				sc.List = arg
			case ScopeZones:
				var err error
				if sc.Zones, err = readCategories(rec, file, "scope", arg); err != nil {
					return nil, err
				}
			}
			ru.Scope = append(ru.Scope, sc)
		}
		if len(ru.Scope) == 0 {
			return nil, rec.Errorf(file, "scope", "empty")
		}
		if err := ru.Verdict.UnmarshalText([]byte(rec.Get("verdict"))); err != nil || rec.Get("verdict") == "" {
			return nil, rec.Errorf(file, "verdict", "%q is not allowed, denied or unknown", rec.Get("verdict"))
		}
		ru.Docs = splitList(rec.Get("doc"), " + ")
		if err := count(rec, file, "doc", len(ru.Docs), maxRuleDocs, "documents"); err != nil {
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
		ru.Conditions = splitList(rec.Get("conditions"), ";")
		ru.ConditionsZH = splitList(rec.Get("conditions_zh"), "；")
		if err := count(rec, file, "conditions", len(ru.Conditions), maxRuleConditions, "conditions"); err != nil {
			return nil, err
		}
		if len(ru.ConditionsZH) == 0 {
			// A rule written without Chinese conditions (an overlay of an
			// earlier format) shows the English ones in both languages.
			ru.ConditionsZH = slices.Clone(ru.Conditions)
		}
		if len(ru.ConditionsZH) != len(ru.Conditions) {
			return nil, rec.Errorf(file, "conditions_zh", "%d conditions in Chinese (separated by ；), %d in English: every condition needs its Chinese", len(ru.ConditionsZH), len(ru.Conditions))
		}
		if err := checkConfidence(rec, file); err != nil {
			return nil, err
		}
		out = append(out, ru)
	}
	return out, nil
}

// check validates the dataset as a whole against a registry: every cited
// document exists, every list is described, every unit, requirement and
// regime exists, and no two rules of the same mode, scope and period
// disagree.
func (d *data) check(reg *zones.Registry) error {
	docs := map[string]bool{}
	for _, x := range d.docs {
		docs[x.Doc] = true
	}
	lists := map[string]listInfo{}
	for _, l := range d.listInfo {
		if !docs[l.doc] {
			return fmt.Errorf("listinfo.tsv: %s cites %s, which is not in docs.tsv", l.list, l.doc)
		}
		lists[l.list] = l
	}
	members := map[string]int{}
	seen := map[string]bool{}
	for _, l := range d.lists {
		if _, ok := lists[l.list]; !ok {
			return fmt.Errorf("lists.tsv: list %s is not in listinfo.tsv", l.list)
		}
		u, ok := reg.ByCode(l.city)
		if !ok {
			return fmt.Errorf("lists.tsv: %s: %s is not a city code in the registry", l.list, l.city)
		}
		for _, x := range l.except {
			if e, ok := reg.ByCode(x); !ok || !u.Contains(e) {
				return fmt.Errorf("lists.tsv: %s %s: except %s is not a unit inside %s", l.list, l.city, x, u)
			}
		}
		k := l.list + "\x00" + l.city + "\x00" + l.name
		if seen[k] {
			return fmt.Errorf("lists.tsv: %s %s %s twice", l.list, l.city, l.name)
		}
		seen[k] = true
		if l.member {
			members[l.list]++
		}
	}
	for _, l := range d.listInfo {
		if l.complete && members[l.list] != l.total {
			return fmt.Errorf("listinfo.tsv: %s is marked complete with %d members, but lists.tsv has %d", l.list, l.total, members[l.list])
		}
		if !l.complete && members[l.list] >= l.total {
			return fmt.Errorf("listinfo.tsv: %s is marked incomplete but lists.tsv has all %d members", l.list, l.total)
		}
	}
	for _, c := range d.customs {
		if _, ok := reg.ByCode(c.City); !ok {
			return fmt.Errorf("customs.tsv: %s is not a city code in the registry", c.City)
		}
	}
	reqs := map[string]bool{}
	for _, q := range d.requirements {
		if !docs[q.doc] {
			return fmt.Errorf("requirements.tsv: %s cites %s, which is not in docs.tsv", q.id, q.doc)
		}
		reqs[q.id] = true
	}
	for _, g := range d.regimes {
		if z, ok := reg.ByID(g.zone); !ok || z.Category != zones.SpecialRegime {
			return fmt.Errorf("regimes.tsv: %s is not a zone of regime.tsv", g.zone)
		}
	}
	for _, r := range d.rules {
		for _, doc := range r.Docs {
			if !docs[doc] {
				return fmt.Errorf("%s:%d: %s cites %s, which is not in docs.tsv", r.file, r.line, r.ID, doc)
			}
		}
		for _, s := range r.Scope {
			if s.List != "" {
				if _, ok := lists[s.List]; !ok {
					return fmt.Errorf("%s:%d: %s: unknown list %s", r.file, r.line, r.ID, s.List)
				}
			}
		}
		if r.Requires != "" && !reqs[r.Requires] {
			return fmt.Errorf("%s:%d: %s requires %s, which is not in requirements.tsv", r.file, r.line, r.ID, r.Requires)
		}
	}
	return checkContradictions(d.rules)
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
		fmt.Fprintf(&k, "%v\x00%s", strings.HasPrefix(r.file, "overlay/"), r.Requires)
		for _, s := range r.Scope {
			fmt.Fprintf(&k, "\x00%v:%s:%v", s.Kind, s.List, s.Zones)
		}
		for _, m := range r.Modes {
			g := fmt.Sprintf("%s\x00%d", k.String(), m)
			groups[g] = append(groups[g], i)
		}
	}
	end := func(u cbec.Date) int32 {
		if !u.IsValid() {
			return 1<<31 - 1
		}
		return ymd(u)
	}
	first := [2]int{-1, -1} // the conflict whose later rule comes first in the data
	for _, g := range groups {
		slices.SortStableFunc(g, func(a, b int) int { return rules[a].Period.From.Compare(rules[b].Period.From) })
		// The rule reaching furthest so far, per verdict.
		var far [3]int
		for v := range far {
			far[v] = -1
		}
		for _, i := range g {
			r := rules[i]
			for v, j := range far {
				if Verdict(v) == r.Verdict || j < 0 || end(rules[j].Period.Until) <= ymd(r.Period.From) {
					continue
				}
				a, b := min(i, j), max(i, j)
				if first[1] < 0 || b < first[1] || b == first[1] && a < first[0] {
					first = [2]int{a, b}
				}
			}
			if j := far[r.Verdict]; j < 0 || end(r.Period.Until) > end(rules[j].Period.Until) {
				far[r.Verdict] = i
			}
		}
	}
	if first[1] >= 0 {
		q, r := rules[first[0]], rules[first[1]]
		return fmt.Errorf("%s:%d: %s contradicts %s (%s:%d): same mode and scope, overlapping periods, different verdicts", r.file, r.line, r.ID, q.ID, q.file, q.line)
	}
	return nil
}
