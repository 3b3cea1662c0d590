package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"

	_ "embed"
)

// openapiJSON is the API's contract, served at /openapi.json.
//
//go:embed openapi.json
var openapiJSON []byte

// decisionSchema is the JSON Schema of a decision, served at
// /decision.schema.json, where openapi.json refers to it. It is a copy of
// api/decision.schema.json at the module's root, kept equal by a test.
//
//go:embed decision.schema.json
var decisionSchema []byte

// pageHTML is the page served at /: one file, its script and style inline.
//
//go:embed page.html
var pageHTML []byte

// inlineRE finds the page's inline script and style, whose hashes its
// Content-Security-Policy allows.
var inlineRE = regexp.MustCompile(`(?s)<(script|style)>(.*?)</(?:script|style)>`)

// pageReply returns the page's reply, with a Content-Security-Policy that
// allows its own script and style and requests to this origin alone.
func pageReply() *static {
	var scripts, styles []string
	for _, m := range inlineRE.FindAllSubmatch(pageHTML, -1) {
		sum := sha256.Sum256(m[2])
		h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if string(m[1]) == "script" {
			scripts = append(scripts, h)
		} else {
			styles = append(styles, h)
		}
	}
	csp := "default-src 'none'; script-src " + strings.Join(scripts, " ") + "; style-src " + strings.Join(styles, " ") +
		"; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	st := newStatic(htmlType, pageHTML)
	st.header = map[string][]string{
		"Content-Security-Policy": {csp},
		"Referrer-Policy":         {"no-referrer"},
	}
	return st
}

// marshalLine returns v's JSON and a newline, as json.Encoder writes it.
func marshalLine(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	return append(b, '\n'), err
}
