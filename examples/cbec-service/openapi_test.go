package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tradepolicy/cbec/internal/jsonschema"
)

// The documents as the service embeds and serves them: openapi.json refers
// to decision.schema.json beside it.
func docLoader(p string) ([]byte, error) {
	switch p {
	case "openapi.json":
		return openapiJSON, nil
	case "decision.schema.json":
		return decisionSchema, nil
	}
	return nil, fmt.Errorf("no document %s", p)
}

// openapiDoc returns openapi.json decoded.
func openapiDoc(t *testing.T) map[string]any {
	t.Helper()
	v, err := jsonschema.Decode(openapiJSON)
	if err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		t.Fatal("openapi.json is not an object")
	}
	return doc
}

// methods are the operations an OpenAPI path item may have.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestOpenAPIStructure checks openapi.json as an OpenAPI 3.1 document: the
// required fields, an operation's required responses, unique operation
// ids, every $ref resolving, parameters with a name, a place and a schema;
// and that it documents exactly the service's routes, the parameters they
// take and the error codes it writes.
func TestOpenAPIStructure(t *testing.T) {
	doc := openapiDoc(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info == nil || info["title"] == "" || info["version"] == "" || info["title"] == nil || info["version"] == nil {
		t.Errorf("info lacks title or version: %v", info)
	}
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("no paths")
	}

	// Every $ref resolves, in this document or in the schema it refers to.
	val := jsonschema.New(docLoader)
	refs := 0
	var walk func(file string, v any, at string)
	walk = func(file string, v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				refs++
				if err := val.Resolve(file, r); err != nil {
					t.Errorf("%s#%s: $ref %q: %v", file, at, r, err)
				}
			}
			for k, x := range v {
				walk(file, x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(file, x, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk("openapi.json", doc, "")
	schema, _ := jsonschema.Decode(decisionSchema)
	walk("decision.schema.json", schema, "")
	if refs < 50 {
		t.Errorf("only %d $refs found", refs)
	}

	// Operations: responses, unique ids, parameters.
	h := newHandler(nil, settings{})
	ids := map[string]string{}
	for p, item := range paths {
		item := item.(map[string]any)
		for k := range item {
			if !slices.Contains(methods, k) && k != "summary" && k != "description" && k != "parameters" {
				t.Errorf("%s: unexpected key %q", p, k)
			}
		}
		for _, m := range methods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			resp, _ := op["responses"].(map[string]any)
			if len(resp) == 0 {
				t.Errorf("%s %s: no responses", m, p)
			}
			for status, r := range resp {
				if len(status) != 3 && status != "default" {
					t.Errorf("%s %s: response %q is not a status code", m, p, status)
				}
				r := resolveObject(t, doc, r)
				if d, _ := r["description"].(string); d == "" {
					t.Errorf("%s %s %s: a response needs a description", m, p, status)
				}
			}
			if id, ok := op["operationId"].(string); ok {
				if other, dup := ids[id]; dup {
					t.Errorf("operationId %s used by %s and %s %s", id, other, m, p)
				}
				ids[id] = m + " " + p
			}
			var query []string
			params, _ := op["parameters"].([]any)
			for _, prm := range params {
				prm := resolveObject(t, doc, prm)
				name, _ := prm["name"].(string)
				in, _ := prm["in"].(string)
				if name == "" || !slices.Contains([]string{"query", "header", "path", "cookie"}, in) || prm["schema"] == nil {
					t.Errorf("%s %s: parameter %v lacks a name, a place or a schema", m, p, prm)
				}
				if in == "query" {
					query = append(query, name)
				}
			}
			if m != "get" {
				continue
			}
			rt := h.routes[p]
			if rt == nil {
				t.Errorf("openapi.json documents %s, which is no route", p)
				continue
			}
			if rt.strict && !slices.Equal(sorted(query), sorted(rt.params)) {
				t.Errorf("GET %s: documented parameters %v, the route takes %v", p, query, rt.params)
			}
		}
		for _, m := range []string{"get", "head", "options"} {
			if item[m] == nil {
				t.Errorf("%s: no %s operation", p, m)
			}
		}
	}
	for p := range h.routes {
		if paths[p] == nil {
			t.Errorf("route %s is not documented", p)
		}
	}

	// The error codes: those the service writes, in its order.
	var codes []string
	enum := doc["components"].(map[string]any)["schemas"].(map[string]any)["ErrorCode"].(map[string]any)["enum"].([]any)
	for _, c := range enum {
		codes = append(codes, c.(string))
	}
	if !slices.Equal(codes, errorCodes) {
		t.Errorf("ErrorCode enum %v,\nthe service writes %v", codes, errorCodes)
	}
	desc := doc["components"].(map[string]any)["schemas"].(map[string]any)["ErrorCode"].(map[string]any)["description"].(string)
	for _, c := range errorCodes {
		if !strings.Contains(desc, "| "+c+" |") {
			t.Errorf("ErrorCode's table does not explain %s", c)
		}
	}
}

// resolveObject returns v, or the object its $ref names in doc.
func resolveObject(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	for range 8 {
		r, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		ptr, ok := strings.CutPrefix(r, "#/")
		if !ok {
			t.Fatalf("$ref %q is not local", r)
		}
		var cur any = doc
		for _, tok := range strings.Split(ptr, "/") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			cur = cur.(map[string]any)[tok]
		}
		m, _ = cur.(map[string]any)
	}
	t.Fatalf("$ref chain too long at %v", v)
	return nil
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// TestOpenAPIExamples validates every example of the document against its
// schema.
func TestOpenAPIExamples(t *testing.T) {
	doc := openapiDoc(t)
	val := jsonschema.New(docLoader)
	n := 0
	var walk func(v any, at string)
	walk = func(v any, at string) {
		m, ok := v.(map[string]any)
		if !ok {
			if a, ok := v.([]any); ok {
				for i, x := range a {
					walk(x, fmt.Sprintf("%s/%d", at, i))
				}
			}
			return
		}
		if ex, ok := m["examples"].(map[string]any); ok && m["schema"] != nil {
			for name, e := range ex {
				value := e.(map[string]any)["value"]
				n++
				if err := val.Validate("openapi.json#"+at+"/schema", value); err != nil {
					t.Errorf("%s example %s: %v", at, name, err)
				}
			}
		}
		if ex, ok := m["example"]; ok && m["schema"] != nil {
			n++
			if err := val.Validate("openapi.json#"+at+"/schema", ex); err != nil {
				t.Errorf("%s example: %v", at, err)
			}
		}
		for k, x := range m {
			walk(x, at+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"))
		}
	}
	walk(doc, "")
	if n < 5 {
		t.Errorf("only %d examples found", n)
	}
}

// TestSchemaCopy: the service serves the module's api/decision.schema.json.
func TestSchemaCopy(t *testing.T) {
	const original = "../../api/decision.schema.json"
	want, err := os.ReadFile(original)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(decisionSchema, want) {
		t.Errorf("decision.schema.json differs from %s: copy it (cp %s decision.schema.json)", original, original)
	}
	if !json.Valid(openapiJSON) {
		t.Error("openapi.json is not valid JSON")
	}
}
