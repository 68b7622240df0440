package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/earnlog/earnlog/ledger"
)

// upworkHeader is the header of UpWork's transaction history since 2025
// (V2), as ledger/upwork reads it.
const upworkHeader = "Date,Transaction ID,Transaction Type,Transaction Summary,Transaction Summary Details,Description 1,Description 2,Description 3,Agency,Freelancer,Team,Account Name,PO,Ref ID,Amount $,Amount in local currency,Currency,Current Balance $,Payment Method"

// writeUpwork writes an UpWork transaction history (V2) of invoices hourly
// invoices, each a weekly "Invoice for MM/DD/YYYY-MM/DD/YYYY - H:MM hrs"
// row and its Service Fee row naming the invoice's Ref ID: 2*invoices
// rows, newest first, as UpWork lists them, over the generated ten years.
// The same size always gives the same bytes.
func writeUpwork(w io.Writer, invoices int) error {
	rng := rand.New(rand.NewPCG(genSeed, uint64(invoices)+1))
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := fmt.Fprintln(bw, upworkHeader); err != nil {
		return err
	}
	const clients = 40
	rates := make([]int64, clients)
	for i := range rates {
		rates[i] = int64(2500 + 500*rng.IntN(15)) // cents an hour
	}
	weeks := genDays / 7
	for i := invoices - 1; i >= 0; i-- {
		// Invoice i bills the week that a spread of the invoices over the
		// ten years puts it in: dates only go back, as in the file.
		week := genFirst + ledger.Date(7*(i*weeks/invoices))
		client := rng.IntN(clients)
		minutes := int64(5*60 + 15*rng.IntN(36*4))
		amount := rates[client] * minutes / 60
		fee := amount / 10
		paid := (week + 7).Time()
		team := fmt.Sprintf("Client %02d Ltd.", client+1)
		ref := 800000000 + 2*int64(i)
		tx := 900000000 + 2*int64(i)
		from, to := week.Time(), (week + 6).Time()
		date := paid.Format("Jan 2, 2006")
		if _, err := fmt.Fprintf(bw, "%q,%d,Service Fee,Service Fee for Hourly - Ref ID %d,,,,,,Jo Doe,%s,Jo Doe,,%d,-%s,-%s,USD,0.00,\n",
			date, tx+1, ref, team, ref+1, cents(fee), cents(fee)); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(bw, "%q,%d,Hourly,Hourly,,Invoice for %s-%s - %d:%02d hrs @ $%s/hr,,,,Jo Doe,%s,Jo Doe,,%d,%s,%s,USD,0.00,\n",
			date, tx, from.Format("01/02/2006"), to.Format("01/02/2006"), minutes/60, minutes%60, cents(rates[client]), team, ref, cents(amount), cents(amount)); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// cents writes an amount in cents as dollars: 12345 as 123.45.
func cents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }
