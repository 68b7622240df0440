// Package gumroad imports Gumroad's sales export.
//
// Which column is the seller's income: Gumroad's own export code defines
// "Subtotal ($)" as the sale price less tax and shipping, whichever way the
// tax was charged ("Tax Included in Price?" 0, tax collected on top: Sale
// Price 100.0, Taxes 1.1, Subtotal 98.9; the seller's sale is 98.90). Taxes
// are not the seller's income; shipping the buyer paid is; the tip (part of
// the price) is recorded as its own event. So a purchase gives:
//
//	sale = Subtotal + Shipping - Tip
//	tip  = Tip, when not zero
//	fee  = -Fees
//
// Older exports without a Subtotal column fall back to the Sale Price, which
// includes the buyer's tax when "Tax Included in Price?" is 1:
//
//	sale = Sale Price - Tip - (Taxes when Tax Included in Price? is 1)
//
// and a refund flag gives a refund of the whole income of the purchase
// (sale + tip) when "Fully Refunded?" is 1, else of "Partial Refund ($)"
// when it is above zero. A sale row carries no refund date, so the refund is
// dated on the purchase date.
package gumroad

import (
	"io"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// knownHeader is shown when a file is not a Gumroad sales export.
const knownHeader = "Purchase ID,Item Name,...,Purchase Date,...,Sale Price ($),Fees ($),...,Tip ($),...,Partial Refund ($),Fully Refunded?,..."

// currency is fixed: every money column of the export says ($).
const currency = "USD"

// Import reads one Gumroad sales export from r and hands every record to
// sink. It returns the first bad row as a *ledger.RowError, or an
// unknown-header error; both are EINVALID.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	if err := opts.StreamOn("gumroad"); err != nil {
		return err
	}
	t, err := tabular.Open(r, opts.Name, "stdin")
	if err != nil {
		return err
	}
	if !t.Has("Purchase ID", "Purchase Date", "Sale Price ($)") || (opts.Stream == "" && !t.Has("Item Name")) {
		return t.UnknownHeader("Gumroad sales", knownHeader)
	}
	c := columns{
		t.Col("Purchase ID"), t.Col("Item Name"), t.Col("Purchase Date"), t.Col("Sale Price ($)"),
		t.Col("Taxes ($)"), t.Col("Tax Included in Price?"), t.Col("Fees ($)"), t.Col("Tip ($)"),
		t.Col("Partial Refund ($)"), t.Col("Fully Refunded?"), t.Col("Subtotal ($)"), t.Col("Shipping ($)"),
	}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		if len(row.Fields) > 0 && strings.EqualFold(strings.TrimSpace(row.Fields[0]), "totals") ||
			strings.EqualFold(row.Get(c.id), "totals") {
			sink.Skip(row.Line, "totals row")
			continue
		}
		if err := purchase(row, c, opts, sink); err != nil {
			return err
		}
	}
	return nil
}

// columns are the indexes of the columns a purchase is read from (-1: absent).
type columns struct {
	id, item, date, price, taxes, taxIncl, fees, tip, partial, full, subtotal, shipping int
}

func purchase(row tabular.Row, c columns, opts ledger.ImportOptions, sink ledger.Sink) error {
	id := row.Get(c.id)
	if id == "" {
		return row.Errorf(c.id, "the purchase ID is empty: every sale row needs one")
	}
	stream := opts.Stream
	if stream == "" {
		s, err := ledger.MakeStream("gumroad", row.Get(c.item))
		if err != nil {
			return row.Errorf(c.item, "%q gives no stream name (it has no letters or digits): name the stream with --stream gumroad/NAME", row.Get(c.item))
		}
		stream = s
	}
	ds := row.Get(c.date)
	p, err := time.Parse("2006-01-02", ds)
	if err != nil || p.Year() < 1970 || p.Year() > 2999 {
		return row.Errorf(c.date, "%q is not a date: use YYYY-MM-DD", ds)
	}
	date := ledger.DateOf(p)

	money := func(col int) (int64, error) {
		v, err := row.Amount(col, currency)
		if err == nil && v < 0 {
			return 0, row.Errorf(col, "%q is negative: Gumroad writes this column as a positive amount", row.Get(col))
		}
		return v, err
	}
	flag := func(col int) (bool, error) {
		switch strings.ToLower(row.Get(col)) {
		case "", "0", "false":
			return false, nil
		case "1", "true":
			return true, nil
		}
		return false, row.Errorf(col, "%q is not a flag: use 0 or 1", row.Get(col))
	}
	price, err := money(c.price)
	if err != nil {
		return err
	}
	taxes, err := money(c.taxes)
	if err != nil {
		return err
	}
	taxIncluded, err := flag(c.taxIncl)
	if err != nil {
		return err
	}
	fees, err := money(c.fees)
	if err != nil {
		return err
	}
	tip, err := money(c.tip)
	if err != nil {
		return err
	}
	partial, err := money(c.partial)
	if err != nil {
		return err
	}
	full, err := flag(c.full)
	if err != nil {
		return err
	}
	sale := price - tip
	if taxIncluded {
		sale -= taxes
	}
	saleCol := c.price
	if row.Get(c.subtotal) != "" {
		subtotal, err := money(c.subtotal)
		if err != nil {
			return err
		}
		shipping, err := money(c.shipping)
		if err != nil {
			return err
		}
		sale, saleCol = subtotal+shipping-tip, c.subtotal
	}
	if sale < 0 {
		return row.Errorf(saleCol, "%q is less than the tip and the tax in it: the sale price must cover them", row.Get(saleCol))
	}
	income := sale + tip

	emit := func(e *ledger.Event, col int) error {
		e.Date, e.Stream, e.Currency = date, stream, currency
		return row.Event(sink, col, e)
	}
	if income == 0 {
		// A free download: no money, no fee, nothing to refund.
		sink.Skip(row.Line, "free purchase")
		return nil
	}
	if sale > 0 {
		if err := emit(&ledger.Event{Kind: ledger.KindSale, Amount: sale, Ref: id, Key: "gumroad:" + id}, c.price); err != nil {
			return err
		}
	}
	if tip > 0 {
		if err := emit(&ledger.Event{Kind: ledger.KindTip, Amount: tip, Link: id, Key: "gumroad:tip:" + id}, c.tip); err != nil {
			return err
		}
	}
	if fees > 0 {
		if err := emit(&ledger.Event{Kind: ledger.KindFee, Amount: -fees, Link: id, Key: "gumroad:fee:" + id}, c.fees); err != nil {
			return err
		}
	}
	refund := int64(0)
	switch {
	case full:
		refund = income
	case partial > income:
		return row.Errorf(c.partial, "%q is more than the purchase's income of %s (sale price less tax): check the row", row.Get(c.partial), ledger.FormatAmount(income, currency))
	case partial > 0:
		refund = partial
	}
	if refund > 0 {
		note := "partial refund"
		if full {
			note = "full refund"
		}
		return emit(&ledger.Event{Kind: ledger.KindRefund, Amount: -refund, Link: id, Note: note, Key: "gumroad:refund:" + id}, c.partial)
	}
	return nil
}
