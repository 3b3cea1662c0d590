package main

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/jsonschema"
	"github.com/tradepolicy/cbec/policy"
)

// A contractCase is a request and the documented response it gets: the
// response of its path, method and status in openapi.json, or, for a reply
// no operation has (an unknown path, a method no route takes, net/http's
// own replies), the named response of components/responses.
type contractCase struct {
	method, target string
	header         map[string]string
	raw            string // a whole request sent on a connection, for net/http's own replies
	component      string // the response of components/responses that documents it
	code           string // the error code it gets, if any
	panics         bool   // the handler panics before it writes anything
}

// documented is a response of the document: where it is and what it says.
type documented struct {
	ptr string // its JSON pointer, for schema references
	obj map[string]any
}

// responses returns the documented responses: by "METHOD path status" for
// the operations', and by name for components/responses.
func responses(t *testing.T, doc map[string]any) (ops, components map[string]documented) {
	ops, components = map[string]documented{}, map[string]documented{}
	for p, item := range doc["paths"].(map[string]any) {
		for m, op := range item.(map[string]any) {
			if !slices.Contains(methods, m) {
				continue
			}
			for status, r := range op.(map[string]any)["responses"].(map[string]any) {
				ptr := "/paths/" + escapePtr(p) + "/" + m + "/responses/" + status
				if ref, ok := r.(map[string]any)["$ref"].(string); ok {
					ptr = strings.TrimPrefix(ref, "#")
				}
				ops[strings.ToUpper(m)+" "+p+" "+status] = documented{ptr, resolveObject(t, doc, r)}
			}
		}
	}
	for name, r := range doc["components"].(map[string]any)["responses"].(map[string]any) {
		components[name] = documented{"/components/responses/" + name, r.(map[string]any)}
	}
	return ops, components
}

func escapePtr(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// contractCases returns requests that together get every documented
// response and every error code.
func contractCases(t *testing.T, h *handler) []contractCase {
	q := url.QueryEscape
	cases := []contractCase{
		{method: "GET", target: "/v1/decision?city=" + q("杭州") + "&date=2019-03-01&mode=1210"},
		{method: "GET", target: "/v1/decision?city=" + q("朝阳") + "&date=2027-03-01&mode=BondedImport"},
		{method: "GET", target: "/v1/decision?date=2019-03-01&mode=1210", code: codeMissingParameter},
		{method: "GET", target: "/v1/decision?city=a&city=b&date=2019-03-01&mode=1210", code: codeDuplicateParameter},
		{method: "GET", target: "/v1/decision?city=a&day=2019-03-01&mode=1210", code: codeUnknownParameter},
		{method: "GET", target: "/v1/decision?city=%zz&date=2019-03-01&mode=1210", code: codeInvalidQuery},
		{method: "GET", target: "/v1/decision?city=a;date=2019-03-01", code: codeInvalidQuery},
		{method: "GET", target: "/v1/decision?city=a&date=2019-02-30&mode=1210", code: codeInvalidDate},
		{method: "GET", target: "/v1/decision?city=a&date=2019-03-01&mode=1111", code: codeInvalidMode},
		{method: "GET", target: "/v1/decision?city=Atlantis&date=2019-03-01&mode=1210", code: codeUnknownCity},
		{method: "GET", target: "/v1/decision?city=Hangzhuo&date=2019-03-01&mode=1210", code: codeUnknownCity,
			header: map[string]string{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}},
		{method: "GET", target: "/v1/decision?city=Suzhou&date=2019-03-01&mode=1210", code: codeAmbiguousCity},
		{method: "GET", target: "/v1/decision?city=" + q("浙江") + "&date=2019-03-01&mode=1210", code: codeNotACity},
		{method: "GET", target: "/v1/decision?city=" + q("海南") + "&date=2019-03-01&mode=1210", code: codeNotACity,
			header: map[string]string{"Accept-Language": "zh"}},
		{method: "GET", target: "/v1/timeline?city=" + q("合肥") + "&mode=1210"},
		{method: "GET", target: "/v1/timeline?city=" + q("雄安新区") + "&mode=1210", code: codeUnknownCity},
		{method: "GET", target: "/v1/timeline?city=" + q("浙江") + "&mode=1210", code: codeNotACity},
		{method: "GET", target: "/v1/cities?date=2021-04-01&mode=1210"},
		{method: "GET", target: "/v1/cities?date=2021-04-01&mode=1210&verdict=unknown"},
		{method: "GET", target: "/v1/cities?date=2021-04-01&mode=1210&verdict=denied"},
		{method: "GET", target: "/v1/cities?date=2021-04-01&mode=1210&verdict=maybe", code: codeInvalidVerdict},
		{method: "GET", target: "/v1/cities?date=2021-04-01&mode=1210&verdict=", code: codeInvalidVerdict},
		{method: "GET", target: "/v1/candidates?q=" + q("朝阳")},
		{method: "GET", target: "/v1/candidates?q=Hangzhuo"},
		{method: "GET", target: "/v1/candidates?q=" + q("浙江")},
		{method: "GET", target: "/v1/candidates?q=zzzzzzzz"},
		{method: "GET", target: "/v1/candidates", code: codeMissingParameter},
		{method: "GET", target: "/v1/modes"},
		{method: "GET", target: "/v1/modes?x=1", code: codeUnknownParameter},
		{method: "GET", target: "/v1/coverage?mode=9710"},
		{method: "GET", target: "/v1/coverage?mode=x", code: codeInvalidMode},
		{method: "GET", target: "/v1/coverage.svg?mode=1210"},
		{method: "GET", target: "/v1/coverage.svg", code: codeMissingParameter},
		{method: "GET", target: "/healthz"},
		{method: "GET", target: "/metrics"},
		{method: "GET", target: "/?city=" + q("杭州")},
		{method: "GET", target: "/openapi.json"},
		{method: "GET", target: "/decision.schema.json"},
		{method: "GET", target: "/nope", component: "NotFound", code: codeNotFound},
		{method: "POST", target: "/v1/decision", component: "MethodNotAllowed", code: codeMethodNotAllowed},
		{raw: "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", component: "NotImplemented", code: codeNotImplemented},
		{raw: "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", component: "HTTPVersionNotSupported", code: codeHTTPVersionUnknown},
		{raw: "GET /healthz HTTP/1.1\r\n\r\n", component: "Malformed", code: codeBadRequest},
		{raw: "GARBAGE\r\n\r\n", component: "Malformed", code: codeBadRequest},
	}
	// What every route answers: HEAD, OPTIONS, 304 for a current ETag, a
	// body, a long query, headers too large, and a panic.
	for p, rt := range h.routes {
		target := p
		if len(rt.params) > 0 {
			target += "?" + map[string]string{
				"/v1/decision": "city=hangzhou&date=2019-03-01&mode=1210", "/v1/timeline": "city=hangzhou&mode=1210",
				"/v1/cities": "date=2019-03-01&mode=1210", "/v1/candidates": "q=hangzhou",
				"/v1/coverage": "mode=1210", "/v1/coverage.svg": "mode=1210",
			}[p]
		}
		cases = append(cases,
			contractCase{method: "HEAD", target: target},
			contractCase{method: "OPTIONS", target: p},
			contractCase{method: "OPTIONS", target: p, header: map[string]string{
				"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"}},
			contractCase{method: "GET", target: p + "?" + strings.Repeat("x", maxQuery+1), code: codeQueryTooLong},
			contractCase{method: "GET", target: p, header: map[string]string{"Content-Length": "1"}, code: codeBodyNotAllowed},
			contractCase{raw: "GET " + p + " HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 20<<10) + "\r\n\r\n",
				target: p, code: codeHeaderTooLarge},
			contractCase{method: "GET", target: target, panics: true, code: codeInternal},
		)
		if etag := getETag(t, h, target); etag != "" {
			cases = append(cases, contractCase{method: "GET", target: target, header: map[string]string{"If-None-Match": etag}})
		}
	}
	return cases
}

// getETag returns the ETag of GET target's reply.
func getETag(t *testing.T, h http.Handler, target string) string {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec.Header().Get("ETag")
}

// panicky is a ResponseWriter whose first Header call panics, as a bug in a
// handler would before it writes anything.
type panicky struct {
	*httptest.ResponseRecorder
	calls int
}

func (p *panicky) Header() http.Header {
	if p.calls++; p.calls == 1 {
		panic("a bug")
	}
	return p.ResponseRecorder.Header()
}

// TestContract sends requests that together get every response
// openapi.json documents, and checks each reply against the document: its
// status is documented for its route and method, its Content-Type is the
// documented media type, its body validates against the documented schema
// (and is empty where none is), its headers are those documented, and its
// error code is the expected one. Every documented response and every
// error code must be got by some request.
func TestContract(t *testing.T) {
	doc := openapiDoc(t)
	ops, components := responses(t, doc)
	val := jsonschema.New(docLoader)
	origins, _ := parseOrigins("https://app.example.com")
	h := newHandler(policy.Default(), settings{origins: origins})
	addr, _ := start(t, defaults, h)

	got := map[string]bool{}
	codes := map[string]bool{}
	for _, tc := range contractCases(t, h) {
		name := tc.method + " " + tc.target
		var status int
		var hdr http.Header
		var body []byte
		switch {
		case tc.raw != "":
			name = fmt.Sprintf("%.40q", tc.raw)
			resp := raw(t, addr, tc.raw)
			status, hdr = resp.StatusCode, resp.Header
			body, _ = io.ReadAll(resp.Body)
		default:
			req := httptest.NewRequest(tc.method, tc.target, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			if tc.header["Content-Length"] != "" {
				req.ContentLength = 1
				req.Body = io.NopCloser(strings.NewReader("x"))
			}
			rec := httptest.NewRecorder()
			var w http.ResponseWriter = rec
			if tc.panics {
				w = &panicky{ResponseRecorder: rec}
			}
			h.ServeHTTP(w, req)
			status, hdr, body = rec.Code, rec.Header(), rec.Body.Bytes()
		}
		// The documented response.
		var d documented
		var ok bool
		key := ""
		if tc.component != "" {
			key = "component " + tc.component
			d, ok = components[tc.component]
		} else {
			u, _ := url.Parse(tc.target)
			method := tc.method
			if method == "" {
				method = "GET"
			}
			key = fmt.Sprintf("%s %s %d", method, u.Path, status)
			d, ok = ops[key]
		}
		if !ok {
			t.Errorf("%s: %d is not documented (%s)\n%.300s", name, status, key, body)
			continue
		}
		got[key] = true
		if d.ptr != "" {
			if r, ok := strings.CutPrefix(d.ptr, "/components/responses/"); ok {
				got["component "+r] = true
			}
		}
		checkReply(t, val, name, d, status, hdr, body, tc.method == "HEAD")

		if tc.code != "" || status >= 400 {
			e, err := jsonschema.Decode(body)
			code := ""
			if m, ok := e.(map[string]any); ok && err == nil {
				code, _ = m["code"].(string)
			}
			if code != tc.code {
				t.Errorf("%s: code %q, want %q", name, code, tc.code)
			}
			codes[code] = true
		}
	}
	var missing []string
	for k := range ops {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range components {
		if !got["component "+k] {
			missing = append(missing, "component "+k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("no request got the documented response %s", k)
	}
	for _, c := range errorCodes {
		if !codes[c] {
			t.Errorf("no request got the error code %s", c)
		}
	}
}

// checkReply checks a reply against the documented response d.
func checkReply(t *testing.T, val *jsonschema.Validator, name string, d documented, status int, hdr http.Header, body []byte, head bool) {
	t.Helper()
	content, _ := d.obj["content"].(map[string]any)
	ct := hdr.Get("Content-Type")
	switch {
	case len(content) == 0:
		if len(body) > 0 {
			t.Errorf("%s: %d-byte body where none is documented", name, len(body))
		}
		if status != http.StatusOK && ct != "" { // HEAD's 200 names the route's type
			t.Errorf("%s: Content-Type %q where no content is documented", name, ct)
		}
	default:
		var media string
		for m := range content {
			if mediaMatches(m, ct) {
				media = m
			}
		}
		if media == "" {
			t.Errorf("%s: Content-Type %q, documented %v", name, ct, keys(content))
			return
		}
		if head {
			break
		}
		schemaPtr := "openapi.json#" + d.ptr + "/content/" + escapePtr(media) + "/schema"
		if strings.Contains(media, "json") {
			v, err := jsonschema.Decode(body)
			if err != nil {
				t.Errorf("%s: body is not JSON: %v\n%.300s", name, err, body)
				return
			}
			if err := val.Validate(schemaPtr, v); err != nil {
				t.Errorf("%s: the body does not match %s:\n%v\n%.500s", name, schemaPtr, err, body)
			}
		} else if len(body) == 0 {
			t.Errorf("%s: empty %s body", name, media)
		}
	}
	headers, _ := d.obj["headers"].(map[string]any)
	for hname, hv := range headers {
		v := hdr.Get(hname)
		if v == "" {
			t.Errorf("%s: no %s header, which is documented", name, hname)
			continue
		}
		ptr := d.ptr + "/headers/" + escapePtr(hname)
		if ref, ok := hv.(map[string]any)["$ref"].(string); ok {
			ptr = strings.TrimPrefix(ref, "#")
		}
		if err := val.Validate("openapi.json#"+ptr+"/schema", v); err != nil {
			t.Errorf("%s: header %s: %v", name, hname, err)
		}
	}
}

// mediaMatches reports whether the Content-Type ct is the documented media
// type m: the same type, with the parameters m names; a JSON reply is
// UTF-8 and says so.
func mediaMatches(m, ct string) bool {
	mt, mp, err1 := mime.ParseMediaType(m)
	ctt, cp, err2 := mime.ParseMediaType(ct)
	if err1 != nil || err2 != nil || mt != ctt {
		return false
	}
	for k, v := range mp {
		if cp[k] != v {
			return false
		}
	}
	if mt == "application/json" && cp["charset"] != "utf-8" {
		return false
	}
	return true
}

func keys(m map[string]any) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}
