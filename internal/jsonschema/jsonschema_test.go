package jsonschema

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

var docs = fstest.MapFS{
	"a.json": {Data: []byte(`{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"type": "object",
		"additionalProperties": false,
		"required": ["day", "n", "tags"],
		"properties": {
			"day": {"$ref": "#/$defs/Day"},
			"n": {"type": "integer", "minimum": 1, "maximum": 9},
			"tags": {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true, "items": {"enum": ["x", "y", "z"]}},
			"name": {"type": "string", "minLength": 2, "maxLength": 3},
			"link": {"type": "string", "format": "uri"},
			"kind": {"const": "k"},
			"other": {"$ref": "sub/b.json#/$defs/Other"},
			"either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
			"any": {"anyOf": [{"type": "null"}, {"type": "boolean"}]},
			"no": {"not": {"type": "string"}}
		},
		"if": {"properties": {"n": {"const": 1}}},
		"then": {"required": ["name"]},
		"else": {"properties": {"name": {"pattern": "^[a-z]+$"}}},
		"$defs": {"Day": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-"}}
	}`)},
	"sub/b.json": {Data: []byte(`{"$defs": {"Other": {"type": ["object", "null"], "additionalProperties": {"type": "boolean"}}}}`)},
	"bad.json":   {Data: []byte(`{"type": "string", "contains": {}}`)},
	"ref.json":   {Data: []byte(`{"$ref": "#/$defs/Nope"}`)},
}

func validator() *Validator {
	return New(func(p string) ([]byte, error) { return fs.ReadFile(docs, p) })
}

func TestValid(t *testing.T) {
	v := validator()
	for _, in := range []string{
		`{"day": "2019-03-01", "n": 1, "tags": ["x"], "name": "ab"}`,
		`{"day": "2019-03-01", "n": 2, "tags": ["x", "z"], "name": "abc", "link": "https://example.org/a", "kind": "k",
		  "other": {"p": true}, "either": 3, "any": null, "no": 4}`,
		`{"day": "2019-03-01", "n": 9, "tags": ["y"], "other": null, "either": "s", "any": false}`,
	} {
		x, err := Decode([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Validate("a.json", x); err != nil {
			t.Errorf("%s: %v", in, err)
		}
	}
}

func TestInvalid(t *testing.T) {
	v := validator()
	for _, tc := range []struct{ in, want string }{
		{`[]`, "not of type object"},
		{`{"n": 1, "tags": ["x"], "name": "ab"}`, `no "day"`},
		{`{"day": "2019-02-30", "n": 2, "tags": ["x"]}`, "not a date"},
		{`{"day": "19-02-03", "n": 2, "tags": ["x"]}`, "does not match"},
		{`{"day": "2019-03-01", "n": 1.5, "tags": ["x"]}`, "not of type integer"},
		{`{"day": "2019-03-01", "n": 0, "tags": ["x"]}`, "less than 1"},
		{`{"day": "2019-03-01", "n": 10, "tags": ["x"]}`, "more than 9"},
		{`{"day": "2019-03-01", "n": 2, "tags": []}`, "fewer than 1"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x", "y", "z"]}`, "more than 2"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x", "x"]}`, "are equal"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["w"]}`, "not one of"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "name": "a"}`, "shorter than 2"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "name": "abcd"}`, "longer than 3"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "name": "AB"}`, "does not match"},
		{`{"day": "2019-03-01", "n": 1, "tags": ["x"]}`, `no "name"`},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "link": "/relative"}`, "not absolute"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "kind": "j"}`, "is not \"k\""},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "extra": 1}`, `"extra" is not allowed`},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "other": {"p": 1}}`, "/other/p"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "either": true}`, "0 of oneOf"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "any": 1}`, "none of anyOf"},
		{`{"day": "2019-03-01", "n": 2, "tags": ["x"], "no": "s"}`, "schema of not"},
	} {
		x, err := Decode([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		err = v.Validate("a.json", x)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.in, err, tc.want)
		}
	}
}

// TestSchemaFaults: an unimplemented keyword or a $ref that does not
// resolve is an error of the schema, not of the value.
func TestSchemaFaults(t *testing.T) {
	v := validator()
	for _, tc := range []struct{ ref, want string }{
		{"bad.json", `keyword "contains" is not implemented`},
		{"ref.json", `no "$defs"`},
		{"missing.json", "loading missing.json"},
		{"a.json#/properties/nope", `no "nope"`},
	} {
		err := v.Validate(tc.ref, "x")
		var e *Error
		if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a schema error saying %q", tc.ref, err, tc.want)
		}
	}
	if err := v.Resolve("a.json", "sub/b.json#/$defs/Other"); err != nil {
		t.Error(err)
	}
	if err := v.Resolve("a.json", "sub/b.json#/$defs/None"); err == nil {
		t.Error("a dangling $ref resolves")
	}
}

func TestDecode(t *testing.T) {
	if _, err := Decode([]byte(`{} {}`)); err == nil {
		t.Error("two values decoded as one")
	}
}
