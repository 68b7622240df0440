package ratefile_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/ratefile"
)

func parseFile(t *testing.T, name, format string) *ratefile.File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := ratefile.Detect(b); !ok || got != format {
		t.Errorf("Detect(%s) = %q, %v; want %s", name, got, ok, format)
	}
	f, err := ratefile.Parse(bytes.NewReader(b), format, "testdata/"+name)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func lines(rates []ledger.Rate) string {
	var b strings.Builder
	for _, r := range rates {
		fmt.Fprintf(&b, "%s %s %s %s %s\n", r.Date, r.From, r.To, ledger.FormatRate(r.Value), r.Source)
	}
	return b.String()
}

func TestECBHistory(t *testing.T) {
	f := parseFile(t, "ecb_hist.csv", ratefile.FormatECB)
	want := `2025-03-10 EUR USD 1.0833 ecb:ecb_hist.csv
2025-03-10 EUR JPY 158.42 ecb:ecb_hist.csv
2025-03-10 EUR BGN 1.9558 ecb:ecb_hist.csv
2025-03-10 EUR GBP 0.8402 ecb:ecb_hist.csv
2025-03-10 EUR ISK 150.1 ecb:ecb_hist.csv
2025-03-07 EUR USD 1.0807 ecb:ecb_hist.csv
2025-03-07 EUR JPY 158.48 ecb:ecb_hist.csv
2025-03-07 EUR BGN 1.9558 ecb:ecb_hist.csv
2025-03-07 EUR GBP 0.8365 ecb:ecb_hist.csv
2025-03-07 EUR ISK 149.9 ecb:ecb_hist.csv
2025-03-06 EUR USD 1.078 ecb:ecb_hist.csv
2025-03-06 EUR BGN 1.9558 ecb:ecb_hist.csv
2025-03-06 EUR GBP 0.838 ecb:ecb_hist.csv
2025-03-05 EUR USD 1.0694 ecb:ecb_hist.csv
2025-03-05 EUR JPY 160.5 ecb:ecb_hist.csv
2025-03-05 EUR BGN 1.9558 ecb:ecb_hist.csv
2025-03-05 EUR GBP 0.8332 ecb:ecb_hist.csv
2025-03-05 EUR ISK 150.3 ecb:ecb_hist.csv
`
	if got := lines(f.Rates); got != want {
		t.Errorf("rates:\n%s\nwant\n%s", got, want)
	}
	if got := strings.Join(f.Skipped, "; "); got != "columns of currencies that are not ISO 4217 codes any more: CYP, SIT; 2 cells without a rate (N/A)" {
		t.Errorf("skipped: %s", got)
	}
}

func TestECBDailyWithBOMAndSpaces(t *testing.T) {
	f := parseFile(t, "ecb_daily.csv", ratefile.FormatECB)
	if got := lines(f.Rates); got != "2025-03-10 EUR USD 1.0833 ecb:ecb_daily.csv\n2025-03-10 EUR JPY 158.42 ecb:ecb_daily.csv\n2025-03-10 EUR GBP 0.8402 ecb:ecb_daily.csv\n" {
		t.Errorf("rates:\n%s", got)
	}
}

func TestPriceDB(t *testing.T) {
	f := parseFile(t, "prices.journal", ratefile.FormatPriceDB)
	want := `2025-03-03 EUR USD 1.0465 pricedb:prices.journal
2025-03-05 EUR USD 1.0694 pricedb:prices.journal
2025-03-05 GBP USD 1.2834 pricedb:prices.journal
2025-03-06 GBP USD 1.285 pricedb:prices.journal
`
	if got := lines(f.Rates); got != want {
		t.Errorf("rates:\n%s\nwant\n%s", got, want)
	}
	if got := strings.Join(f.Skipped, "; "); got != "3 lines that are not price directives; prices of commodities that are not currencies: AAPL" {
		t.Errorf("skipped: %s", got)
	}
}

func TestPlainCSV(t *testing.T) {
	f := parseFile(t, "rates.csv", ratefile.FormatCSV)
	want := "2025-03-03 EUR USD 1.0465 ecb\n2025-03-03 USD JPY 150.25 csv:rates.csv\n2025-03-04 GBP USD 1.27 manual\n"
	if got := lines(f.Rates); got != want {
		t.Errorf("rates:\n%s\nwant\n%s", got, want)
	}
}

func TestErrorsNameTheLine(t *testing.T) {
	cases := []struct{ format, in, want string }{
		{"ecb", "Date,USD,\n2025-03-10,1.08,\n2025-13-01,1.09,\n", `f.csv:3: column "Date": "2025-13-01" is not a date`},
		{"ecb", "Date,USD,\n2025-03-10,-1.08,\n", `f.csv:2: column "USD": "-1.08" is not a rate`},
		{"ecb", "Date,USD,EUR\n", `f.csv:1: column "EUR": an ECB rates file has no EUR column`},
		{"ecb", "Date,USD,usdollar\n", `f.csv:1: column "usdollar": the column is not a currency code`},
		{"ecb", "Date,USD,USD\n", `the currency USD has two columns`},
		{"ecb", "Date,USD,\n2025-03-10,1.08,,1.1\n", `f.csv:2: the line has more cells than the header`},
		{"ecb", "", `f.csv is empty`},
		{"ecb", "When,USD\n", `the header is not an ECB rates header`},
		{"pricedb", "P 2025-03-01 EUR 1.0842\n", `f.csv:1: the amount "1.0842" has no currency code`},
		{"pricedb", "\nP 2025-02-30 EUR 1.0842 USD\n", `f.csv:2: "2025-02-30" is not a date`},
		{"pricedb", "P 2025-03-01 EUR 1,084.2 USD\n", `"1,084.2" is not a rate`},
		{"pricedb", "P 2025-03-01 EUR 1 EUR\n", `converts a currency to itself`},
		{"pricedb", "P 2025-03-01\n", `a price directive is P DATE COMMODITY AMOUNT`},
		{"csv", "date,from,to\n", `the header has no rate column`},
		{"csv", "date,from,to,rate\n2025-03-01,EUR,XYZ,1\n", `f.csv:2: column "to": "XYZ" is not an ISO 4217 currency code`},
		{"csv", "date,from,to,rate\n2025-03-01,EUR,USD,0\n", `f.csv:2: column "rate": "0" is not a rate: a rate must be above zero`},
		{"csv", "date,from,to,rate,rate\n", `the column appears twice`},
		{"csv", "date,from,to,rate\n2025-03-01,EUR,USD,\"1\n", `f.csv:2:`},
		{"toml", "", `"toml" is not a rate file format: use ecb, pricedb, csv`},
	}
	for _, c := range cases {
		_, err := ratefile.Parse(strings.NewReader(c.in), c.format, "f.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) || !ledger.IsInputError(err) {
			t.Errorf("%s %q: %v\nwant %s", c.format, c.in, err, c.want)
		}
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]string{
		"Date,USD,JPY,\n":                  "ecb",
		"date,from,to,rate\n":              "csv",
		"Date,From,To,Rate,Source\n":       "csv",
		"; prices\nP 2025-03-01 EUR 1 USD": "pricedb",
	} {
		if got, ok := ratefile.Detect([]byte(in)); !ok || got != want {
			t.Errorf("Detect(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "hello\n", "id,date,amount\n"} {
		if got, ok := ratefile.Detect([]byte(in)); ok {
			t.Errorf("Detect(%q) = %q; want none", in, got)
		}
	}
}
