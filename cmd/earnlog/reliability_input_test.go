package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// badInput is one command line (with its input files) that earnlog must
// refuse as a usage error: exit 2, want (the bad value) named on stderr,
// nothing on stdout, the ledger file not touched.
type badInput struct {
	args  []string
	files map[string]string // name in the test folder -> content
	stdin string
	want  string
}

// binaryJunk is a file no importer can read: NULs, invalid UTF-8, no lines.
const binaryJunk = "\x00\x01\x02\xff\xfe\x00PK\x03\x04\x00\x00\x80\x81"

var eventsHeader = "date,stream,kind,amount,currency,ref,note\n"

var etsyHeader = `Date,Type,Title,Info,Currency,Amount,"Fees & Taxes",Net,Status,"Availability Date"` + "\n"

var badInputs = []badInput{
	// Amounts.
	{args: []string{"earn", "etsy/shop", "abc"}, want: `"abc"`},
	{args: []string{"earn", "etsy/shop", "12,34.5x"}, want: `"12,34.5x"`},
	{args: []string{"earn", "etsy/shop", "1e5"}, want: `"1e5"`},
	{args: []string{"earn", "etsy/shop", "12.345"}, want: `12.345`},
	{args: []string{"earn", "etsy/shop", "€€5"}, want: `€€5`},
	{args: []string{"earn", "etsy/shop", "99999999999999999999999"}, want: `99999999999999999999999`},
	// Currency symbols that contradict the currency.
	{args: []string{"earn", "upwork/acme", "€5"}, want: `€ stands for EUR, not USD`},
	{args: []string{"earn", "upwork/acme", "¥1000"}, want: `¥ stands for JPY, CNY, not USD`},
	{args: []string{"earn", "upwork/acme", "$5", "--currency", "EUR"}, want: `not EUR`},
	{args: []string{"earn", "upwork/acme", "US$5", "--currency", "CAD"}, want: `US$ stands for USD, not CAD`},
	{args: []string{"earn", "upwork/acme", "£5", "--currency", "JPY"}, want: `not JPY`},
	{args: []string{"earn", "upwork/acme", "-¥5", "--kind", "fee"}, want: `"-¥5" is not an amount in USD`},
	{args: []string{"earn", "upwork/acme", "(€5)", "--kind", "fee", "--currency", "GBP"}, want: `not GBP`},
	{args: []string{"import", "etsy", "sym.csv", "--stream", "etsy/shop"}, files: map[string]string{"sym.csv": etsyHeader + `"March 3, 2026",Sale,"Payment for Order #1002",,USD,€19.26,--,€19.26` + "\n"}, want: `€ stands for EUR, not USD`},
	{args: []string{"import", "csv", "sym.csv"}, files: map[string]string{"sym.csv": eventsHeader + "2026-03-02,etsy/a,sale,¥1000,USD,,\n"}, want: `¥ stands for JPY, CNY, not USD`},
	// Negative amounts that look like flags are read, and refused, as amounts.
	{args: []string{"earn", "upwork/acme", "-.5"}, want: `"-.5" is negative`},
	{args: []string{"earn", "upwork/acme", "-5.5.5", "--kind", "fee"}, want: `"-5.5.5" is not an amount`},
	// Dates.
	{args: []string{"earn", "etsy/shop", "10", "--date", "2026-02-30"}, want: `2026-02-30`},
	{args: []string{"earn", "etsy/shop", "10", "--date", "26/03/2026"}, want: `26/03/2026`},
	{args: []string{"earn", "etsy/shop", "10", "--date", "tomorrowish"}, want: `tomorrowish`},
	{args: []string{"work", "upwork/acme", "1h", "--date", "2026-13-01"}, want: `2026-13-01`},
	{args: []string{"list", "--from", "2026-99"}, want: `2026-99`},
	{args: []string{"list", "--to", "March"}, want: `March`},
	// Dates after today plus a year (2027-03-27), in every way in.
	{args: []string{"earn", "etsy/shop", "10", "--date", "2926-03-01"}, want: `2926-03-01 is after 2027-03-27`},
	{args: []string{"earn", "etsy/shop", "10", "--date", "2027-03-28"}, want: `2027-03-28 is after 2027-03-27`},
	{args: []string{"earn", "upwork/acme", "10", "--kind", "hourly", "--hours", "3", "--date", "2999-12-31"}, want: `2999-12-31 is after 2027-03-27`},
	{args: []string{"work", "etsy/shop", "1h", "--date", "2926-03-01"}, want: `2926-03-01 is after 2027-03-27`},
	{args: []string{"work", "etsy/shop", "2h", "--date", "2027-03-27", "--start", "23:30"}, want: `2027-03-28 is after 2027-03-27`},
	{args: []string{"import", "csv", "far.csv"}, files: map[string]string{"far.csv": eventsHeader + "2926-03-01,etsy/a,sale,7.00,USD,,\n"}, want: `2926-03-01 is after 2027-03-27`},
	{args: []string{"import", "csv", "far.csv", "--dry-run"}, files: map[string]string{"far.csv": eventsHeader + "2926-03-01,etsy/a,sale,7.00,USD,,\n"}, want: `2926-03-01 is after 2027-03-27`},
	{args: []string{"import", "csv", "farwork.csv"}, files: map[string]string{"farwork.csv": "id,stream,start,hours,note\n1,etsy/a,2999-12-31,1.0,\n"}, want: `2999-12-31 is after 2027-03-27`},
	{args: []string{"import", "timeclock", "far.timeclock"}, files: map[string]string{"far.timeclock": "i 2926/03/02 09:00:00 etsy:shop\no 2926/03/02 10:00:00\n"}, want: `2926-03-02 is after 2027-03-27`},
	{args: []string{"import", "etsy", "far-etsy.csv", "--stream", "etsy/shop"}, files: map[string]string{"far-etsy.csv": etsyHeader + `"March 3, 2926",Sale,"Payment for Order #1002",,USD,$19.26,--,$19.26` + "\n"}, want: `2926-03-03 is after 2027-03-27`},
	// Durations and times.
	{args: []string{"work", "upwork/acme", "2hours"}, want: `2hours`},
	{args: []string{"work", "upwork/acme", "25:99"}, want: `25:99`},
	{args: []string{"work", "upwork/acme", "0"}, want: `"0"`},
	{args: []string{"work", "upwork/acme", "1h", "--start", "25:00"}, want: `25:00`},
	{args: []string{"earn", "upwork/acme", "10", "--kind", "hourly", "--hours", "3x"}, want: `3x`},
	{args: []string{"--lock-timeout", "soon", "list"}, want: `soon`},
	// Kinds, currencies, streams.
	{args: []string{"earn", "etsy/shop", "10", "--kind", "salary"}, want: `salary`},
	{args: []string{"earn", "etsy/shop", "10", "--currency", "DOLLARS"}, want: `DOLLARS`},
	{args: []string{"earn", "etsy shop", "10"}, want: `etsy shop`},
	{args: []string{"earn", "noslash", "10"}, want: `noslash`},
	{args: []string{"earn", "etsy/", "10"}, want: `etsy/`},
	{args: []string{"work", "Etsy/Über Laden", "1h"}, want: `Etsy/Über Laden`},
	{args: []string{"list", "--kind", "salary"}, want: `salary`},
	// Flags, commands, outputs.
	{args: []string{"earn", "etsy/shop", "10", "--bogus"}, want: `--bogus`},
	{args: []string{"earn", "etsy/shop"}, want: `etsy/shop`},
	{args: []string{"frobnicate"}, want: `frobnicate`},
	{args: []string{"list", "-o", "yaml"}, want: `yaml`},
	{args: []string{"report", "monthly", "--window", "-3"}, want: `-3`},
	{args: []string{"report", "monthly", "--window", "1.5"}, want: `invalid value "1.5" for "--window": use a whole number (see 'earnlog report monthly --help')`},
	{args: []string{"report", "claim", "--min-months", "2.5"}, want: `(see 'earnlog report claim --help')`},
	{args: []string{"report", "claim", "--marketplace-max", "abc"}, want: `"abc" for "--marketplace-max": use a number`},
	{args: []string{"report", "monthly", "--by", "colour"}, want: `colour`},
	{args: []string{"report", "monthly", "-o", "xml"}, want: `xml`},
	{args: []string{"void", "abc", "--reason", "typo"}, want: `abc`},
	{args: []string{"platform", "set-class", "etsy", "passive"}, want: `passive`},
	// Import: formats and files.
	{args: []string{"import", "xlsx", "x.csv"}, files: map[string]string{"x.csv": eventsHeader}, want: `xlsx`},
	{args: []string{"import", "csv", "missing.csv"}, want: `missing.csv`},
	{args: []string{"import", "csv", "folder"}, files: map[string]string{"folder/x": ""}, want: `folder`},
	{args: []string{"import", "csv", "junk.bin"}, files: map[string]string{"junk.bin": binaryJunk}, want: `junk.bin`},
	{args: []string{"import", "upwork", "junk.bin"}, files: map[string]string{"junk.bin": binaryJunk}, want: `junk.bin`},
	{args: []string{"import", "timewarrior", "junk.bin"}, files: map[string]string{"junk.bin": binaryJunk}, want: `junk.bin`},
	{args: []string{"import", "timeclock", "junk.bin"}, files: map[string]string{"junk.bin": binaryJunk}, want: `junk.bin`},
	{args: []string{"import", "csv", "empty.csv"}, files: map[string]string{"empty.csv": ""}, want: `empty.csv`},
	{args: []string{"import", "csv", "cut.csv"}, files: map[string]string{"cut.csv": eventsHeader + "2025-01-02,etsy/a,sale,12.00,USD,r1,ok\n2025-01-03,etsy/a,sa"}, want: `sa`},
	{args: []string{"import", "csv", "-"}, stdin: eventsHeader + "2025-01-02,etsy/a,sale,twelve,USD,r1,\n", want: `twelve`},
	{args: []string{"import", "csv", "x.csv", "--stream", "Bad Stream"}, files: map[string]string{"x.csv": eventsHeader}, want: `Bad Stream`},
	{args: []string{"import", "timewarrior", "cut.json"}, files: map[string]string{"cut.json": `[{"id":1,"start":"20260301T09`}, want: `cut.json`},
	{args: []string{"import", "timeclock", "bad.timeclock"}, files: map[string]string{"bad.timeclock": "i 2026/03/01 25:00:00 upwork:acme\no 2026/03/01 26:00:00\n"}, want: `25:00:00`},
	// Import: each importer given another platform's file names the header it found.
	{args: []string{"import", "upwork", "demo/etsy_statement.csv"}, want: `Fees & Taxes`},
	{args: []string{"import", "etsy", "demo/upwork_transactions.csv", "--stream", "etsy/shop"}, want: `Transaction ID`},
	{args: []string{"import", "shopify", "demo/gumroad_sales.csv", "--stream", "shopify/shop"}, want: `Purchase ID`},
	{args: []string{"import", "gumroad", "demo/etsy_statement.csv"}, want: `Fees & Taxes`},
	{args: []string{"import", "toggl", "demo/upwork_transactions.csv"}, want: `Transaction ID`},
	{args: []string{"import", "csv", "demo/gumroad_sales.csv"}, want: `Purchase ID`},
	{args: []string{"import", "timewarrior", "demo/etsy_statement.csv"}, want: `etsy_statement.csv`},
	{args: []string{"import", "timeclock", "demo/etsy_statement.csv"}, want: `etsy_statement.csv`},

	// Nothing silent: each way in refuses what another refuses.
	// --stream on another platform than the file's.
	{args: []string{"import", "etsy", "demo/etsy_statement.csv", "--stream", "upwork/x"}, want: `use --stream etsy/x`},
	{args: []string{"import", "shopify", "orders.csv", "--stream", "etsy/shop"}, files: map[string]string{"orders.csv": "Name,Financial Status\n"}, want: `use --stream shopify/shop`},
	{args: []string{"import", "gumroad", "demo/gumroad_sales.csv", "--stream", "etsy/icons"}, want: `use --stream gumroad/icons`},
	{args: []string{"import", "upwork", "demo/upwork_transactions.csv", "--stream", "fiverr/acme"}, want: `use --stream upwork/acme`},
	{args: []string{"import", "etsy", "demo/etsy_statement.csv", "--stream", "upwork/x", "--dry-run"}, want: `use --stream etsy/x`},
	// Rules of records, the same for import csv, toggl, earn and work.
	{args: []string{"import", "csv", "y1.csv"}, files: map[string]string{"y1.csv": "stream,start,hours\nupwork/acme,0001-01-01,1.00\n"}, want: `0001-01-01`},
	{args: []string{"import", "csv", "y9999.csv"}, files: map[string]string{"y9999.csv": "stream,start,hours\nupwork/acme,9999-12-31T09:00:00,1.00\n"}, want: `9999-12-31`},
	{args: []string{"import", "csv", "500h.csv"}, files: map[string]string{"500h.csv": "stream,start,hours\nupwork/acme,2026-03-02,500.00\n"}, want: `500h`},
	{args: []string{"import", "csv", "25h.csv"}, files: map[string]string{"25h.csv": "stream,start,seconds\nupwork/acme,2026-03-02,90000\n"}, want: `25h`},
	{args: []string{"import", "csv", "sale_hours.csv"}, files: map[string]string{"sale_hours.csv": "date,stream,kind,amount,currency,hours\n2026-03-02,etsy/shop,sale,12.00,USD,5.00\n"}, want: `not a sale`},
	{args: []string{"import", "csv", "fee_hours.csv"}, files: map[string]string{"fee_hours.csv": "date,stream,kind,amount,currency,hours\n2026-03-02,upwork/acme,fee,-1.00,USD,1.00\n"}, want: `not a fee`},
	{args: []string{"import", "csv", "169h.csv"}, files: map[string]string{"169h.csv": "date,stream,kind,amount,currency,hours\n2026-03-27,upwork/acme,hourly,12.00,USD,169\n"}, want: `169.00`},
	{args: []string{"import", "csv", "day25.csv"}, files: map[string]string{"day25.csv": "date,stream,kind,amount,currency,period_start,period_end,billed_seconds\n2026-03-27,upwork/acme,hourly,12.00,USD,2026-03-27,2026-03-27,90000\n"}, want: `1 days hold at most 24h`},
	{args: []string{"import", "toggl", "dur.csv"}, files: map[string]string{"dur.csv": togglHeader + "Ann,a@x.io,,upwork/a,,,Yes,2023-10-02,09:00:00,2023-10-02,10:00:00,05:00:00,,0\n"}, want: `Duration 05:00:00 disagrees`},
	{args: []string{"import", "toggl", "back.csv"}, files: map[string]string{"back.csv": togglHeader + "Ann,a@x.io,,upwork/a,,,Yes,2023-10-01,09:00:00,2023-10-01,08:00:00,01:00:00,,0\n"}, want: `before it starts`},
	{args: []string{"import", "toggl", "back2.csv"}, files: map[string]string{"back2.csv": togglHeader + "Ann,a@x.io,,upwork/a,,,Yes,2023-10-02,09:00:00,2023-10-01,10:00:00,,,0\n"}, want: `before it starts`},
	{args: []string{"earn", "upwork/acme", "10", "--kind", "hourly", "--hours", "169"}, want: `169.00`},
	{args: []string{"work", "upwork/acme", "25h"}, want: `25h`},
	// The timer: stop with the clock before its start keeps it (the base
	// ledger has no timer, so this is the refusal of a stop without one).
	{args: []string{"stop"}, want: `no timer is running`},
	// Exit codes and silent overrides.
	{args: []string{"list", "--from", "2026-07", "--to", "2026-05"}, want: `--from 2026-07 is after --to 2026-05`},
	{args: []string{"list", "--work", "--from", "2026-07-02", "--to", "2026-07-01"}, want: `2026-07-02`},
	{args: []string{"report", "monthly", "--from", "2026-07", "--to", "2026-05"}, want: `is after --to`},
	{args: []string{"report", "hours", "--from", "2026-07", "--to", "2026-05"}, want: `is after --to`},
	{args: []string{"report", "montly"}, want: `did you mean monthly?`},
	{args: []string{"help", "report", "montly"}, want: `did you mean monthly?`},
	{args: []string{"help", "frobnicate"}, want: `"frobnicate"`},
	{args: []string{"report", "claim", "--marketplace-max", "2"}, want: `2`},
	{args: []string{"report", "stream"}, want: `did you mean streams?`},
	{args: []string{"report", "xyzzy"}, want: `"xyzzy" is not a subcommand of earnlog report`},
	{args: []string{"config", "curency", "EUR"}, want: `did you mean currency?`},
	{args: []string{"platform", "sett-class", "kofi", "storefront"}, want: `did you mean set-class?`},
	{args: []string{"report", "hours", "--tolerance-percent", "-1"}, want: `--tolerance-percent -1`},
	{args: []string{"report", "hours", "--tolerance-percent", "101"}, want: `--tolerance-percent 101`},
	{args: []string{"report", "claim", "--min-months", "0"}, want: `--min-months 0`},
	{args: []string{"report", "claim", "--min-months", "-3"}, want: `--min-months -3`},
	{args: []string{"--lock-timeout", "-1s", "list"}, want: `--lock-timeout -1s`},
	{args: []string{"--lock-timeout", "-1s", "earn", "etsy/shop", "5"}, want: `--lock-timeout -1s`},
	{args: []string{"--db", "", "list"}, want: `--db ""`},
	{args: []string{"backup", ""}, want: `backup FILE: ""`},
	{args: []string{"restore", ""}, want: `restore FILE: ""`},
	{args: []string{"earn", "upwork/acme", "10", "--kind", "hourly", "--hours", "0"}, want: `--hours "0"`},
	{args: []string{"earn", "upwork/acme", "10", "--kind", "hourly", "--hours", "1001"}, want: `--hours "1001"`},
	{args: []string{"earn", "etsy/shop", "10", "--hours", "3"}, want: `--hours "3" goes with --kind hourly, not sale`},
	{args: []string{"void", "1", "--reason", strings.Repeat("r", 1001)}, want: `--reason is 1001 bytes long`},
	{args: []string{"start", "upwork/acme", "--note", strings.Repeat("n", 1001)}, want: `--note is 1001 bytes long`},
	{args: []string{"earn", "etsy/shop", "10", "--ref", strings.Repeat("x", 201)}, want: `the ref is 201 bytes long`},
	// Platforms are typed as streams' platforms are.
	{args: []string{"platform", "set-class", "Ko Fi", "storefront"}, want: `"Ko Fi"`},
	{args: []string{"platform", "reset", "a/b"}, want: `"a/b"`},
	{args: []string{"platform", "reset"}, want: `NAME`},
	{args: []string{"list", "--platform", "up work"}, want: `"up work"`},
	{args: []string{"list", "--platform", "upwork/acme"}, want: `"upwork/acme"`},
	// Names: letters of any script are names, anything else is refused.
	{args: []string{"earn", "upwork/müller straße", "10"}, want: `müller straße`},
	{args: []string{"earn", "upwork/✨", "10"}, want: `✨`},
	{args: []string{"earn", "upwork/a\u202eb", "10"}, want: `upwork/a\u202eb`},
	{args: []string{"work", "upwork/a_b", "1h"}, want: `upwork/a_b`},
}

const togglHeader = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n"

// testBadInput runs every bad input against one ledger and hashes the file
// around each: a refused command writes nothing at all.
func (r *rel) testBadInput(t *testing.T) {
	dir := t.TempDir()
	db := r.baseLedger(t, dir)
	demo, err := filepath.Abs("demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(demo, filepath.Join(dir, "demo")); err != nil {
		t.Fatal(err)
	}
	var failures int
	for _, c := range badInputs {
		name := strings.Join(c.args, " ")
		if !t.Run(name, func(t *testing.T) { r.badInput(t, dir, db, c) }) {
			failures++
		}
	}
	r.mustBeClean(t, db)
	summary("bad-input: cases %d, failures %d", len(badInputs), failures)
}

// badInput runs one bad input in folder dir on ledger db.
func (r *rel) badInput(t *testing.T, dir, db string, c badInput) {
	name := strings.Join(c.args, " ")
	for f, content := range c.files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hash := hashFile(t, db)
	res := r.runIn(t, dir, db, c.stdin, c.args...)
	noPanic(t, name, res)
	if res.code != 2 {
		t.Errorf("earnlog %s: %v; want exit 2", name, res)
	}
	if res.stdout != "" {
		t.Errorf("earnlog %s: printed %q on stdout; want nothing", name, res.stdout)
	}
	if !strings.Contains(res.stderr, c.want) {
		t.Errorf("earnlog %s: stderr %q does not name %q", name, res.stderr, c.want)
	}
	if got := hashFile(t, db); got != hash {
		t.Errorf("earnlog %s: the ledger file changed", name)
	}
	// The same command where no ledger is yet: refused the same way, and
	// it leaves no ledger and no folder behind.
	if slices.Contains(c.args, "--db") {
		return
	}
	fresh := filepath.Join(dir, "fresh")
	res = r.runIn(t, dir, filepath.Join(fresh, "earnlog", "ledger.db"), c.stdin, c.args...)
	noPanic(t, name, res)
	if res.code != 2 {
		t.Errorf("earnlog %s on a new path: %v; want exit 2", name, res)
	}
	if _, err := os.Lstat(fresh); err == nil {
		t.Errorf("earnlog %s on a new path: a refused command created %s", name, fresh)
		os.RemoveAll(fresh)
	}
}

// runIn runs earnlog in folder dir, so that relative file names resolve
// there, with stdin as its input.
func (r *rel) runIn(t *testing.T, dir, db, stdin string, args ...string) result {
	t.Helper()
	res, err := r.startIn(dir, db, strings.NewReader(stdin), nil, args...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// hygieneCase is an import whose row 5 is bad while every other row carries
// a marker of its own: the error must name row 5's bad value and no marker.
type hygieneCase struct {
	format string
	extra  []string
	header string
	row    func(i int, marker string) string // a good row
	bad    string                            // row 5
	want   string
}

var hygieneCases = []hygieneCase{
	{
		format: "csv", header: eventsHeader,
		row: func(i int, m string) string {
			return fmt.Sprintf("2025-01-%02d,etsy/%s,sale,1%d.00,USD,%s-ref,%s note", i+1, strings.ToLower(m), i, m, m)
		},
		bad:  "2025-01-05,etsy/shop,sale,BADAMOUNT5,USD,r5,fifth",
		want: "BADAMOUNT5",
	},
	{
		format: "timeclock", header: "",
		row: func(i int, m string) string {
			return fmt.Sprintf("i 2026/03/%02d 09:00:00 upwork:%s  %s\no 2026/03/%02d 10:00:00", i+1, strings.ToLower(m), m, i+1)
		},
		bad:  "i 2026/03/05 29:00:00 upwork:acme\no 2026/03/05 30:00:00",
		want: "29:00:00",
	},
	{
		format: "toggl", header: "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n",
		row: func(i int, m string) string {
			return fmt.Sprintf("%s,%s@x.io,,upwork/%s,,%s,Yes,2023-10-%02d,09:00:00,2023-10-%02d,10:00:00,01:00:00,,0", m, m, strings.ToLower(m), m, i+1, i+1)
		},
		bad:  "Ann,ann@x.io,,upwork/a,,,Yes,2023-10-05,09:00:00,2023-10-05,10:00:00,BADDURATION5,,0",
		want: "BADDURATION5",
	},
	{
		format: "paypal", header: `"Datum", "Beschreibung", "Währung", "Brutto", "Entgelt", "Netto", "Transaktionscode", "Name"` + "\n",
		row: func(i int, m string) string {
			return fmt.Sprintf(`"%02d.02.2026", "Zahlung erhalten", "EUR", "1%d,00", "-0,50", "0,50", "%s-TX", "%s GmbH"`, i+1, i, m, m)
		},
		bad:  `"05.02.2026", "Zahlung erhalten", "EUR", "BADBRUTTO5", "0,00", "0,00", "T5", "Five"`,
		want: "BADBRUTTO5",
	},
}

// testErrorHygiene checks that an error about one row shows that row's bad
// value and nothing of the other rows: an error message is no place for
// someone else's income data.
func (r *rel) testErrorHygiene(t *testing.T) {
	dir := t.TempDir()
	db := r.baseLedger(t, dir)
	var failures int
	for _, c := range hygieneCases {
		if !t.Run(c.format, func(t *testing.T) { r.hygiene(t, dir, db, c) }) {
			failures++
		}
	}
	summary("error-hygiene: importers %d, failures %d", len(hygieneCases), failures)
}

// hygiene runs one hygiene case on ledger db.
func (r *rel) hygiene(t *testing.T, dir, db string, c hygieneCase) {
	var b strings.Builder
	b.WriteString(c.header)
	var markers []string
	for i := 0; i < 9; i++ {
		if i == 4 {
			b.WriteString(c.bad + "\n")
			continue
		}
		m := fmt.Sprintf("MARKER%dX", i+1)
		markers = append(markers, m)
		b.WriteString(c.row(i, m) + "\n")
	}
	file := filepath.Join(dir, "rows."+c.format)
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	hash := hashFile(t, db)
	res := r.run(t, db, nil, append([]string{"import", c.format, file}, c.extra...)...)
	if res.code != 2 || !strings.Contains(res.stderr, c.want) {
		t.Errorf("import %s with a bad row 5: %v; want exit 2 naming %q", c.format, res, c.want)
	}
	for _, m := range markers {
		if strings.Contains(strings.ToLower(res.stderr+res.stdout), strings.ToLower(m)) {
			t.Errorf("import %s: the error about row 5 shows %s of another row: %q", c.format, m, res.stderr)
		}
	}
	if hashFile(t, db) != hash {
		t.Errorf("import %s: a refused import changed the ledger", c.format)
	}
}
