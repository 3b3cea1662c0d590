package policy

import (
	"slices"
	"sync"

	"github.com/tradepolicy/cbec/internal/overlay"
	"github.com/tradepolicy/cbec/trade"
	"github.com/tradepolicy/cbec/zones"
)

// This file builds an engine on a registry that amends the embedded one
// (zones.Extend) by recomputing only the timelines of the units whose facts
// the overlay changed, and sharing the others with the embedded engine.

// embeddedData is the embedded policy data, read once.
var embeddedData = sync.OnceValues(func() (*data, error) { return load(Data(), nil) })

// rebuild returns the engine of the embedded policy data over reg, built
// from e by recomputing the units whose facts differ between e's registry
// and reg, or false when reg does not amend e's registry in a way it can
// follow (then the caller builds the engine in full).
func (e *Engine) rebuild(reg *zones.Registry) (*Engine, bool, error) {
	if overlay.Changes == nil {
		return nil, false, nil
	}
	base, units, all, ok := overlay.Changes(reg)
	if !ok || all || base != any(e.reg) {
		return nil, false, nil
	}
	d, err := embeddedData()
	if err != nil {
		// Cannot happen with the data the tests check; the full build
		// reads the data again and reports the error.
		return nil, false, nil
	}
	c, err := newCompiler(reg, d)
	if err != nil {
		return nil, true, err
	}
	n := c.e
	n.slot, n.slotUnit = e.slot, e.slotUnit
	// The answers so far, with e's zone indexes turned into reg's.
	n.outcomes, n.reasons = slices.Clip(e.outcomes), slices.Clip(e.reasons)
	n.basis, n.conds, n.gaps = slices.Clip(e.basis), slices.Clip(e.conds), slices.Clip(e.gaps)
	n.zones = make([]uint32, len(e.zones), len(e.zones)+16)
	for i, z := range e.zones {
		n.zones[i] = c.zoneIdx[e.reg.ZoneAt(int(z)).ID]
	}
	redo := affected(reg, e.slotUnit, units)
	n.spanOffs = make([]uint32, 0, len(e.spanOffs))
	n.spans = make([]span, 0, len(e.spans)+64)
	for s, ui := range e.slotUnit {
		u := reg.At(int(ui))
		for m := range trade.Modes() {
			k := s*numModes + int(m) - 1
			n.spanOffs = append(n.spanOffs, uint32(len(n.spans)))
			if redo[s] {
				c.timeline(u, m)
			} else {
				n.spans = append(n.spans, e.spans[e.spanOffs[k]:e.spanOffs[k+1]]...)
			}
		}
	}
	n.spanOffs = append(n.spanOffs, uint32(len(n.spans)))
	if err := n.checkSize(); err != nil {
		return nil, true, err
	}
	return n, true, nil
}

// affected reports, per slot, whether the answers of its unit may depend
// on the facts of the units of codes: the unit is one of them, or lies
// inside or around one.
func affected(reg *zones.Registry, slotUnit []uint16, codes []string) []bool {
	near := map[string]bool{}
	for _, code := range codes {
		near[code] = true
		if c, ok := reg.ByCode(code); ok {
			for a := range reg.Ancestors(c) {
				near[a.Code] = true
			}
		}
	}
	out := make([]bool, len(slotUnit))
	for s, ui := range slotUnit {
		u := reg.At(int(ui))
		if near[u.Code] {
			out[s] = true
			continue
		}
		for a := range reg.Ancestors(u) {
			if slices.Contains(codes, a.Code) {
				out[s] = true
				break
			}
		}
	}
	return out
}
