package report_test

import (
	"testing"
	"unicode"

	"github.com/earnlog/earnlog/report"
)

func TestTableText(t *testing.T) {
	for in, want := range map[string]string{
		"logo, milestone 1":     "logo, milestone 1",
		"\x1b]0;pwned\a\x1b[2J": `\x1b]0;pwned\a\x1b[2J`,
		"R\n1":                  `R\n1`,
		"a\r\nb\tc":             `a\r\nb\tc`,
		"Ícönś Päck 株式会社 ✨ 👨‍👩‍👧": "Ícönś Päck 株式会社 ✨ 👨‍👩‍👧",
		"abc\u202edef":    `abc\u202edef`,
		"x\u2028y\u0085z": `x\u2028y\u0085z`,
		"\u009b31m":       `\u009b31m`, // C1 CSI
		"\x7f":            `\x7f`,
		"bad\xffbyte":     "bad\uFFFDbyte",
		`C:\path\n`:       `C:\path\n`, // backslashes are kept as typed
	} {
		if got := report.TableText(in); got != want {
			t.Errorf("TableText(%q) = %q; want %q", in, got, want)
		}
	}
}

// FuzzTableText: what TableText writes has no control character and no
// character that reorders text, whatever went in.
func FuzzTableText(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[2J", "a\nb", "\u202e", "\xff", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range report.TableText(s) {
			if unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x2028 || r == 0x2029 {
				t.Fatalf("TableText(%q) keeps %U", s, r)
			}
		}
	})
}
