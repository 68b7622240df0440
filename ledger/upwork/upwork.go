// Package upwork imports UpWork's freelancer exports: the transaction
// history (V1, up to about 2024, and V2, 2025 on, in both of its casings) and
// the Weekly Summary.
//
// Choices the format leaves open:
//
//   - Stream: --stream wins; else upwork/<slug of Team or Client team>
//     (transaction history) or upwork/<slug of the contract title> (Weekly
//     Summary). A row with neither is refused and asks for --stream.
//   - Currency: the row's Currency cell, else --currency, else USD.
//   - Hourly, Fixed Price (Fixed-price), Bonus are income; Service Fee is a
//     fee, linked to the Ref ID its text names; Refund is a refund,
//     Adjustment an adjustment (either sign), both linked when a Ref ID is
//     named.
//   - Taxes: VAT, GST, HST, PST, QST, WHT, TDS and any type with the word
//     "tax" in it (Sales Tax, Withholding Tax) follow one rule. A tax on
//     Connects, a membership or a subscription (its text says so) is part of
//     that cost of getting work: skipped as "tax on connects" (membership,
//     subscription), like the cost itself. A tax row with no client (an empty
//     Team / Client team) is such a tax too, whatever --stream says: skipped
//     as "tax without a client". Any other tax (VAT on a service fee,
//     withholding tax on an earning: money that never reaches the
//     freelancer) is a fee of the client's stream, linked to the Ref ID its
//     text names. Taxes never enter the passive share.
//   - Withdrawal, Withdrawal Fee, Processing Fee, Membership Fee (or
//     Membership), Connects, Subscription, Payment and Miscellaneous are not
//     income: skipped, the reason being the type in lower case. Milestone is
//     a fixed-price earning. Rows with a zero amount (and no billed hours) are
//     skipped as "zero amount". Any other type stops the import with the
//     list of known ones.
//   - Signs: income must be positive and refunds negative, else the row is
//     refused. A positive fee or tax row is a fee given back (UpWork credits
//     the service fee when the freelancer refunds a client): it is booked as
//     a positive fee, a fee credit, linked like the fee, so fees are not
//     overstated.
//   - Hours: "14:20 hrs" is 14 h 20 min, looked for in every text column. An
//     hourly row without it (real rows say just "Job") is still hourly
//     income with no billed hours; reports count it active by its kind.
//   - Currency: a V1 file with an ExchangeRate column in place of "Amount in
//     local currency" takes the Currency cell for the amount only when the
//     rate is empty or 1, as with the local amount.
//   - Keys: "upwork:" + Transaction ID (V2) or Ref ID (V1), which UpWork
//     never reuses, so overlapping exports dedupe. The Weekly Summary has no
//     row ID: its key is contract ID, date and payment type. It covers the
//     same money as the transaction history, so import one or the other for
//     a period, not both.
package upwork

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
	"github.com/shopspring/decimal"
)

// Known headers, shown when a file matches none of them.
const (
	headerV1      = "Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,Amount in local currency,Currency,Balance"
	headerV2      = "Date,Transaction ID,Transaction Type,Transaction Summary,Transaction Summary Details,Description 1,Description 2,Description 3,Agency,Freelancer,Team,Account Name,PO,Ref ID,Amount $,Amount in local currency,Currency,Current Balance $,Payment Method"
	headerV2Lower = "Date,Transaction ID,Transaction type,Transaction summary,Transaction summary details,Description 1,Description 2,Description 3,Agency team,Freelancer,Client team,Account name,PO,Ref ID,Amount $,Amount in local currency,Currency,Current balance $,Payment method"
	headerWeekly  = "Date,Contract,Hours,Amount,Payment type"
)

// Import reads one export from r and hands every record to sink, in file
// order. It returns the first bad row as a *ledger.RowError or an
// unknown-header error, both EINVALID.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	if err := opts.StreamOn("upwork"); err != nil {
		return err
	}
	t, err := tabular.Open(r, opts.Name, "upwork.csv")
	if err != nil {
		return err
	}
	switch {
	case t.Has("Date", "Transaction ID", "Amount $") && t.Col("Transaction Type") >= 0:
		return importHistory(t, opts, sink, layoutV2(t))
	case t.Has("Date", "Ref ID", "Type", "Amount"):
		return importHistory(t, opts, sink, layoutV1(t))
	case t.Has("Date", "Contract", "Hours", "Amount", "Payment type"):
		return importWeekly(t, opts, sink)
	}
	return t.UnknownHeader("UpWork", headerV1, headerV2, headerV2Lower, headerWeekly)
}

// layout holds the column indexes of one transaction-history version.
type layout struct {
	date, id, typ, ref, team, amount, local, currency int
	rate                                              int   // ExchangeRate (a V1 variant), -1 when absent
	texts                                             []int // description columns, in order
	idName                                            string
	// types caches normType of the type cells met, and streams the
	// stream of each client: a file has a handful of both and a million
	// rows.
	types   map[string]string
	streams map[string]ledger.Stream
}

// typeOf is normType of a type cell, cached.
func (l layout) typeOf(cell string) string {
	if t, ok := l.types[cell]; ok {
		return t
	}
	t := normType(cell)
	if len(l.types) < 256 {
		l.types[cell] = t
	}
	return t
}

func layoutV1(t *tabular.Reader) layout {
	ref := t.Col("Ref ID")
	return layout{
		date: t.Col("Date"), id: ref, typ: t.Col("Type"), ref: ref,
		team: t.Col("Team"), amount: t.Col("Amount"), local: t.Col("Amount in local currency"), currency: t.Col("Currency"),
		rate: t.Col("ExchangeRate", "Exchange Rate"), texts: []int{t.Col("Description")}, idName: "Ref ID",
	}
}

func layoutV2(t *tabular.Reader) layout {
	return layout{
		date: t.Col("Date"), id: t.Col("Transaction ID"), typ: t.Col("Transaction Type"), ref: t.Col("Ref ID"),
		team: t.Col("Team", "Client team"), amount: t.Col("Amount $"), local: t.Col("Amount in local currency"), currency: t.Col("Currency"),
		rate: -1, texts: []int{t.Col("Transaction Summary"), t.Col("Transaction Summary Details"),
			t.Col("Description 1"), t.Col("Description 2"), t.Col("Description 3"), t.Col("Description")},
		idName: "Transaction ID",
	}
}

// notIncome are the row types that move money but earn none, skipped with
// the type as the reason.
var notIncome = map[string]bool{
	"withdrawal": true, "withdrawal fee": true, "membership fee": true, "connects": true,
	"subscription": true, "payment": true, "miscellaneous": true,
	// Spellings other people's importers of real files expect.
	"membership": true, "processing fee": true,
}

var kinds = map[string]ledger.Kind{
	"hourly": ledger.KindHourly, "fixed price": ledger.KindFixed, "milestone": ledger.KindFixed, "bonus": ledger.KindBonus,
	"service fee": ledger.KindFee,
	"refund":      ledger.KindRefund, "adjustment": ledger.KindAdjustment,
}

const knownTypes = "Hourly, Fixed Price, Fixed-price, Milestone, Bonus, Service Fee, VAT, GST, WHT, TDS, Sales Tax (any type naming a tax), Refund, Adjustment, Withdrawal, Withdrawal Fee, Processing Fee, Membership Fee, Membership, Connects, Subscription, Payment, Miscellaneous"

// isTax reports whether a (normalised) type is a tax: the codes UpWork
// writes (VAT, GST, WHT ...) or any type with the word "tax" in it.
func isTax(typ string) bool {
	switch typ {
	case "vat", "gst", "hst", "pst", "qst", "wht", "tds":
		return true
	}
	for _, w := range strings.Fields(typ) {
		if w == "tax" || w == "taxes" {
			return true
		}
	}
	return false
}

// taxedCost names the cost of getting work a tax row's text says it is on
// ("VAT (KE) - Connects"), or "".
func taxedCost(texts []string) string {
	for _, s := range texts {
		if m := costPattern.FindStringSubmatch(s); m != nil {
			switch w := strings.ToLower(m[1]); {
			case w == "connects":
				return "connects"
			case strings.HasPrefix(w, "subscription"):
				return "subscription"
			default:
				return "membership"
			}
		}
	}
	return ""
}

var (
	refIDPattern   = regexp.MustCompile(`(?i)\bref\.?\s*id\s*[:#]?\s*(\d+)`)
	periodPattern  = regexp.MustCompile(`(\d{1,2}/\d{1,2}/\d{4})\s*-\s*(\d{1,2}/\d{1,2}/\d{4})`)
	hoursPattern   = regexp.MustCompile(`(?i)(\d+):(\d+)\s*hrs?\b`)
	contractIDPart = regexp.MustCompile(`\s*\((\d+)\)\s*$`)
	costPattern    = regexp.MustCompile(`(?i)\b(connects|membership|subscriptions?|freelancer plus)\b`)
)

func importHistory(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink, l layout) error {
	l.types, l.streams = map[string]string{}, map[string]ledger.Stream{}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		ev, skip, err := historyEvent(row, opts, l)
		if err != nil {
			return err
		}
		if skip != "" {
			sink.Skip(row.Line, skip)
			continue
		}
		if err := row.Event(sink, -1, ev); err != nil {
			return err
		}
	}
	return nil
}

// historyEvent turns one transaction-history row into an event, or names
// why it is skipped.
func historyEvent(row tabular.Row, opts ledger.ImportOptions, l layout) (*ledger.Event, string, error) {
	typ := l.typeOf(row.Get(l.typ))
	if notIncome[typ] {
		return nil, typ, nil
	}
	kind, ok := kinds[typ]
	tax := !ok && isTax(typ)
	if tax {
		kind = ledger.KindFee
	} else if !ok {
		return nil, "", row.Errorf(l.typ, "%q is not an UpWork transaction type: known are %s", row.Get(l.typ), knownTypes)
	}
	date, err := row.Date(l.date)
	if err != nil {
		return nil, "", err
	}
	currency, err := rowCurrency(row, l, opts)
	if err != nil {
		return nil, "", err
	}
	amount, err := row.Amount(l.amount, currency)
	if err != nil {
		return nil, "", err
	}
	texts := make([]string, 0, len(l.texts))
	for _, c := range l.texts {
		if s := row.Get(c); s != "" && !contains(texts, s) {
			texts = append(texts, s)
		}
	}
	if tax {
		// A tax on a cost of getting work is that cost: not a stream's fee.
		if cost := taxedCost(texts); cost != "" {
			return nil, "tax on " + cost, nil
		}
		if row.Get(l.team) == "" {
			return nil, "tax without a client", nil
		}
	}
	ev := &ledger.Event{Date: date, Kind: kind, Amount: amount, Currency: currency,
		Ref: row.Get(l.ref), Note: tabular.Note(strings.Join(texts, " | "))}
	if kind == ledger.KindHourly {
		if err := billedHours(row, l.texts, ev); err != nil {
			return nil, "", err
		}
	}
	if amount == 0 && ev.Billed == 0 {
		return nil, "zero amount", nil
	}
	switch {
	case kind.Sign() > 0 && amount < 0:
		return nil, "", row.Errorf(l.amount, "%q is negative, but a %s row is income: expected a positive amount", row.Get(l.amount), row.Get(l.typ))
	case kind == ledger.KindRefund && amount > 0:
		return nil, "", row.Errorf(l.amount, "%q is positive, but a Refund row gives money back: expected a negative amount", row.Get(l.amount))
	}
	if !kind.IsIncome() {
		for _, s := range texts {
			if m := findRefID(s); m != nil {
				ev.Link = m[1]
				break
			}
		}
	}
	id := row.Get(l.id)
	if id == "" {
		return nil, "", row.Errorf(l.id, "the %s is empty: earnlog needs it to import each row once", l.idName)
	}
	ev.Key = "upwork:" + id
	if ev.Stream, err = l.streamOf(row, opts); err != nil {
		return nil, "", err
	}
	return ev, "", nil
}

// billedHours finds "Invoice for MM/DD/YYYY-MM/DD/YYYY - H:MM hrs" in any of
// the text columns: which one holds it is not settled for V2.
func billedHours(row tabular.Row, cols []int, ev *ledger.Event) error {
	for _, c := range cols {
		s := row.Get(c)
		hm := findHours(s)
		if hm == nil || ev.Billed > 0 {
			continue
		}
		h, err1 := strconv.ParseInt(hm[1], 10, 64)
		m, err2 := strconv.ParseInt(hm[2], 10, 64)
		if err1 != nil || err2 != nil || len(hm[2]) != 2 || m > 59 || h > ledger.MaxDuration/3600 {
			return row.Errorf(c, "%q is not a number of hours: UpWork writes H:MM hrs, minutes 00 to 59, at most 1000 hours", hm[0])
		}
		ev.Billed = h*3600 + m*60
		if ev.Billed > ledger.MaxDuration {
			return row.Errorf(c, "%q is more than 1000 hours", hm[0])
		}
	}
	if ev.Billed == 0 {
		return nil
	}
	for _, c := range cols {
		pm := findPeriod(row.Get(c))
		if pm == nil {
			continue
		}
		from, err1 := tabular.ParseDate(pm[1])
		to, err2 := tabular.ParseDate(pm[2])
		if err1 != nil || err2 != nil || to < from {
			return row.Errorf(c, "%q is not a billing period: expected MM/DD/YYYY-MM/DD/YYYY, the first date not after the second", pm[0])
		}
		ev.PeriodStart, ev.PeriodEnd = from, to
		return nil
	}
	// Hours without a week: bill them over the week ending on the invoice
	// date, as a hand-typed hourly event would.
	ev.PeriodStart, ev.PeriodEnd = ledger.BillingWeek(ev.Date)
	return nil
}

func importWeekly(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	dateCol, contractCol, hoursCol, amountCol, typeCol := t.Col("Date"), t.Col("Contract"), t.Col("Hours"), t.Col("Amount"), t.Col("Payment type")
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		var kind ledger.Kind
		switch typ := strings.ToLower(row.Get(typeCol)); typ {
		case "", "hourly":
			kind = ledger.KindHourly
		case "fixed price payment", "fixed price", "fixed-price", "milestone":
			kind = ledger.KindFixed
		case "bonus":
			kind = ledger.KindBonus
		default:
			return row.Errorf(typeCol, "%q is not a Weekly Summary payment type: known are empty (hourly), Fixed Price Payment and Bonus", row.Get(typeCol))
		}
		date, err := row.Date(dateCol)
		if err != nil {
			return err
		}
		currency := tabular.FallbackCurrency(opts)
		amount, err := row.Amount(amountCol, currency)
		if err != nil {
			return err
		}
		if amount < 0 {
			return row.Errorf(amountCol, "%q is negative: the Weekly Summary lists earnings, expected a positive amount", row.Get(amountCol))
		}
		contract := row.Get(contractCol)
		title, id := contract, ""
		if m := contractIDPart.FindStringSubmatchIndex(contract); m != nil {
			title, id = strings.TrimSpace(contract[:m[0]]), contract[m[2]:m[3]]
		}
		ev := &ledger.Event{Date: date, Kind: kind, Amount: amount, Currency: currency, Ref: id, Note: tabular.Note(contract)}
		if kind == ledger.KindHourly && row.Get(hoursCol) != "" {
			secs, err := decimalHours(row.Get(hoursCol))
			if err != nil {
				return row.Err(hoursCol, err)
			}
			ev.Billed, ev.PeriodStart, ev.PeriodEnd = secs, date, date
		}
		if amount == 0 && ev.Billed == 0 {
			sink.Skip(row.Line, "zero amount")
			continue
		}
		if opts.Stream != "" {
			ev.Stream = opts.Stream
		} else if ev.Stream, err = ledger.MakeStream("upwork", title); err != nil {
			return row.Errorf(contractCol, "%q names no contract earnlog can make a stream of: add --stream upwork/NAME", contract)
		}
		if id == "" {
			// The name as earlier versions keyed it, where they could.
			if id = ledger.LegacySlug(title); id == "" {
				id = ledger.Slug(title)
			}
		}
		ev.Key = "upwork:weekly:" + id + ":" + date.String() + ":" + kind.String()
		if err := row.Event(sink, -1, ev); err != nil {
			return err
		}
	}
	return nil
}

// decimalHours reads the Weekly Summary's decimal hours ("5.5", "0.33333")
// to whole seconds, rounded.
func decimalHours(s string) (int64, error) {
	d, err := decimal.NewFromString(s)
	if err != nil || d.Sign() < 0 || d.GreaterThan(decimal.NewFromInt(ledger.MaxDuration/3600)) || strings.ContainsAny(s, "eE") {
		return 0, ledger.Errorf(ledger.EINVALID, "%q is not a number of hours: expected decimal hours from 0 to 1000, such as 5.5", s)
	}
	return d.Mul(decimal.NewFromInt(3600)).Round(0).IntPart(), nil
}

// streamOf is historyStream, cached by client.
func (l layout) streamOf(row tabular.Row, opts ledger.ImportOptions) (ledger.Stream, error) {
	team := row.Get(l.team)
	if s, ok := l.streams[team]; ok {
		return s, nil
	}
	s, err := historyStream(row, l.team, opts)
	if err == nil && len(l.streams) < 4096 {
		l.streams[team] = s
	}
	return s, err
}

func historyStream(row tabular.Row, teamCol int, opts ledger.ImportOptions) (ledger.Stream, error) {
	if opts.Stream != "" {
		return opts.Stream, nil
	}
	team := row.Get(teamCol)
	s, err := ledger.MakeStream("upwork", team)
	if err != nil {
		return "", row.Errorf(teamCol, "%q names no client earnlog can make a stream of: add --stream upwork/NAME", team)
	}
	return s, nil
}

// rowCurrency picks the currency of the Amount column. The Currency cell
// names the currency of "Amount in local currency": it is the Amount's too
// only when the two amounts agree (or the file has no local amount); a
// freelancer paid out in KES still earns in the account's currency, which is
// --currency or USD.
func rowCurrency(row tabular.Row, l layout, opts ledger.ImportOptions) (string, error) {
	fallback := tabular.FallbackCurrency(opts)
	s := row.Get(l.currency)
	if s == "" {
		return fallback, nil
	}
	c, err := ledger.ParseCurrency(s)
	if err != nil {
		return "", row.Err(l.currency, err)
	}
	local := row.Get(l.local)
	if l.local < 0 {
		// ExchangeRate names how the amount converts to the Currency cell's.
		if r := row.Get(l.rate); l.rate >= 0 && r != "" && r != "--" {
			if one, err := decimal.NewFromString(r); err != nil || !one.Equal(decimal.NewFromInt(1)) {
				return fallback, nil
			}
		}
		return c, nil
	}
	if local == "" || local == row.Get(l.amount) {
		return c, nil
	}
	a, errA := ledger.ParseAmount(row.Get(l.amount), c)
	b, errB := ledger.ParseAmount(local, c)
	if errA == nil && errB == nil && a == b {
		return c, nil
	}
	return fallback, nil
}

// normType folds the casings and spellings of a type: "Fixed-price" and
// "Fixed Price" are one type.
func normType(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "-", " "))), " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
