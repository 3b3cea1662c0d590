package trade

import (
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/tradepolicy/cbec"
	"github.com/tradepolicy/cbec/internal/enum"
	"github.com/tradepolicy/cbec/internal/norm"
)

// A Mode is a customs supervision mode (海关监管方式) used for cross-border
// e-commerce goods, such as 1210 (网购保税进口).
//
// The zero Mode is not a mode ([Mode.IsValid] reports false); the constants
// start at 1. A code shared by an import and an export mode (9610, 1210) is
// two Modes.
type Mode uint8

// The customs supervision modes for cross-border e-commerce. The facts behind
// each (code, names, creating document) are in trade/data/modes.tsv.
const (
	// DirectImport is 9610 used for imports: direct-purchase import (直购进口).
	// Parcels bought abroad are cleared one by one at a CBEC, express or postal
	// supervision site. Code created by 海关总署公告2014年第12号, in force from
	// 2014-02-10.
	DirectImport Mode = iota + 1

	// BondedImport is 1210 used for imports: online-shopping bonded import
	// (网购保税进口). Goods stocked in bulk in a special customs supervision area
	// or a type-B bonded logistics center are cleared parcel by parcel as
	// consumers order. Code created by 海关总署公告2014年第57号, in force from
	// 2014-08-01.
	BondedImport

	// BondedImportA is 1239: online-shopping bonded import A (网购保税进口A),
	// bonded CBEC retail import outside the pilot arrangements, keeping the
	// first-import licence, registration and filing requirements. Code created
	// by 海关总署公告2016年第75号, in force from 2016-12-01.
	BondedImportA

	// DirectExport is 9610 used for exports: retail export cleared under
	// 清单核放、汇总申报 (一般出口). Same creating document as DirectImport.
	DirectExport

	// BondedExport is 1210 used for exports: retail export from goods stocked
	// in a special customs supervision area (特殊区域出口). Same creating
	// document as BondedImport.
	BondedExport

	// B2BDirectExport is 9710: CBEC business-to-business direct export
	// (跨境电商B2B直接出口). Code created by 海关总署公告2020年第75号, in force
	// from 2020-07-01.
	B2BDirectExport

	// OverseasWarehouseExport is 9810: CBEC export to an overseas warehouse
	// (跨境电商出口海外仓). Code created by 海关总署公告2020年第75号, in force
	// from 2020-07-01.
	OverseasWarehouseExport
)

// A Direction says whether goods enter or leave China's customs territory.
// The zero Direction is neither.
type Direction uint8

// The directions.
const (
	Import Direction = iota + 1 // goods entering China (进口)
	Export                      // goods leaving China (出口)
)

var directions = enum.Table[Direction]{Pkg: "trade", Type: "Direction", Noun: "direction", Names: []string{"", "import", "export"},
	More: func(s string) (Direction, bool) {
		switch s {
		case "进口":
			return Import, true
		case "出口":
			return Export, true
		}
		return 0, false
	}}

// String returns "import" or "export", or "Direction(n)" for any other value.
func (d Direction) String() string { return directions.String(d) }

// MarshalText implements [encoding.TextMarshaler]: "import" or "export", and
// empty text for the zero Direction. Any other value is an error.
func (d Direction) MarshalText() ([]byte, error) { return directions.Marshal(d) }

// UnmarshalText implements [encoding.TextUnmarshaler]: "import" or "export"
// (also 进口, 出口), in any case and width, ignoring surrounding white space;
// empty text gives the zero Direction.
func (d *Direction) UnmarshalText(b []byte) error { return directions.Unmarshal(d, b) }

// ErrUnknownMode is wrapped by the errors of [ParseMode] and
// [Mode.UnmarshalText] for text that names no mode.
var ErrUnknownMode = errors.New("unknown customs supervision mode")

var modes = enum.Table[Mode]{Pkg: "trade", Type: "Mode", Noun: "mode", Names: modeNames[:], Texts: modeTexts[:], Err: ErrUnknownMode,
	More: func(s string) (Mode, bool) { m := parseMode(s); return m, m != 0 }}

// modeInfo is one mode's row of modes.tsv, compiled into modeTable.
type modeInfo struct {
	code, text, name          string
	dir                       Direction
	nameZH, nameEN            string
	customsName, customsShort string
	source                    cbec.Source
}

func (m Mode) info() *modeInfo {
	if !m.IsValid() {
		return &modeTable[0]
	}
	return &modeTable[m]
}

// IsValid reports whether m is one of the mode constants.
func (m Mode) IsValid() bool { return m >= 1 && int(m) <= numModes }

// Code returns the four-digit customs code, such as "1210" ("" for an invalid
// Mode). [DirectImport] and [DirectExport] share "9610"; [BondedImport] and
// [BondedExport] share "1210".
func (m Mode) Code() string { return m.info().code }

// Direction reports whether m is an import or an export mode (the zero
// Direction for an invalid Mode).
func (m Mode) Direction() Direction { return m.info().dir }

// String returns the constant's name, such as "BondedImport", or "Mode(42)"
// for an invalid Mode.
func (m Mode) String() string { return modes.String(m) }

// NameZH returns the Chinese business name, such as "网购保税进口" for
// [BondedImport] ("" for an invalid Mode). For the import modes and the
// 9710/9810 modes this is the name used in the notices; for [DirectExport]
// (一般出口) and [BondedExport] (特殊区域出口) it is the trade's usual name.
func (m Mode) NameZH() string { return m.info().nameZH }

// NameEN returns an English name, such as "online-shopping bonded import"
// ("" for an invalid Mode).
func (m Mode) NameEN() string { return m.info().nameEN }

// CustomsName returns the full name of the code in the customs table of
// supervision modes (监管方式全称), such as "保税跨境贸易电子商务" for 1210. An
// import mode and its export twin share the name, as they share the code.
func (m Mode) CustomsName() string { return m.info().customsName }

// CustomsShortName returns the short name of the code in the customs table
// (监管方式简称), such as "保税电商" for 1210.
func (m Mode) CustomsShortName() string { return m.info().customsShort }

// Introduced returns the day the mode's code took effect (the zero Date for an
// invalid Mode). Before it the mode did not exist.
func (m Mode) Introduced() cbec.Date { return m.info().source.Effective }

// Source returns the customs announcement that created the mode's code, as a
// full citation (the zero Source for an invalid Mode).
func (m Mode) Source() cbec.Source { return m.info().source }

// Modes returns every valid Mode in the order of the constants: the import
// modes ([DirectImport], [BondedImport], [BondedImportA]), then the export
// modes ([DirectExport], [BondedExport], [B2BDirectExport],
// [OverseasWarehouseExport]).
func Modes() iter.Seq[Mode] {
	return func(yield func(Mode) bool) {
		for m := Mode(1); int(m) <= numModes; m++ {
			if !yield(m) {
				return
			}
		}
	}
}

// ParseMode returns the mode that s names. It ignores surrounding white space
// (Unicode's: a no-break space, an ideographic space, a trailing newline),
// reads full-width ASCII as ASCII ("１２１０", "ＢｏｎｄｅｄＩｍｐｏｒｔ") and
// accepts:
//
//   - a code: "1210", "1239", "9710", "9810"; a bare "9610" or "1210" means the
//     import mode, "9610-export" and "1210-export" the export ones (and
//     "9610-import", "1210-import" are accepted too);
//   - a constant name, in any case: "BondedImport", "bondedimport";
//   - a Chinese name: "网购保税进口", "直购进口", "网购保税进口A", the customs
//     table's full and short names ("保税跨境贸易电子商务", "保税电商"; a name
//     shared by an import and an export mode means the import one), and the
//     few aliases listed in trade/data/modes.tsv.
//
// Any other text gives an error that wraps [ErrUnknownMode] and quotes s.
// ParseMode does not allocate when it succeeds on text without full-width
// characters.
func ParseMode(s string) (Mode, error) {
	if m := parseMode(s); m != 0 {
		return m, nil
	}
	return 0, fmt.Errorf("trade: %w %q: want a code (1210, 9610-export …), a constant name (BondedImport …) or a Chinese name (网购保税进口 …)", ErrUnknownMode, s)
}

func parseMode(s string) Mode {
	s = norm.Fold(s)
	if m := lookupExact(s); m != 0 {
		return m
	}
	for _, k := range foldKeys {
		if len(k.key) == len(s) && strings.EqualFold(k.key, s) {
			return k.mode
		}
	}
	return 0
}

// AppendText implements [encoding.TextAppender]: it appends the form
// [ParseMode] reads best ("1210", "9610", "1239", "9610-export",
// "1210-export", "9710", "9810"), nothing for the zero Mode, and fails for any
// other invalid Mode.
func (m Mode) AppendText(b []byte) ([]byte, error) {
	if m == 0 {
		return b, nil
	}
	t, err := modes.Marshal(m)
	return append(b, t...), err
}

// MarshalText implements [encoding.TextMarshaler] with the text of
// [Mode.AppendText]: the code, suffixed "-export" for the export modes that
// share a code with an import mode. The zero Mode marshals as empty text.
func (m Mode) MarshalText() ([]byte, error) {
	return m.AppendText(nil)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseMode]; empty
// text gives the zero Mode.
func (m *Mode) UnmarshalText(b []byte) error { return modes.Unmarshal(m, b) }
