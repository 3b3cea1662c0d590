package zones

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tradepolicy/cbec/internal/enum"
	"github.com/tradepolicy/cbec/internal/norm"
)

// A Category is a kind of zone.
//
// The first five are the categories named by 商财发〔2021〕39号: a city hosting
// a zone of any of them may run CBEC retail import. [OtherSpecialArea] holds
// the special customs supervision areas that are not comprehensive bonded
// zones (保税港区, 保税区, 出口加工区 …): they matter for bonded import (1210),
// which needs a special area or a type-B center. [SpecialRegime] holds the
// areas under a special customs regime that are not statutory special areas
// (平潭's 分线管理 since 2014, for one). Only the first five categories
// make a city eligible ([Category.Eligible]).
//
// The zero Category is invalid.
type Category uint8

// The zone categories.
const (
	FreeTradeZone           Category = iota + 1 // 自由贸易试验区, pilot free trade zone
	CBECTestZone                                // 跨境电子商务综合试验区, CBEC comprehensive test zone
	ComprehensiveBondedZone                     // 综合保税区, comprehensive bonded zone
	ImportDemoZone                              // 进口贸易促进创新示范区, import trade promotion innovation demonstration zone
	BondedLogisticsCenterB                      // 保税物流中心（B型）, bonded logistics center (type B)
	OtherSpecialArea                            // other 海关特殊监管区域: 保税港区, 保税区, 出口加工区 …
	SpecialRegime                               // 海关监管特殊区域: an area under a special customs regime that is not a 海关特殊监管区域
)

// numCategories sizes the arrays indexed by Category.
const numCategories = SpecialRegime + 1

var categoryNames = [...]struct{ key, ident, en, zh string }{
	{},
	{"ftz", "FreeTradeZone", "pilot free trade zone", "自由贸易试验区"},
	{"cbec", "CBECTestZone", "CBEC comprehensive test zone", "跨境电子商务综合试验区"},
	{"cbz", "ComprehensiveBondedZone", "comprehensive bonded zone", "综合保税区"},
	{"demo", "ImportDemoZone", "import trade promotion innovation demonstration zone", "进口贸易促进创新示范区"},
	{"blc", "BondedLogisticsCenterB", "bonded logistics center (type B)", "保税物流中心（B型）"},
	{"special", "OtherSpecialArea", "other special customs supervision area", "其他海关特殊监管区域"},
	{"regime", "SpecialRegime", "special customs regime area", "海关监管特殊区域"},
}

var categories = enum.Table[Category]{Pkg: "zones", Type: "Category", Noun: "zone category", Err: ErrUnknownCategory,
	Names: func() []string {
		n := make([]string, numCategories)
		for c := range numCategories {
			n[c] = categoryNames[c].en
		}
		return n
	}(),
	Texts: func() []string {
		n := make([]string, numCategories)
		for c := range numCategories {
			n[c] = categoryNames[c].key
		}
		return n
	}(),
	More: func(s string) (Category, bool) {
		for c := FreeTradeZone; c < numCategories; c++ {
			if n := categoryNames[c]; strings.EqualFold(s, n.ident) || strings.EqualFold(s, norm.Fold(n.zh)) {
				return c, true
			}
		}
		if s == "海关特殊监管区域" { // the name before 其他 was added to it
			return OtherSpecialArea, true
		}
		return 0, false
	}}

// ErrUnknownCategory is wrapped by the error of [ParseCategory].
var ErrUnknownCategory = errors.New("unknown zone category")

// Categories returns every valid category, in order.
func Categories() []Category {
	return []Category{FreeTradeZone, CBECTestZone, ComprehensiveBondedZone, ImportDemoZone, BondedLogisticsCenterB, OtherSpecialArea, SpecialRegime}
}

// IsValid reports whether c is one of the defined categories.
func (c Category) IsValid() bool { return c >= FreeTradeZone && c < numCategories }

// String returns the English name, such as "comprehensive bonded zone", or
// "Category(n)" for an invalid Category.
func (c Category) String() string { return categories.String(c) }

// NameZH returns the Chinese name, such as "综合保税区".
func (c Category) NameZH() string {
	if !c.IsValid() {
		return ""
	}
	return categoryNames[c].zh
}

// Key returns the short key used in data files and text: "ftz", "cbec",
// "cbz", "demo", "blc", "special" or "regime".
func (c Category) Key() string {
	if !c.IsValid() {
		return ""
	}
	return categoryNames[c].key
}

// Eligible reports whether hosting a zone of category c makes a city eligible
// for CBEC retail import under 商财发〔2021〕39号.
func (c Category) Eligible() bool { return c >= FreeTradeZone && c <= BondedLogisticsCenterB }

// MarshalText returns [Category.Key], or empty text for the zero Category.
// Any other invalid value is an error.
func (c Category) MarshalText() ([]byte, error) { return categories.Marshal(c) }

// UnmarshalText accepts what [ParseCategory] accepts; empty text gives the
// zero Category.
func (c *Category) UnmarshalText(b []byte) error { return categories.Unmarshal(c, b) }

// ParseCategory accepts a category's key ("cbz"), constant name
// ("ComprehensiveBondedZone"), English name or Chinese name, in any case and
// width ("ＣＢＺ", "保税物流中心(B型)"), ignoring surrounding white space
// (Unicode's).
func ParseCategory(s string) (Category, error) {
	var c Category
	if err := c.UnmarshalText([]byte(s)); err != nil {
		return 0, err
	}
	if c == 0 {
		return 0, fmt.Errorf("zones: %w %q", ErrUnknownCategory, s)
	}
	return c, nil
}
