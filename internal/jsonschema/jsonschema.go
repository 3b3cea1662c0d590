// Package jsonschema validates JSON values against JSON Schema (draft
// 2020-12) documents, for tests. It implements the keywords this module's
// schemas use, and rejects a schema using any other, so that no keyword is
// silently ignored:
//
//   - applicators: $ref (a JSON pointer in the same or another document,
//     resolved relative to the referring document's path), allOf, anyOf,
//     oneOf, not, if/then/else, properties, additionalProperties, items;
//   - assertions: type, enum, const, required, minItems, maxItems,
//     uniqueItems, minLength, maxLength, pattern, minimum, maximum, and
//     format for "date" (a real YYYY-MM-DD day), "date-time" (RFC 3339) and
//     "uri" (an absolute URI);
//   - annotations, which are ignored: $schema, $defs, $comment, title,
//     description, examples, default, deprecated, readOnly, writeOnly.
//
// Documents are read through a Loader; a path such as "openapi.json" names
// one, and "openapi.json#/components/schemas/Error" a schema in it.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A Loader returns the document at a slash-separated path.
type Loader func(path string) ([]byte, error)

// A Validator validates values against the schemas of the documents its
// Loader reads. It is safe for concurrent use.
type Validator struct {
	load Loader

	mu   sync.Mutex
	docs map[string]any
	res  map[string]*regexp.Regexp
}

// New returns a Validator reading documents with load.
func New(load Loader) *Validator {
	return &Validator{load: load, docs: map[string]any{}, res: map[string]*regexp.Regexp{}}
}

// Decode decodes JSON as Validate expects values: objects as
// map[string]any, arrays as []any, numbers as json.Number.
func Decode(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("jsonschema: more than one JSON value")
	}
	return v, nil
}

// An Error lists the ways a value fails a schema, each with the place in
// the value ("/basis/0/doc") and in the schema.
type Error struct {
	Problems []string
}

func (e *Error) Error() string {
	const most = 10
	p := e.Problems
	more := ""
	if len(p) > most {
		more = fmt.Sprintf("\n(and %d more)", len(p)-most)
		p = p[:most]
	}
	return strings.Join(p, "\n") + more
}

// A schemaError is a fault of the schema itself: a keyword this package
// does not implement, a $ref that does not resolve, a bad pattern.
type schemaError struct{ msg string }

func (e *schemaError) Error() string { return "jsonschema: " + e.msg }

// Validate validates v, as Decode returns it, against the schema at ref
// ("decision.schema.json", "openapi.json#/components/schemas/Error"). It
// returns an *Error listing the value's faults, or another error for a
// fault of the schema.
func (val *Validator) Validate(ref string, v any) (err error) {
	defer catch(&err)
	doc, ptr, _ := strings.Cut(ref, "#")
	n := val.resolve(node{doc: doc}, "#"+ptr)
	var e Error
	val.check(n, v, "", &e.Problems)
	if len(e.Problems) > 0 {
		return &e
	}
	return nil
}

// Resolve reports whether ref, written in the document at base, resolves
// to a value.
func (val *Validator) Resolve(base, ref string) (err error) {
	defer catch(&err)
	val.resolve(node{doc: base}, ref)
	return nil
}

// A node is a schema and the document it is in.
type node struct {
	doc    string // the document's path
	ptr    string // the schema's JSON pointer in it, for messages
	schema any
}

func fail(format string, args ...any) { panic(&schemaError{fmt.Sprintf(format, args...)}) }

// catch turns a panic of fail into *err; any other panic goes on.
func catch(err *error) {
	if r := recover(); r != nil {
		se, ok := r.(*schemaError)
		if !ok {
			panic(r)
		}
		*err = se
	}
}

// document returns the decoded document at p.
func (val *Validator) document(p string) any {
	val.mu.Lock()
	defer val.mu.Unlock()
	if d, ok := val.docs[p]; ok {
		return d
	}
	data, err := val.load(p)
	if err != nil {
		fail("loading %s: %v", p, err)
	}
	d, err := Decode(data)
	if err != nil {
		fail("%s: %v", p, err)
	}
	val.docs[p] = d
	return d
}

// resolve returns the node that ref names, relative to from's document.
func (val *Validator) resolve(from node, ref string) node {
	file, frag, _ := strings.Cut(ref, "#")
	doc := from.doc
	if file != "" {
		if u, err := url.Parse(file); err != nil || u.IsAbs() || strings.HasPrefix(file, "/") {
			fail("%s: $ref %q: only relative paths are supported", from.doc, ref)
		}
		doc = path.Join(path.Dir(from.doc), file)
	}
	v := val.document(doc)
	if frag != "" && !strings.HasPrefix(frag, "/") {
		fail("%s: $ref %q: the fragment is not a JSON pointer", from.doc, ref)
	}
	ptr := frag
	for frag != "" {
		var tok string
		tok, frag, _ = strings.Cut(frag[1:], "/")
		if frag != "" {
			frag = "/" + frag
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		if t, err := url.PathUnescape(tok); err == nil {
			tok = t
		}
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				fail("%s: $ref %q: no %q", from.doc, ref, tok)
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				fail("%s: $ref %q: no element %q", from.doc, ref, tok)
			}
			v = x[i]
		default:
			fail("%s: $ref %q: %q is inside a scalar", from.doc, ref, tok)
		}
	}
	return node{doc: doc, ptr: ptr, schema: v}
}

// keywords are those check implements or ignores.
var keywords = map[string]bool{
	"$ref": true, "allOf": true, "anyOf": true, "oneOf": true, "not": true, "if": true, "then": true, "else": true,
	"properties": true, "additionalProperties": true, "items": true,
	"type": true, "enum": true, "const": true, "required": true, "minItems": true, "maxItems": true,
	"uniqueItems": true, "minLength": true, "maxLength": true, "pattern": true, "minimum": true, "maximum": true,
	"format":  true,
	"$schema": true, "$defs": true, "$comment": true, "title": true, "description": true, "examples": true,
	"default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
}

// check appends to problems how v, at place at in the value, fails n.
func (val *Validator) check(n node, v any, at string, problems *[]string) {
	switch s := n.schema.(type) {
	case bool:
		if !s {
			*problems = append(*problems, fmt.Sprintf("%s: not allowed (false schema at %s#%s)", where(at), n.doc, n.ptr))
		}
		return
	case map[string]any:
		val.checkObject(n, s, v, at, problems)
	default:
		fail("%s#%s: a schema is an object or a boolean, not %T", n.doc, n.ptr, n.schema)
	}
}

func where(at string) string {
	if at == "" {
		return "(root)"
	}
	return at
}

func (val *Validator) checkObject(n node, s map[string]any, v any, at string, problems *[]string) {
	add := func(format string, args ...any) {
		*problems = append(*problems, fmt.Sprintf("%s: ", where(at))+fmt.Sprintf(format, args...)+
			fmt.Sprintf(" (%s#%s)", n.doc, n.ptr))
	}
	sub := func(key string, x any) node { return node{doc: n.doc, ptr: n.ptr + "/" + key, schema: x} }
	for k := range s {
		if !keywords[k] {
			fail("%s#%s: keyword %q is not implemented", n.doc, n.ptr, k)
		}
	}
	if ref, ok := s["$ref"]; ok {
		r, ok := ref.(string)
		if !ok {
			fail("%s#%s: $ref is not a string", n.doc, n.ptr)
		}
		val.check(val.resolve(n, r), v, at, problems)
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		default:
			fail("%s#%s: type is neither a string nor an array", n.doc, n.ptr)
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(v, t) }) {
			add("%s is not of type %s", describe(v), strings.Join(types, " or "))
			return // the other assertions would only repeat it
		}
	}
	if e, ok := s["enum"]; ok {
		list, ok := e.([]any)
		if !ok {
			fail("%s#%s: enum is not an array", n.doc, n.ptr)
		}
		if !slices.ContainsFunc(list, func(x any) bool { return equal(x, v) }) {
			add("%s is not one of %s", describe(v), compact(list))
		}
	}
	if c, ok := s["const"]; ok && !equal(c, v) {
		add("%s is not %s", describe(v), compact(c))
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		x, ok := s[k]
		if !ok {
			continue
		}
		list, ok := x.([]any)
		if !ok || len(list) == 0 {
			fail("%s#%s: %s is not a non-empty array", n.doc, n.ptr, k)
		}
		passed := 0
		var first []string
		for i, sch := range list {
			var p []string
			val.check(sub(k+"/"+strconv.Itoa(i), sch), v, at, &p)
			if len(p) == 0 {
				passed++
			} else if first == nil {
				first = p
			}
			if k == "allOf" {
				*problems = append(*problems, p...)
			}
		}
		switch {
		case k == "anyOf" && passed == 0:
			add("matches none of anyOf; the first says: %s", strings.Join(first, "; "))
		case k == "oneOf" && passed != 1:
			add("matches %d of oneOf, not exactly one", passed)
		}
	}
	if x, ok := s["not"]; ok {
		var p []string
		val.check(sub("not", x), v, at, &p)
		if len(p) == 0 {
			add("matches the schema of not")
		}
	}
	if x, ok := s["if"]; ok {
		var p []string
		val.check(sub("if", x), v, at, &p)
		if len(p) == 0 {
			if t, ok := s["then"]; ok {
				val.check(sub("then", t), v, at, problems)
			}
		} else if e, ok := s["else"]; ok {
			val.check(sub("else", e), v, at, problems)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		val.checkProperties(n, s, v, at, add, sub, problems)
	case []any:
		if x, ok := s["minItems"]; ok && len(v) < integer(n, x) {
			add("%d items, fewer than %d", len(v), integer(n, x))
		}
		if x, ok := s["maxItems"]; ok && len(v) > integer(n, x) {
			add("%d items, more than %d", len(v), integer(n, x))
		}
		if u, ok := s["uniqueItems"].(bool); ok && u {
			for i := range v {
				for j := range i {
					if equal(v[i], v[j]) {
						add("items %d and %d are equal", j, i)
					}
				}
			}
		}
		if x, ok := s["items"]; ok {
			for i, item := range v {
				val.check(sub("items", x), item, at+"/"+strconv.Itoa(i), problems)
			}
		}
	case string:
		length := utf8.RuneCountInString(v)
		if x, ok := s["minLength"]; ok && length < integer(n, x) {
			add("%q is shorter than %d", clip(v), integer(n, x))
		}
		if x, ok := s["maxLength"]; ok && length > integer(n, x) {
			add("%q is longer than %d", clip(v), integer(n, x))
		}
		if x, ok := s["pattern"]; ok {
			if !val.regexp(n, x).MatchString(v) {
				add("%q does not match %s", clip(v), x)
			}
		}
		if x, ok := s["format"]; ok {
			if msg := checkFormat(n, x, v); msg != "" {
				add("%q is not a %s: %s", clip(v), x, msg)
			}
		}
	case json.Number:
		f, _ := v.Float64()
		if x, ok := s["minimum"]; ok && f < number(n, x) {
			add("%s is less than %v", v, x)
		}
		if x, ok := s["maximum"]; ok && f > number(n, x) {
			add("%s is more than %v", v, x)
		}
	}
}

func (val *Validator) checkProperties(n node, s map[string]any, v map[string]any, at string,
	add func(string, ...any), sub func(string, any) node, problems *[]string) {
	if r, ok := s["required"]; ok {
		list, ok := r.([]any)
		if !ok {
			fail("%s#%s: required is not an array", n.doc, n.ptr)
		}
		for _, k := range list {
			if _, ok := v[k.(string)]; !ok {
				add("no %q", k)
			}
		}
	}
	props, _ := s["properties"].(map[string]any)
	if _, ok := s["properties"]; ok && props == nil {
		fail("%s#%s: properties is not an object", n.doc, n.ptr)
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := at + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
		if ps, ok := props[k]; ok {
			val.check(sub("properties/"+k, ps), v[k], p, problems)
		} else if ap, ok := s["additionalProperties"]; ok {
			if b, ok := ap.(bool); ok && !b {
				add("property %q is not allowed", k)
			} else {
				val.check(sub("additionalProperties", ap), v[k], p, problems)
			}
		}
	}
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f)
	}
	fail("type %q is not a JSON type", t)
	return false
}

// equal compares decoded JSON values; numbers by value.
func equal(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		fx, _ := x.Float64()
		fy, _ := y.Float64()
		return fx == fy
	}
	return reflect.DeepEqual(a, b)
}

func integer(n node, x any) int {
	num, ok := x.(json.Number)
	if !ok {
		fail("%s#%s: %v is not a number", n.doc, n.ptr, x)
	}
	i, err := num.Int64()
	if err != nil || i < 0 {
		fail("%s#%s: %v is not a non-negative integer", n.doc, n.ptr, x)
	}
	return int(i)
}

func number(n node, x any) float64 {
	num, ok := x.(json.Number)
	if !ok {
		fail("%s#%s: %v is not a number", n.doc, n.ptr, x)
	}
	f, _ := num.Float64()
	return f
}

func (val *Validator) regexp(n node, x any) *regexp.Regexp {
	p, ok := x.(string)
	if !ok {
		fail("%s#%s: pattern is not a string", n.doc, n.ptr)
	}
	val.mu.Lock()
	defer val.mu.Unlock()
	if re, ok := val.res[p]; ok {
		return re
	}
	re, err := regexp.Compile(p)
	if err != nil {
		fail("%s#%s: pattern %q: %v", n.doc, n.ptr, p, err)
	}
	val.res[p] = re
	return re
}

func checkFormat(n node, x any, v string) string {
	switch x {
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil || len(v) != len(time.DateOnly) {
			return "not a calendar day as YYYY-MM-DD"
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return err.Error()
		}
	case "uri":
		u, err := url.Parse(v)
		if err != nil {
			return err.Error()
		}
		if !u.IsAbs() {
			return "not absolute"
		}
	default:
		fail("%s#%s: format %v is not implemented", n.doc, n.ptr, x)
	}
	return ""
}

func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case nil:
		return "null"
	}
	return compact(v)
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	return clip(string(b))
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		return string([]rune(s)[:80]) + "…"
	}
	return s
}
