// Package importers is the registry of every import format earnlog knows:
// the importers written in Go (UpWork, Shopify, Etsy, Gumroad, the time
// logs, earnlog's own CSV) and the built-in mapping files (PayPal, Stripe,
// Wise, Ko-fi). `earnlog import` looks formats up here and `earnlog
// formats` lists them.
package importers

import (
	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/ledger/etsy"
	"github.com/earnlog/earnlog/ledger/gumroad"
	"github.com/earnlog/earnlog/ledger/mapping"
	"github.com/earnlog/earnlog/ledger/shopify"
	"github.com/earnlog/earnlog/ledger/timeclock"
	"github.com/earnlog/earnlog/ledger/timewarrior"
	"github.com/earnlog/earnlog/ledger/toggl"
	"github.com/earnlog/earnlog/ledger/upwork"
)

// has is a header test: every one of names is a column.
func has(names ...string) func([]string) bool {
	return func(h []string) bool { return ledger.HasColumns(h, names...) }
}

// anyOf accepts a header that one of tests accepts.
func anyOf(tests ...func([]string) bool) func([]string) bool {
	return func(h []string) bool {
		for _, t := range tests {
			if t(h) {
				return true
			}
		}
		return false
	}
}

// goFormats are the formats whose logic is real code: UpWork's fee links and
// billing weeks, Etsy's order links, Shopify's line items grouped by order,
// Gumroad's refund flags, and the time logs.
var goFormats = []ledger.Format{
	{
		Name: "upwork", Summary: "UpWork transaction history (V1 and V2) and weekly summary", Engine: "go",
		Headers: []string{
			"Date,Ref ID,Type,Description,Agency,Freelancer,Team,Account Name,PO,Amount,Amount in local currency,Currency,Balance",
			"Date,Transaction ID,Transaction Type,Transaction Summary,...,Ref ID,Amount $,Amount in local currency,Currency,Current Balance $,Payment Method",
			"Date,Contract,Hours,Amount,Payment type",
		},
		Recognises: anyOf(has("Date", "Transaction ID", "Amount $", "Transaction Type"), has("Date", "Ref ID", "Type", "Amount"), has("Date", "Contract", "Hours", "Amount", "Payment type")),
		Import:     upwork.Import,
	},
	{
		Name: "shopify", Summary: "Shopify orders export and Shopify Payments payouts", Engine: "go",
		Headers: []string{
			"Name,Email,Financial Status,Paid at,...,Currency,Subtotal,Shipping,Taxes,Total,...,Refunded Amount,...",
			"Payout Date,Status,Charges,Refunds,Adjustments,Reserved Funds,Fees,Retried Amount,Total,Currency",
		},
		Recognises: anyOf(has("Name", "Financial Status", "Total"), has("Payout Date", "Status", "Fees", "Total")),
		Import:     shopify.Import,
	},
	{
		Name: "etsy", Summary: "Etsy monthly statement, sold order items and sold orders", Engine: "go",
		Headers: []string{
			`Date,Type,Title,Info,Currency,Amount,"Fees & Taxes",Net,...`,
			"Sale Date,Item Name,Buyer,Quantity,Price,...,Transaction ID,...,Order ID,...",
			"Sale Date,Order ID,...,Currency,Order Value,...,Order Total,...",
		},
		Recognises: anyOf(has("Date", "Type", "Title", "Amount", "Fees & Taxes", "Net"), has("Transaction ID", "Item Total", "Order ID"), has("Sale Date", "Order ID", "Order Value", "Order Total")),
		Import:     etsy.Import,
	},
	{
		Name: "gumroad", Summary: "Gumroad sales export", Engine: "go",
		Headers:    []string{"Purchase ID,Item Name,...,Purchase Date,...,Sale Price ($),Fees ($),...,Tip ($),...,Partial Refund ($),Fully Refunded?,..."},
		Recognises: has("Purchase ID", "Purchase Date", "Sale Price ($)"),
		Import:     gumroad.Import,
	},
	{
		Name: "timeclock", Summary: "hledger timeclock file (work sessions)", Engine: "go",
		Headers: []string{"i 2026/03/27 09:00:00 upwork:acme-logo  description", "o 2026/03/27 17:00:34"},
		Import:  timeclock.Import,
	},
	{
		Name: "timewarrior", Summary: "timewarrior's `timew export` JSON (work sessions)", Engine: "go",
		Headers: []string{`[{"id":1,"start":"20231001T090000Z","end":"20231001T100000Z","tags":["client:acme"]}]`},
		Import:  timewarrior.Import,
	},
	{
		Name: "toggl", Summary: "Toggl Track detailed report CSV (work sessions)", Engine: "go",
		Headers:    []string{"User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)"},
		Recognises: has("Start date", "Start time", "Duration"),
		Import:     toggl.Import,
	},
	{
		Name: "csv", Summary: "earnlog's own CSV, as 'list -o csv' and 'export csv' write it", Engine: "go",
		Headers: []string{
			"id,date,stream,platform,class,kind,amount,currency,hours,ref,note,voided",
			"id,start,stream,hours,note,voided",
		},
		Recognises: anyOf(has("kind", "amount", "currency", "date", "stream"), has("start", "stream", "hours")),
		Import:     earncsv.Import,
	},
}

// Registry returns every import format earnlog knows: the Go importers and
// the built-in mapping files.
func Registry() *ledger.Registry {
	return ledger.NewRegistry(append(append([]ledger.Format(nil), goFormats...), mapping.Formats()...)...)
}
