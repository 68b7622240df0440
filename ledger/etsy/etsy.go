// Package etsy imports Etsy's seller exports: the monthly statement (both
// header generations), Sold Order Items and Sold Orders. The files do not
// name the shop, so the stream (--stream etsy/SHOP) is required.
//
// Choices the formats leave open:
//
//   - Statement: the value of a row is its Net cell, or Amount plus
//     "Fees & Taxes" where Net is empty. Sale is a sale (Ref = the order
//     number from "Order #NNN" or "order: NNN" in Title or Info); Fee,
//     Marketing, Shipping (labels) and VAT are fees linked to the order they
//     name (Marketing, "Etsy Ads", names none: a fee of the shop); Taxes
//     (listing and auto-renew taxes) are fees of the shop, never linked;
//     the older generation's Listing, Postage Label and Transaction rows are
//     fees too, linked to the order they name;
//     Refund is a refund linked to its order. Tax rows are the buyer's sales
//     tax taken back: they are subtracted from the sale of the same order in
//     the same file (and skipped as "sales tax"), else they become an
//     adjustment linked to the order. Deposit and Payment rows move money
//     but earn none: skipped. Any other type is skipped as "unknown type
//     NAME" once its amounts parse: it is counted, never a reason to refuse
//     the file.
//   - A positive fee row is a fee given back ("Credit for Offsite Ads fee",
//     "VAT: Offsite Ads fee credit", a transaction fee credited after a
//     refund): it is booked as a positive fee, linked to its order, so the
//     fees are not overstated.
//   - A Sale or Refund row that carries its own "Fees & Taxes" (UK shops:
//     Amount 29.99, Fees & Taxes -1.44, Net 28.55) is split, so no money is
//     lost between Amount and Net: the Amount is the sale (or refund) and the
//     Fees & Taxes a fee linked to the order (key: the row's key + ":fee").
//     When a Sale row's text (Title, Info, Tax Details) says the amount is
//     tax collected for the buyer ("sales tax", "collected", "for the
//     buyer"), it is taken back from the sale instead, as a Tax row is; VAT on Etsy's own
//     fee stays a fee.
//   - Statement rows carry no ID: the key is a hash of the stream and the
//     row's normalised cells (date, type, title, info, currency, amount,
//     fees, net) plus a counter of identical rows in the file, so two real
//     identical rows stay two events while re-importing adds nothing.
//   - Sold Order Items: the item's Item Total is a sale (key: Transaction
//     ID); Order Shipping, which repeats on every item, is one more sale per
//     order (key: Order ID); Order Sales Tax is the buyer's, not income.
//   - Sold Orders: the income is Order Value - Discount Amount + Shipping
//     (no sales tax, and Shipping is already net of Shipping Discount: Order
//     Net + Card Processing Fees = Order Value - Discount Amount + Shipping
//     holds on real files); Card Processing Fees (the Adjusted
//     figure when there is one) is a fee; a non-zero Adjusted Order Total
//     below Order Total is a refund of the difference, at most the income.
//     Cancelled orders are skipped.
//   - The three exports overlap in what they describe: import one of them
//     for a period, not several.
//   - Sales and refunds with the wrong sign for their type are refused.
package etsy

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// Known headers, shown when a file matches none of them.
const (
	headerStatement    = `Date,Type,Title,Info,Currency,Amount,"Fees & Taxes",Net,Status,"Availability Date"`
	headerStatementNew = `Date,Type,Title,Info,Currency,Amount,"Fees & Taxes",Net,Tax Details`
	headerItems        = "Sale Date,Item Name,Buyer,Quantity,Price,Coupon Code,Coupon Details,Discount Amount,Shipping Discount,Order Shipping,Order Sales Tax,Item Total,Currency,Transaction ID,Listing ID,Date Paid,Date Shipped,...,Order ID,..."
	headerOrders       = "Sale Date,Order ID,...,Currency,Order Value,...,Order Total,Status,Card Processing Fees,Order Net,Adjusted Order Total,Adjusted Card Processing Fees,Adjusted Net Order Amount,..."
)

// Import reads one export from r and hands every record to sink, in file
// order. It returns the first bad row as a *ledger.RowError or an
// unknown-header error, both EINVALID.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	if err := opts.StreamOn("etsy"); err != nil {
		return err
	}
	if opts.Stream == "" {
		return ledger.Errorf(ledger.EINVALID, "an Etsy file does not name the shop: add --stream etsy/SHOPNAME")
	}
	t, err := tabular.Open(r, opts.Name, "etsy.csv")
	if err != nil {
		return err
	}
	switch {
	case t.Has("Date", "Type", "Title", "Amount", "Fees & Taxes", "Net"):
		return importStatement(t, opts, sink)
	case t.Has("Transaction ID", "Item Total", "Order ID") && t.Col("Sale Date", "Date Posted") >= 0:
		return importItems(t, opts, sink)
	case t.Has("Sale Date", "Order ID", "Order Value", "Order Total"):
		return importOrders(t, opts, sink)
	}
	return t.UnknownHeader("Etsy", headerStatement, headerStatementNew, headerItems, headerOrders)
}

var (
	orderPattern = regexp.MustCompile(`(?i)\border\s*[#:]\s*(\d+)`)
	// buyerTaxPattern is text saying an amount is tax collected for the
	// buyer ("sales tax", "VAT collected for the buyer"), not a fee's VAT.
	buyerTaxPattern = regexp.MustCompile(`(?i)\b(sales tax|collected|for the buyer|paid by (the )?buyer)\b`)
)

// statementKinds maps statement row types to kinds; Tax is handled apart.
var statementKinds = map[string]ledger.Kind{
	"sale": ledger.KindSale, "refund": ledger.KindRefund,
	"fee": ledger.KindFee, "marketing": ledger.KindFee, "shipping": ledger.KindFee, "vat": ledger.KindFee,
	"taxes": ledger.KindFee,
	// An older statement generation names its fees by what they are for.
	"listing": ledger.KindFee, "postage label": ledger.KindFee, "transaction": ledger.KindFee,
}

// item is one statement row's outcome, held until the file's Tax rows are
// matched to their sales.
type item struct {
	row  tabular.Row
	ev   *ledger.Event
	skip string
	tax  bool // a Tax row, not yet matched to its sale
}

func importStatement(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	dateCol, typeCol, titleCol, infoCol, taxDetailsCol := t.Col("Date"), t.Col("Type"), t.Col("Title"), t.Col("Info"), t.Col("Tax Details")
	curCol, amountCol, feesCol, netCol := t.Col("Currency"), t.Col("Amount"), t.Col("Fees & Taxes"), t.Col("Net")
	var items []item
	var seen tabular.Occurrences
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		typ := strings.ToLower(row.Get(typeCol))
		if typ == "deposit" || typ == "payment" {
			items = append(items, item{row: row, skip: typ})
			continue
		}
		kind, ok := statementKinds[typ]
		date, err := row.Date(dateCol)
		if err != nil {
			return err
		}
		currency, v, err := row.Amounts(curCol, opts, amountCol, feesCol, netCol)
		if err != nil {
			return err
		}
		amount, fees, net := v[0], v[1], v[2]
		if !ok && typ != "tax" {
			// Money moved, but not in a way earnlog knows: count it, say so.
			reason := "unknown type " + typ
			if typ == "" {
				reason = "no type"
			}
			items = append(items, item{row: row, skip: reason})
			continue
		}
		value, valueCol := net, netCol
		if n := row.Get(netCol); n == "" || n == "--" {
			value, valueCol = amount+fees, amountCol
			if amount == 0 {
				valueCol = feesCol
			}
		}
		title, info := row.Get(titleCol), row.Get(infoCol)
		order := ""
		if m := orderPattern.FindStringSubmatch(title + " " + info); m != nil && typ != "taxes" {
			order = m[1]
		}
		// A sale or refund with its own fees: the Amount is the sale, the
		// fees a fee of their own (or a tax taken back from the sale).
		var split int64
		if (kind == ledger.KindSale || kind == ledger.KindRefund) && typ != "tax" && amount != 0 && fees != 0 {
			value, valueCol, split = amount, amountCol, fees
		}
		sum := sha256.Sum256([]byte(strings.Join([]string{string(opts.Stream), date.String(), typ, title, info, currency,
			strconv.FormatInt(amount, 10), strconv.FormatInt(fees, 10), strconv.FormatInt(net, 10)}, "\x1f")))
		h := hex.EncodeToString(sum[:])
		ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: kind, Amount: value, Currency: currency,
			Note: joinNote(title, info), Key: seen.Key("etsy:stmt:" + h)}
		it := item{row: row, ev: ev}
		switch {
		case typ == "tax":
			ev.Kind, ev.Link, it.tax = ledger.KindAdjustment, order, true
		case value == 0:
			it = item{row: row, skip: "zero amount"}
		case kind == ledger.KindSale:
			if value < 0 {
				return row.Errorf(valueCol, "%q is negative, but a Sale row is income: expected a positive amount", row.Get(valueCol))
			}
			ev.Ref = order
		case kind == ledger.KindRefund:
			if value > 0 {
				return row.Errorf(valueCol, "%q is positive, but a Refund row gives money back: expected a negative amount", row.Get(valueCol))
			}
			ev.Link = order
		case kind == ledger.KindFee:
			ev.Link = order
		}
		items = append(items, it)
		if split == 0 {
			continue
		}
		fee := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindFee, Amount: split, Currency: currency,
			Link: order, Note: tabular.Note("fees & taxes: " + ev.Note), Key: ev.Key + ":fee"}
		if kind == ledger.KindSale && buyerTaxPattern.MatchString(title+" "+info+" "+row.Get(taxDetailsCol)) {
			// A tax collected for the buyer, not the seller's money.
			if value+split < 0 {
				return row.Errorf(feesCol, "%q is more than the sale %q: a tax collected for the buyer is part of its sale", row.Get(feesCol), row.Get(amountCol))
			}
			items[len(items)-1].ev.Amount += split
			continue
		}
		items = append(items, item{row: row, ev: fee})
	}
	if err := applyTaxes(items); err != nil {
		return err
	}
	for _, it := range items {
		if it.skip != "" {
			sink.Skip(it.row.Line, it.skip)
			continue
		}
		if err := it.row.Event(sink, -1, it.ev); err != nil {
			return err
		}
	}
	return nil
}

// applyTaxes subtracts each order's Tax rows from that order's sale in the
// same file: the buyer's sales tax passed through the shop and was never
// the seller's income. Taxes without their sale stay adjustments.
func applyTaxes(items []item) error {
	sales := map[string]*ledger.Event{} // order number -> its first sale
	for _, it := range items {
		if it.ev != nil && it.skip == "" && it.ev.Kind == ledger.KindSale && it.ev.Ref != "" && sales[it.ev.Ref] == nil {
			sales[it.ev.Ref] = it.ev
		}
	}
	for i, it := range items {
		if !it.tax {
			continue
		}
		tax, sale := it.ev, sales[it.ev.Link]
		if sale != nil && sale.Currency == tax.Currency {
			if sale.Amount+tax.Amount < 0 {
				return it.row.Errorf(-1, "the tax of %s is more than the sale of Order #%s (%s): a Tax row takes back tax included in its sale",
					ledger.FormatAmount(tax.Amount, tax.Currency), sale.Ref, ledger.FormatAmount(sale.Amount, sale.Currency))
			}
			sale.Amount += tax.Amount
			items[i].ev, items[i].skip = nil, "sales tax"
		} else if tax.Amount == 0 {
			items[i].ev, items[i].skip = nil, "zero amount"
		}
	}
	return nil
}

func importItems(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	dateCol, nameCol, totalCol, curCol := t.Col("Sale Date", "Date Posted"), t.Col("Item Name"), t.Col("Item Total"), t.Col("Currency")
	txnCol, orderCol, shipCol := t.Col("Transaction ID"), t.Col("Order ID"), t.Col("Order Shipping", "Order Delivery")
	shipped := map[string]bool{}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		date, err := row.Date(dateCol)
		if err != nil {
			return err
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
			return row.Errorf(totalCol, "%q is negative, but an item sold is income: expected a positive amount", row.Get(totalCol))
		}
		txn, order := row.Get(txnCol), row.Get(orderCol)
		if txn == "" {
			return row.Errorf(txnCol, "the Transaction ID is empty: earnlog needs it to import each item once")
		}
		if total == 0 {
			sink.Skip(row.Line, "zero amount")
		} else {
			ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindSale, Amount: total, Currency: currency,
				Ref: order, Note: tabular.Note(row.Get(nameCol)), Key: "etsy:txn:" + txn}
			if err := row.Event(sink, -1, ev); err != nil {
				return err
			}
		}
		// Order Shipping repeats on every item of the order: count it once.
		if order == "" || shipped[order] {
			continue
		}
		shipped[order] = true
		ship, err := row.Amount(shipCol, currency)
		if err != nil {
			return err
		}
		if ship < 0 {
			return row.Errorf(shipCol, "%q is negative, but shipping the buyer paid is income: expected a positive amount", row.Get(shipCol))
		}
		if ship > 0 {
			ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindSale, Amount: ship, Currency: currency,
				Ref: order, Note: "shipping", Key: "etsy:order:" + order + ":shipping"}
			if err := row.Event(sink, -1, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func importOrders(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	dateCol, orderCol, curCol, statusCol := t.Col("Sale Date"), t.Col("Order ID"), t.Col("Currency"), t.Col("Status")
	valueCol, discCol, shipCol := t.Col("Order Value"), t.Col("Discount Amount"), t.Col("Shipping")
	totalCol, feeCol, adjTotalCol, adjFeeCol := t.Col("Order Total"), t.Col("Card Processing Fees"), t.Col("Adjusted Order Total"), t.Col("Adjusted Card Processing Fees")
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		if s := strings.ToLower(row.Get(statusCol)); strings.Contains(s, "cancel") {
			sink.Skip(row.Line, "cancelled order")
			continue
		}
		date, err := row.Date(dateCol)
		if err != nil {
			return err
		}
		currency, v, err := row.Amounts(curCol, opts, valueCol, discCol, shipCol, totalCol, feeCol, adjTotalCol)
		if err != nil {
			return err
		}
		value, disc, ship, total, fee, adjTotal := v[0], abs(v[1]), v[2], v[3], abs(v[4]), v[5]
		if adjFee, err := row.Amount(adjFeeCol, currency); err != nil {
			return err
		} else if adjFee != 0 {
			fee = abs(adjFee)
		}
		order := row.Get(orderCol)
		if order == "" {
			return row.Errorf(orderCol, "the Order ID is empty: earnlog needs it to import each order once")
		}
		income := value - disc + ship
		if income < 0 {
			return row.Errorf(valueCol, "%q less discounts is negative: expected the order's value", row.Get(valueCol))
		}
		if income == 0 {
			sink.Skip(row.Line, "zero amount")
			continue
		}
		base := ledger.Event{Date: date, Stream: opts.Stream, Currency: currency, Key: "etsy:order:" + order}
		sale := base
		sale.Kind, sale.Amount, sale.Ref, sale.Note = ledger.KindSale, income, order, "Order #"+order
		if err := row.Event(sink, -1, &sale); err != nil {
			return err
		}
		if fee != 0 {
			ev := base
			ev.Kind, ev.Amount, ev.Link, ev.Key, ev.Note = ledger.KindFee, -fee, order, base.Key+":fee", "card processing fees"
			if err := row.Event(sink, -1, &ev); err != nil {
				return err
			}
		}
		if adjTotal > 0 && adjTotal < total {
			ev := base
			ev.Kind, ev.Amount, ev.Link, ev.Key, ev.Note = ledger.KindRefund, -min(total-adjTotal, income), order, base.Key+":refund", "refund"
			if err := row.Event(sink, -1, &ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func joinNote(title, info string) string {
	if info == "" || info == "--" {
		return tabular.Note(title)
	}
	return tabular.Note(title + " | " + info)
}
