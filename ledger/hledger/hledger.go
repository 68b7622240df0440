// Package hledger writes the ledger in the plain-text formats of hledger
// (https://hledger.org): income events as a journal, work sessions as a
// timeclock file. Both are written record by record, so that a ledger of a
// million events never sits in memory.
//
// Journal: one transaction per event, the money arriving in (or leaving)
// assets:PLATFORM, balanced by
//
//	income:PLATFORM:NAME         income kinds, refunds and adjustments
//	expenses:fees:PLATFORM:NAME  fees
//
// so that hledger's income total is earnlog's income with hledger's sign
// (income is a credit: negative). Amounts carry the ISO 4217 code as the
// commodity, with the currency's own decimals ("USD 250.00", "JPY 3000",
// "KWD 1.250"); a commodity directive before a currency's first transaction
// fixes those decimals for hledger's reports.
//
// Timeclock: one clock-in and clock-out pair per session, on the account
// PLATFORM:NAME (the form earnlog's timeclock import reads back). A session
// logged with a date only is written as starting at 00:00:00 on that date.
//
// hledger reads a description up to ";" (a comment), a code (the ref) up to
// ")", and every field up to the end of the line, so text from earnlog is
// made single-line, ";" becomes "," and a ref's parentheses brackets.
package hledger

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// Accounts returns the two accounts of an event's transaction: where the
// money is (assets:PLATFORM) and what it is (income:... or expenses:fees:...).
// Stream names are lower-case slugs, so these are valid hledger account names
// (no spaces, no two consecutive spaces).
func Accounts(e *ledger.Event) (asset, other string) {
	p, n := e.Stream.Platform(), e.Stream.Name()
	asset = "assets:" + p
	if e.Kind == ledger.KindFee {
		return asset, "expenses:fees:" + p + ":" + n
	}
	return asset, "income:" + p + ":" + n
}

// Amount writes minor units of currency as an hledger amount with the
// currency code as the commodity: "USD -12.50".
func Amount(minor int64, currency string) string {
	return currency + " " + ledger.FormatAmount(minor, currency)
}

// Text makes free text safe for one hledger field: control characters
// (newlines, tabs) become spaces, runs of spaces one space (two spaces end an
// account name or a description's field in some places) and ";" (a comment in
// hledger) becomes ",".
func Text(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f || r == ' ' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			space = true
			continue
		case r == ';':
			r = ','
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Description is a transaction's description: the kind and the stream, then
// the note when there is one ("sale etsy/pixelshop | blue mug").
func Description(e *ledger.Event) string {
	d := e.Kind.String() + " " + string(e.Stream)
	if note := Text(e.Note); note != "" {
		d += " | " + note
	}
	return d
}

// Journal writes events as hledger journal transactions.
type Journal struct {
	w          *bufio.Writer
	commodity  map[string]bool
	wroteFirst bool
}

// NewJournal returns a Journal writing to w. Nothing is written until the
// first event or Flush.
func NewJournal(w io.Writer) *Journal {
	return &Journal{w: bufio.NewWriter(w), commodity: map[string]bool{}}
}

func (j *Journal) start() {
	if j.wroteFirst {
		return
	}
	j.wroteFirst = true
	j.w.WriteString("; earnlog export hledger: one transaction per income event (voided events left out).\n")
	j.w.WriteString("; Income is a credit in hledger: 'hledger bal income' shows earnlog's income negated.\n")
	// Amounts such as "1.250" (KWD) would otherwise be ambiguous to hledger.
	j.w.WriteString("decimal-mark .\n")
}

// Event writes one transaction. Voided events are skipped: hledger has no
// notion of a void, and a report there must agree with earnlog's.
func (j *Journal) Event(e *ledger.Event) error {
	j.start()
	if e.Voided {
		return nil
	}
	if !j.commodity[e.Currency] {
		j.commodity[e.Currency] = true
		j.w.WriteString("\ncommodity " + commodityFormat(e.Currency) + "\n")
	}
	asset, other := Accounts(e)
	j.w.WriteString("\n" + e.Date.Time().Format("2006-01-02"))
	if ref := Text(e.Ref); ref != "" {
		// A code ends at the first ")".
		j.w.WriteString(" (" + strings.NewReplacer("(", "[", ")", "]").Replace(ref) + ")")
	}
	j.w.WriteString(" " + Description(e) + "\n")
	// Tags let a person find the record in earnlog again. A tag's value
	// ends at a comma, so the link (free text) goes through tagValue.
	j.w.WriteString("    ; earnlog-id:" + strconv.FormatUint(e.ID, 10))
	if e.Link != "" {
		j.w.WriteString(", link:" + tagValue(e.Link))
	}
	if e.Billed > 0 {
		j.w.WriteString(", billed-hours:" + ledger.FormatHours(e.Billed))
	}
	j.w.WriteString("\n")
	posting(j.w, asset, Amount(e.Amount, e.Currency))
	// bufio.Writer keeps its first error: the last write reports it.
	return posting(j.w, other, Amount(-e.Amount, e.Currency))
}

// Flush writes what is buffered and returns the first write error.
func (j *Journal) Flush() error {
	j.start()
	return j.w.Flush()
}

func posting(w *bufio.Writer, account, amount string) error {
	w.WriteString("    " + account)
	// Two spaces at least end the account name; pad for readability.
	pad := 40 - len(account)
	if pad < 2 {
		pad = 2
	}
	w.WriteString(strings.Repeat(" ", pad))
	_, err := w.WriteString(amount + "\n")
	return err
}

func tagValue(s string) string {
	return Text(strings.ReplaceAll(s, ",", " "))
}

// commodityFormat is the sample amount of a commodity directive: the code
// and 1000 with the currency's decimals; a currency without decimals gets a
// trailing decimal mark, which hledger reads as "no decimals" rather than as
// an unknown precision.
func commodityFormat(currency string) string {
	exp, _ := ledger.CurrencyExponent(currency)
	if exp == 0 {
		return currency + " 1000."
	}
	return currency + " 1000." + strings.Repeat("0", exp)
}

// Timeclock writes work sessions as an hledger timeclock file.
type Timeclock struct {
	w *bufio.Writer
}

// NewTimeclock returns a Timeclock writing to w.
func NewTimeclock(w io.Writer) *Timeclock {
	return &Timeclock{w: bufio.NewWriter(w)}
}

// Session writes one clock-in and clock-out pair; voided sessions are
// skipped. A date-only session starts at 00:00:00 of its date.
func (t *Timeclock) Session(s *ledger.WorkSession) error {
	if s.Voided {
		return nil
	}
	account := s.Stream.Platform() + ":" + s.Stream.Name()
	t.w.WriteString("i " + clock(s.Start) + " " + account)
	if note := Text(s.Note); note != "" {
		t.w.WriteString("  " + note)
	}
	_, err := t.w.WriteString("\no " + clock(s.Start+s.Seconds) + "\n")
	return err
}

// Flush writes what is buffered and returns the first write error.
func (t *Timeclock) Flush() error { return t.w.Flush() }

// clock writes civil seconds as a timeclock date and time.
func clock(civil int64) string {
	return time.Unix(civil, 0).UTC().Format("2006/01/02 15:04:05")
}
