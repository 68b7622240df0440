package ledger

import (
	"testing"
	"unicode"
)

// TestFoldNameIdempotent: a folded name folds to itself, for every letter,
// mark and digit of Unicode alone and after an ASCII letter. x/text's case
// folding swaps the two cases of Cherokee (golang/go#46101); foldName
// must not.
func TestFoldNameIdempotent(t *testing.T) {
	bad := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !nameRune(r) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r)} {
			f := foldName(s)
			if g := foldName(f); g != f {
				if bad++; bad <= 10 {
					t.Errorf("foldName(%q) = %q, which folds to %q", s, f, g)
				}
			}
		}
	}
	if bad > 10 {
		t.Errorf("and %d more", bad-10)
	}
}

// TestCherokeeNames: the two cases of a Cherokee name are one stream, in
// normal form, and Slug makes the same name of either.
func TestCherokeeNames(t *testing.T) {
	small, capital := "etsy/ꭰꭱꮇ", "etsy/ᎠᎡᎷ"
	a, err := ParseStream(small)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseStream(capital)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || string(a) != capital {
		t.Errorf("ParseStream: %q and %q, want both %q", a, b, capital)
	}
	if again, err := ParseStream(string(a)); err != nil || again != a {
		t.Errorf("ParseStream(%q) = %q, %v; want it again", a, again, err)
	}
	for _, s := range []string{"ꭰꭱꮇ ᏸ", "ᎠᎡᎷ Ᏸ"} {
		if got := Slug(s); got != "ᎠᎡᎷ-Ᏸ" || !isSlug(got) {
			t.Errorf("Slug(%q) = %q (a name: %v), want \"ᎠᎡᎷ-Ᏸ\"", s, got, isSlug(got))
		}
		// An import makes streams of such titles, and stores them.
		m, err := MakeStream("etsy", s)
		if err != nil || m != "etsy/ᎠᎡᎷ-Ᏸ" {
			t.Errorf("MakeStream(etsy, %q) = %q, %v; want etsy/ᎠᎡᎷ-Ᏸ", s, m, err)
		}
		e := Event{Stream: m, Kind: KindSale, Amount: 100, Currency: "USD", Date: MinDate}
		if err := e.Validate(); err != nil {
			t.Errorf("a sale on %q: %v", m, err)
		}
	}
}
