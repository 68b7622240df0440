package shopify

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// headerTransactions is Shopify Payments' "Payment transactions" export
// (Finances > Payouts > Transactions), shown when a file matches nothing.
const headerTransactions = "Transaction Date,Type,Order,Card Brand,Card Source,Payout Status,Payout Date,Payout ID,Available On,Amount,Fee,Net,Checkout,Payment Method Name,Presentment Amount,Presentment Currency,Currency,..."

// importTransactions reads the payment transactions export. Amount is the
// gross in the shop's currency (the Currency column; the Presentment
// columns are the buyer's and are not used), Fee the processing fee as a
// positive figure, Net what was paid out:
//
//   - charge: a sale of Amount, Ref the order (#1001); its Fee a fee linked
//     to the order. A negative Fee is a fee given back: a positive fee.
//   - refund: a refund of Amount (negative), linked to the order; a Fee on
//     it, a fee linked the same way.
//   - chargeback: money the bank took back, a refund linked to the order;
//     chargeback_won (and other dispute rows) and refund_failure (a refund
//     that did not go through, the money back with the shop) adjustments
//     linked to the order.
//   - adjustment: with an order, an adjustment linked to it (either sign);
//     without one, a fee of the shop (Shopify's own corrections are costs
//     or credits of selling, not income).
//   - payout (and payout_failure, payout_cancellation): money moving to the
//     bank, a transfer: skipped as "payout". Any other type whose amounts
//     parse is skipped as "transaction type NAME", never refused.
//
// The export has no transaction ID: the key is a hash of the shop and the
// cells that do not change once the transaction exists (time, type, order,
// card, amount, fee, net, currency), plus a counter of identical rows, so a
// file downloaded again after its payout went out (Payout Status, Date and
// ID filled in) adds nothing.
func importTransactions(t *tabular.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	dateCol, typeCol, orderCol, brandCol := t.Col("Transaction Date"), t.Col("Type"), t.Col("Order"), t.Col("Card Brand")
	amountCol, feeCol, netCol, curCol := t.Col("Amount"), t.Col("Fee"), t.Col("Net"), t.Col("Currency")
	shop := opts.Stream.Name()
	seen := map[string]int{}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		typ := strings.ToLower(strings.TrimSpace(row.Get(typeCol)))
		if strings.HasPrefix(typ, "payout") {
			sink.Skip(row.Line, "payout")
			continue
		}
		currency, v, err := row.Amounts(curCol, opts, amountCol, feeCol, netCol)
		if err != nil {
			return err
		}
		amount, fee, net := v[0], v[1], v[2]
		var kind ledger.Kind
		switch {
		case typ == "charge":
			kind = ledger.KindSale
			if amount < 0 {
				return row.Errorf(amountCol, "%q is negative, but a charge is a sale: expected a positive amount", row.Get(amountCol))
			}
		case typ == "refund", typ == "chargeback":
			kind = ledger.KindRefund
			if amount > 0 {
				return row.Errorf(amountCol, "%q is positive, but a %s gives money back: expected a negative amount", row.Get(amountCol), typ)
			}
		case typ == "adjustment" || typ == "refund_failure" || strings.Contains(typ, "chargeback") || strings.Contains(typ, "dispute"):
			kind = ledger.KindAdjustment
		default:
			reason := "transaction type " + typ
			if typ == "" {
				reason = "no type"
			}
			sink.Skip(row.Line, reason)
			continue
		}
		if amount == 0 && fee == 0 {
			sink.Skip(row.Line, "zero amount")
			continue
		}
		date, err := parseTimestamp(row.Get(dateCol))
		if err != nil {
			return row.Err(dateCol, err)
		}
		order := row.Get(orderCol)
		if kind == ledger.KindAdjustment && order == "" {
			kind = ledger.KindFee // a correction of the shop's costs
		}
		sum := sha256.Sum256([]byte(strings.Join([]string{shop, row.Get(dateCol), typ, order, row.Get(brandCol), currency,
			strconv.FormatInt(amount, 10), strconv.FormatInt(fee, 10), strconv.FormatInt(net, 10)}, "\x1f")))
		h := hex.EncodeToString(sum[:])
		seen[h]++
		key := "shopify:txn:" + shop + ":" + h + ":" + strconv.Itoa(seen[h])
		note := typ
		if order != "" {
			note = "Order " + order + " " + typ
		}
		if b := row.Get(brandCol); b != "" {
			note += " (" + b + ")"
		}
		if amount != 0 {
			ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: kind, Amount: amount, Currency: currency,
				Note: tabular.Note(note), Key: key}
			if kind == ledger.KindSale {
				ev.Ref = order
			} else {
				ev.Link = order
			}
			if err := row.Event(sink, amountCol, ev); err != nil {
				return err
			}
		}
		if fee != 0 {
			// Fee is written positive for a fee charged.
			ev := &ledger.Event{Date: date, Stream: opts.Stream, Kind: ledger.KindFee, Amount: -fee, Currency: currency,
				Link: order, Note: tabular.Note("fee: " + note), Key: key + ":fee"}
			if err := row.Event(sink, feeCol, ev); err != nil {
				return err
			}
		}
	}
	return nil
}
