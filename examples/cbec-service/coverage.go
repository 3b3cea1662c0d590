package main

import (
	"sync"

	"github.com/tradepolicy/cbec/examples/internal/coverage"
	"github.com/tradepolicy/cbec/trade"
)

// coverageCache holds each mode's coverage, counted on first use (some
// 50 ms: every unit on every day since 2014), as JSON and as a picture.
type coverageCache struct {
	modes [8]struct {
		once      sync.Once
		json, svg *static
	}
}

// coverageOf returns mode's coverage replies.
func (s *server) coverageOf(mode trade.Mode) (json, svg *static) {
	m := &s.covs.modes[mode]
	m.once.Do(func() {
		cov := coverage.Compute(s.e, mode)
		body, err := marshalLine(cov)
		if err != nil {
			panic(err) // a Coverage always marshals
		}
		m.json = newStatic(jsonType, body)
		m.svg = newStatic(svgType, coverage.SVG(cov))
	})
	return m.json, m.svg
}

// coverage answers /v1/coverage, or /v1/coverage.svg when svg is set.
func (s *server) coverage(x *exchange, p *params, svg bool) {
	if e := required(p, "mode"); e != nil {
		x.fail(e)
		return
	}
	mode, e := parseMode(p.v[0])
	if e != nil {
		x.fail(e)
		return
	}
	j, img := s.coverageOf(mode)
	if svg {
		j = img
	}
	x.writeStatic(j)
}
