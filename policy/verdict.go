package policy

import (
	"fmt"
	"strings"

	"github.com/tradepolicy/cbec/internal/norm"
)

// A Verdict is the answer to "may this mode be used here on this day?".
type Verdict uint8

// The verdicts. The zero value is Unknown: the data cannot decide.
const (
	Unknown Verdict = iota // the data cannot decide; the decision's Reason says why
	Allowed                // the mode may be used, subject to the decision's Conditions
	Denied                 // the mode may not be used
)

// String returns "unknown", "allowed" or "denied".
func (v Verdict) String() string {
	switch v {
	case Unknown:
		return "unknown"
	case Allowed:
		return "allowed"
	case Denied:
		return "denied"
	}
	return fmt.Sprintf("Verdict(%d)", uint8(v))
}

// MarshalText returns [Verdict.String].
func (v Verdict) MarshalText() ([]byte, error) {
	if v > Denied {
		return nil, fmt.Errorf("policy: cannot marshal %v", v)
	}
	return []byte(v.String()), nil
}

// UnmarshalText accepts "unknown", "allowed" or "denied", in any case and
// width ("Allowed", "ＤＥＮＩＥＤ"), ignoring surrounding white space
// (Unicode's: a no-break space, a trailing newline).
func (v *Verdict) UnmarshalText(b []byte) error {
	t := norm.Fold(string(b))
	for _, w := range []Verdict{Unknown, Allowed, Denied} {
		if strings.EqualFold(t, w.String()) {
			*v = w
			return nil
		}
	}
	return fmt.Errorf("policy: unknown verdict %q", b)
}
