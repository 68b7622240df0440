package report_test

import (
	"math"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

func runwayRow(t *testing.T, r *report.RunwayReport, stream string) report.RunwayRow {
	t.Helper()
	for _, row := range r.Streams {
		if row.Group == stream {
			return row
		}
	}
	t.Fatalf("no runway row for %s", stream)
	return report.RunwayRow{}
}

// TestRunwayMarketplaceEndsWithWork: an UpWork contract billed weekly for a
// year has no runway after its last billed week, whether that week was
// yesterday or months ago.
func TestRunwayMarketplaceEndsWithWork(t *testing.T) {
	base := day("2025-01-06") // a Monday
	var events []ledger.Event
	for w := 0; w < 52; w++ {
		start := base + ledger.Date(7*w)
		e := ev(0, (start + 9).String(), "upwork/client", ledger.KindHourly, 80000)
		e.Billed, e.PeriodStart, e.PeriodEnd = 20*3600, start, start+6
		events = append(events, e)
	}
	lastWeekEnd := base + 7*51 + 6
	for _, after := range []int{3, 200} {
		in := input(append([]ledger.Event{}, events...), []ledger.WorkSession{sess(1, (lastWeekEnd + ledger.Date(after)).String(), "misc/other", 3600)})
		in.Today = lastWeekEnd + ledger.Date(after)
		r, err := report.Runway(in, report.RunwayOptions{})
		if err != nil {
			t.Fatal(err)
		}
		row := runwayRow(t, r, "upwork/client")
		if row.Basis != report.BasisWork {
			t.Errorf("%d days after: basis %q, want %q", after, row.Basis, report.BasisWork)
		}
		for _, m := range row.Months {
			if m.Expected != 0 || m.Low != 0 || m.High != 0 {
				t.Errorf("%d days after the last billed week, month %d: %+v, want zero", after, m.Index, m)
			}
		}
		if after == 3 && row.Recent == 0 {
			t.Errorf("recent rate 0 three days after the last week: the 90 days up to today hold invoices")
		}
		if after == 3 && row.UnderHalf != 1 {
			t.Errorf("under half in month %d, want 1", row.UnderHalf)
		}
	}
}

// TestRunwayFollowsOwnCurve: a shop whose sales halve every 180 days after
// its last work fades by its own curve: month 12 against month 1 is
// 2^(-330/h) for the fitted h, and the months fall.
func TestRunwayFollowsOwnCurve(t *testing.T) {
	in := decayLedger(3, 400, func(x float64) float64 { return math.Exp2(-x / 180) })
	r, err := report.Runway(in, report.RunwayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	row := runwayRow(t, r, "etsy/shop")
	if row.Basis != report.BasisOwnCurve || row.Model != report.ModelExponential {
		t.Fatalf("basis %q model %q, want own exponential curve", row.Basis, row.Model)
	}
	c := shopCurve(t, in)
	want := math.Exp2(-330 / c.HalfLife())
	got := float64(row.Months[11].Expected) / float64(row.Months[0].Expected)
	if math.Abs(got-want) > 0.02 {
		t.Errorf("month 12 / month 1 = %.4f, want %.4f (half-life %.1f)", got, want, c.HalfLife())
	}
	for i := 1; i < len(row.Months); i++ {
		if row.Months[i].Expected > row.Months[i-1].Expected {
			t.Errorf("month %d (%d) above month %d (%d)", i+1, row.Months[i].Expected, i, row.Months[i-1].Expected)
		}
		if m := row.Months[i]; m.Low > m.Expected || m.Expected > m.High {
			t.Errorf("month %d: %d outside its interval %d..%d", i+1, m.Expected, m.Low, m.High)
		}
	}
	// 400 days after the last work, at 4 sales a day of about 10.00 halving
	// every 180 days: the 90 days up to today (their middle 355 days after
	// the last work) bring about 4*10.00*30*2^(-355/180) per 30 days.
	wantRecent := 4 * 1000 * 30 * math.Exp2(-355.0/180)
	if math.Abs(float64(row.Recent)-wantRecent) > 0.25*wantRecent {
		t.Errorf("recent rate %d, want about %.0f", row.Recent, wantRecent)
	}
	if r.Total.Months[0].Expected < row.Months[0].Expected {
		t.Errorf("total month 1 %d below the shop's %d", r.Total.Months[0].Expected, row.Months[0].Expected)
	}
}
