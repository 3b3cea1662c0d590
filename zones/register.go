package zones

import (
	"iter"
	"slices"

	"github.com/tradepolicy/cbec"
)

// A Register is a dated official list of the facilities of some categories
// that customs knew on a day — the customs Single Window parameter tables
// of 2022-06-05, which code every type-B bonded logistics center and special
// customs supervision area — a row of zones/data/registers.tsv with its
// entries in zones/data/registered.tsv.
//
// A register is evidence like a [Count]. It MATCHES the rows when every zone
// of its categories operating on its day ([Registry.Operating]) has an entry
// naming it, or naming the zone it succeeds. A matching register shows that
// a unit with no such zone had none operating on its day: [Registry.Operating]
// answers [Absent] there, on the register's day, before it for the zones
// whose dates are known, and after it only as of its day
// ([Registry.OperatingProof] names it). A register lists facilities
// customs had created, some not yet operating: it proves the absence of an
// operating facility, not of an approved one.
type Register struct {
	ID         string          `json:"id"`         // e.g. "sw-2022-06-05-blc"
	Categories []Category      `json:"categories"` // the categories it lists
	Day        cbec.Date       `json:"day"`        // the day the list refers to
	URL        string          `json:"url,omitempty"`
	Verified   bool            `json:"verified"` // false: no source read confirms it
	Note       string          `json:"note,omitempty"`
	Entries    []RegisterEntry `json:"entries"`
}

// A RegisterEntry is one facility a register names.
type RegisterEntry struct {
	Code   string `json:"code,omitempty"`   // its code in the register, e.g. a region code "4602W"
	Office string `json:"office,omitempty"` // its customs office, a four-digit 关区代码, e.g. "6415"
	Name   string `json:"name"`             // as the register writes it
	City   string `json:"city"`             // the GB/T 2260 code of the unit that holds it
	Zone   string `json:"zone"`             // the id of its row
	Note   string `json:"note,omitempty"`
}

// Has reports whether the register lists zones of category cat.
func (g Register) Has(cat Category) bool { return slices.Contains(g.Categories, cat) }

// A Proof is what an answer of [Absent] rests on when the category's data is
// not complete: a matching [Count] or [Register]. When its Day is before the
// day asked, the absence holds only as of that day.
type Proof struct {
	ID       string    `json:"id"`       // the count's or register's id
	Day      cbec.Date `json:"day"`      // its day
	Verified bool      `json:"verified"` // false: no source read confirms it
	Register bool      `json:"register"` // a register, not a count
}

// Registers yields the registers of r, in file order, matching or not.
func (r *Registry) Registers() iter.Seq[Register] {
	if r == nil {
		return func(func(Register) bool) {}
	}
	return func(yield func(Register) bool) {
		for _, g := range r.registers {
			g.Categories = slices.Clone(g.Categories)
			g.Entries = slices.Clone(g.Entries)
			if !yield(g) {
				return
			}
		}
	}
}

// RegisterMatches reports whether r has a register with the given id and
// every zone of its categories operating on its day has an entry (see
// [Register]). It is computed when the registry is built.
func (r *Registry) RegisterMatches(id string) bool {
	if r == nil {
		return false
	}
	for i := range r.registers {
		if r.registers[i].ID == id {
			return r.registerMask[i] != 0
		}
	}
	return false
}

// Unlisted returns the zones of g's categories operating on its day that
// have no entry in it, as r's rows and dates tell: none when g matches.
// g need not be one of r's registers.
func (r *Registry) Unlisted(g Register) []Zone {
	named := map[string]bool{}
	for _, e := range g.Entries {
		named[e.Zone] = true
	}
	var out []Zone
	for zi := range r.zones {
		z := &r.zones[zi]
		if !g.Has(z.Category) || z.OpenOn(g.Day) != Present {
			continue
		}
		if !r.namedInChain(zi, named, map[int]bool{}) {
			out = append(out, *z)
		}
	}
	return out
}

// namedInChain reports whether zone zi, or a zone of its chain of
// conversions (one it succeeds, or its successor), is named: a register may
// name an area by its former or its later name.
func (r *Registry) namedInChain(zi int, named map[string]bool, seen map[int]bool) bool {
	if seen[zi] {
		return false
	}
	seen[zi] = true
	z := &r.zones[zi]
	if named[z.ID] {
		return true
	}
	for _, p := range r.preds[zi] {
		if r.namedInChain(int(p), named, seen) {
			return true
		}
	}
	if s := r.zoneIndex(z.Successor); z.Successor != "" && s >= 0 && r.namedInChain(s, named, seen) {
		return true
	}
	return false
}

// site reports whether zone zi operates on day d as a site. A zone that was
// converted into or absorbed by another goes on as its successor: a chain of
// conversions (an export processing zone, then the comprehensive bonded zone
// that absorbed it) is one site, operating from the first day a member of
// the chain up to zi surely operated until the last member of the chain
// ends. So the city keeps its facility across a conversion, whatever the
// predecessor's own end.
func (r *Registry) site(zi int, d cbec.Date) Presence {
	z := &r.zones[zi]
	own := z.OpenOn(d)
	if own == Present || !d.IsValid() {
		return own
	}
	if s := r.siteOpen[zi]; !s.IsValid() || d.Before(s) {
		return own
	}
	switch r.zones[r.last[zi]].ended(d) {
	case Present:
		return Absent
	case Unsure:
		return Unsure
	}
	return Present
}

// Operates reports whether zone z of r operates on day d as a site: by its
// own dates ([Zone.OpenOn]) or as the successor of a zone that operated
// before it. It answers [Unsure] for a zone not in r.
func (r *Registry) Operates(z Zone, d cbec.Date) Presence {
	zi := r.zoneIndex(z.ID)
	if zi < 0 {
		return Unsure
	}
	return r.site(zi, d)
}

// OperatingIn yields the zones lying in c or inside it ([Registry.Within])
// that surely operate on day d ([Registry.Operates]): those whose own dates
// show them open first, then those that operate as the successor of an
// earlier zone.
func (r *Registry) OperatingIn(c City, d cbec.Date) iter.Seq[Zone] {
	return func(yield func(Zone) bool) {
		i := r.IndexOf(c)
		if i < 0 {
			return
		}
		idx := r.zoneIdx[r.zoneOffs[i]:r.zoneOffs[i+1]]
		// First the zones open by their own dates, then those of a chain
		// of conversions that may still exist on d (a predecessor whose end
		// is not known), then the others (a successor not yet approved):
		// the zone named is the one the site was known as on d, as far as
		// the data tells.
		rank := func(z *Zone) int {
			switch {
			case z.OpenOn(d) == Present:
				return 0
			case z.On(d) != Absent:
				return 1
			}
			return 2
		}
		for k := range 3 {
			for _, zi := range idx {
				z := &r.zones[zi]
				if rank(z) != k || r.site(int(zi), d) != Present {
					continue
				}
				if !yield(*z) {
					return
				}
			}
		}
	}
}

// Operating reports whether c hosts a zone of category cat operating on day
// d, lying in c or inside it: as [Registry.Hosts] does for a zone's
// existence, with [Registry.Operates] for each zone, and with the matching
// registers as evidence besides the counts. An approved zone whose opening
// no source gives answers Unsure.
func (r *Registry) Operating(c City, cat Category, d cbec.Date) Presence {
	p, _ := r.presence(c, cat, d, true)
	return p
}

// OperatingProof returns what [Registry.Operating] rests on when it answers
// that c hosts no operating zone of category cat on day d and the
// category's data is not complete: a matching count or register. Of several
// it returns the one whose day is d or the earliest after it, else the
// latest before d.
func (r *Registry) OperatingProof(c City, cat Category, d cbec.Date) (Proof, bool) {
	p, e := r.presence(c, cat, d, true)
	if p != Absent || e < 0 {
		return Proof{}, false
	}
	return r.proof(e), true
}

// proof returns evidence e (see presence) as a Proof.
func (r *Registry) proof(e int) Proof {
	if e < len(r.counts) {
		c := r.counts[e]
		return Proof{ID: c.ID, Day: c.Day, Verified: c.Verified}
	}
	g := r.registers[e-len(r.counts)]
	return Proof{ID: g.ID, Day: g.Day, Verified: g.Verified, Register: true}
}

// zoneIndex returns the index of the zone with the given id, or -1.
func (r *Registry) zoneIndex(id string) int {
	if r == nil {
		return -1
	}
	for i := range r.zones {
		if r.zones[i].ID == id {
			return i
		}
	}
	return -1
}
