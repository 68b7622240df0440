package earncsv_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/ledger/ledgertest"
)

func importFile(t *testing.T, name string) (*ledgertest.Sink, error) {
	t.Helper()
	rec := &ledgertest.Sink{}
	return rec, rec.ImportFile(t, earncsv.Import, name, ledger.ImportOptions{})
}

func day(y int, m time.Month, d int) ledger.Date { return ledger.NewDate(y, m, d) }

func civil(y int, m time.Month, d, hh, mm, ss int) int64 {
	return ledger.CivilSeconds(time.Date(y, m, d, hh, mm, ss, 0, time.UTC))
}

func TestImportEvents(t *testing.T) {
	rec, err := importFile(t, "events_export.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.Event{
		{ID: 1, Date: day(2024, 6, 7), Stream: "upwork/acme-logo", Kind: ledger.KindHourly, Amount: 25800, Currency: "USD",
			Billed: 51600, PeriodStart: day(2024, 5, 27), PeriodEnd: day(2024, 6, 2), Ref: "701123340", Note: "week 22, logo", Key: "upwork:701123340"},
		{ID: 2, Date: day(2024, 6, 7), Stream: "upwork/acme-logo", Kind: ledger.KindFee, Amount: -2580, Currency: "USD",
			Link: "701123340", Note: "=HYPERLINK(1)", Key: "upwork:fee:701123340"},
		{ID: 3, Date: day(2024, 6, 8), Stream: "etsy/pixel-press", Kind: ledger.KindSale, Amount: 1200, Currency: "JPY",
			Ref: "-5", Note: "multi\nline", Key: "csv:manual", Voided: true, VoidReason: "@typo"},
	}
	if !reflect.DeepEqual(rec.Events, want) {
		t.Errorf("events:\n got %+v\nwant %+v", rec.Events, want)
	}
}

func TestImportSessionsListCRLF(t *testing.T) {
	rec, err := importFile(t, "sessions_list_crlf.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Sessions) != 2 {
		t.Fatalf("got %d sessions, want 2", len(rec.Sessions))
	}
	got0, got1 := rec.Sessions[0], rec.Sessions[1]
	// The list layout has two-decimal hours only: 8.01 h is 28836 s.
	if got0.Start != civil(2026, 3, 27, 9, 0, 0) || !got0.HasTime || got0.Seconds != 28836 || got0.Note != "logo work" || got0.Voided {
		t.Errorf("session 0 = %+v", got0)
	}
	if got1.Start != civil(2026, 3, 28, 0, 0, 0) || got1.HasTime || got1.Seconds != 5400 || !got1.Voided {
		t.Errorf("session 1 = %+v", got1)
	}
	if !strings.HasPrefix(got0.Key, "csv:") || got0.Key == got1.Key {
		t.Errorf("keys %q %q: want distinct csv: hashes", got0.Key, got1.Key)
	}
}

func TestImportListKeyIsStable(t *testing.T) {
	a, err := importFile(t, "events_bom_minimal.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := importFile(t, "events_bom_minimal.csv")
	if len(a.Events) != 1 || a.Events[0].Key != b.Events[0].Key || !strings.HasPrefix(a.Events[0].Key, "csv:") {
		t.Fatalf("keys not stable: %+v %+v", a.Events, b.Events)
	}
	if e := a.Events[0]; e.Currency != "USD" || e.Amount != 999 || e.Kind != ledger.KindSale || e.Stream != "gumroad/icon-pack" {
		t.Errorf("event = %+v", e)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"bad_amount.csv", `bad_amount.csv:2: column "amount": "12.345" is not an amount`},
		{"unknown_header.csv", "unknown_header.csv: the header matches no earnlog CSV export"},
		{"bad_sign.csv", "bad_sign.csv:2: amount 2.00 has the wrong sign for a refund"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := importFile(t, tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if !ledger.IsInputError(err) {
				t.Errorf("err %v is not an input error", err)
			}
		})
	}
	var re *ledger.RowError
	_, err := importFile(t, "bad_amount.csv")
	if !errors.As(err, &re) || re.Line != 2 || re.Column != "amount" {
		t.Errorf("err = %#v, want a RowError at line 2, column amount", err)
	}
}

func TestWriterGuardsTextOnly(t *testing.T) {
	var buf bytes.Buffer
	w := earncsv.NewEventWriter(&buf, false, false, ledger.Classes{"etsy": ledger.ClassOther})
	e := &ledger.Event{ID: 4, Date: day(2024, 1, 2), Stream: "etsy/shop", Kind: ledger.KindRefund, Amount: -1250, Currency: "USD",
		Ref: "+1", Note: "'=already quoted"}
	if err := w.Event(e); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "id,date,stream,platform,class,kind,amount,currency,hours,ref,note,voided\n" +
		"4,2024-01-02,etsy/shop,etsy,other,refund,-12.50,USD,,'+1,''=already quoted,false\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}

	buf.Reset()
	w = earncsv.NewEventWriter(&buf, false, true, nil)
	_ = w.Event(e)
	_ = w.Flush()
	if !strings.Contains(buf.String(), ",+1,'=already quoted,") {
		t.Errorf("raw output guarded text: %s", buf.String())
	}
}

func TestWriterSessions(t *testing.T) {
	var buf bytes.Buffer
	w := earncsv.NewSessionWriter(&buf, true, false)
	s := &ledger.WorkSession{ID: 9, Stream: "upwork/acme", Start: civil(2026, 3, 27, 9, 0, 0), HasTime: true, Seconds: 28834,
		Note: "-draft", Key: "timeclock:upwork/acme:2026-03-27T09:00:00", Voided: true, VoidReason: "dup", Tags: "build,market"}
	if err := w.Session(s); err != nil {
		t.Fatal(err)
	}
	if err := w.Event(&ledger.Event{}); err == nil {
		t.Error("an event on a session writer was accepted")
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "id,stream,start,hours,note,voided,tag,seconds,key,void_reason\n" +
		"9,upwork/acme,2026-03-27T09:00:00,8.01,'-draft,true,\"build,market\",28834,timeclock:upwork/acme:2026-03-27T09:00:00,dup\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestRoundTripFixture: export -> import -> export is byte-exact on the fixture.
func TestRoundTripFixture(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "events_export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rec := &ledgertest.Sink{}
	if err := earncsv.Import(bytes.NewReader(raw), ledger.ImportOptions{}, rec); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := earncsv.NewEventWriter(&out, true, false, nil)
	for i := range rec.Events {
		if err := w.Event(&rec.Events[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(raw) {
		t.Errorf("round trip differs:\n got %q\nwant %q", out.String(), raw)
	}
}

// TestIdenticalRowsAreTwoRecords: a file without id or key columns that
// holds the same row twice holds two records (two sales of the same price
// on the same day), and reading the same file again gives the same keys,
// so a second import adds nothing. The first copy keeps the key earlier
// versions gave it.
func TestIdenticalRowsAreTwoRecords(t *testing.T) {
	for _, c := range []struct{ name, file string }{
		{"events", "date,stream,kind,amount,currency\n2026-03-02,etsy/shop,sale,12.00,USD\n2026-03-02,etsy/shop,sale,12.00,USD\n2026-03-02,etsy/shop,sale,12.00,USD\n"},
		{"sessions", "stream,start,hours\nupwork/acme,2026-03-02,1.50\nupwork/acme,2026-03-02,1.50\nupwork/acme,2026-03-02,1.50\n"},
	} {
		sink := &ledgertest.Sink{Dedupe: true}
		for range 2 {
			if err := earncsv.Import(strings.NewReader(c.file), ledger.ImportOptions{Name: "x.csv"}, sink); err != nil {
				t.Fatal(err)
			}
		}
		var keys []string
		for _, e := range sink.Events {
			keys = append(keys, e.Key)
		}
		for _, w := range sink.Sessions {
			keys = append(keys, w.Key)
		}
		if len(keys) != 3 || sink.Dups != 3 {
			t.Fatalf("%s: %d records kept, %d duplicates over two imports; want 3 and 3", c.name, len(keys), sink.Dups)
		}
		if strings.Contains(keys[0], ":2") || keys[1] != keys[0]+":2" || keys[2] != keys[0]+":3" {
			t.Errorf("%s: keys %q: want the bare hash, then :2 and :3", c.name, keys)
		}
	}
}
