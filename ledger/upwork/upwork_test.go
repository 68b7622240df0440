package upwork_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/upwork"
)

func importFile(t *testing.T, r *ledgertest.Sink, name string, opts ledger.ImportOptions) error {
	t.Helper()
	return r.ImportFile(t, upwork.Import, name, opts)
}

// d is short for the tables of expected events.
var d = ledgertest.Date

func TestImport(t *testing.T) {
	tests := []struct {
		file   string
		opts   ledger.ImportOptions
		events []ledger.Event
		skips  []string
	}{
		{
			file: "v1.csv",
			events: []ledger.Event{
				{Date: d("2024-06-07"), Stream: "upwork/northwind-traders-ltd", Kind: ledger.KindFee, Amount: -2580, Currency: "USD",
					Ref: "701123341", Link: "701123340", Note: "Service Fee for Hourly - Ref ID 701123340", Key: "upwork:701123341"},
				{Date: d("2024-06-07"), Stream: "upwork/northwind-traders-ltd", Kind: ledger.KindHourly, Amount: 25800, Currency: "USD",
					Billed: 14*3600 + 20*60, PeriodStart: d("2024-05-27"), PeriodEnd: d("2024-06-02"),
					Ref: "701123340", Note: "Invoice for 05/27/2024-06/02/2024 - 14:20 hrs @ $18.00/hr", Key: "upwork:701123340"},
				{Date: d("2024-06-03"), Stream: "upwork/acme-co", Kind: ledger.KindFee, Amount: -80, Currency: "USD",
					Ref: "701123356", Link: "701123355", Note: "VAT (KE) - Service Fee - Ref ID 701123355", Key: "upwork:701123356"},
				{Date: d("2024-06-03"), Stream: "upwork/acme-co", Kind: ledger.KindFee, Amount: -500, Currency: "USD",
					Ref: "701123357", Link: "701123355", Note: "Service Fee - Fixed Price - Ref ID 701123355", Key: "upwork:701123357"},
				{Date: d("2024-06-03"), Stream: "upwork/acme-co", Kind: ledger.KindFixed, Amount: 5000, Currency: "USD",
					Ref: "701123355", Note: "Invoice for Logo design: First draft", Key: "upwork:701123355"},
				{Date: d("2024-05-28"), Stream: "upwork/acme-co", Kind: ledger.KindBonus, Amount: 2000, Currency: "USD",
					Ref: "701123290", Note: "Project Bonus - Ref ID 99", Key: "upwork:701123290"},
			},
			skips: []string{"2:withdrawal", "8:connects"},
		},
		{
			file: "v1.csv",
			opts: ledger.ImportOptions{Stream: "upwork/mine", Currency: "EUR"},
			events: []ledger.Event{
				{Date: d("2024-06-07"), Stream: "upwork/mine", Kind: ledger.KindFee, Amount: -2580, Currency: "USD",
					Ref: "701123341", Link: "701123340", Note: "Service Fee for Hourly - Ref ID 701123340", Key: "upwork:701123341"},
				{Date: d("2024-06-07"), Stream: "upwork/mine", Kind: ledger.KindHourly, Amount: 25800, Currency: "USD",
					Billed: 14*3600 + 20*60, PeriodStart: d("2024-05-27"), PeriodEnd: d("2024-06-02"),
					Ref: "701123340", Note: "Invoice for 05/27/2024-06/02/2024 - 14:20 hrs @ $18.00/hr", Key: "upwork:701123340"},
				{Date: d("2024-06-03"), Stream: "upwork/mine", Kind: ledger.KindFee, Amount: -80, Currency: "USD",
					Ref: "701123356", Link: "701123355", Note: "VAT (KE) - Service Fee - Ref ID 701123355", Key: "upwork:701123356"},
				{Date: d("2024-06-03"), Stream: "upwork/mine", Kind: ledger.KindFee, Amount: -500, Currency: "USD",
					Ref: "701123357", Link: "701123355", Note: "Service Fee - Fixed Price - Ref ID 701123355", Key: "upwork:701123357"},
				{Date: d("2024-06-03"), Stream: "upwork/mine", Kind: ledger.KindFixed, Amount: 5000, Currency: "USD",
					Ref: "701123355", Note: "Invoice for Logo design: First draft", Key: "upwork:701123355"},
				{Date: d("2024-05-28"), Stream: "upwork/mine", Kind: ledger.KindBonus, Amount: 2000, Currency: "USD",
					Ref: "701123290", Note: "Project Bonus - Ref ID 99", Key: "upwork:701123290"},
			},
			skips: []string{"2:withdrawal", "8:connects"},
		},
		{
			file: "v2.csv",
			events: []ledger.Event{
				{Date: d("2026-10-02"), Stream: "upwork/globex", Kind: ledger.KindFee, Amount: -3600, Currency: "USD",
					Ref: "800002", Link: "800001", Note: "Service Fee for Hourly - Ref ID 800001", Key: "upwork:900001"},
				{Date: d("2026-10-02"), Stream: "upwork/globex", Kind: ledger.KindHourly, Amount: 36000, Currency: "USD",
					Billed: 10 * 3600, PeriodStart: d("2026-09-21"), PeriodEnd: d("2026-09-27"),
					Ref: "800001", Note: "Hourly | Invoice for 09/21/2026-09/27/2026 - 10:00 hrs @ $36.00/hr", Key: "upwork:900000"},
				{Date: d("2026-09-29"), Stream: "upwork/globex", Kind: ledger.KindFee, Amount: -500, Currency: "USD",
					Ref: "799980", Link: "800001", Note: "Withholding tax - Ref ID 800001", Key: "upwork:899980"},
				{Date: d("2026-09-28"), Stream: "upwork/globex", Kind: ledger.KindRefund, Amount: -5000, Currency: "USD",
					Ref: "799970", Link: "800001", Note: "Refund to client | Refund - Ref ID 800001", Key: "upwork:899970"},
				{Date: d("2026-09-27"), Stream: "upwork/globex", Kind: ledger.KindAdjustment, Amount: 1500, Currency: "USD",
					Ref: "799960", Note: "Adjustment for dispute", Key: "upwork:899960"},
				// A service fee given back is a fee credit: a positive fee.
				{Date: d("2026-09-26"), Stream: "upwork/globex", Kind: ledger.KindFee, Amount: 500, Currency: "USD",
					Ref: "799950", Link: "799970", Note: "Service Fee refund - Ref ID 799970", Key: "upwork:899950"},
			},
			skips: []string{"4:withdrawal fee"},
		},
		{
			file: "v2_lower.csv",
			events: []ledger.Event{
				{Date: d("2025-03-05"), Stream: "upwork/initech-llc", Kind: ledger.KindFixed, Amount: 40000, Currency: "USD",
					Ref: "810002", Note: "Fixed-price | Invoice for Landing page: Milestone 1", Key: "upwork:910002"},
				{Date: d("2025-03-03"), Stream: "upwork/initech-llc", Kind: ledger.KindHourly, Amount: 10000, Currency: "USD",
					Billed: 2*3600 + 30*60, PeriodStart: d("2025-02-24"), PeriodEnd: d("2025-03-02"),
					Ref: "810001", Note: "Hourly | Invoice for 02/24/2025-03/02/2025 - 2:30 hrs @ $40.00/hr", Key: "upwork:910001"},
				{Date: d("2025-02-27"), Stream: "upwork/initech-llc", Kind: ledger.KindBonus, Amount: 2500, Currency: "EUR",
					Ref: "809999", Note: "Bonus | Project Bonus - Ref ID 810001", Key: "upwork:909999"},
			},
			skips: []string{"4:connects"},
		},
		{
			file: "weekly.csv",
			events: []ledger.Event{
				{Date: d("2023-09-16"), Stream: "upwork/bootstrap5-expert", Kind: ledger.KindHourly, Amount: 1650, Currency: "USD",
					Billed: 5*3600 + 30*60, PeriodStart: d("2023-09-16"), PeriodEnd: d("2023-09-16"),
					Ref: "34848691", Note: "Bootstrap5 Expert (34848691)", Key: "upwork:weekly:34848691:2023-09-16:hourly"},
				{Date: d("2023-09-17"), Stream: "upwork/bootstrap5-expert", Kind: ledger.KindHourly, Amount: 100, Currency: "USD",
					Billed: 1200, PeriodStart: d("2023-09-17"), PeriodEnd: d("2023-09-17"),
					Ref: "34848691", Note: "Bootstrap5 Expert (34848691)", Key: "upwork:weekly:34848691:2023-09-17:hourly"},
				{Date: d("2023-12-01"), Stream: "upwork/help-with-html-updates", Kind: ledger.KindFixed, Amount: 1500, Currency: "USD",
					Ref: "35559654", Note: "Help with HTML updates (35559654)", Key: "upwork:weekly:35559654:2023-12-01:fixed"},
				{Date: d("2024-04-16"), Stream: "upwork/mini-site-creation", Kind: ledger.KindBonus, Amount: 1000, Currency: "USD",
					Ref: "36873991", Note: "Mini Site Creation (36873991)", Key: "upwork:weekly:36873991:2024-04-16:bonus"},
			},
			skips: []string{"6:zero amount"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(tt.opts.Stream), func(t *testing.T) {
			r := ledgertest.Sink{Dedupe: true}
			if err := importFile(t, &r, tt.file, tt.opts); err != nil {
				t.Fatalf("Import: %v", err)
			}
			if !reflect.DeepEqual(r.Events, tt.events) {
				t.Errorf("events:\n got %+v\nwant %+v", r.Events, tt.events)
			}
			if !reflect.DeepEqual(r.Skips, tt.skips) {
				t.Errorf("skips: got %q, want %q", r.Skips, tt.skips)
			}
			for _, e := range r.Events {
				if err := e.Validate(); err != nil {
					t.Errorf("event %s does not validate: %v", e.Key, err)
				}
			}
		})
	}
}

// Two exports whose date ranges overlap add only the rows the first lacked.
func TestImportOverlapping(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "v1.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	first := len(r.Events)
	if err := importFile(t, &r, "v1_overlap.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := len(r.Events) - first; got != 1 {
		t.Errorf("second export added %d events, want 1 (the Jun 12 milestone)", got)
	}
	if r.Dups != 2 {
		t.Errorf("second export repeated %d events, want 2", r.Dups)
	}
	if err := importFile(t, &r, "v1.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != first+1 {
		t.Errorf("re-importing added events: %d, want %d", len(r.Events), first+1)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		file   string
		line   int
		column string
		want   string
	}{
		{"bad_amount.csv", 3, "Amount", `"12.3.4" is not an amount`},
		{"bad_type.csv", 2, "Type", `"Payout" is not an UpWork transaction type: known are Hourly`},
		{"bad_date.csv", 2, "Date", `"Jun 31, 2024" is not a date: use "Jun 7, 2024"`},
		{"negative_income.csv", 2, "Amount", `"-10.00" is negative, but a Hourly row is income`},
		{"no_team.csv", 2, "Team", `add --stream upwork/NAME`},
		{"bad_type.csv", 2, "Type", `GST, WHT, TDS, Sales Tax (any type naming a tax)`},
		{"bad_hours.csv", 2, "Description", `"14:75 hrs" is not a number of hours`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := ledgertest.Sink{Dedupe: true}
			err := importFile(t, &r, tt.file, ledger.ImportOptions{})
			ledgertest.WantRowError(t, err, tt.file, tt.line, tt.column, tt.want)
		})
	}
}

func TestImportUnknownHeader(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	err := importFile(t, &r, "unknown_header.csv", ledger.ImportOptions{})
	if ledger.ErrorCode(err) != ledger.EINVALID {
		t.Fatalf("got %v, want an EINVALID error", err)
	}
	for _, want := range []string{"unknown_header.csv", "found:  Date,Reference,Kind,Amount", "known:  Date,Ref ID,Type", "known:  Date,Transaction ID,Transaction type"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if len(r.Events) != 0 {
		t.Errorf("events before the error: %v", r.Events)
	}
}

// sum adds the amounts of the events of the given kinds, in minor units.
func sum(events []ledger.Event, kinds ...ledger.Kind) int64 {
	var n int64
	for _, e := range events {
		for _, k := range kinds {
			if e.Kind == k {
				n += e.Amount
			}
		}
	}
	return n
}

// A V2 export as UpWork writes it (BOM, CRLF, lower-case header, local
// amount and currency empty for a USD account) with the rows real files
// carry: GST on a service fee, GST and VAT on Connects and a membership
// with no client, a bare "Sales Tax" with no client, TDS on an earning, a
// service fee given back, and an hourly row whose summary is just "Job".
func TestImportRealTaxes(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "real_v2_taxes.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	const s = "upwork/wombat-media-pty"
	want := []ledger.Event{
		{Date: d("2025-08-15"), Stream: s, Kind: ledger.KindFee, Amount: -120, Currency: "USD",
			Ref: "820009", Link: "820007", Note: "GST - Service Fee - Ref ID 820007", Key: "upwork:920009"},
		{Date: d("2025-08-15"), Stream: s, Kind: ledger.KindFee, Amount: -1200, Currency: "USD",
			Ref: "820008", Link: "820007", Note: "Service Fee for Hourly - Ref ID 820007", Key: "upwork:920008"},
		{Date: d("2025-08-15"), Stream: s, Kind: ledger.KindHourly, Amount: 12000, Currency: "USD",
			Ref: "820007", Note: "Job", Key: "upwork:920007"},
		{Date: d("2025-08-05"), Stream: s, Kind: ledger.KindFee, Amount: -300, Currency: "USD",
			Ref: "820001", Link: "819990", Note: "TDS - Ref ID 819990", Key: "upwork:920001"},
		{Date: d("2025-08-04"), Stream: s, Kind: ledger.KindFee, Amount: 250, Currency: "USD",
			Ref: "820000", Link: "819995", Note: "Service Fee refund - Ref ID 819995", Key: "upwork:920000"},
		{Date: d("2025-08-01"), Stream: s, Kind: ledger.KindFixed, Amount: 30000, Currency: "USD",
			Ref: "819990", Note: "Invoice for Podcast edits: Episode 12", Key: "upwork:919990"},
	}
	if !reflect.DeepEqual(r.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", r.Events, want)
	}
	wantSkips := []string{"2:withdrawal", "6:tax on connects", "7:connects", "8:tax on membership", "9:membership fee", "10:tax without a client"}
	if !reflect.DeepEqual(r.Skips, wantSkips) {
		t.Errorf("skips: got %q, want %q", r.Skips, wantSkips)
	}
	// By hand: income 120.00 (hourly, no hours) + 300.00 (fixed) = 420.00;
	// fees -1.20 GST - 12.00 service fee - 3.00 TDS + 2.50 credit = -13.70.
	if got := sum(r.Events, ledger.KindHourly, ledger.KindFixed, ledger.KindBonus); got != 42000 {
		t.Errorf("income %d, want 42000", got)
	}
	if got := sum(r.Events, ledger.KindFee); got != -1370 {
		t.Errorf("fees %d, want -1370", got)
	}
	// --stream names the stream of the client's rows; taxes on Connects and
	// memberships stay skipped, never a fee of that stream.
	r2 := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r2, "real_v2_taxes.csv", ledger.ImportOptions{Stream: "upwork/mine"}); err != nil {
		t.Fatal(err)
	}
	if len(r2.Events) != len(want) || !reflect.DeepEqual(r2.Skips, wantSkips) {
		t.Errorf("with --stream: %d events, skips %q; want %d, %q", len(r2.Events), r2.Skips, len(want), wantSkips)
	}
	// A second import adds nothing.
	if err := importFile(t, &r, "real_v2_taxes.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(r.Events) != len(want) || r.Dups != len(want) {
		t.Errorf("re-import: %d events, %d repeated; want %d, %d", len(r.Events), r.Dups, len(want), len(want))
	}
}

// The V1 variant with ExchangeRate in place of "Amount in local currency":
// the Currency cell is the amount's only when the rate is 1.
func TestImportExchangeRate(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "real_v1_exchangerate.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []ledger.Event{
		{Date: d("2024-06-07"), Stream: "upwork/acme-co", Kind: ledger.KindHourly, Amount: 5000, Currency: "USD",
			Billed: 2*3600 + 30*60, PeriodStart: d("2024-05-27"), PeriodEnd: d("2024-06-02"),
			Ref: "701200001", Note: "Invoice for 05/27/2024-06/02/2024 - 2:30 hrs @ $20.00/hr", Key: "upwork:701200001"},
		{Date: d("2024-06-03"), Stream: "upwork/acme-co", Kind: ledger.KindFixed, Amount: 4000, Currency: "USD",
			Ref: "701200000", Note: "Invoice for Logo: Draft", Key: "upwork:701200000"},
	}
	if !reflect.DeepEqual(r.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", r.Events, want)
	}
	if want := []string{"2:tax on connects"}; !reflect.DeepEqual(r.Skips, want) {
		t.Errorf("skips: got %q, want %q", r.Skips, want)
	}
}

// Type spellings other people's importers of real files expect: Milestone
// is a fixed-price earning; Processing Fee and Membership are not income.
func TestImportOtherTypes(t *testing.T) {
	r := ledgertest.Sink{Dedupe: true}
	if err := importFile(t, &r, "real_v2_other_types.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []ledger.Event{{Date: d("2025-03-07"), Stream: "upwork/blue-fin-apps", Kind: ledger.KindFixed, Amount: 15000, Currency: "USD",
		Ref: "830001", Note: "Invoice for App icons: Set 1", Key: "upwork:930001"}}
	if !reflect.DeepEqual(r.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", r.Events, want)
	}
	if want := []string{"2:processing fee", "3:membership"}; !reflect.DeepEqual(r.Skips, want) {
		t.Errorf("skips: got %q, want %q", r.Skips, want)
	}
}
