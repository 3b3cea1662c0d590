package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/policy"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// do serves one request through h with the given headers.
func do(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestDecisionBytes: a decision's reply is json.Marshal of the decision and
// a newline, byte for byte, whether it is encoded or kept, for units,
// districts, names that could mean several units, every mode and days
// before, inside and after the data.
func TestDecisionBytes(t *testing.T) {
	e := policy.Default()
	h := newHandler(e, settings{})
	days := []string{"2014-08-01", "2016-05-10", "2019-01-01", "2020-03-03", "2021-03-18", "2023-06-30", cbec.DataVersion, "2030-01-01"}
	names := []string{"杭州", "330100", "Hangzhou", "杭州滨江", "朝阳", "北京朝阳", "义乌", "三亚", "天水", "湛江", "Suzhou, Anhui", "上海"}
	n := 0
	for c := range e.Units() {
		if n++; n%17 == 0 {
			names = append(names, c.Code)
		}
	}
	for _, name := range names {
		for m := trade.Mode(1); m.IsValid(); m++ {
			for _, day := range days {
				d, err := e.Permitted(name, cbec.MustParseDate(day), m)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, _ := json.Marshal(d)
				want = append(want, '\n')
				target := "/v1/decision?city=" + url.QueryEscape(name) + "&date=" + day + "&mode=" + url.QueryEscape(m.String())
				for range 2 { // encoded, then kept
					rec := do(h, "GET", target)
					if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), want) {
						t.Fatalf("%s: %d\n%s\nwant\n%s", target, rec.Code, rec.Body.Bytes(), want)
					}
					if cl := rec.Header().Get("Content-Length"); cl != strconvItoa(len(want)) {
						t.Fatalf("%s: Content-Length %s for %d bytes", target, cl, len(want))
					}
				}
			}
		}
	}
	replies, templates, misses, _ := h.s.replies.stats()
	t.Logf("%d replies kept, %d templates, %d encoded", replies, templates, misses)
	if templates >= replies {
		t.Errorf("%d templates for %d replies: the days do not share them", templates, replies)
	}
}

func strconvItoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestReplyCacheBound: at its bound the cache starts over, and its replies
// stay right.
func TestReplyCacheBound(t *testing.T) {
	c := newReplyCache(4)
	e := policy.Default()
	hz, _ := zones.Lookup("杭州")
	for i := range 10 {
		d := e.Decide(hz, cbec.MustParseDate("2019-03-01").AddDays(i), trade.BondedImport)
		r := c.get(d)
		want, _ := json.Marshal(d)
		got := append(append(append([]byte(nil), r.t.pre...), r.date[:]...), r.t.post...)
		if !bytes.Equal(got, append(want, '\n')) {
			t.Fatalf("day %d: %s", i, got)
		}
	}
	replies, _, misses, resets := c.stats()
	if replies > 4 || misses != 10 || resets != 2 {
		t.Errorf("replies %d, misses %d, resets %d", replies, misses, resets)
	}
}

// TestCitiesByVerdict: /v1/cities lists exactly the units the library
// answers with the verdict asked, on the day and for the mode asked.
func TestCitiesByVerdict(t *testing.T) {
	e := policy.Default()
	h := newHandler(e, settings{})
	for _, tc := range []struct{ date, mode string }{
		{"2021-04-01", "1210"}, {"2020-03-01", "1210"}, {"2020-09-01", "9710"}, {"2030-01-01", "1239"}, {"2013-01-01", "9610"},
	} {
		mode, _ := trade.ParseMode(tc.mode)
		day := cbec.MustParseDate(tc.date)
		total := 0
		for _, v := range []string{"", "allowed", "unknown", "denied"} {
			target := "/v1/cities?date=" + tc.date + "&mode=" + tc.mode
			if v != "" {
				target += "&verdict=" + v
			}
			rec := do(h, "GET", target)
			var body struct {
				Verdict string      `json:"verdict"`
				Count   int         `json:"count"`
				Cities  []cityEntry `json:"cities"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != 200 || err != nil {
				t.Fatalf("%s: %d %v", target, rec.Code, err)
			}
			want := v
			if want == "" {
				want = "allowed"
			}
			var codes []string
			for c := range e.Units() {
				if e.Decide(c, day, mode).Verdict().String() == want {
					codes = append(codes, c.Code)
				}
			}
			var got []string
			for _, c := range body.Cities {
				got = append(got, c.Code)
			}
			if body.Verdict != want || body.Count != len(got) || !slices.Equal(got, codes) {
				t.Errorf("%s: verdict %s, count %d, %d cities; the library answers %s for %d units",
					target, body.Verdict, body.Count, len(got), want, len(codes))
			}
			if v != "" {
				total += len(got)
			}
		}
		n := 0
		for range e.Units() {
			n++
		}
		if total != n {
			t.Errorf("%s %s: %d units listed by verdict, %d units", tc.date, tc.mode, total, n)
		}
	}
}

// TestNotACity: a province names the units inside it; a district inside a
// city is answered.
func TestNotACity(t *testing.T) {
	e := policy.Default()
	h := newHandler(e, settings{})
	zj, _ := zones.Lookup("浙江")
	var inside []string
	for c := range e.Units() {
		if zj.Contains(c) {
			inside = append(inside, c.Code)
		}
	}
	for _, target := range []string{
		"/v1/decision?city=" + url.QueryEscape("浙江") + "&date=2019-03-01&mode=1210",
		"/v1/decision?city=330000&date=2019-03-01&mode=1210",
		"/v1/timeline?city=Zhejiang&mode=1210",
	} {
		rec := do(h, "GET", target)
		e := decodeError(t, rec.Body.Bytes())
		var got []string
		for _, c := range e.Candidates {
			got = append(got, c.Code)
		}
		if rec.Code != 400 || e.Code != codeNotACity || e.CandidatesTotal != len(inside) ||
			!slices.Equal(got, inside[:maxCandidates]) || !strings.Contains(e.Error, "12 units in it, such as 杭州市 (330100)") {
			t.Errorf("%s: %d %+v", target, rec.Code, e)
		}
	}
	for _, target := range []string{
		"/v1/decision?city=" + url.QueryEscape("杭州滨江") + "&date=2019-03-01&mode=1210",
		"/v1/decision?city=" + url.QueryEscape("北京") + "&date=2019-03-01&mode=1210", // a municipality
		"/v1/timeline?city=" + url.QueryEscape("义乌") + "&mode=1210",
	} {
		if rec := do(h, "GET", target); rec.Code != 200 {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body.String())
		}
	}
	// Every province but the municipalities, and nothing else.
	var provinces []string
	for c := range e.Registry().Cities() {
		if c.Level == zones.Province && !c.IsMunicipality() {
			provinces = append(provinces, c.Code)
		}
	}
	var not []string
	for code := range h.s.notCity {
		not = append(not, code)
	}
	slices.Sort(not)
	if !slices.Equal(not, provinces) {
		t.Errorf("units without an answer: %v, want the provinces %v", not, provinces)
	}
}

// TestQueryParameters: a /v1 route rejects a parameter it does not take or
// one given twice; the others ignore the query.
func TestQueryParameters(t *testing.T) {
	h := newHandler(policy.Default(), settings{})
	for _, tc := range []struct {
		target, code, msg string
	}{
		{"/v1/decision?city=x&city=x&date=2019-03-01&mode=1210", codeDuplicateParameter, "parameter city is given 2 times"},
		{"/v1/decision?city=x&date=2019-03-01&mode=1210&mode=9610", codeDuplicateParameter, "parameter mode is given 2 times"},
		{"/v1/cities?date=2019-03-01&mode=1210&verdict=allowed&verdict=denied", codeDuplicateParameter, "verdict"},
		{"/v1/decision?city=x&date=2019-03-01&mode=1210&callback=f", codeUnknownParameter, `unknown parameter "callback"; /v1/decision takes city, date, mode`},
		{"/v1/decision?ci%74y=x&date=2019-03-01&mode=1210&Mode=1", codeUnknownParameter, `"Mode"`},
		{"/v1/modes?lang=zh", codeUnknownParameter, "takes no parameters"},
		{"/v1/decision?city=%E6%9D%AD%E5%B7%9&date=2019-03-01&mode=1210", codeInvalidQuery, `bad % escape "%9"`},
	} {
		rec := do(h, "GET", tc.target)
		e := decodeError(t, rec.Body.Bytes())
		if rec.Code != 400 || e.Code != tc.code || !strings.Contains(e.Error, tc.msg) {
			t.Errorf("%s: %d %q %q, want %s and %q", tc.target, rec.Code, e.Code, e.Error, tc.code, tc.msg)
		}
	}
	for _, target := range []string{"/healthz?x=1&x=2", "/?city=a&city=b&utm=1", "/openapi.json?v=2"} {
		if rec := do(h, "GET", target); rec.Code != 200 {
			t.Errorf("%s: %d", target, rec.Code)
		}
	}
	// An escaped name and "+" for a space are read as net/url reads them.
	rec := do(h, "GET", "/v1/decision?city=Suzhou%2C+Anhui&date=2019-03-01&mode=%31%32%31%30")
	var d struct{ City zones.City }
	if json.Unmarshal(rec.Body.Bytes(), &d); rec.Code != 200 || d.City.Code != "341300" {
		t.Errorf("Suzhou, Anhui: %d %s", rec.Code, rec.Body.String())
	}
}

// TestChinese: Accept-Language chooses the language of an error's message.
func TestChinese(t *testing.T) {
	h := newHandler(policy.Default(), settings{})
	target := "/v1/decision?city=Suzhou&date=2019-03-01&mode=1210"
	for _, tc := range []struct {
		lang, want, contentLang string
	}{
		{"", "ambiguous city \"Suzhou\": could be 苏州市 (320500), 宿州市 (341300)", "en"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "城市名有歧义 \"Suzhou\"：可能是苏州市（320500）、宿州市（341300）", "zh"},
		{"en-US,en;q=0.9,zh;q=0.8", "ambiguous city", "en"},
		{"fr, zh-Hans;q=0.5", "城市名有歧义", "zh"},
		{"zh;q=0, en", "ambiguous city", "en"},
	} {
		rec := do(h, "GET", target, "Accept-Language", tc.lang)
		e := decodeError(t, rec.Body.Bytes())
		if e.Error != tc.want && !strings.HasPrefix(e.Error, tc.want) || rec.Header().Get("Content-Language") != tc.contentLang {
			t.Errorf("Accept-Language %q: %q (%s), want %q (%s)", tc.lang, e.Error, rec.Header().Get("Content-Language"), tc.want, tc.contentLang)
		}
		if e.Code != codeAmbiguousCity {
			t.Errorf("Accept-Language %q: code %q", tc.lang, e.Code)
		}
	}
	// Every error the handlers write has a Chinese message.
	for _, target := range []string{
		"/v1/decision", "/v1/decision?city=x&city=y", "/v1/decision?x=1", "/v1/decision?city=%zz",
		"/v1/decision?city=x&date=x&mode=1210", "/v1/decision?city=x&date=2019-03-01&mode=x",
		"/v1/cities?date=2019-03-01&mode=1210&verdict=x", "/v1/decision?city=Atlantis&date=2019-03-01&mode=1210",
		"/v1/decision?city=" + url.QueryEscape("浙江") + "&date=2019-03-01&mode=1210", "/nope",
		"/v1/timeline?mode=1210&city=" + strings.Repeat("x", maxParam+1), "/v1/cities?" + strings.Repeat("x", maxQuery+1),
	} {
		rec := do(h, "GET", target, "Accept-Language", "zh")
		e := decodeError(t, rec.Body.Bytes())
		if !regexp.MustCompile(`\p{Han}`).MatchString(strings.ReplaceAll(e.Error, "浙江", "")) {
			t.Errorf("%.60s: %q has no Chinese", target, e.Error)
		}
	}
}

func TestPrefersChinese(t *testing.T) {
	for h, want := range map[string]bool{
		"": false, "zh": true, "ZH-cn": true, "zh-TW;q=0.8, en;q=0.9": false, "en;q=0.5, zh;q=0.6": true,
		"*": false, "de, zh;q=0.9": true, "zh;q=x": false, "zhx": false, "en, zh": false, "zh, en": true,
	} {
		if got := prefersChinese(h); got != want {
			t.Errorf("prefersChinese(%q) = %v", h, got)
		}
	}
}

// TestCORS: an allowed origin gets the CORS headers, another none; a
// preflight is answered.
func TestCORS(t *testing.T) {
	target := "/v1/decision?city=hangzhou&date=2019-03-01&mode=1210"
	none := newHandler(policy.Default(), settings{})
	rec := do(none, "GET", target, "Origin", "https://app.example.com")
	if rec.Header().Get("Access-Control-Allow-Origin") != "" || rec.Header().Get("Vary") != "" {
		t.Errorf("no origins allowed: %v", rec.Header())
	}
	o, err := parseOrigins(" https://app.example.com, http://localhost:3000 ")
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(policy.Default(), settings{origins: o})
	for _, tc := range []struct {
		origin string
		allow  string
	}{
		{"https://app.example.com", "https://app.example.com"},
		{"HTTPS://APP.example.com", "HTTPS://APP.example.com"},
		{"http://localhost:3000", "http://localhost:3000"},
		{"https://evil.example.com", ""},
		{"http://app.example.com", ""},
		{"", ""},
	} {
		for _, method := range []string{"GET", "HEAD"} {
			rec := do(h, method, target, "Origin", tc.origin)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tc.allow || rec.Code != 200 {
				t.Errorf("%s from %q: %d, Access-Control-Allow-Origin %q, want %q", method, tc.origin, rec.Code, got, tc.allow)
			}
			if rec.Header().Get("Vary") != "Origin" {
				t.Errorf("%s from %q: Vary %q", method, tc.origin, rec.Header().Get("Vary"))
			}
			if tc.allow != "" && rec.Header().Get("Access-Control-Expose-Headers") == "" {
				t.Errorf("%s from %q: no Access-Control-Expose-Headers", method, tc.origin)
			}
		}
		// An error is readable too.
		rec := do(h, "GET", "/v1/decision", "Origin", tc.origin)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tc.allow {
			t.Errorf("error from %q: Access-Control-Allow-Origin %q", tc.origin, got)
		}
		// The preflight.
		rec = do(h, "OPTIONS", "/v1/decision", "Origin", tc.origin, "Access-Control-Request-Method", "GET",
			"Access-Control-Request-Headers", "if-none-match")
		hd := rec.Header()
		if rec.Code != 204 || rec.Body.Len() != 0 || hd.Get("Allow") != "GET, HEAD, OPTIONS" {
			t.Errorf("preflight from %q: %d %v", tc.origin, rec.Code, hd)
		}
		allowed := tc.allow != ""
		if (hd.Get("Access-Control-Allow-Origin") != "") != allowed || (hd.Get("Access-Control-Allow-Methods") == "GET, HEAD") != allowed ||
			strings.Contains(hd.Get("Access-Control-Allow-Headers"), "If-None-Match") != allowed || (hd.Get("Access-Control-Max-Age") != "") != allowed {
			t.Errorf("preflight from %q: %v", tc.origin, hd)
		}
	}
	star, _ := parseOrigins("*")
	rec = do(newHandler(policy.Default(), settings{origins: star}), "GET", target, "Origin", "https://any.example")
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Vary") != "" {
		t.Errorf("*: %v", rec.Header())
	}
	for _, bad := range []string{"app.example.com", "https://a.example/path", "ftp://a.example", "https://", "https://a.example?x"} {
		if _, err := parseOrigins(bad); err == nil {
			t.Errorf("parseOrigins(%q) accepted", bad)
		}
	}
}

// TestCaching: replies the data and the request decide have an ETag and
// Cache-Control, and If-None-Match gets 304; errors are not stored.
func TestCaching(t *testing.T) {
	h := newHandler(policy.Default(), settings{maxAge: 10 * time.Minute})
	etags := map[string]string{}
	for _, target := range []string{
		"/v1/decision?city=hangzhou&date=2019-03-01&mode=1210",
		"/v1/decision?city=hangzhou&date=2019-03-02&mode=1210",
		"/v1/decision?city=330100&date=2019-03-01&mode=1210",
		"/v1/decision?city=hangzhou&date=2019-03-01&mode=9610",
		"/v1/timeline?city=hangzhou&mode=1210",
		"/v1/cities?date=2019-03-01&mode=1210",
		"/v1/candidates?q=hangzhou",
		"/v1/modes", "/v1/coverage?mode=1210", "/v1/coverage.svg?mode=1210", "/", "/openapi.json", "/decision.schema.json",
	} {
		rec := do(h, "GET", target)
		etag := rec.Header().Get("ETag")
		if rec.Code != 200 || !regexp.MustCompile(`^"`+cbec.DataVersion+`-[0-9a-f]{16}"$`).MatchString(etag) ||
			rec.Header().Get("Cache-Control") != "public, max-age=600" {
			t.Errorf("%s: %d %v", target, rec.Code, rec.Header())
			continue
		}
		etags[target] = etag
		for _, inm := range []string{etag, "W/" + etag, `"x", ` + etag, "*"} {
			rec := do(h, "GET", target, "If-None-Match", inm)
			if rec.Code != 304 || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag || rec.Header().Get("Cache-Control") == "" {
				t.Errorf("%s, If-None-Match %s: %d %v %d bytes", target, inm, rec.Code, rec.Header(), rec.Body.Len())
			}
		}
		if rec := do(h, "GET", target, "If-None-Match", `"2000-01-01-0000000000000000"`); rec.Code != 200 {
			t.Errorf("%s with a stale ETag: %d", target, rec.Code)
		}
		if rec := do(h, "GET", target); rec.Header().Get("ETag") != etag {
			t.Errorf("%s: the ETag changed", target)
		}
	}
	// 杭州 and 330100 are the same decision; other days and modes are not.
	if etags["/v1/decision?city=hangzhou&date=2019-03-01&mode=1210"] != etags["/v1/decision?city=330100&date=2019-03-01&mode=1210"] {
		t.Error("the same decision has two ETags")
	}
	seen := map[string]bool{}
	for _, e := range etags {
		seen[e] = true
	}
	if len(seen) != len(etags)-1 {
		t.Errorf("%d distinct ETags for %d replies", len(seen), len(etags))
	}
	for _, target := range []string{"/healthz", "/metrics", "/v1/decision?city=Atlantis&date=2019-03-01&mode=1210", "/nope"} {
		rec := do(h, "GET", target, "If-None-Match", "*")
		if rec.Header().Get("ETag") != "" || rec.Header().Get("Cache-Control") != "no-store" || rec.Code == 304 {
			t.Errorf("%s: %d %v", target, rec.Code, rec.Header())
		}
	}
}

// TestMetrics: the requests are counted by endpoint and status and timed,
// in the Prometheus text format.
func TestMetrics(t *testing.T) {
	h := newHandler(policy.Default(), settings{})
	for range 3 {
		do(h, "GET", "/v1/decision?city=hangzhou&date=2019-03-01&mode=1210")
	}
	do(h, "GET", "/v1/decision?city=Atlantis&date=2019-03-01&mode=1210")
	do(h, "GET", "/wp-admin/"+strings.Repeat("x", 1000))
	rec := do(h, "GET", "/metrics")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != metricsType {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	text := rec.Body.String()
	for _, want := range []string{
		`cbec_http_requests_total{endpoint="/v1/decision",status="200"} 3`,
		`cbec_http_requests_total{endpoint="/v1/decision",status="400"} 1`,
		`cbec_http_requests_total{endpoint="other",status="404"} 1`,
		`cbec_http_request_duration_seconds_bucket{endpoint="/v1/decision",le="+Inf"} 4`,
		`cbec_http_request_duration_seconds_count{endpoint="/v1/decision"} 4`,
		`cbec_data_info{data_version="` + cbec.DataVersion + `"} 1`,
		"cbec_decision_replies 1\n",
		"# TYPE cbec_http_request_duration_seconds histogram\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	// Every line is a comment or a sample; buckets are cumulative.
	sample := regexp.MustCompile(`^[a-z_]+(\{[a-z_]+="[^"\\\n]*"(,[a-z_]+="[^"\\\n]*")*\})? ([0-9.e+-]+|\+Inf)$`)
	last := map[string]float64{}
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.HasPrefix(line, "# HELP ") || strings.HasPrefix(line, "# TYPE ") {
			continue
		}
		if !sample.MatchString(line) {
			t.Errorf("not a sample: %q", line)
		}
		if strings.HasPrefix(line, "cbec_http_request_duration_seconds_bucket") {
			ep := line[:strings.Index(line, ",le=")]
			var v float64
			json.Unmarshal([]byte(line[strings.LastIndexByte(line, ' ')+1:]), &v)
			if v < last[ep] {
				t.Errorf("bucket below the previous one: %q", line)
			}
			last[ep] = v
		}
	}
}

// TestRequestLog: a request is logged with its method, path, status,
// duration and, for a decision, the city's code and the verdict; never the
// query.
func TestRequestLog(t *testing.T) {
	var logs syncBuffer
	h := newHandler(policy.Default(), settings{log: slogJSON(&logs)})
	do(h, "GET", "/v1/decision?city="+url.QueryEscape("杭州")+"&date=2019-03-01&mode=1210&")
	do(h, "GET", "/v1/decision?city=secret-"+strings.Repeat("y", 1500)+"&date=2019-03-01&mode=1210")
	do(h, "GET", "/"+strings.Repeat("p", 3000))
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines:\n%s", len(lines), logs.String())
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first["msg"] != "request" || first["method"] != "GET" || first["path"] != "/v1/decision" || first["status"] != 200.0 ||
		first["city"] != "330100" || first["verdict"] != "allowed" || first["duration_ms"] == nil || first["bytes"] == nil {
		t.Errorf("log line: %s", lines[0])
	}
	for _, l := range lines {
		if strings.Contains(l, "secret") || strings.Contains(l, "date=") || len(l) > 600 {
			t.Errorf("log line quotes the query or is long: %.200s", l)
		}
	}
	if !strings.Contains(lines[1], `"code":"unknown_city"`) {
		t.Errorf("error log line: %s", lines[1])
	}
}

// TestPanic: a handler's panic is a JSON 500, logged with its stack.
func TestPanic(t *testing.T) {
	var logs syncBuffer
	h := newHandler(nil, settings{log: slogJSON(&logs)}) // no engine: deciding panics
	rec := do(h, "GET", "/v1/decision?city=hangzhou&date=2019-03-01&mode=1210")
	if e := decodeError(t, rec.Body.Bytes()); rec.Code != 500 || e.Code != codeInternal {
		t.Errorf("%d %s", rec.Code, rec.Body.String())
	}
	if !strings.Contains(logs.String(), `"msg":"panic"`) || !strings.Contains(logs.String(), "stack") {
		t.Errorf("logs: %s", logs.String())
	}
	if rec := do(h, "GET", "/healthz"); rec.Code != 200 {
		t.Errorf("after a panic, healthz: %d", rec.Code)
	}
}

// TestCandidates: the units a name could mean, its close matches, or none.
func TestCandidates(t *testing.T) {
	h := newHandler(policy.Default(), settings{})
	for _, tc := range []struct {
		q, match string
		codes    []string // the first ones
		answered bool
	}{
		{"朝阳", "exact", []string{"211300", "110105", "211321", "220104"}, true},
		{"Hangzhuo", "close", []string{"330100"}, true},
		{"浙江", "exact", []string{"330000"}, false},
		{"zzzzzzzz", "none", nil, true},
		{strings.Repeat("杭", 100), "none", nil, true},
	} {
		rec := do(h, "GET", "/v1/candidates?q="+url.QueryEscape(tc.q))
		var body struct {
			Query      string      `json:"query"`
			Match      string      `json:"match"`
			Total      int         `json:"total"`
			Candidates []candidate `json:"candidates"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 200 {
			t.Fatalf("%s: %d %v", tc.q, rec.Code, err)
		}
		var codes []string
		for _, c := range body.Candidates {
			codes = append(codes, c.Code)
		}
		if body.Query != tc.q || body.Match != tc.match || len(codes) < len(tc.codes) || !slices.Equal(codes[:len(tc.codes)], tc.codes) || body.Total < len(codes) {
			t.Errorf("%.20s: %+v", tc.q, body)
		}
		if len(body.Candidates) > 0 && body.Candidates[0].Answered != tc.answered {
			t.Errorf("%s: answered %v", tc.q, body.Candidates[0].Answered)
		}
	}
	// The first candidate is the unit a decision is for.
	rec := do(h, "GET", "/v1/decision?city="+url.QueryEscape("朝阳")+"&date=2019-03-01&mode=1210")
	if !strings.Contains(rec.Body.String(), `"code":"211300"`) || !strings.Contains(rec.Body.String(), `"kind":"ambiguous_name"`) {
		t.Errorf("朝阳: %s", rec.Body.String())
	}
}

// TestTimelineSpans: a span carries the fields of the decision on its
// first day, and its period.
func TestTimelineSpans(t *testing.T) {
	e := policy.Default()
	h := newHandler(e, settings{})
	rec := do(h, "GET", "/v1/timeline?city="+url.QueryEscape("三亚")+"&mode=1210")
	var body struct {
		Spans []map[string]json.RawMessage `json:"spans"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Spans) == 0 {
		t.Fatalf("%d %v %s", rec.Code, err, rec.Body.String())
	}
	sanya, _ := zones.Lookup("三亚")
	tl := e.Timeline(sanya, trade.BondedImport)
	if len(tl) != len(body.Spans) {
		t.Fatalf("%d spans, the library has %d", len(body.Spans), len(tl))
	}
	for i, sp := range body.Spans {
		var dec map[string]json.RawMessage
		b, _ := json.Marshal(tl[i].Decision)
		json.Unmarshal(b, &dec)
		for _, k := range []string{"verdict", "rule", "reason", "reason_zh", "basis", "zones", "conditions", "conditions_zh", "gaps"} {
			if !bytes.Equal(sp[k], dec[k]) {
				t.Errorf("span %d: %s = %s, the decision has %s", i, k, sp[k], dec[k])
			}
		}
		for _, k := range []string{"city", "date", "mode", "data_version"} {
			if sp[k] != nil {
				t.Errorf("span %d has %s", i, k)
			}
		}
		if from := tl[i].Period.From; from.IsValid() && string(sp["from"]) != `"`+from.String()+`"` {
			t.Errorf("span %d: from %s, want %v", i, sp["from"], from)
		}
	}
}

// TestPage: the page is one file whose script and style its
// Content-Security-Policy allows by hash, with nothing loaded from
// elsewhere.
func TestPage(t *testing.T) {
	rec := do(newHandler(policy.Default(), settings{}), "GET", "/?city=x")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != htmlType {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	page := rec.Body.String()
	csp := rec.Header().Get("Content-Security-Policy")
	for _, m := range regexp.MustCompile(`(?s)<(script|style)>(.*?)</(?:script|style)>`).FindAllStringSubmatch(page, -1) {
		sum := sha256.Sum256([]byte(m[2]))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, m[1]+"-src "+h) {
			t.Errorf("the CSP %q does not allow the page's %s (%s)", csp, m[1], h)
		}
	}
	if strings.Contains(csp, "unsafe") || !strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if regexp.MustCompile(`(?i)<(script|link|img|iframe)[^>]+(src|href)=`).MatchString(page) || strings.Contains(page, "@import") {
		t.Error("the page loads something")
	}
	for _, id := range []string{`id="verdict"`, `id="basis"`, `id="candidates"`, `id="timeline"`, `id="chart"`, `id="conditions"`, `id="gaps"`} {
		if !strings.Contains(page, id) {
			t.Errorf("the page has no %s", id)
		}
	}
	for _, api := range []string{"'/v1/decision'", "'/v1/timeline'", "'/v1/candidates'", "'/v1/modes'", "/v1/coverage.svg"} {
		if !strings.Contains(page, api) {
			t.Errorf("the page does not use %s", api)
		}
	}
}

// TestOptions reads the flags and their environment variables.
func TestOptions(t *testing.T) {
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	var stderr bytes.Buffer
	o, ok := parseOptions(nil, env(map[string]string{
		"CBEC_ADDR": "127.0.0.1:9", "CBEC_MAX_CONNS": "7", "CBEC_CORS_ORIGINS": "https://a.example",
		"CBEC_MAX_AGE": "5m", "CBEC_LOG_FORMAT": "text", "CBEC_LOG_LEVEL": "warn",
	}), &stderr)
	if !ok || o.addr != "127.0.0.1:9" || o.maxConns != 7 || o.corsOrigins != "https://a.example" || o.maxAge != 5*time.Minute ||
		o.logFormat != "text" || o.logLevel.String() != "WARN" {
		t.Errorf("from the environment: %+v %v %s", o, ok, stderr.String())
	}
	o, ok = parseOptions([]string{"-addr", ":1", "-max-conns", "0"}, env(map[string]string{"CBEC_ADDR": "127.0.0.1:9", "CBEC_MAX_CONNS": "7"}), &stderr)
	if !ok || o.addr != ":1" || o.maxConns != 0 {
		t.Errorf("flags over the environment: %+v", o)
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, map[string]string{"CBEC_MAX_CONNS": "many"}, "CBEC_MAX_CONNS"},
		{nil, map[string]string{"CBEC_LOG_LEVEL": "loud"}, "CBEC_LOG_LEVEL"},
		{[]string{"-max-conns", "-1"}, nil, "-max-conns"},
		{[]string{"-max-age", "-1s"}, nil, "-max-age"},
		{[]string{"-log-format", "xml"}, nil, "-log-format"},
		{[]string{"-cors-origins", "example.com"}, nil, "-cors-origins"},
		{nil, map[string]string{"CBEC_CORS_ORIGINS": "https://a.example/x"}, "-cors-origins"},
		{[]string{"extra"}, nil, "unexpected argument"},
	} {
		stderr.Reset()
		if _, ok := parseOptions(tc.args, env(tc.env), &stderr); ok || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v %v: ok %v, stderr %q", tc.args, tc.env, ok, stderr.String())
		}
	}
	// -h names each flag's variable.
	stderr.Reset()
	parseOptions([]string{"-h"}, env(nil), &stderr)
	for _, v := range []string{"CBEC_ADDR", "CBEC_MAX_CONNS", "CBEC_CORS_ORIGINS", "CBEC_MAX_AGE", "CBEC_LOG_FORMAT", "CBEC_LOG_LEVEL"} {
		if !strings.Contains(stderr.String(), "$"+v) {
			t.Errorf("-h does not name %s:\n%s", v, stderr.String())
		}
	}
}

// TestRunEnv: run listens where CBEC_ADDR says, and a bad environment is
// status 2.
func TestRunEnv(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr syncBuffer
	if code := run(ctx, nil, func(k string) (string, bool) {
		return map[string]string{"CBEC_ADDR": "127.0.0.1:0", "CBEC_LOG_FORMAT": "text"}[k], k == "CBEC_ADDR" || k == "CBEC_LOG_FORMAT"
	}, &stderr); code != 0 || !strings.Contains(stderr.String(), "msg=listening") {
		t.Errorf("status %d, stderr %s", code, stderr.String())
	}
	if code := run(ctx, nil, func(k string) (string, bool) { return "x", k == "CBEC_MAX_AGE" }, &stderr); code != 2 {
		t.Errorf("bad CBEC_MAX_AGE: status %d", code)
	}
}

// slogJSON returns a logger writing JSON lines to w.
func slogJSON(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

// TestKeptQueries: a query answered before is answered from its reply,
// with the same bytes, ETag and log line; a long one is not kept.
func TestKeptQueries(t *testing.T) {
	var logs syncBuffer
	h := newHandler(policy.Default(), settings{log: slogJSON(&logs)})
	q := "/v1/decision?city=" + url.QueryEscape("杭州") + "&date=2019-03-01&mode=1210"
	first := do(h, "GET", q)
	if h.s.replies.queryCount() != 1 {
		t.Fatalf("%d queries kept", h.s.replies.queryCount())
	}
	second := do(h, "GET", q)
	if !bytes.Equal(first.Body.Bytes(), second.Body.Bytes()) || first.Header().Get("ETag") != second.Header().Get("ETag") {
		t.Error("the kept reply differs")
	}
	if do(h, "GET", q, "If-None-Match", first.Header().Get("ETag")).Code != 304 {
		t.Error("no 304 from a kept query")
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], `"city":"330100"`) || !strings.Contains(lines[1], `"verdict":"allowed"`) {
		t.Errorf("log lines: %q", lines)
	}
	// Another spelling of the same decision is kept apart, with the same reply.
	do(h, "GET", "/v1/decision?mode=1210&date=2019-03-01&city=330100")
	replies, _, _, _ := h.s.replies.stats()
	if h.s.replies.queryCount() != 2 || replies != 1 {
		t.Errorf("%d queries, %d replies kept", h.s.replies.queryCount(), replies)
	}
	long := "/v1/decision?city=330100&date=2019-03-01&mode=1210&" + strings.Repeat("&", maxKeptQuery)
	if do(h, "GET", long).Code != 200 || h.s.replies.queryCount() != 2 {
		t.Errorf("a long query is kept")
	}
	// Errors are never kept.
	do(h, "GET", "/v1/decision?city=Atlantis&date=2019-03-01&mode=1210")
	if h.s.replies.queryCount() != 2 {
		t.Errorf("an error is kept")
	}
}

// TestPanicAfterWriting: a handler that panics after it started its reply
// has its connection cut, and the request is still counted.
func TestPanicAfterWriting(t *testing.T) {
	h := newHandler(policy.Default(), settings{})
	rec := httptest.NewRecorder()
	x := &exchange{ResponseWriter: rec, h: h, req: httptest.NewRequest("GET", "/healthz", nil)}
	start := time.Since(clock0)
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler", v)
			}
		}()
		defer h.finish(x, rHealthz, start)
		x.WriteHeader(http.StatusOK)
		panic("a bug")
	}()
	var b bytes.Buffer
	h.metrics.write(&b)
	if !strings.Contains(b.String(), `cbec_http_requests_total{endpoint="/healthz",status="200"} 1`) {
		t.Errorf("the request is not counted:\n%s", b.String())
	}
}
