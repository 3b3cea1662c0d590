package zones

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tradepolicy/cbec/internal/enum"
)

// A Level is the administrative level of a [City].
type Level uint8

// The levels of the GB/T 2260 hierarchy. The four municipalities (北京, 天津,
// 上海, 重庆) are of level Province and are cities too; see [City.IsCity].
const (
	Province   Level = iota + 1 // 省, 自治区, 直辖市
	Prefecture                  // 地级市, 地区, 自治州, 盟
	County                      // 市辖区, 县级市, 县, 旗 …
)

var levelNames = enum.Table[Level]{Pkg: "zones", Type: "Level", Noun: "level", Names: []string{"", "province", "prefecture", "county"}}

// String returns "province", "prefecture" or "county", or "Level(n)" for
// any other value.
func (l Level) String() string { return levelNames.String(l) }

// MarshalText returns [Level.String], or empty text for the zero Level. Any
// other invalid value is an error.
func (l Level) MarshalText() ([]byte, error) { return levelNames.Marshal(l) }

// UnmarshalText accepts "province", "prefecture" or "county", in any case
// and width, ignoring surrounding white space; empty text gives the zero
// Level.
func (l *Level) UnmarshalText(b []byte) error { return levelNames.Unmarshal(l, b) }

// A City is an administrative unit of the GB/T 2260 registry: a province, a
// prefecture-level unit or a county-level unit. Despite the name it may be a
// province (海南省 matters: the whole island was listed in 2020) or a district.
//
// Get a City from [Lookup] or [ByCode]. The zero City is not a unit.
type City struct {
	Code     string `json:"code"`             // six-digit GB/T 2260 code, e.g. "330100"
	Name     string `json:"name"`             // Chinese name, e.g. "杭州市"
	NameEN   string `json:"name_en"`          // English or pinyin name, e.g. "Hangzhou"
	Province string `json:"province"`         // code of its province, e.g. "330000" (its own code for a province)
	Parent   string `json:"parent,omitempty"` // code of the unit it belongs to; "" for a province
	Level    Level  `json:"level"`
	idx      uint32 // 1 + index in its registry's table; 0 when built by hand
}

// IsValid reports whether c is a unit (has a code).
func (c City) IsValid() bool { return c.Code != "" }

// IsMunicipality reports whether c is one of the four province-level cities.
func (c City) IsMunicipality() bool {
	switch c.Code {
	case "110000", "120000", "310000", "500000":
		return true
	}
	return false
}

// IsCity reports whether c is a city in the sense of the pilot lists: a
// prefecture-level unit or a municipality.
func (c City) IsCity() bool { return c.Level == Prefecture || c.IsMunicipality() }

// String returns the Chinese name and code: "杭州市 (330100)".
func (c City) String() string {
	if !c.IsValid() {
		return ""
	}
	return c.Name + " (" + c.Code + ")"
}

// Contains reports whether d is c or lies inside c.
func (c City) Contains(d City) bool {
	return c.IsValid() && (d.Code == c.Code || d.Parent == c.Code || d.Province == c.Code)
}

var (
	// ErrUnknownCity is wrapped by lookup errors for a query that names no unit.
	ErrUnknownCity = errors.New("unknown city")
	// ErrAmbiguousCity is wrapped by lookup errors for a query that names
	// several units.
	ErrAmbiguousCity = errors.New("ambiguous city")
)

// A LookupError is returned by [Lookup] for a query that does not name exactly
// one unit. It wraps [ErrUnknownCity] (Candidates are close matches, if any)
// or [ErrAmbiguousCity] (Candidates are the units it could mean).
type LookupError struct {
	Query      string
	Err        error
	Candidates []City
	Hint       string // extra advice, such as how 雄安新区 is modelled
}

// Error names the query (cut to 64 characters), what went wrong and the
// candidates.
func (e *LookupError) Error() string {
	var b strings.Builder
	q := e.Query
	if utf8.RuneCountInString(q) > 64 {
		q = string([]rune(q)[:64]) + "…"
	}
	fmt.Fprintf(&b, "zones: %v %q", e.Err, q)
	if len(e.Candidates) > 0 {
		if e.Err == ErrAmbiguousCity {
			b.WriteString(": could be ")
		} else {
			b.WriteString("; did you mean ")
		}
		for i, c := range e.Candidates {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.Name + " (" + c.Code)
			if c.NameEN != "" {
				b.WriteString(", " + c.NameEN)
			}
			b.WriteString(")")
		}
		if e.Err != ErrAmbiguousCity {
			b.WriteString("?")
		}
	}
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

// Unwrap returns [ErrUnknownCity] or [ErrAmbiguousCity].
func (e *LookupError) Unwrap() error { return e.Err }
