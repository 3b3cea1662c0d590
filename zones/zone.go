package zones

import (
	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/enum"
)

// A Precision says how much of a zone's date the sources give.
type Precision uint8

// The precisions of a zone's dates.
const (
	DateUnknown Precision = iota // no source gives the date
	YearOnly                     // only the year is known
	MonthOnly                    // the year and month are known
	ExactDay                     // the day is known
)

var precisions = enum.Table[Precision]{Pkg: "zones", Type: "Precision", Noun: "precision", Names: []string{"unknown", "year", "month", "day"}}

// String returns "unknown", "year", "month" or "day", or "Precision(n)" for
// any other value.
func (p Precision) String() string { return precisions.String(p) }

// MarshalText implements [encoding.TextMarshaler] with [Precision.String]:
// "unknown" (the zero Precision), "year", "month" or "day". Any other value
// is an error.
func (p Precision) MarshalText() ([]byte, error) { return precisions.Marshal(p) }

// UnmarshalText implements [encoding.TextUnmarshaler]: "unknown", "year",
// "month" or "day", in any case and width, ignoring surrounding white space.
// Empty text is an error: the zero Precision marshals as "unknown".
func (p *Precision) UnmarshalText(b []byte) error { return precisions.Unmarshal(p, b) }

// A Presence is whether a zone exists on a day, or a city hosts a zone,
// as far as the data can tell.
type Presence uint8

// The presences. The zero value is Unsure.
const (
	Unsure  Presence = iota // the data cannot tell (an unknown or approximate date, or an incomplete dataset)
	Present                 // it does
	Absent                  // it does not
)

var presences = enum.Table[Presence]{Pkg: "zones", Type: "Presence", Noun: "presence", Names: []string{"unsure", "present", "absent"}}

// String returns "unsure", "present" or "absent", or "Presence(n)" for any
// other value.
func (p Presence) String() string { return presences.String(p) }

// MarshalText returns [Presence.String]: "unsure" (the zero Presence),
// "present" or "absent". Any other value is an error.
func (p Presence) MarshalText() ([]byte, error) { return presences.Marshal(p) }

// UnmarshalText accepts "unsure", "present" or "absent", in any case and
// width, ignoring surrounding white space. Empty text is an error.
func (p *Presence) UnmarshalText(b []byte) error { return presences.Unmarshal(p, b) }

// A Zone is one zone of a [Category]: for a free trade zone, one area (片区).
//
// A zone's life has three parts, each with the day a source gives (and its
// precision) or a bound kept apart from the day: its approval (Period.From;
// KnownBy, approved by then), its opening (Opened: national acceptance or the
// start of closed operation, the first day goods could enter; OpenBy,
// operating by then) and its end (Period.Until: revoked, converted or
// absorbed; GoneBy, ended by then). Between a bound and the day it stands
// for, [Zone.On] and [Zone.OpenOn] answer [Unsure]. A zone converted into or
// absorbed by another names it as its Successor.
type Zone struct {
	ID       string   `json:"id"`              // stable key, e.g. "cbz-hangzhou"
	Name     string   `json:"name"`            // official Chinese name
	NameEN   string   `json:"name_en"`         // English name
	Category Category `json:"category"`        //
	Group    string   `json:"group,omitempty"` // CBEC test zones: the batch (1–8); free trade zones: the FTZ
	City     string   `json:"city"`            // code of the most precise unit known to hold it

	// Period is when the zone exists: From is its approval (the first day of
	// the month or year when only that is known; zero when no source gives
	// it) and Until the day it ended (revoked, converted, absorbed; zero
	// while it exists, or when only GoneBy is known). Use [Zone.On] to ask
	// about a day.
	Period         cbec.Period `json:"period"`
	FromPrecision  Precision   `json:"from_precision"`
	UntilPrecision Precision   `json:"until_precision,omitzero"`
	// KnownBy is a day by which the zone was surely approved, when no source
	// gives its approval day precisely.
	KnownBy cbec.Date `json:"known_by,omitzero"`
	// Opened is the day the zone opened: national acceptance or the start of
	// closed operation, the first day goods could enter (the first day of
	// the month or year when only that is known; zero when no source gives
	// it). Use [Zone.OpenOn] to ask about a day.
	Opened          cbec.Date `json:"opened,omitzero"`
	OpenedPrecision Precision `json:"opened_precision,omitzero"`
	// OpenBy is a day by which the zone surely operated, when no source gives
	// its opening day.
	OpenBy cbec.Date `json:"open_by,omitzero"`
	// GoneBy is a day by which the zone had surely ended, when no source
	// gives the day it ended.
	GoneBy cbec.Date `json:"gone_by,omitzero"`
	// Successor is the id of the zone it was converted into or absorbed by
	// (an export processing zone absorbed into a comprehensive bonded zone):
	// the site goes on under that zone.
	Successor string `json:"successor,omitempty"`

	Source   cbec.Source `json:"source"`   // the approving document and where the facts were read
	Verified bool        `json:"verified"` // false: no source read confirms the row; it is kept, flagged
	// Note is the data's free text about the row: what sources say, what is
	// doubtful. It is for people reading the data and is not part of a
	// zone's JSON, whose fields are facts.
	Note string `json:"-"`
}

// Sure returns the days on which the zone certainly existed: from the first
// day it surely existed (the last day its approval's date can be — the 31st
// of a month given alone —, or KnownBy, its opening or OpenBy if earlier) to the last (the start of its
// end's window; with only GoneBy known, the last day a date of the row shows
// it existing). Its From is zero when no such day is known. When the end's
// window begins before that first day (approved "in 2021", ended "in
// 2021-06"), no day is certain and the period is empty: its Until is its
// From.
func (z Zone) Sure() cbec.Period {
	var p cbec.Period
	for _, d := range []cbec.Date{windowLast(z.Period.From, z.FromPrecision), z.KnownBy, windowLast(z.Opened, z.OpenedPrecision), z.OpenBy} {
		if d.IsValid() && (!p.From.IsValid() || d.Before(p.From)) {
			p.From = d
		}
	}
	switch {
	case z.UntilPrecision != DateUnknown:
		p.Until = z.Period.Until
	case z.GoneBy.IsValid():
		p.Until = z.GoneBy
		if last := z.lastSeen(); last.IsValid() && last.Before(z.GoneBy) {
			p.Until = last.AddDays(1)
		}
	}
	return empty(p)
}

// empty returns p, or the empty period at p.From when p ends before it
// begins.
func empty(p cbec.Period) cbec.Period {
	if p.From.IsValid() && p.Until.IsValid() && p.Until.Before(p.From) {
		p.Until = p.From
	}
	return p
}

// lastSeen returns the last day a date of the row shows the zone existing
// (its approval, KnownBy, its opening, OpenBy), or the zero Date.
func (z Zone) lastSeen() cbec.Date {
	var last cbec.Date
	for _, d := range []cbec.Date{windowLast(z.Period.From, z.FromPrecision), z.KnownBy, windowLast(z.Opened, z.OpenedPrecision), z.OpenBy} {
		if d.IsValid() && d.After(last) {
			last = d
		}
	}
	return last
}

// windowLast returns the last day a date of precision p whose earliest day
// is d can be: a zone approved or opened "in 2014-07" surely exists (or
// operates) on 2014-07-31.
func windowLast(d cbec.Date, p Precision) cbec.Date {
	if e := windowEnd(d, p); e.IsValid() && p != ExactDay {
		return e.AddDays(-1)
	}
	return windowEnd(d, p)
}

// windowEnd returns the first day surely after a date of precision p whose
// earliest day is d.
func windowEnd(d cbec.Date, p Precision) cbec.Date {
	switch p {
	case ExactDay:
		return d
	case MonthOnly:
		return cbec.MakeDate(d.Year(), d.Month()+1, 1)
	case YearOnly:
		return cbec.MakeDate(d.Year()+1, 1, 1)
	}
	return cbec.Date{}
}

// ended reports whether the zone had surely ended by day d (Absent), or
// may have (Unsure), as far as its end's dates tell; Present when it had
// surely not.
func (z Zone) ended(d cbec.Date) Presence {
	if z.GoneBy.IsValid() && !d.Before(z.GoneBy) {
		return Present
	}
	if z.UntilPrecision != DateUnknown {
		if !d.Before(windowEnd(z.Period.Until, z.UntilPrecision)) {
			return Present
		}
		if !d.Before(z.Period.Until) {
			return Unsure
		}
		return Absent
	}
	if z.GoneBy.IsValid() {
		if s := z.Sure(); s.Until.IsValid() && !d.Before(s.Until) {
			return Unsure
		}
	}
	return Absent
}

// On reports whether the zone exists on day d, from its approval to its
// end: Present or Absent when the data's dates decide it, Unsure when d
// falls in an approximate date's window, before a zone whose approval date
// is unknown, or between the last day a date shows it and GoneBy.
func (z Zone) On(d cbec.Date) Presence {
	return z.life(d, z.Sure().From, z.FromPrecision != DateUnknown && d.Before(z.Period.From))
}

// OpenOn reports whether the zone operates on day d, from its opening to its
// end: Present from its opening (the last day the opening's date can be) or
// OpenBy; Absent before its approval or its opening's earliest
// day, and once it has surely ended; Unsure otherwise: an approved zone
// whose opening no source gives is Unsure until one does.
//
// A zone that was converted or absorbed goes on as its successor: see
// [Registry.Operating], which counts a successor as operating from its
// predecessor's opening.
func (z Zone) OpenOn(d cbec.Date) Presence {
	notYet := z.OpenedPrecision != DateUnknown && d.Before(z.Opened) || z.FromPrecision != DateUnknown && d.Before(z.Period.From)
	return z.life(d, z.openStart(), notYet)
}

// life reports whether a part of the zone's life (its existence, its
// operation) holds on day d: Absent once the zone has surely ended,
// Unsure while its end is uncertain; before that, Present from start (a
// day it surely held by, zero if none is known), Absent when notYet (d is
// surely before the part began), Unsure otherwise.
func (z Zone) life(d, start cbec.Date, notYet bool) Presence {
	if !d.IsValid() {
		return Unsure
	}
	switch z.ended(d) {
	case Present:
		return Absent
	case Unsure:
		return Unsure
	}
	switch {
	case start.IsValid() && !d.Before(start):
		return Present
	case notYet:
		return Absent
	}
	return Unsure
}

// SureOpen returns the days on which the zone certainly operated by its own
// dates: from its opening (the last day the opening's date can be) or
// OpenBy, if earlier, to the end of [Zone.Sure]. Its From is zero when no
// such day is known; like Sure's, it is empty (its Until is its From) when
// no day is certain.
func (z Zone) SureOpen() cbec.Period {
	return empty(cbec.Period{From: z.openStart(), Until: z.Sure().Until})
}

// openStart returns the first day the zone surely operated, or the zero
// Date.
func (z Zone) openStart() cbec.Date {
	s := windowLast(z.Opened, z.OpenedPrecision)
	if z.OpenBy.IsValid() && (!s.IsValid() || z.OpenBy.Before(s)) {
		s = z.OpenBy
	}
	return s
}

// String returns the zone's Chinese name.
func (z Zone) String() string { return z.Name }
