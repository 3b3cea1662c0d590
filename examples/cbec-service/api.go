package main

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// A server answers the routes over one engine.
type server struct {
	e       *policy.Engine
	replies *replyCache
	// notCity holds the units without an answer of their own (not among
	// the engine's Units, nor inside one of them: the provinces), each with
	// the units inside it that have one. notCityLevel is the deepest level
	// among them, so that most lookups need not look.
	notCity      map[string][]zones.City
	notCityLevel zones.Level
	static       [numRoutes]*static // by route, for the static ones
	modeList     *static
	covs         coverageCache
}

// A static is a reply computed once.
type static struct {
	ctype, length, etag []string
	body                []byte
	header              map[string][]string // more headers
}

func newStatic(ctype string, body []byte) *static {
	return &static{ctype: []string{ctype}, length: []string{strconv.Itoa(len(body))},
		etag: []string{etagOf(body)}, body: body}
}

// newServer returns the routes over e. A nil e serves HEAD requests and
// errors only, for tests.
func newServer(e *policy.Engine) *server {
	s := &server{e: e, replies: newReplyCache(defaultCacheSize), notCity: map[string][]zones.City{}}
	s.static[rPage] = pageReply()
	s.static[rOpenAPI] = newStatic(jsonType, openapiJSON)
	s.static[rSchema] = newStatic(schemaType, decisionSchema)
	s.modeList = modesReply()
	if e == nil {
		return s
	}
	answered := map[string]bool{}
	var units []zones.City
	for c := range e.Units() {
		answered[c.Code] = true
		units = append(units, c)
	}
	reg := e.Registry()
	for c := range reg.Cities() {
		if hasAnswer(reg, c, answered) {
			continue
		}
		inside := []zones.City{}
		for _, u := range units {
			if c.Contains(u) {
				inside = append(inside, u)
			}
		}
		s.notCity[c.Code] = inside
		s.notCityLevel = max(s.notCityLevel, c.Level)
	}
	return s
}

// hasAnswer reports whether c or a unit it lies in has an answer of its own.
func hasAnswer(reg *zones.Registry, c zones.City, answered map[string]bool) bool {
	for range 8 { // deeper than any registry
		if answered[c.Code] {
			return true
		}
		p, ok := reg.Parent(c)
		if !ok {
			return false
		}
		c = p
	}
	return false
}

// answerable returns the error for a unit c without an answer of its own,
// or nil.
func (s *server) answerable(c zones.City) *apiError {
	if c.Level > s.notCityLevel {
		return nil
	}
	if inside, ok := s.notCity[c.Code]; ok {
		return notACity(c, inside)
	}
	return nil
}

// required returns the error for the first of p's values that is missing.
func required(p *params, names ...string) *apiError {
	for i, n := range names {
		if p.v[i] == "" {
			return errMissing(n)
		}
	}
	return nil
}

func parseDate(v string) (cbec.Date, *apiError) {
	if len(v) <= maxParam {
		if d, err := cbec.ParseDate(v); err == nil {
			return d, nil
		}
	}
	return cbec.Date{}, errInvalidDate(v)
}

func parseMode(v string) (trade.Mode, *apiError) {
	if len(v) <= maxParam {
		if m, err := trade.ParseMode(v); err == nil {
			return m, nil
		}
	}
	return 0, errInvalidMode(v)
}

// parseDateMode parses a query's date and mode, the date's error first.
func parseDateMode(date, mode string) (cbec.Date, trade.Mode, *apiError) {
	d, e := parseDate(date)
	if e != nil {
		return d, 0, e
	}
	m, e := parseMode(mode)
	return d, m, e
}

// cityError returns the error of looking up the city name v.
func cityError(v string, err error) *apiError {
	var le *zones.LookupError
	if !errors.As(err, &le) {
		return errInternal()
	}
	return lookupError(v, le, errors.Is(err, zones.ErrAmbiguousCity))
}

// lookup resolves a city name to a unit with an answer of its own.
func (s *server) lookup(v string) (zones.City, *apiError) {
	if len(v) > maxParam {
		return zones.City{}, errLongCity(v)
	}
	c, err := s.e.Registry().Lookup(v)
	if err != nil {
		return zones.City{}, cityError(v, err)
	}
	if e := s.answerable(c); e != nil {
		return zones.City{}, e
	}
	return c, nil
}

func (s *server) decision(x *exchange, r *http.Request, p *params) {
	if e := required(p, "city", "date", "mode"); e != nil {
		x.fail(e)
		return
	}
	date, mode, e := parseDateMode(p.v[1], p.v[2])
	if e != nil {
		x.fail(e)
		return
	}
	if len(p.v[0]) > maxParam {
		x.fail(errLongCity(p.v[0]))
		return
	}
	d, err := s.e.Permitted(p.v[0], date, mode)
	if err != nil {
		x.fail(cityError(p.v[0], err))
		return
	}
	if e := s.answerable(d.City()); e != nil {
		x.fail(e)
		return
	}
	rep := s.replies.get(d)
	s.replies.remember(r.URL.RawQuery, rep)
	x.sendDecision(rep)
}

// decisionKept answers a query answered before from its kept reply: the
// same query is the same parameters, and so the same decision.
func (s *server) decisionKept(x *exchange, r *http.Request) bool {
	rep := s.replies.byQuery(r.URL.RawQuery)
	if rep == nil {
		return false
	}
	x.sendDecision(rep)
	return true
}

// sendDecision writes a decision's reply.
func (x *exchange) sendDecision(rep *reply) {
	x.city, x.verdict = rep.city, rep.verdict
	x.writeParts(http.StatusOK, hvJSON, rep.t.length, rep.etag, rep.t.pre, rep.date[:], rep.t.post)
}

// A span is one period of a timeline: the fields of the decision on its
// first day that do not name the query, and the period.
type span struct {
	From         cbec.Date      `json:"from,omitzero"`  // absent: since before the data begins
	Until        cbec.Date      `json:"until,omitzero"` // absent: open-ended
	Verdict      policy.Verdict `json:"verdict"`
	Rule         string         `json:"rule"`
	Reason       string         `json:"reason"`
	ReasonZH     string         `json:"reason_zh"`
	Basis        []cbec.Source  `json:"basis"`
	Zones        []zones.Zone   `json:"zones"`
	Conditions   []string       `json:"conditions"`
	ConditionsZH []string       `json:"conditions_zh"`
	Gaps         []policy.Gap   `json:"gaps"`
}

// spanOf returns the reply's row for sp. It is the one place that reads a
// span's decision.
func spanOf(sp policy.Span) span {
	r := sp.Decision.Record()
	return span{
		From: sp.Period.From, Until: sp.Period.Until, Verdict: sp.Verdict,
		Rule: r.Rule, Reason: r.Reason, ReasonZH: r.ReasonZH,
		Basis: r.Basis, Zones: r.Zones, Conditions: r.Conditions, ConditionsZH: r.ConditionsZH, Gaps: r.Gaps,
	}
}

func (s *server) timeline(x *exchange, p *params) {
	if e := required(p, "city", "mode"); e != nil {
		x.fail(e)
		return
	}
	mode, e := parseMode(p.v[1])
	if e != nil {
		x.fail(e)
		return
	}
	c, e := s.lookup(p.v[0])
	if e != nil {
		x.fail(e)
		return
	}
	x.city = c.Code
	spans := []span{}
	for _, sp := range s.e.Timeline(c, mode) {
		spans = append(spans, spanOf(sp))
	}
	x.writeJSON(http.StatusOK, struct {
		City  zones.City `json:"city"`
		Mode  trade.Mode `json:"mode"`
		Spans []span     `json:"spans"`
	}{c, mode, spans}, true)
}

// A cityEntry is a unit in a list.
type cityEntry struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

func cityOf(c zones.City) cityEntry { return cityEntry{c.Code, c.Name, c.NameEN} }

func (s *server) cities(x *exchange, p *params) {
	if e := required(p, "date", "mode"); e != nil {
		x.fail(e)
		return
	}
	date, mode, e := parseDateMode(p.v[0], p.v[1])
	if e != nil {
		x.fail(e)
		return
	}
	v := policy.Allowed
	if p.given(2) {
		if len(p.v[2]) > maxParam || v.UnmarshalText([]byte(p.v[2])) != nil {
			x.fail(errInvalidVerdict(p.v[2]))
			return
		}
	}
	list := []cityEntry{}
	for c := range s.e.CitiesBy(date, mode, v) {
		list = append(list, cityOf(c))
	}
	x.writeJSON(http.StatusOK, struct {
		Date    cbec.Date      `json:"date"`
		Mode    trade.Mode     `json:"mode"`
		Verdict policy.Verdict `json:"verdict"`
		Count   int            `json:"count"`
		Cities  []cityEntry    `json:"cities"`
	}{date, mode, v, len(list), list}, true)
}

// A candidate is a unit a name could mean.
type candidate struct {
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	NameEN     string      `json:"name_en"`
	Level      zones.Level `json:"level"`
	Parent     string      `json:"parent,omitempty"`
	ParentName string      `json:"parent_name,omitempty"`
	// Answered is false for a unit that has no answer of its own (a
	// province): /v1/decision answers not_a_city for it.
	Answered bool `json:"answered"`
}

// maxListed bounds the candidates /v1/candidates lists.
const maxListed = 20

func (s *server) candidates(x *exchange, p *params) {
	if e := required(p, "q"); e != nil {
		x.fail(e)
		return
	}
	q := p.v[0]
	reg := s.e.Registry()
	match, found := "none", []zones.City(nil)
	if len(q) <= maxParam {
		if found = reg.Candidates(q); len(found) > 0 {
			match = "exact"
		} else if _, err := reg.Lookup(q); err != nil {
			var le *zones.LookupError
			if errors.As(err, &le) && len(le.Candidates) > 0 {
				match, found = "close", le.Candidates
			}
		}
	}
	list := []candidate{}
	for i, c := range found {
		if i == maxListed {
			break
		}
		k := candidate{Code: c.Code, Name: c.Name, NameEN: c.NameEN, Level: c.Level, Parent: c.Parent,
			Answered: s.answerable(c) == nil}
		if pc, ok := reg.Parent(c); ok {
			k.ParentName = pc.Name
		}
		list = append(list, k)
	}
	x.writeJSON(http.StatusOK, struct {
		Query      string      `json:"query"`
		Match      string      `json:"match"`
		Total      int         `json:"total"`
		Candidates []candidate `json:"candidates"`
	}{q, match, len(found), list}, true)
}

// A modeEntry describes a customs supervision mode.
type modeEntry struct {
	Mode       trade.Mode      `json:"mode"`
	Code       string          `json:"code"`
	NameEN     string          `json:"name_en"`
	NameZH     string          `json:"name_zh"`
	Direction  trade.Direction `json:"direction"`
	Introduced cbec.Date       `json:"introduced"`
	Source     string          `json:"source"` // the document that created the code
}

// allModes are the modes, in their order.
func allModes() []trade.Mode {
	var ms []trade.Mode
	for m := trade.Mode(1); m.IsValid(); m++ {
		ms = append(ms, m)
	}
	return ms
}

func modesReply() *static {
	var list []modeEntry
	for _, m := range allModes() {
		list = append(list, modeEntry{Mode: m, Code: m.Code(), NameEN: m.NameEN(), NameZH: m.NameZH(),
			Direction: m.Direction(), Introduced: m.Introduced(), Source: m.Source().Doc})
	}
	body, err := marshalLine(struct {
		Modes []modeEntry `json:"modes"`
	}{list})
	if err != nil {
		panic(err) // the modes are valid
	}
	return newStatic(jsonType, body)
}

func (s *server) healthz(x *exchange) {
	x.writeJSON(http.StatusOK, struct {
		Status      string `json:"status"`
		DataVersion string `json:"data_version"`
	}{"ok", cbec.DataVersion}, false)
}

// writeStatic writes st.
func (x *exchange) writeStatic(st *static) {
	hdr := x.Header()
	for k, v := range st.header {
		hdr[k] = v
	}
	x.writeParts(http.StatusOK, st.ctype, st.length, st.etag, st.body, nil, nil)
}
