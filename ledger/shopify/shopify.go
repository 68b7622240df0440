// Package shopify imports Shopify's orders export and the Shopify Payments
// payouts and payment transactions exports (one format, told apart by the
// header). The files do not name the shop, so the stream
// (--stream shopify/SHOP) is required.
//
// Choices the formats leave open:
//
//   - Orders: rows are grouped by Name; the order-level cells are read from
//     the first row of the order that has a Financial Status. Only money that
//     arrived counts: paid, partially_refunded and refunded orders give one
//     sale of Total (taxes and shipping included, as Shopify reports it)
//     dated on the local date of Paid at as written, and a refund of
//     Refunded Amount, linked to the order and dated like the sale (the
//     export has no refund date). partially_paid orders give Total less
//     Outstanding Balance. pending, authorized, expired and voided orders are
//     skipped as "unpaid order".
//   - Keys are "shopify:order:SHOP:NAME" (and ":refund"): order names repeat
//     across shops, so the shop is part of the key. A refund that grows after
//     a first import keeps its first amount: re-importing does not replace.
//   - Payouts: the Fees column of a paid payout is one fee (charges and
//     refunds are counted from the orders); other statuses are skipped as
//     "payout STATUS", zero fees as "no fees", positive fees as "fee credit".
//     A payout has no ID: its key is shop, date and total, plus a counter of
//     identical payouts in the file.
//   - Payment transactions: see importTransactions. They describe the same
//     sales as the orders export, and the same fees as the payouts export:
//     for a period, import the transactions alone, or orders with payouts.
package shopify

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// Known headers, shown when a file matches none of them.
const (
	headerOrders  = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,...,Refunded Amount,..."
	headerPayouts = "Payout Date,Status,Charges,Refunds,Adjustments,Reserved Funds,Fees,Retried Amount,Total,Currency"
)

// Import reads one export from r and hands every record to sink, in file
// order (orders in the order of their first row). It returns the first bad
// row as a *ledger.RowError or an unknown-header error, both EINVALID.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	if err := opts.StreamOn("shopify"); err != nil {
		return err
	}
	if opts.Stream == "" {
		return ledger.Errorf(ledger.EINVALID, "a Shopify file does not name the shop: add --stream shopify/SHOPNAME")
	}
	t, err := tabular.Open(r, opts.Name, "shopify.csv")
	if err != nil {
		return err
	}
	switch {
	case t.Has("Name", "Financial Status", "Total"):
		return importOrders(t, opts, sink)
	case t.Has("Payout Date", "Status", "Fees", "Total"):
		return importPayouts(t, opts, sink)
	case t.Has("Transaction Date", "Type", "Order", "Amount", "Fee", "Net"):
		return importTransactions(t, opts, sink)
	}
	return t.UnknownHeader("Shopify", headerOrders, headerPayouts, headerTransactions)
}

// order is the rows of one order: the first one that carries the
// order-level cells, and the line item names for the note.
type order struct {
	name  string
	head  tabular.Row
	found bool // head carries a Financial Status
	first tabular.Row
	items []string
}

const knownStatuses = "paid, partially_paid, partially_refunded, refunded, pending, authorized, expired, voided"

func importOrders(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	nameCol, statusCol, paidCol, curCol := t.Col("Name"), t.Col("Financial Status"), t.Col("Paid at"), t.Col("Currency")
	totalCol, refundCol, owedCol, itemCol := t.Col("Total"), t.Col("Refunded Amount"), t.Col("Outstanding Balance"), t.Col("Lineitem name")
	var orders []*order
	byName := map[string]*order{}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		name := row.Get(nameCol)
		if name == "" {
			return row.Errorf(nameCol, "the order Name is empty: every row names its order (#1001)")
		}
		o := byName[name]
		if o == nil {
			o = &order{name: name, head: row, first: row}
			byName[name] = o
			orders = append(orders, o)
		}
		if !o.found && row.Get(statusCol) != "" {
			o.head, o.found = row, true
		}
		if s := row.Get(itemCol); s != "" {
			o.items = append(o.items, s)
		}
	}
	shop := opts.Stream.Name()
	for _, o := range orders {
		row := o.head
		if !o.found {
			return o.first.Errorf(statusCol, "order %s has no Financial Status on any row: expected one of %s", o.name, knownStatuses)
		}
		status := strings.ToLower(row.Get(statusCol))
		switch status {
		case "paid", "partially_paid", "partially_refunded", "refunded":
		case "pending", "authorized", "expired", "voided", "unpaid":
			sink.Skip(row.Line, "unpaid order")
			continue
		default:
			return row.Errorf(statusCol, "%q is not a Shopify financial status: known are %s", row.Get(statusCol), knownStatuses)
		}
		currency, err := row.Currency(curCol, opts)
		if err != nil {
			return err
		}
		total, err := row.Amount(totalCol, currency)
		if err != nil {
			return err
		}
		if total < 0 {
			return row.Errorf(totalCol, "%q is negative: expected the order's total", row.Get(totalCol))
		}
		if status == "partially_paid" {
			owed, err := row.Amount(owedCol, currency)
			if err != nil {
				return err
			}
			if owed < 0 || owed > total {
				return row.Errorf(owedCol, "%q is not between 0 and the order's total %s", row.Get(owedCol), row.Get(totalCol))
			}
			total -= owed
		}
		if total == 0 {
			sink.Skip(row.Line, "zero amount")
			continue
		}
		date, err := parseTimestamp(row.Get(paidCol))
		if err != nil {
			return row.Err(paidCol, err)
		}
		key := "shopify:order:" + shop + ":" + o.name
		sale := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindSale, Amount: total, Currency: currency,
			Ref: o.name, Note: tabular.Note("Order " + o.name + itemList(o.items)), Key: key}
		if err := row.Event(sink, -1, sale); err != nil {
			return err
		}
		refunded, err := row.Amount(refundCol, currency)
		if err != nil {
			return err
		}
		if refunded != 0 {
			// Shopify writes the refunded amount as a positive figure.
			if refunded > 0 {
				refunded = -refunded
			}
			ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindRefund, Amount: refunded, Currency: currency,
				Link: o.name, Note: "refund of order " + o.name, Key: key + ":refund"}
			if err := row.Event(sink, -1, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func itemList(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return ": " + strings.Join(items, ", ")
}

func importPayouts(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	dateCol, statusCol, feesCol, totalCol, curCol := t.Col("Payout Date"), t.Col("Status"), t.Col("Fees"), t.Col("Total"), t.Col("Currency")
	var seen tabular.Occurrences
	shop := opts.Stream.Name()
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		if status := strings.ToLower(row.Get(statusCol)); status != "paid" {
			if status == "" {
				status = "without a status"
			}
			sink.Skip(row.Line, "payout "+status)
			continue
		}
		date, err := parseTimestamp(row.Get(dateCol))
		if err != nil {
			return row.Err(dateCol, err)
		}
		currency, v, err := row.Amounts(curCol, opts, feesCol, totalCol)
		if err != nil {
			return err
		}
		fees, total := v[0], v[1]
		id := date.String() + ":" + currency + ":" + strconv.FormatInt(total, 10)
		n := seen.Next(id) // skipped rows count too, as they always have
		switch {
		case fees == 0:
			sink.Skip(row.Line, "no fees")
			continue
		case fees > 0:
			sink.Skip(row.Line, "fee credit")
			continue
		}
		ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindFee, Amount: fees, Currency: currency,
			Note: "Shopify Payments fees, payout of " + ledger.FormatAmount(total, currency) + " " + currency,
			Key:  "shopify:payout:" + shop + ":" + id + ":" + strconv.Itoa(n)}
		if err := row.Event(sink, -1, ev); err != nil {
			return err
		}
	}
	return nil
}

// timestampForms is quoted in every date error of this package.
const timestampForms = `"2025-10-07 09:50:26 +0200" or 2025-10-07`

// parseTimestamp reads Shopify's "2025-10-07 09:50:26 +0200" as the date
// written in it: the shop's own local date, which is the day the merchant
// saw the money arrive.
func parseTimestamp(s string) (ledger.Date, error) {
	t := strings.TrimSpace(s)
	if len(t) > 10 && (t[10] == ' ' || t[10] == 'T') {
		t = t[:10]
	}
	p, err := time.Parse("2006-01-02", t)
	if err != nil || p.Year() < 1970 || p.Year() > 2999 {
		return 0, ledger.Errorf(ledger.EINVALID, "%q is not a date: use %s", s, timestampForms)
	}
	return ledger.DateOf(p), nil
}
