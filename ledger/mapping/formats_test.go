package mapping_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ledgertest"
	"github.com/earnlog/earnlog/ledger/mapping"
)

// builtin returns the import of a built-in format by name.
func builtin(t testing.TB, name string) ledgertest.ImportFunc {
	t.Helper()
	for _, f := range mapping.Formats() {
		if f.Name == name {
			return ledgertest.ImportFunc(f.Import)
		}
	}
	t.Fatalf("no built-in format %q", name)
	return nil
}

// figures are what a file booked, by hand: sums in minor units by kind,
// events, and skipped rows by reason.
type figures struct {
	income, fees, refunds, adjustments int64
	events                             int
	skipped                            map[string]int
}

func sum(s *ledgertest.Sink) figures {
	f := figures{skipped: map[string]int{}}
	for _, e := range s.Events {
		f.events++
		switch {
		case e.Kind.IsIncome():
			f.income += e.Amount
		case e.Kind == ledger.KindFee:
			f.fees += e.Amount
		case e.Kind == ledger.KindRefund:
			f.refunds += e.Amount
		default:
			f.adjustments += e.Amount
		}
	}
	for _, sk := range s.Skips {
		_, reason, _ := strings.Cut(sk, ":")
		f.skipped[reason]++
	}
	return f
}

func TestBuiltinFigures(t *testing.T) {
	tests := []struct {
		format, file string
		want         figures
	}{
		// Income 500.00 + 5.00 + 1,250.00; fees 17.95 + 0.45 + 43.75; the
		// refund of 100.00 less the 3.59 fee PayPal gave back.
		{"paypal", "paypal_activity.csv", figures{income: 175500, fees: -6215, refunds: -9641, events: 7,
			skipped: map[string]int{"payout from a platform": 1, "transfer": 2, "money out": 1, "not completed": 1, "memo": 1}}},
		// 20.00 EUR and its 0.93 fee; Gumroad's payout and the withdrawal skipped.
		{"paypal", "paypal_activity_old.csv", figures{income: 2000, fees: -93, events: 2,
			skipped: map[string]int{"payout from a platform": 1, "transfer": 1}}},
		// 300.00 + 10.00; fees 10.77 + 0.64.
		{"paypal", "paypal_statement.csv", figures{income: 31000, fees: -1141, events: 4,
			skipped: map[string]int{"transfer": 1}}},
		// 1.234,56 + 15,00; fees 43,56 + 0,78; Rückzahlung -50,00 with 1,45 returned.
		{"paypal", "paypal_statement_de.csv", figures{income: 124956, fees: -4434, refunds: -4855, events: 5,
			skipped: map[string]int{"transfer": 2}}},
		// 2.380,00 + 25,00; fees 83,65 + 1,22; Rückzahlung -380,00 with 13,02
		// returned; a pending authorization, a bank top-up and a payment sent.
		{"paypal", "paypal_activity_de.csv", figures{income: 240500, fees: -8487, refunds: -36698, events: 5,
			skipped: map[string]int{"not completed": 1, "transfer": 1, "money out": 1}}},
		// 250.00 + 40.00; fees 7.55 + 1.46 and a 15.00 billing fee; refund 40.00.
		{"stripe", "stripe_balance.csv", figures{income: 29000, fees: -2401, refunds: -4000, events: 6,
			skipped: map[string]int{"transfer": 1}}},
		{"wise", "wise.csv", figures{income: 150000, events: 1,
			skipped: map[string]int{"transfer": 3, "money out": 1, "payout from a platform": 1}}},
		{"wise", "wise_old.csv", figures{income: 75000, events: 1, skipped: map[string]int{"currency conversion": 1}}},
		{"kofi", "kofi.csv", figures{income: 2000, events: 3, skipped: map[string]int{}}},
		{"kofi", "kofi_short.csv", figures{income: 750, events: 1, skipped: map[string]int{}}},
		// A shop order of 2 x 4.00 and a tip of 4.00, MM/DD/YYYY dates.
		{"kofi", "kofi_items.csv", figures{income: 1200, events: 2, skipped: map[string]int{}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var s ledgertest.Sink
			if err := s.ImportFile(t, builtin(t, tt.format), tt.file, ledger.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			got := sum(&s)
			if got.income != tt.want.income || got.fees != tt.want.fees || got.refunds != tt.want.refunds ||
				got.adjustments != tt.want.adjustments || got.events != tt.want.events || !maps.Equal(got.skipped, tt.want.skipped) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			// A second import of the file adds nothing.
			again := ledgertest.Sink{Dedupe: true}
			for range 2 {
				if err := again.ImportFile(t, builtin(t, tt.format), tt.file, ledger.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			if again.Dups != tt.want.events {
				t.Errorf("re-import: %d records already present, want %d", again.Dups, tt.want.events)
			}
		})
	}
}

func TestPaypalActivityRecords(t *testing.T) {
	var s ledgertest.Sink
	if err := s.ImportFile(t, builtin(t, "paypal"), "paypal_activity.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range s.Events {
		got = append(got, strings.Join([]string{e.Date.String(), string(e.Stream), e.Kind.String(),
			ledger.FormatAmount(e.Amount, e.Currency), e.Currency, e.Ref, e.Link, e.Note, e.Key}, "|"))
	}
	want := []string{
		"2026-03-02|paypal/acme-corp|fixed|500.00|USD|1AB00000000000001||Logo design|txn:1AB00000000000001",
		"2026-03-02|paypal/acme-corp|fee|-17.95|USD||1AB00000000000001||txn:1AB00000000000001:fee",
		"2026-03-05|paypal/jane-doe|tip|5.00|USD|2DON1000000000001||Thanks for the tutorials|txn:2DON1000000000001",
		"2026-03-05|paypal/jane-doe|fee|-0.45|USD||2DON1000000000001||txn:2DON1000000000001:fee",
		"2026-03-09|paypal/acme-corp|refund|-96.41|USD|7RF00000000000001|1AB00000000000001|Payment Refund (fee of 3.59 USD returned)|txn:7RF00000000000001",
		"2026-03-14|paypal/beta-llc|fixed|1250.00|USD|BWP00000000000001||Website build, phase 1|txn:BWP00000000000001",
		"2026-03-14|paypal/beta-llc|fee|-43.75|USD||BWP00000000000001||txn:BWP00000000000001:fee",
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPaypalGermanRecords(t *testing.T) {
	var s ledgertest.Sink
	if err := s.ImportFile(t, builtin(t, "paypal"), "paypal_statement_de.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range s.Events {
		got = append(got, strings.Join([]string{e.Date.String(), string(e.Stream), e.Kind.String(),
			ledger.FormatAmount(e.Amount, e.Currency), e.Currency, e.Note}, "|"))
	}
	want := []string{
		"2026-02-03|paypal/schmidt-design-gmbh|fixed|1234.56|EUR|RE-2026-014",
		"2026-02-03|paypal/schmidt-design-gmbh|fee|-43.56|EUR|",
		"2026-02-05|paypal/anna-becker|tip|15.00|EUR|Spende erhalten",
		"2026-02-05|paypal/anna-becker|fee|-0.78|EUR|",
		"2026-02-12|paypal/schmidt-design-gmbh|refund|-48.55|EUR|Rückzahlung (fee of 1.45 EUR returned)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestStripeKeepsAvailableOn(t *testing.T) {
	var s ledgertest.Sink
	if err := s.ImportFile(t, builtin(t, "stripe"), "stripe_balance.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	e := s.Events[0]
	if e.Stream != "stripe/payments" || e.Currency != "USD" || e.Note != "Invoice 0001 Northwind; available 2026-03-04 00:00:00" || e.Key != "stripe:txn_1A" {
		t.Errorf("first event %+v", e)
	}
}

// The same Ko-fi payments in the PayPal file are recorded once, whichever
// file comes first: both rows carry the PayPal transaction ID.
func TestKofiPaypalSameMoney(t *testing.T) {
	for _, order := range [][2]string{{"kofi", "paypal"}, {"paypal", "kofi"}} {
		s := ledgertest.Sink{Dedupe: true}
		for _, f := range order {
			file := map[string]string{"kofi": "kofi.csv", "paypal": "paypal_kofi.csv"}[f]
			if err := s.ImportFile(t, builtin(t, f), file, ledger.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		got := sum(&s)
		// 5.00 + 12.00 + 3.00 once; PayPal's fees 0.45 + 0.77 once.
		if got.income != 2000 || got.fees != -122 || s.Dups != 2 {
			t.Errorf("%v: income %d, fees %d, %d matched; want 2000, -122, 2", order, got.income, got.fees, s.Dups)
		}
	}
}

// The longer Stripe column selection names the customer and the charge; a
// Ko-fi membership paid through Stripe is the same money as its charge.
func TestStripeLongColumnsAndKofi(t *testing.T) {
	var s ledgertest.Sink
	if err := s.ImportFile(t, builtin(t, "stripe"), "stripe_balance_long.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	got := sum(&s)
	// 3.00 + 1,200.00; fees 0.39 + 35.10.
	if got.income != 120300 || got.fees != -3549 || got.events != 4 {
		t.Errorf("got %+v", got)
	}
	if e := s.Events[2]; e.Stream != "stripe/contoso-ltd" || e.Ref != "ch_2B" || e.Key != "txn:ch_2B" {
		t.Errorf("contoso charge %+v", e)
	}
	for _, order := range [][2]string{{"kofi", "stripe"}, {"stripe", "kofi"}} {
		s := ledgertest.Sink{Dedupe: true}
		for _, f := range order {
			file := map[string]string{"kofi": "kofi.csv", "stripe": "stripe_balance_long.csv"}[f]
			if err := s.ImportFile(t, builtin(t, f), file, ledger.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		// Ko-fi 5.00 + 12.00 + 3.00 and Stripe's 1,200.00; the 3.00 once.
		if got := sum(&s); got.income != 122000 || s.Dups != 1 {
			t.Errorf("%v: income %d, %d matched; want 122000, 1", order, got.income, s.Dups)
		}
	}
}

func TestUnknownHeader(t *testing.T) {
	err := builtin(t, "paypal")(strings.NewReader("a,b,c\n1,2,3\n"), ledger.ImportOptions{Name: "x.csv"}, &ledgertest.Sink{})
	if !ledger.IsInputError(err) || !strings.Contains(err.Error(), "matches no paypal export") || !strings.Contains(err.Error(), `"Datum", "Uhrzeit"`) {
		t.Errorf("got %v", err)
	}
}

func TestBadAmountNamesRowAndColumn(t *testing.T) {
	de := "\"Datum\", \"Beschreibung\", \"Währung\", \"Brutto\", \"Entgelt\", \"Netto\", \"Transaktionscode\", \"Name\"\n" +
		"\"03.02.2026\", \"Zahlung erhalten\", \"EUR\", \"12.34.5\", \"0,00\", \"1,00\", \"X1\", \"A\"\n"
	err := builtin(t, "paypal")(strings.NewReader(de), ledger.ImportOptions{Name: "de.csv"}, &ledgertest.Sink{})
	ledgertest.WantRowError(t, err, "de.csv", 2, "Brutto", "decimal comma")
}
