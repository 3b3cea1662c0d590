// Package norm normalises text that users type before the parsers of the
// public packages read it, so that every parser treats white space, width
// and case alike.
package norm

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsSpace reports whether r is white space for the parsers: Unicode white
// space (unicode.IsSpace: the ASCII spaces, tabs and line breaks, U+0085,
// U+00A0 no-break space, U+3000 ideographic space and the other Zs runes),
// and the invisible U+200B zero-width space and U+FEFF byte order mark.
func IsSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// Trim returns s without leading and trailing white space (see [IsSpace]).
// It does not allocate.
func Trim(s string) string {
	// Fast path for the common case: ASCII text with no surrounding space.
	if s != "" && s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimFunc(s, IsSpace)
}

// Width folds a full-width form of an ASCII character (U+FF01 to U+FF5E:
// "１２１０", "Ａ", "（") to the ASCII character, and U+3000 ideographic space
// to a space; other runes are returned as they are.
func Width(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// Fold returns s trimmed (see [Trim]) with full-width ASCII folded to ASCII
// (see [Width]). Case is kept: compare the result with strings.EqualFold
// where case does not matter. Fold allocates only when s has full-width
// runes.
func Fold(s string) string {
	s = Trim(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldWide(s, i)
		}
	}
	return s
}

// foldWide folds s from byte i, its first non-ASCII byte.
func foldWide(s string, i int) string {
	wide := false
	for _, r := range s[i:] {
		if Width(r) != r {
			wide = true
			break
		}
	}
	if !wide {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(Width(r))
	}
	return b.String()
}

// AppendKey appends to dst the lookup key of s: ASCII letters lower-cased,
// full-width ASCII folded to half-width, apostrophes made ASCII (Xi'an and
// Jin'an differ from Xian and Jinan), white space (Unicode's, with the
// zero-width space and byte order mark: see IsSpace), hyphens, dots and
// middle dots dropped, and a trailing English word "city", "prefecture",
// "county", "district" or "province" dropped. Chinese text is kept as it is.
// It does not allocate when dst has room.
func AppendKey(dst []byte, s string) []byte {
	start := len(dst)
	wordStart := start
	for _, r := range s {
		r = Width(r)
		switch {
		case r >= 'A' && r <= 'Z':
			dst = append(dst, byte(r+'a'-'A'))
		case r == ' ' || r == ',' || r == '，' || r == '、' || IsSpace(r):
			dst = dropSuffixWord(dst, start, wordStart)
			wordStart = len(dst)
		case r == '\'' || r == '’' || r == '‘':
			dst = append(dst, '\'')
		case r == '-' || r == '.' || r == '·' || r == '•' || r == '_':
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dropSuffixWord(dst, start, wordStart)
}

var suffixWords = []string{"city", "prefecture", "county", "district", "province"}

func dropSuffixWord(dst []byte, start, wordStart int) []byte {
	if wordStart > start && slices.Contains(suffixWords, string(dst[wordStart:])) {
		return dst[:wordStart]
	}
	return dst
}

// Key returns the lookup key of s.
func Key(s string) string { return string(AppendKey(nil, s)) }
