package policy

import "github.com/tradepolicy/cbec/internal/enum"

// A Verdict is the answer to "may this mode be used here on this day?".
type Verdict uint8

// The verdicts. The zero value is Unknown: the data cannot decide.
const (
	Unknown Verdict = iota // the data cannot decide; the decision's Reason says why
	Allowed                // the mode may be used, subject to the decision's Conditions
	Denied                 // the mode may not be used
)

var verdicts = enum.Table[Verdict]{Pkg: "policy", Type: "Verdict", Noun: "verdict", Names: []string{"unknown", "allowed", "denied"}}

// String returns "unknown", "allowed" or "denied", or "Verdict(n)" for any
// other value.
func (v Verdict) String() string { return verdicts.String(v) }

// MarshalText returns [Verdict.String]. Every enumeration of the library
// (Verdict, GapKind and ScopeKind here; zones.Category, Level, Precision and
// Presence; trade.Mode, Direction, Channel and VATBand) marshals alike: a
// valid value as its name or documented text form, the zero value of a type
// whose zero is no value ("not set") as empty text, and any other invalid
// value is an error.
func (v Verdict) MarshalText() ([]byte, error) { return verdicts.Marshal(v) }

// UnmarshalText accepts "unknown", "allowed" or "denied". Every
// enumeration of the library reads alike: its names and documented
// spellings, in any case and width ("Allowed", "ＤＥＮＩＥＤ"), ignoring
// surrounding white space (Unicode's: a no-break space, a trailing
// newline). Empty text gives the zero value of a type whose zero value
// marshals as empty text, and is an error for the others (a Verdict);
// anything else is an error that quotes the text.
func (v *Verdict) UnmarshalText(b []byte) error { return verdicts.Unmarshal(v, b) }
