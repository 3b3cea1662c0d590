// Package enum gives the enumerations of the public packages one text
// form, so that their String, MarshalText and UnmarshalText methods behave
// alike:
//
//   - String returns the value's name, or "Type(n)" for a value that is not
//     one of the type's.
//   - MarshalText returns the value's text: its name, or the text form the
//     type documents (a zone category's key "cbz", a mode's code "1210").
//     The zero value of a type whose zero is no value (a Category, a Level:
//     "not set") marshals as empty text; any other invalid value is an
//     error.
//   - UnmarshalText accepts the texts and names, and the further spellings
//     the type documents, in any case and width (full-width ASCII reads as
//     ASCII), ignoring surrounding white space (Unicode's). Empty text (or
//     white space only) gives the zero value of a type whose zero is no
//     value, as it marshals so; for a type whose zero value has a name
//     (a Verdict's "unknown") empty text is an error, like anything else
//     not accepted: the error quotes the text and lists what is accepted.
package enum

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tradepolicy/cbec/internal/norm"
)

// A Table describes an enumeration T whose values are 0 or 1 up to
// len(Names)-1.
type Table[T ~uint8] struct {
	Pkg   string   // the package, for errors: "policy"
	Type  string   // the type's name, for String: "Verdict"
	Noun  string   // what a value is, for errors: "verdict"
	Names []string // by value; "" at 0 when the zero value is no value
	// Texts are the marshalled forms by value, when they differ from the
	// names; nil when they do not.
	Texts []string
	// More, if set, reads further spellings: it gets the text trimmed and
	// with full-width ASCII folded, and reports the value it names.
	More func(folded string) (T, bool)
	// Err, if set, is wrapped by the errors of Unmarshal.
	Err error
}

// Valid reports whether v is a value of the type.
func (t *Table[T]) Valid(v T) bool { return int(v) < len(t.Names) && t.Names[v] != "" }

// String returns v's name, or "Type(n)".
func (t *Table[T]) String(v T) string {
	if t.Valid(v) {
		return t.Names[v]
	}
	return t.Type + "(" + strconv.Itoa(int(v)) + ")"
}

// Text returns v's marshalled form ("" for the zero value when zero is no
// value, and for invalid values).
func (t *Table[T]) Text(v T) string {
	if !t.Valid(v) {
		return ""
	}
	if t.Texts != nil {
		return t.Texts[v]
	}
	return t.Names[v]
}

// Marshal implements MarshalText for v.
func (t *Table[T]) Marshal(v T) ([]byte, error) {
	if t.Valid(v) {
		return []byte(t.Text(v)), nil
	}
	if v == 0 {
		return []byte{}, nil
	}
	return nil, fmt.Errorf("%s: cannot marshal %s", t.Pkg, t.String(v))
}

// Unmarshal implements UnmarshalText into *p.
func (t *Table[T]) Unmarshal(p *T, b []byte) error {
	s := norm.Fold(string(b))
	if s == "" && !t.Valid(0) {
		*p = 0
		return nil
	}
	for v := range t.Names {
		if t.Names[v] == "" {
			continue
		}
		if strings.EqualFold(s, t.Names[v]) || t.Texts != nil && strings.EqualFold(s, t.Texts[v]) {
			*p = T(v)
			return nil
		}
	}
	if t.More != nil {
		if v, ok := t.More(s); ok {
			*p = v
			return nil
		}
	}
	var want []string
	for v := range t.Names {
		if t.Valid(T(v)) {
			want = append(want, t.Text(T(v)))
		}
	}
	err := fmt.Errorf("unknown %s %q: want %s", t.Noun, b, strings.Join(want, ", "))
	if t.Err != nil {
		err = fmt.Errorf("%w %q: want %s", t.Err, b, strings.Join(want, ", "))
	}
	return fmt.Errorf("%s: %w", t.Pkg, err)
}
