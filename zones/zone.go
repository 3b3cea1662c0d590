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
type Zone struct {
	ID       string   `json:"id"`              // stable key, e.g. "cbz-hangzhou"
	Name     string   `json:"name"`            // official Chinese name
	NameEN   string   `json:"name_en"`         // English name
	Category Category `json:"category"`        //
	Group    string   `json:"group,omitempty"` // CBEC test zones: the batch (1–8); free trade zones: the FTZ
	City     string   `json:"city"`            // code of the most precise unit known to hold it

	// Period is when the zone may have existed: From is its approval (the
	// first day of the month or year when only that is known; zero when no
	// source gives it) and Until its revocation, merger or conversion (zero
	// while it exists). Use [Zone.On] to ask about a day.
	Period         cbec.Period `json:"period"`
	FromPrecision  Precision   `json:"from_precision"`
	UntilPrecision Precision   `json:"until_precision,omitzero"`
	// KnownBy is a day by which the zone surely existed (its acceptance or
	// opening), when a source gives one.
	KnownBy cbec.Date `json:"known_by,omitzero"`

	Source   cbec.Source `json:"source"`   // the approving document and where the facts were read
	Verified bool        `json:"verified"` // false: no source read confirms the row; it is kept, flagged
	// Note is the data's free text about the row: what sources say, what is
	// doubtful. It is for people reading the data and is not part of a
	// zone's JSON, whose fields are facts.
	Note string `json:"-"`
}

// Sure returns the days on which the zone certainly existed: from the end of
// its approval's uncertainty window (or KnownBy, if earlier) to the start of
// its revocation's. Its From is zero when no such day is known.
func (z Zone) Sure() cbec.Period {
	var p cbec.Period
	if from := windowEnd(z.Period.From, z.FromPrecision); from.IsValid() {
		p.From = from
	}
	if z.KnownBy.IsValid() && (!p.From.IsValid() || z.KnownBy.Before(p.From)) {
		p.From = z.KnownBy
	}
	if z.UntilPrecision != DateUnknown {
		p.Until = z.Period.Until
	}
	return p
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

// On reports whether the zone exists on day d: Present or Absent when the
// data's dates decide it, Unsure when d falls in an approximate date's
// window or before a zone whose approval date is unknown.
func (z Zone) On(d cbec.Date) Presence {
	if !d.IsValid() {
		return Unsure
	}
	if z.UntilPrecision != DateUnknown {
		if !d.Before(windowEnd(z.Period.Until, z.UntilPrecision)) {
			return Absent
		}
		if !d.Before(z.Period.Until) {
			return Unsure
		}
	}
	if s := z.Sure(); s.From.IsValid() && !d.Before(s.From) {
		return Present
	}
	if z.FromPrecision != DateUnknown && d.Before(z.Period.From) {
		return Absent
	}
	return Unsure
}

// String returns the zone's Chinese name.
func (z Zone) String() string { return z.Name }
