package ledger_test

import (
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func TestParseTags(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"build"}, "build"},
		{[]string{"market,build", "#Admin", "build"}, "admin,build,market"},
		{[]string{" support , "}, "support"},
		{[]string{"shop-photos", "v2_launch"}, "shop-photos,v2_launch"},
	} {
		got, err := ledger.ParseTags(tc.in...)
		if err != nil || got != tc.want {
			t.Errorf("ParseTags(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		w := ledger.WorkSession{Stream: "a/b", Seconds: 1, Tags: got}
		if err := w.Validate(); err != nil {
			t.Errorf("ParseTags(%q) = %q does not validate: %v", tc.in, got, err)
		}
	}
	for _, in := range []string{"two words", "-lead", "é", "a;b", strings.Repeat("x", 33), "a,b,c,d,e,f,g,h,i"} {
		if got, err := ledger.ParseTags(in); err == nil {
			t.Errorf("ParseTags(%q) = %q; want an error", in, got)
		} else if ledger.ErrorCode(err) != ledger.EINVALID {
			t.Errorf("ParseTags(%q): %v is not EINVALID", in, err)
		}
	}
	for _, bad := range []string{"b,a", "a,a", "A", "a,,b", ","} {
		if err := (&ledger.WorkSession{Stream: "a/b", Seconds: 1, Tags: bad}).Validate(); err == nil {
			t.Errorf("tags %q validated", bad)
		}
	}
}

func TestImportedTags(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"Client Work", "maintain", "MAINTAIN"}, "client-work,maintain"},
		{[]string{"", "  ", "--"}, ""},
		{ledger.HashTags("new listing photos #maintain, #Shop-SEO and a # alone"), "maintain,shop-seo"},
		{[]string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}, "a,b,c,d,e,f,g,h"},
	} {
		if got := ledger.ImportedTags(tc.in); got != tc.want {
			t.Errorf("ImportedTags(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestTagSetCovers(t *testing.T) {
	s := ledger.TagSet{"admin", "market"}
	for tags, want := range map[string]bool{"": false, "market": true, "admin,market": true, "build,market": false, "maintain": false} {
		if got := s.Covers(tags); got != want {
			t.Errorf("Covers(%q) = %v", tags, got)
		}
	}
	if (ledger.TagSet{}).Covers("market") {
		t.Errorf("an empty set covers")
	}
}

// FuzzParseTags: what ParseTags accepts is in the stored form (it
// validates, and parses back to itself); what it refuses is bad input.
// ImportedTags never yields anything that does not validate.
func FuzzParseTags(f *testing.F) {
	for _, s := range []string{"build", "market,build", "#Admin", "two words", "a,,b", "é", "x-1,x_2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ledger.ParseTags(s)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EINVALID {
				t.Fatalf("ParseTags(%q): %v", s, err)
			}
		} else {
			if err := (&ledger.WorkSession{Stream: "a/b", Seconds: 1, Tags: got}).Validate(); err != nil {
				t.Fatalf("ParseTags(%q) = %q: %v", s, got, err)
			}
			if again, err := ledger.ParseTags(got); err != nil || again != got {
				t.Fatalf("ParseTags(%q) = %q, again %q %v", s, got, again, err)
			}
		}
		imp := ledger.ImportedTags(strings.Split(s, " "))
		if err := (&ledger.WorkSession{Stream: "a/b", Seconds: 1, Tags: imp}).Validate(); err != nil {
			t.Fatalf("ImportedTags(%q) = %q: %v", s, imp, err)
		}
	})
}
