package ledger

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is what an income event is.
type Kind uint8

// Event kinds. Income kinds are positive; refunds negative; fees negative,
// except that an imported fee may be positive when the platform gives a fee
// back (a fee credit, which lowers the fees); adjustments either way.
const (
	KindHourly Kind = iota + 1
	KindFixed
	KindBonus
	KindSale
	KindRoyalty
	KindTip
	KindRefund
	KindFee
	KindAdjustment
)

var kindNames = [...]string{"", "hourly", "fixed", "bonus", "sale", "royalty", "tip", "refund", "fee", "adjustment"}

// Kinds lists every kind in order.
var Kinds = []Kind{KindHourly, KindFixed, KindBonus, KindSale, KindRoyalty, KindTip, KindRefund, KindFee, KindAdjustment}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseKind reads a kind name.
func ParseKind(s string) (Kind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range kindNames {
		if i > 0 && t == n {
			return Kind(i), nil
		}
	}
	return 0, Errorf(EINVALID, "%q is not a kind: use %s", s, strings.Join(kindNames[1:], ", "))
}

// IsIncome reports whether k is money earned (hourly, fixed, bonus, sale,
// royalty, tip).
func (k Kind) IsIncome() bool { return k >= KindHourly && k <= KindTip }

// CountsAsIncome reports whether k enters income and the passive share:
// the income kinds, refunds (income given back) and adjustments. Fees do not.
func (k Kind) CountsAsIncome() bool { return k != KindFee && k >= KindHourly && k <= KindAdjustment }

// Links reports whether an event of kind k takes its verdict from the
// earning its Link names: refunds and adjustments.
func (k Kind) Links() bool { return k == KindRefund || k == KindAdjustment }

// Sign is the sign an amount of kind k must have: +1 for income, -1 for
// refunds and fees, 0 for adjustments (either).
func (k Kind) Sign() int {
	switch {
	case k.IsIncome():
		return 1
	case k == KindRefund || k == KindFee:
		return -1
	}
	return 0
}

// DefaultKind is the kind an earning gets when none is given: a sale on a
// storefront, a fixed-price payment elsewhere.
func DefaultKind(c Class) Kind {
	if c == ClassStorefront {
		return KindSale
	}
	return KindFixed
}

// SignAmount applies the sign rule for a typed amount: fees and refunds are
// stored negative whatever sign was typed ("fee 2.50" and "fee -2.50" are the
// same fee); income kinds must not be typed negative (that would be a refund,
// so it is refused rather than guessed); adjustments keep the sign typed.
func SignAmount(k Kind, minor int64, typed string) (int64, error) {
	switch k.Sign() {
	case -1:
		if minor > 0 {
			return -minor, nil
		}
		return minor, nil
	case 1:
		if minor < 0 {
			return 0, Errorf(EINVALID, "%q is negative, but a %s is income: record money given back with --kind refund, and platform costs with --kind fee", typed, k)
		}
	}
	return minor, nil
}

// Event is one income event: money that arrived (or left) on a date, on a
// stream.
type Event struct {
	ID       uint64
	Date     Date
	Stream   Stream
	Kind     Kind
	Amount   int64  // minor units of Currency, signed
	Currency string // ISO 4217
	// Billed is the work an hourly invoice billed, in seconds, over the
	// billing period PeriodStart..PeriodEnd (inclusive). Zero when none.
	Billed      int64
	PeriodStart Date
	PeriodEnd   Date
	Ref         string // the platform's reference: Ref ID, order number
	Link        string // Ref of the earning this fee, refund or adjustment belongs to
	Note        string
	// Key is the import identity (format and the platform's own ID, or a hash
	// of the row); unique in a ledger, it makes imports idempotent. A void
	// record that gave its key to its amendment, or let go of it in an undo,
	// reads with Key empty.
	Key string

	Voided     bool // set by the store from void records
	VoidReason string
	// Set by the store from its amendment and import records (left zero by
	// the lean scans): the record this one corrects, the record that
	// corrected this one, and the import that brought it.
	Amends, AmendedBy, Import uint64
}

// KeyNotRead is the Key a lean scan gives an event that has an import key:
// reports learn that the event came from an import without copying its key.
const KeyNotRead = "\x00not read"

// Imported reports whether e came from an import (it has an import key).
func (e *Event) Imported() bool { return e.Key != "" }

// WorkSession is time spent on a stream.
type WorkSession struct {
	ID     uint64
	Stream Stream
	// Start is a civil time (the wall clock where the work happened) in
	// seconds since 1970-01-01T00:00. When HasTime is false only the date of
	// Start is known.
	Start   int64
	HasTime bool
	Seconds int64
	Note    string
	Key     string
	// Tags say what kind of work it was: sorted, unique, comma-separated
	// ("build,market"); "" when untagged. See ParseTags.
	Tags string

	Voided     bool
	VoidReason string
	// As in Event.
	Amends, AmendedBy, Import uint64
}

// StartDate is the civil date the session started on.
func (w *WorkSession) StartDate() Date { return Date(floorDiv(w.Start, 86400)) }

// EndDate is the civil date of the session's last second (its start date for
// date-only sessions, which are taken to lie within that day).
func (w *WorkSession) EndDate() Date {
	if !w.HasTime || w.Seconds <= 0 {
		return w.StartDate()
	}
	return Date(floorDiv(w.Start+w.Seconds-1, 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Text limits keep records small and output readable.
const (
	MaxNote = 1000
	MaxRef  = 200
)

// The ledger's dates run from MinDate to MaxDate (1970-01-01 to
// 2999-12-31), the range every date parser accepts.
var (
	MinDate = NewDate(1970, time.January, 1)
	MaxDate = NewDate(2999, time.December, 31)
)

// MaxDateOnlySession is the longest session known by its date only: it lies
// within that day.
const MaxDateOnlySession = 24 * 3600

// Validate checks an event before it is stored: the rules of a record
// (ValidateStored) and the rules every way in enforces on a new one (earn,
// every importer, import csv included), so that no way in stores what
// another refuses:
//   - its date, and the billing period of billed hours, lie in MinDate..MaxDate;
//   - only an hourly payment bills hours (billed hours make an event
//     active, so a sale with hours would be active by accident);
//   - the hours fit in the billing period: at most 24 hours a day of it
//     (168 hours for a 7-day week).
func (e *Event) Validate() error {
	if err := e.ValidateStored(); err != nil {
		return err
	}
	if e.Date < MinDate || e.Date > MaxDate {
		return Errorf(EINVALID, "the date %s is out of range: dates run from %s to %s", e.Date, MinDate, MaxDate)
	}
	if e.Billed == 0 {
		return nil
	}
	if e.Kind != KindHourly {
		return Errorf(EINVALID, "billed hours %s go with an hourly payment, not a %s: billed hours make income active", FormatHours(e.Billed), e.Kind)
	}
	if e.PeriodStart < MinDate || e.PeriodEnd > MaxDate {
		return Errorf(EINVALID, "billing period %s..%s is out of range: dates run from %s to %s", e.PeriodStart, e.PeriodEnd, MinDate, MaxDate)
	}
	if days := int64(e.PeriodEnd-e.PeriodStart) + 1; e.Billed > days*24*3600 {
		return Errorf(EINVALID, "billed hours %s do not fit in the billing period %s..%s: %d days hold at most %dh", FormatHours(e.Billed), e.PeriodStart, e.PeriodEnd, days, days*24)
	}
	return nil
}

// ValidateStored checks what every stored event must be: a stream, a kind,
// a currency, an amount in range with the sign of its kind, billed hours in
// range, and text within its limits. Records stored by earlier versions
// that break only the newer rules of Validate still read.
func (e *Event) ValidateStored() error {
	if _, err := ParseStream(string(e.Stream)); err != nil {
		return err
	}
	if e.Kind < KindHourly || e.Kind > KindAdjustment {
		return Errorf(EINVALID, "event kind %d is not a kind", e.Kind)
	}
	if _, ok := CurrencyExponent(e.Currency); !ok {
		return Errorf(EINVALID, "%q is not an ISO 4217 currency code", e.Currency)
	}
	if e.Amount > MaxMinor || e.Amount < -MaxMinor {
		return Errorf(EINVALID, "amount %s %s is too large", FormatAmount(e.Amount, e.Currency), e.Currency)
	}
	if s := e.Kind.Sign(); (s > 0 && e.Amount < 0) || (s < 0 && e.Amount > 0 && e.Kind != KindFee) {
		return Errorf(EINVALID, "amount %s has the wrong sign for a %s (income is positive, refunds negative)", FormatAmount(e.Amount, e.Currency), e.Kind)
	}
	if e.Billed < 0 || e.Billed > MaxDuration {
		return Errorf(EINVALID, "billed hours %s are out of range (0 to 1000)", FormatHours(e.Billed))
	}
	if e.Billed > 0 && e.PeriodEnd < e.PeriodStart {
		return Errorf(EINVALID, "billing period %s..%s ends before it starts", e.PeriodStart, e.PeriodEnd)
	}
	if err := CheckText("the note", e.Note, MaxNote); err != nil {
		return err
	}
	if err := CheckText("the ref", e.Ref, MaxRef); err != nil {
		return err
	}
	return CheckText("the link", e.Link, MaxRef)
}

// Validate checks a work session before it is stored: the rules of a
// record (ValidateStored), a start from MinDate to MaxDate, and at most
// 24 hours for a session known by its date only. Every way in (work, the
// timer, every importer) goes through it.
func (w *WorkSession) Validate() error {
	if err := w.ValidateStored(); err != nil {
		return err
	}
	if d := w.StartDate(); d < MinDate || d > MaxDate {
		return Errorf(EINVALID, "the session starts on %s, out of range: dates run from %s to %s", d, MinDate, MaxDate)
	}
	if !w.HasTime && w.Seconds > MaxDateOnlySession {
		return Errorf(EINVALID, "a session of %s on a date alone is more than a day: a session known by its date only lies within that day (at most 24h); give its start time, or one session a day", FormatDuration(w.Seconds))
	}
	return nil
}

// ValidateStored checks what every stored session must be.
func (w *WorkSession) ValidateStored() error {
	if _, err := ParseStream(string(w.Stream)); err != nil {
		return err
	}
	if w.Seconds <= 0 || w.Seconds > MaxDuration {
		return Errorf(EINVALID, "session of %s is out of range: more than 0 and at most 1000h", FormatDuration(w.Seconds))
	}
	if err := checkTags(w.Tags); err != nil {
		return err
	}
	return CheckText("the note", w.Note, MaxNote)
}

// CheckText checks a text field (what names it in the message, "the note"
// or "--reason"): valid UTF-8 and at most max bytes.
func CheckText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s is not valid UTF-8", what)
	}
	if len(s) > max {
		return Errorf(EINVALID, "%s is %d bytes long: at most %d", what, len(s), max)
	}
	return nil
}

// BillingWeek is the period a hand-typed hourly event with hours bills when
// none is given: the seven days ending on its date.
func BillingWeek(d Date) (Date, Date) { return d - 6, d }

// EventFacts is the part of an event that a report's first look at the
// ledger needs (where work was billed, which earnings refunds link to, the
// currencies and dates in use): a store can hand these out without
// decoding an event's texts. Stream and Currency may be shared by every
// fact of a scan; Link is read for refunds and adjustments only.
type EventFacts struct {
	ID                     uint64
	Date                   Date
	Stream                 Stream
	Kind                   Kind
	Currency               string
	Billed                 int64
	PeriodStart, PeriodEnd Date
	Link                   string
	Imported, Voided       bool
}

// Facts returns e's facts.
func (e *Event) Facts() EventFacts {
	f := EventFacts{ID: e.ID, Date: e.Date, Stream: e.Stream, Kind: e.Kind, Currency: e.Currency,
		Billed: e.Billed, PeriodStart: e.PeriodStart, PeriodEnd: e.PeriodEnd, Imported: e.Imported(), Voided: e.Voided}
	if e.Kind.Links() {
		f.Link = e.Link
	}
	return f
}
