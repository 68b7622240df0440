package tabular

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// parseSlashed reads what time.Parse reads with "1/2/2006", in the years
// dates may have, and nothing else.
func TestParseSlashedAgrees(t *testing.T) {
	parts := []string{"1", "01", "9", "09", "12", "13", "0", "00", "29", "30", "31", "2", "123", "/", "//", "2026", "1969", "2999", "3000", "202", "20261", "x", " ", "-"}
	rng := rand.New(rand.NewPCG(9, 1))
	read := 0
	for range 40000 {
		var s string
		if rng.IntN(2) == 0 {
			s = parts[rng.IntN(12)] + "/" + parts[rng.IntN(13)] + "/" + parts[15+rng.IntN(6)]
		} else {
			for range 1 + rng.IntN(6) {
				s += parts[rng.IntN(len(parts))]
			}
		}
		d, ok := parseSlashed(s)
		p, err := time.Parse("1/2/2006", s)
		wok := err == nil && p.Year() >= 1970 && p.Year() <= 2999
		if ok != wok || (ok && d != ledger.DateOf(p)) {
			t.Fatalf("%q: parseSlashed %v %v, time.Parse %v %v", s, d, ok, p, err)
		}
		if ok {
			read++
		}
	}
	if read < 2000 {
		t.Fatalf("only %d dates read: the test proves little", read)
	}
}

// The short path reads what the general one reads, wherever it is sure.
func TestParseShortMonthAgrees(t *testing.T) {
	months := []string{"Jan", "feb", "MAR", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jux", "Sept", "J n", "Ja."}
	days := []string{"1", "2", "9", "10", "28", "29", "30", "31", "32", "0", "00", "07", "1a", " 1", "+1"}
	years := []string{"2006", "2024", "1970", "1969", "2999", "3000", "0000", "20a6", "+200"}
	seps := []string{", ", ",  ", " ,", " ", ",,"}
	rng := rand.New(rand.NewPCG(3, 5))
	sure := 0
	for range 30000 {
		s := months[rng.IntN(len(months))] + " " + days[rng.IntN(len(days))] + seps[rng.IntN(len(seps))] + years[rng.IntN(len(years))]
		d, ok, isSure := parseShortMonth(s)
		if !isSure {
			continue
		}
		sure++
		if wd, wok := parseMonthFields(s); d != wd || ok != wok {
			t.Fatalf("%q: short path %v %v, general path %v %v", s, d, ok, wd, wok)
		}
	}
	if sure < 2000 {
		t.Fatalf("the short path was sure of only %d texts", sure)
	}
}
