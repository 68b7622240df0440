package tabular

import (
	"math/rand/v2"
	"testing"
)

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
