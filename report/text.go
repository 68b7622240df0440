package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TableText makes free text (a note, a ref, a buyer's name from an import)
// safe to print in a table on a terminal: control characters, which could
// break the table or drive the terminal (an escape sequence that retitles
// the window or clears the screen), and the invisible characters that
// reorder or break text (bidirectional overrides and isolates, line and
// paragraph separators) are written as escapes: "\n", "\r", "\t",
// "\x1b", "\u202e". Invalid UTF-8 becomes U+FFFD. Everything else, letters
// of every script and emoji included, is kept. CSV and JSON output keep the
// text as it is, quoted or escaped by their own rules.
func TableText(s string) string {
	if plainText(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r) || hiddenRune(r):
			q := strconv.QuoteRuneToASCII(r) // '\x1b' or '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainText reports whether s is printable ASCII, which TableText keeps.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// hiddenRune reports whether r is one of the invisible characters that
// change how the text around it is ordered or broken into lines.
func hiddenRune(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // embeddings, overrides, isolates
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c: // directional marks
		return true
	case r == 0x2028 || r == 0x2029 || r == 0x0085: // line and paragraph separators, NEL
		return true
	}
	return !utf8.ValidRune(r)
}
