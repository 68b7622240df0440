package upwork

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"testing"
)

// The hand matchers give what their patterns give, on the texts UpWork
// writes and on random strings made of the characters the patterns look
// at.
func TestMatchersAgreeWithPatterns(t *testing.T) {
	matchers := []struct {
		name    string
		pattern *regexp.Regexp
		find    func(string) []string
	}{
		{"hours", hoursPattern, findHours},
		{"period", periodPattern, findPeriod},
		{"ref id", refIDPattern, findRefID},
	}
	texts := []string{
		"", "Job", "Hourly", "Invoice for 09/21/2026-09/27/2026 - 10:00 hrs @ $36.00/hr",
		"Invoice for 9/1/2026 - 9/7/2026 - 1:05 HRS", "14:20 hrs", "14:20hrs", "14:20 hr", "14:20 hrsx", "14:20 hrs_",
		"1:2:30 hrs", "12:34:56 hrs", ":30 hrs", "30: hrs", "Service Fee for Hourly - Ref ID 800001",
		"ref. id: 42", "REF ID#7", "xref id 5", "ref  id  :  9x", "refid9", "Ref ID", "Ref ID: abc",
		"123/4/2026-5/6/20267", "01/02/2026 -01/08/2026", "1/2/2026-1/2/202", "99/99/9999-1/1/1111",
		"VAT (KE) - Connects - Ref ID 1 - 2:00 hrs", "ſervice 1:00 hrſ", "Ref İD 5", "10:00 hr\u017f",
	}
	rng := rand.New(rand.NewPCG(7, 11))
	alphabet := []byte("0123456789:/- \t.#rRefFiIdDhHsSx_@$")
	for range 50000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	// And strings of the pieces the patterns are made of, which match far
	// more often.
	pieces := []string{"1", "12", "123", "2026", "20267", ":", "/", "-", " ", "  ", "hrs", "hr", "HRS", "s", "x", "_",
		"Ref", "ref", "REF", "ID", "id", ".", "#", "09/21/2026", "1:05", "1/2/", "12/31/", "2026-", "9/1/2026", "Ref ID ", " id"}
	for range 50000 {
		var b []byte
		for range 1 + rng.IntN(8) {
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
		texts = append(texts, string(b))
	}
	dates := []string{"1/2/2026", "12/31/2026", "123/4/2026", "1/2/202", "01/02/20267", "1//2026", "9/1/2026x"}
	for range 20000 {
		texts = append(texts, pieces[rng.IntN(len(pieces))]+dates[rng.IntN(len(dates))]+pieces[rng.IntN(len(pieces))]+
			dates[rng.IntN(len(dates))]+pieces[rng.IntN(len(pieces))])
	}
	matched := map[string]int{}
	for _, m := range matchers {
		for _, s := range texts {
			got, want := m.find(s), m.pattern.FindStringSubmatch(s)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s of %q: %q, the pattern gives %q", m.name, s, got, want)
			}
			if want != nil {
				matched[m.name]++
			}
		}
	}
	for _, m := range matchers {
		if matched[m.name] < 200 {
			t.Errorf("only %d texts match the %s pattern: the test proves little", matched[m.name], m.name)
		}
	}
}
