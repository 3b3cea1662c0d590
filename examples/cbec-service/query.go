package main

import (
	"net/url"
	"strings"
)

// maxParams is the most parameters a route takes.
const maxParams = 4

// A params holds the values of a route's parameters, in the order of its
// names; absent ones are "".
type params struct {
	v [maxParams]string
	n [maxParams]uint8 // how many times each was given
}

// given reports whether parameter i was in the query, even empty.
func (p *params) given(i int) bool { return p.n[i] > 0 }

// parseQuery reads raw, a request's query, into p for a route at path that
// takes the parameters names (at most maxParams). It rejects a bad escape
// or a ";" (invalid_query), a parameter the route does not take
// (unknown_parameter) and one given twice (duplicate_parameter), even with
// the same value: a client that sends both has a bug worth knowing about.
//
// It allocates only to unescape a value holding "%" or "+".
func parseQuery(raw, path string, names []string, p *params) *apiError {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		if strings.IndexByte(pair, ';') >= 0 {
			return errInvalidQuery("a \";\" separates nothing: use \"&\" between parameters")
		}
		key, value, _ := strings.Cut(pair, "=")
		key, err := unescape(key)
		if err != nil {
			return errInvalidQuery(err.Error())
		}
		i := indexOf(names, key)
		if i < 0 {
			return errUnknownParam(key, path, names)
		}
		value, err = unescape(value)
		if err != nil {
			return errInvalidQuery(err.Error())
		}
		if p.n[i] < 255 {
			p.n[i]++
		}
		p.v[i] = value
	}
	for i, n := range p.n[:len(names)] {
		if n > 1 {
			return errDuplicate(names[i], int(n))
		}
	}
	return nil
}

func indexOf(names []string, key string) int {
	for i, n := range names {
		if n == key {
			return i
		}
	}
	return -1
}

// unescape decodes s as a query component, allocating only when it has
// something to decode.
func unescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	v, err := url.QueryUnescape(s)
	if err != nil {
		// The error quotes at most the bad escape, not the query.
		if ee, ok := err.(url.EscapeError); ok {
			return "", escapeError(string(ee))
		}
		return "", err
	}
	return v, nil
}

type escapeError string

func (e escapeError) Error() string { return "bad % escape " + quote(string(e)) }
