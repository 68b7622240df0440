package report_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
	"github.com/shopspring/decimal"
)

// fuzzBytes draws numbers from a fuzzer's bytes; past their end it draws
// zeros, so that every input is a ledger.
type fuzzBytes struct {
	b    []byte
	wide bool // whether dates may fall anywhere in the range
}

func (f *fuzzBytes) u8() uint8 {
	if len(f.b) == 0 {
		return 0
	}
	v := f.b[0]
	f.b = f.b[1:]
	return v
}

func (f *fuzzBytes) u32() uint32 {
	var p [4]byte
	for i := range p {
		p[i] = f.u8()
	}
	return binary.LittleEndian.Uint32(p[:])
}

func (f *fuzzBytes) intn(n int) int { return int(f.u32() % uint32(n)) }

var (
	fuzzStreams    = []ledger.Stream{"upwork/a", "upwork/b", "etsy/s", "gumroad/g", "kofi/k", "misc/x"}
	fuzzCurrencies = []string{"USD", "JPY", "KWD", "EUR"}
	fuzzFirst      = ledger.NewDate(1970, 1, 1)
	fuzzLast       = ledger.NewDate(2999, 12, 31)
)

// date draws a date of the whole allowed range (1970-01-01..2999-12-31),
// often near a base so that windows and links meet work, in a wide ledger
// sometimes anywhere or at either end.
func (f *fuzzBytes) date(base ledger.Date) ledger.Date {
	var d ledger.Date
	pick := f.u8() % 8
	if !f.wide {
		pick = 7
	}
	switch pick {
	case 0:
		d = fuzzFirst + ledger.Date(f.intn(int(fuzzLast-fuzzFirst)+1))
	case 1:
		d = fuzzFirst + ledger.Date(f.intn(40))
	case 2:
		d = fuzzLast - ledger.Date(f.intn(40))
	default:
		d = base + ledger.Date(f.intn(400)) - 200
	}
	return max(fuzzFirst, min(fuzzLast, d))
}

// amount draws a valid amount for kind k: small, at the largest a record
// may hold, or anything between, with the sign the kind requires.
func (f *fuzzBytes) amount(k ledger.Kind) int64 {
	var v int64
	switch f.u8() % 4 {
	case 0:
		v = ledger.MaxMinor
	case 1:
		v = ledger.MaxMinor - int64(f.u32())
	default:
		v = int64(f.u32()%1_000_000) + 1
	}
	if k.Sign() < 0 || (k.Sign() == 0 && f.u8()%2 == 0) {
		v = -v
	}
	return v
}

// fuzzLedger builds a ledger from data: events of every kind in four
// currencies over the whole date range, huge and negative amounts, refs
// and links (to live, voided, missing and non-income records), billed
// hours, voided records, and sessions.
func fuzzLedger(data []byte) ([]ledger.Event, []ledger.WorkSession) {
	// One ledger in four spans the whole range (an HTML chart of up to
	// 12,360 months, the slowest thing to draw: see fuzzHTML); the others
	// a few years around one base date of the range.
	f := &fuzzBytes{b: data}
	f.wide = f.u8()%4 == 1
	base := fuzzFirst + ledger.Date(f.intn(int(fuzzLast-fuzzFirst)+1))
	if f.u8()%2 == 0 {
		base = ledger.NewDate(2026, 1, 1)
	}
	n := f.intn(48)
	events := make([]ledger.Event, 0, n)
	for i := 0; i < n; i++ {
		k := ledger.Kinds[f.intn(len(ledger.Kinds))]
		e := ledger.Event{
			ID:       uint64(i + 1),
			Date:     f.date(base),
			Stream:   fuzzStreams[f.intn(len(fuzzStreams))],
			Kind:     k,
			Currency: fuzzCurrencies[f.intn(len(fuzzCurrencies))],
			Voided:   f.u8()%5 == 0,
		}
		e.Amount = f.amount(k)
		if f.u8()%2 == 0 {
			e.Ref = fmt.Sprintf("r%d", f.intn(12)) // repeated refs too
		}
		if !k.IsIncome() && f.u8()%2 == 0 {
			e.Link = fmt.Sprintf("r%d", f.intn(14))
		}
		if k == ledger.KindHourly && f.u8()%2 == 0 {
			e.Billed = int64(f.intn(int(ledger.MaxDuration))) + 1
			e.PeriodEnd = max(fuzzFirst, e.Date-ledger.Date(f.intn(15)))
			e.PeriodStart = max(fuzzFirst, e.PeriodEnd-ledger.Date(f.intn(31)))
		}
		events = append(events, e)
	}
	m := f.intn(24)
	sessions := make([]ledger.WorkSession, 0, m)
	for i := 0; i < m; i++ {
		w := ledger.WorkSession{
			ID:      uint64(i + 1),
			Stream:  fuzzStreams[f.intn(len(fuzzStreams))],
			Start:   int64(f.date(base)) * 86400,
			HasTime: f.u8()%2 == 0,
			Seconds: int64(f.intn(int(ledger.MaxDuration))) + 1,
			Voided:  f.u8()%6 == 0,
		}
		if w.HasTime {
			w.Start += int64(f.intn(86400))
		} else {
			w.Seconds = min(w.Seconds, 86400)
		}
		sessions = append(sessions, w)
	}
	return events, sessions
}

// fuzzHTML says whether to draw the monthly report by as HTML: without
// --by and by stream for ledgers of a few years; for a quarter of the
// ledgers spanning the whole range (data[0] is 1 modulo 16) without --by
// only, since a page of 12,360 months takes a second to draw.
func fuzzHTML(data []byte, by string) bool {
	wide := len(data) > 0 && data[0]%4 == 1 // as fuzzLedger draws it
	switch {
	case !wide:
		return by == report.ByNone || by == report.ByStream
	case data[0]%16 == 1:
		return by == report.ByNone
	}
	return false
}

// overflowed reports whether err is a report's refusal to print a sum that
// would wrap, the one error a valid ledger may produce.
func overflowed(err error) bool {
	return err != nil && ledger.ErrorCode(err) == ledger.EINTERNAL && strings.Contains(err.Error(), "beyond what earnlog can sum")
}

type anyReport interface {
	WriteTable(io.Writer, report.TableOptions) error
	WriteCSV(io.Writer) error
	WriteJSON(io.Writer) error
}

// renderAll writes r with every renderer and bar style: none may fail or
// panic, and JSON must parse. With html, a monthly report is drawn too (the
// page of twelve thousand months is most of a run's time, so not for
// every --by).
func renderAll(t *testing.T, name string, r anyReport, html bool) {
	t.Helper()
	var b bytes.Buffer
	for _, bars := range []report.BarStyle{report.BarsNone, report.BarsASCII, report.BarsUnicode} {
		if err := r.WriteTable(&b, report.TableOptions{Bars: bars}); err != nil {
			t.Fatalf("%s table: %v", name, err)
		}
	}
	if err := r.WriteCSV(&b); err != nil {
		t.Fatalf("%s csv: %v", name, err)
	}
	b.Reset()
	if err := r.WriteJSON(&b); err != nil {
		t.Fatalf("%s json: %v", name, err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("%s json is not JSON: %s", name, b.Bytes())
	}
	if h, ok := r.(interface{ WriteHTML(io.Writer) error }); ok && html {
		b.Reset()
		if err := h.WriteHTML(&b); err != nil {
			t.Fatalf("%s html: %v", name, err)
		}
	}
}

var decimalOne = decimal.NewFromInt(1)

// FuzzReports runs every report (monthly with each --by and with bounds,
// streams, claim with its sweep, hours) and every renderer (table, csv,
// json, html) on random ledgers: no panic, no error but a refused
// overflow, and rows that add up to the totals and to the events.
func FuzzReports(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("a ledger of a few bytes"))
	f.Add(bytes.Repeat([]byte{0xff, 0x01, 0x80, 0x07}, 200))
	f.Add(bytes.Repeat([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, 60))
	// Dates at both ends of the range: an HTML chart of 12,360 months.
	f.Add(append([]byte{1, 0, 0, 0, 1, 12, 0, 0, 0}, bytes.Repeat([]byte{1, 2, 0, 0, 0, 3, 0, 0, 0, 0}, 40)...))
	// Nine events, JPY spanning more than 9,000 months (the division by
	// zero of -o html once).
	f.Add([]byte("\x01:\x17\xc9\x02\x8b\xe9\x91N\xb7d\x9cl\x93G\x80\ty\u0443\x03V\xf2\xa5L=\uaca4\xb4G]c\xaf\xbe\x8f\xb5i\x87\xc7\x7fX\x18Ro\x18\x14\xbe\x823P\xea\xb195\xf3\x1d\x84HE\x17\xe9$\xae\xf7\x8a\xe1Q\xc0\aU\x92X6\xb7\aX\x85e\f0\xec)\xa3p94\xbfP\xa2\x8d\xa1\x02\x97]\xed\xa7~u\x85y\xea=\xfeA6\xab\xf7R\xb3\xb8'\x1d\x03\xe9D\xb3\xc9\xdb6"))
	f.Fuzz(one)
}

func one(t *testing.T, data []byte) {
	{
		events, sessions := fuzzLedger(data)
		in := input(events, sessions)
		rule := report.Rule{Name: report.RuleWindow, WindowDays: int(len(data) % 61)}
		if len(data)%5 == 0 {
			rule = report.Rule{Name: report.RuleSinceLast}
		}

		// What the events say, per currency.
		want := map[string]report.Figures{}
		var billed int64
		for _, e := range events {
			if e.Voided {
				continue
			}
			w := want[e.Currency]
			switch {
			case e.Kind.CountsAsIncome():
				w.Income += e.Amount
			case e.Kind == ledger.KindFee:
				w.Fees += e.Amount
			}
			want[e.Currency] = w
			if e.Billed > 0 {
				billed += e.Billed
			}
		}

		var plain map[string]report.Figures
		for _, by := range []string{report.ByNone, report.ByPlatform, report.ByClass, report.ByStream} {
			r, err := report.Monthly(in, report.MonthlyOptions{Rule: rule, By: by})
			if overflowed(err) {
				return
			}
			if err != nil {
				t.Fatalf("monthly by %q: %v", by, err)
			}
			renderAll(t, "monthly by "+by, r, fuzzHTML(data, by))
			_ = r.ShareWarnings()
			sum := map[string]report.Figures{}
			for _, row := range r.Rows {
				s := sum[row.Currency]
				s.Income, s.Fees, s.Passive, s.Seconds = s.Income+row.Income, s.Fees+row.Fees, s.Passive+row.Passive, s.Seconds+row.Seconds
				sum[row.Currency] = s
			}
			tot := map[string]report.Figures{}
			for _, x := range r.Totals() {
				tot[x.Currency] = x.Figures
			}
			for cur, s := range sum {
				if tot[cur] != s {
					t.Fatalf("monthly by %q, %s: rows add up to %+v, the total says %+v", by, cur, s, tot[cur])
				}
				if w := want[cur]; s.Income != w.Income || s.Fees != w.Fees {
					t.Fatalf("monthly by %q, %s: income %d fees %d; the events say %d and %d", by, cur, s.Income, s.Fees, w.Income, w.Fees)
				}
			}
			if plain == nil {
				plain = tot
			} else {
				for cur, x := range tot {
					if plain[cur] != x {
						t.Fatalf("monthly by %q, %s: total %+v; without --by %+v", by, cur, x, plain[cur])
					}
				}
			}
		}

		// Bounds pick a span: its rows are the unbounded report's rows of
		// that span.
		mid := fuzzFirst + ledger.Date(len(data)*997%int(fuzzLast-fuzzFirst))
		all, err := report.Monthly(in, report.MonthlyOptions{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		bounded, err := report.Monthly(in, report.MonthlyOptions{Rule: rule, From: mid, To: fuzzLast})
		if err != nil && !overflowed(err) {
			t.Fatalf("monthly from %s: %v", mid, err)
		}
		if err == nil {
			renderAll(t, "monthly from", bounded, false)
			for _, row := range bounded.Rows {
				if row.Month < mid.MonthIndex() {
					t.Fatalf("monthly from %s has a row of %s", mid, ledger.MonthString(row.Month))
				}
				if row.Month == mid.MonthIndex() {
					continue // part of a month
				}
				found := false
				for _, a := range all.Rows {
					if a.Month == row.Month && a.Currency == row.Currency {
						found = a.Figures == row.Figures
					}
				}
				if !found {
					t.Fatalf("monthly from %s: row %+v is not the unbounded report's", mid, row)
				}
			}
		}

		sr, err := report.Streams(in, report.StreamsOptions{Rule: rule})
		if overflowed(err) {
			return
		}
		if err != nil {
			t.Fatalf("streams: %v", err)
		}
		renderAll(t, "streams", sr, false)
		byStream := map[string]report.Figures{}
		for _, row := range sr.Rows {
			s := byStream[row.Currency]
			s.Income, s.Fees, s.Passive, s.Seconds = s.Income+row.Income, s.Fees+row.Fees, s.Passive+row.Passive, s.Seconds+row.Seconds
			byStream[row.Currency] = s
		}
		for cur, s := range byStream {
			if plain[cur] != s {
				t.Fatalf("%s: streams add up to %+v, monthly to %+v", cur, s, plain[cur])
			}
		}

		for _, cur := range []string{"", "USD", "JPY"} {
			cr, err := report.Claim(in, report.ClaimOptions{Rule: rule, Sweep: true, Currency: cur, MinMonths: 1 + len(data)%7})
			if overflowed(err) {
				continue
			}
			if err != nil {
				t.Fatalf("claim in %q: %v", cur, err)
			}
			renderAll(t, "claim", cr, false)
			for _, c := range []report.ClassResult{cr.Marketplace, cr.Storefront} {
				if c.HasShare && (c.Share.IsNegative() || c.Share.GreaterThan(decimalOne) || c.Low.GreaterThan(c.High)) {
					t.Fatalf("claim %s: share %s in %s..%s", c.Class, c.Share, c.Low, c.High)
				}
			}
			if len(cr.Sweep) != len(report.SweepWindows) {
				t.Fatalf("claim: %d sweep points; want %d", len(cr.Sweep), len(report.SweepWindows))
			}
			// Each class's income is the monthly report's, by class.
			mc, err := report.Monthly(in, report.MonthlyOptions{Rule: rule, By: report.ByClass})
			if err != nil {
				t.Fatal(err)
			}
			byClass := map[string]int64{}
			for _, row := range mc.Rows {
				if row.Currency == cr.Currency {
					byClass[row.Group] += row.Income
				}
			}
			if cr.Marketplace.Income != byClass["marketplace"] || cr.Storefront.Income != byClass["storefront"] {
				t.Fatalf("claim in %s: income %d and %d; monthly by class %v", cr.Currency, cr.Marketplace.Income, cr.Storefront.Income, byClass)
			}
		}

		hr, err := report.Hours(in, report.HoursOptions{})
		if err != nil {
			t.Fatalf("hours: %v", err)
		}
		renderAll(t, "hours", hr, false)
		var got int64
		for _, row := range hr.Rows {
			got += row.Billed
		}
		if got != billed {
			t.Fatalf("hours: rows bill %ds; the events %ds", got, billed)
		}
	}
}
