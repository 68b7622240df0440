package report_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// poisson draws a Poisson count with mean mu (Knuth; mu is small here).
func poisson(rng *rand.Rand, mu float64) int {
	l, k, p := math.Exp(-mu), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// decayLedger is a shop worked on every week for 400 days, selling about
// four items a day at 5.00 to 15.00, then left alone: after its last work
// its daily sales are Poisson with mean 4*rate(t), t the days since. A
// second stream keeps being worked on, so the ledger runs on for `after`
// days.
func decayLedger(seed uint64, after int, rate func(t float64) float64) report.Input {
	rng := rand.New(rand.NewPCG(seed, 99))
	base := day("2022-01-01")
	const worked = 400
	last := base + worked
	var events []ledger.Event
	var sessions []ledger.WorkSession
	for d := 0; d <= worked; d += 7 {
		sessions = append(sessions, sess(0, (base+ledger.Date(d)).String(), "etsy/shop", 3600))
	}
	sessions = append(sessions, sess(0, (base+worked).String(), "etsy/shop", 3600))
	for d := 0; d <= worked+after; d++ {
		mu := 4.0
		if d > worked {
			mu *= rate(float64(d - worked))
		}
		for range poisson(rng, mu) {
			e := ev(0, (base + ledger.Date(d)).String(), "etsy/shop", ledger.KindSale, int64(500+rng.IntN(1001)))
			events = append(events, e)
		}
	}
	sessions = append(sessions, sess(0, (last+ledger.Date(after)).String(), "misc/other", 3600))
	for i := range sessions {
		sessions[i].ID = uint64(i + 1)
	}
	in := input(events, sessions)
	in.Today = last + ledger.Date(after)
	return in
}

func shopCurve(t *testing.T, in report.Input) *report.Curve {
	t.Helper()
	r, err := report.Decay(in, report.DecayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Curves {
		if c.Group == "etsy/shop" {
			return c
		}
	}
	t.Fatal("no curve for etsy/shop")
	return nil
}

// TestDecayRecoversHalfLife: sales after the last work that halve every 60,
// 180 and 365 days are estimated within 20%, with the truth inside the 90%
// interval, in at least 8 of 10 seeds.
func TestDecayRecoversHalfLife(t *testing.T) {
	if testing.Short() {
		t.Skip("fits 30 generated ledgers")
	}
	for _, h := range []float64{60, 180, 365} {
		close, inside := 0, 0
		for seed := uint64(1); seed <= 10; seed++ {
			// Two years of tail: long enough to see a 365-day half-life twice.
			c := shopCurve(t, decayLedger(seed, 730, func(x float64) float64 { return math.Exp2(-x / h) }))
			if !c.HasFit {
				t.Fatalf("h=%v seed %d: no fit (%s)", h, seed, c.Note)
			}
			est := c.HalfLife()
			if math.Abs(est-h) <= 0.2*h {
				close++
			}
			if c.HalfLifeLow <= h && h <= c.HalfLifeHigh {
				inside++
			}
			t.Logf("h=%v seed %2d: estimate %.1f, 90%% interval %.1f..%.1f, events %d, better %s", h, seed, est, c.HalfLifeLow, c.HalfLifeHigh, c.Events, c.Better)
			if c.Better != report.ModelExponential {
				t.Errorf("h=%v seed %d: an exponential tail fitted better as %s", h, seed, c.Better)
			}
		}
		t.Logf("half-life %v: within 20%% in %d of 10 seeds, truth inside the 90%% interval in %d of 10", h, close, inside)
		if close < 8 || inside < 8 {
			t.Errorf("half-life %v: within 20%% in %d of 10 seeds, truth inside the interval in %d (want 8 or more of each)", h, close, inside)
		}
	}
}

// TestDecayPowerLawTail: sales that fall as a power of the time since the
// last work are identified as a power law, not an exponential.
func TestDecayPowerLawTail(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		c := shopCurve(t, decayLedger(seed, 1095, func(x float64) float64 { return math.Pow(1+x/15, -0.8) }))
		if !c.HasFit || c.Better != report.ModelPowerLaw {
			t.Errorf("seed %d: better fit %q (exponential deviance %.1f, power-law %.1f), want %s",
				seed, c.Better, c.Exponential.Deviance, c.PowerLaw.Deviance, report.ModelPowerLaw)
		}
		t.Logf("seed %d: exponent %.2f, half-life %.0f, deviances %.0f (exp) %.0f (power)", seed, c.PowerExponent(), c.HalfLife(), c.Exponential.Deviance, c.PowerLaw.Deviance)
	}
}
