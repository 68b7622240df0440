package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
)

// The generator writes a ledger shaped like a freelancer's ten years: UpWork
// hourly contracts billed weekly (each invoice with its service fee and the
// hours it billed), fixed-price milestones with their fees, and many small
// storefront sales on Etsy, Shopify and Gumroad (with processing fees and
// refunds linked to the sale they undo); work sessions on the contracts
// while they run and on the storefronts now and then. The same seed and size
// always give the same bytes, so runs on different days compare.

// genSeed is the fixed seed of every generated ledger.
const genSeed = 20260327

// genFirst and genDays span the ten years the events fall in.
var genFirst = ledger.NewDate(2016, time.January, 4) // a Monday: UpWork weeks start on Mondays

const genDays = 3652

// genStream is one stream of the generated ledger.
type genStream struct {
	name     ledger.Stream
	currency string
	// first and last bound the days the stream earns on.
	first, last ledger.Date
	rate        int64 // hourly rate in minor units (contracts)
}

// generated is a whole generated ledger, in date order.
type generated struct {
	events   []ledger.Event
	sessions []ledger.WorkSession
}

// shape is how a generated ledger is made up: its numbers of UpWork
// contracts and of Gumroad products (the other shops are five), and of
// work sessions per five events.
type shape struct {
	contracts, products int
	sessionsPerFive     int
}

// usual is the ledger of most freelancers: 55 streams, a session for every
// five events. hard is a long-time freelancer with many small clients:
// about 2,000 streams and as many work sessions as events.
var (
	usual = shape{contracts: 40, products: 10, sessionsPerFive: 1}
	hard  = shape{contracts: 1400, products: 595, sessionsPerFive: 5}
)

// generate makes n events and n/5 work sessions.
func generate(n int) *generated { return generateShape(n, usual) }

// generateShape makes n events, and sessions and streams as sh says.
func generateShape(n int, sh shape) *generated {
	seed := uint64(n)
	if sh != usual {
		seed ^= 0x68617264 // "hard": another ledger than the usual one of its size
	}
	rng := rand.New(rand.NewPCG(genSeed, seed))
	g := &generated{}
	last := genFirst + genDays - 1

	// Contracts come and go: each runs from a few weeks to two years.
	contracts := make([]genStream, sh.contracts)
	for i := range contracts {
		start := genFirst + ledger.Date(rng.IntN(genDays-120))
		start -= (start - genFirst) % 7 // a Monday
		length := ledger.Date(28 + rng.IntN(700))
		end := min(start+length, last)
		contracts[i] = genStream{
			name:     ledger.Stream(fmt.Sprintf("upwork/client-%02d", i+1)),
			currency: "USD", first: start, last: end,
			rate: int64(2500 + 500*rng.IntN(15)),
		}
	}
	shops := []genStream{
		{name: "etsy/pixel-press", currency: "USD"},
		{name: "etsy/paper-goods", currency: "USD"},
		{name: "etsy/sticker-lab", currency: "USD"},
		{name: "shopify/studio-store", currency: "USD"},
		{name: "shopify/eu-store", currency: "EUR"},
	}
	for i := 0; i < sh.products; i++ {
		shops = append(shops, genStream{name: ledger.Stream(fmt.Sprintf("gumroad/icon-pack-%d", i+1)), currency: "USD"})
	}
	for i := range shops {
		shops[i].first = genFirst + ledger.Date(rng.IntN(genDays/2))
		shops[i].last = last
	}

	// About one event in ten is UpWork's (invoices, milestones and their
	// fees); the rest are storefront sales with some fees and refunds.
	seq := 0
	ref := func(prefix string) string {
		seq++
		return prefix + strconv.Itoa(100000000+seq)
	}
	add := func(e ledger.Event, platform string) {
		e.Key = platform + ":" + e.Ref
		if e.Ref == "" {
			e.Key = platform + ":" + ref("k")
		}
		g.events = append(g.events, e)
	}
	upwork := n / 10
	for len(g.events) < upwork {
		c := &contracts[rng.IntN(len(contracts))]
		if rng.IntN(5) == 0 {
			// A fixed-price milestone and its 10% service fee.
			d := c.first + ledger.Date(rng.IntN(int(c.last-c.first)+1))
			amount := int64(10000 + 2500*rng.IntN(80))
			r := ref("")
			add(ledger.Event{Date: d, Stream: c.name, Kind: ledger.KindFixed, Amount: amount, Currency: c.currency, Ref: r, Note: "Milestone " + strconv.Itoa(1+rng.IntN(6))}, "upwork")
			add(ledger.Event{Date: d, Stream: c.name, Kind: ledger.KindFee, Amount: -amount / 10, Currency: c.currency, Ref: ref(""), Link: r, Note: "Service Fee"}, "upwork")
			continue
		}
		// An hourly invoice for one week, dated the Monday after it.
		weeks := int(c.last-c.first)/7 + 1
		week := c.first + ledger.Date(7*rng.IntN(weeks))
		hours := int64(5 + rng.IntN(36))
		billed := hours*3600 + int64(rng.IntN(4))*900
		amount := c.rate * billed / 3600
		r := ref("")
		add(ledger.Event{
			Date: week + 7, Stream: c.name, Kind: ledger.KindHourly, Amount: amount, Currency: c.currency,
			Billed: billed, PeriodStart: week, PeriodEnd: week + 6, Ref: r,
		}, "upwork")
		add(ledger.Event{Date: week + 7, Stream: c.name, Kind: ledger.KindFee, Amount: -amount / 10, Currency: c.currency, Ref: ref(""), Link: r, Note: "Service Fee"}, "upwork")
	}
	for len(g.events) < n {
		s := &shops[rng.IntN(len(shops))]
		d := s.first + ledger.Date(rng.IntN(int(s.last-s.first)+1))
		platform := s.name.Platform()
		price := int64(300 + 50*rng.IntN(120))
		r := ref("")
		sale := ledger.Event{Date: d, Stream: s.name, Kind: ledger.KindSale, Amount: price, Currency: s.currency, Ref: r}
		if rng.IntN(8) == 0 {
			sale.Note = "Order " + r + " (" + strconv.Itoa(1+rng.IntN(3)) + " items)"
		}
		add(sale, platform)
		if rng.IntN(4) == 0 && len(g.events) < n {
			add(ledger.Event{Date: d, Stream: s.name, Kind: ledger.KindFee, Amount: -(20 + price*65/1000), Currency: s.currency, Ref: ref("f"), Link: r, Note: "Transaction fee"}, platform)
		}
		if rng.IntN(50) == 0 && len(g.events) < n {
			add(ledger.Event{Date: min(d+ledger.Date(1+rng.IntN(20)), s.last), Stream: s.name, Kind: ledger.KindRefund, Amount: -price, Currency: s.currency, Ref: ref("r"), Link: r, Note: "Refund"}, platform)
		}
	}
	// Exports list money in the order it arrived.
	slices.SortStableFunc(g.events, func(a, b ledger.Event) int { return int(a.Date - b.Date) })
	for i := range g.events {
		g.events[i].ID = uint64(i + 1)
	}

	// Work: most of it on the contracts while they run, the rest on the
	// shops (new products, listings).
	sessions := n * sh.sessionsPerFive / 5
	g.sessions = make([]ledger.WorkSession, 0, sessions)
	for len(g.sessions) < sessions {
		var s *genStream
		if rng.IntN(10) < 7 {
			s = &contracts[rng.IntN(len(contracts))]
		} else {
			s = &shops[rng.IntN(len(shops))]
		}
		d := s.first + ledger.Date(rng.IntN(int(s.last-s.first)+1))
		start := int64(d)*86400 + int64(7+rng.IntN(12))*3600 + int64(rng.IntN(4))*900
		w := ledger.WorkSession{Stream: s.name, Start: start, HasTime: true, Seconds: int64(1+rng.IntN(16)) * 900}
		if rng.IntN(6) == 0 {
			w.Note = "design review"
		}
		g.sessions = append(g.sessions, w)
	}
	slices.SortStableFunc(g.sessions, func(a, b ledger.WorkSession) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	for i := range g.sessions {
		w := &g.sessions[i]
		w.ID = uint64(i + 1)
		w.Key = "bench:s" + strconv.Itoa(i+1)
	}
	return g
}

// writeEvents writes the events in the export layout of earnlog CSV, the
// one `earnlog import csv` reads back exactly.
func (g *generated) writeEvents(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := earncsv.NewEventWriter(bw, true, true, ledger.Classes{})
	for i := range g.events {
		if err := cw.Event(&g.events[i]); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeSessions writes the work sessions in the export layout.
func (g *generated) writeSessions(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := earncsv.NewSessionWriter(bw, true, true)
	for i := range g.sessions {
		if err := cw.Session(&g.sessions[i]); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// writeJournal writes the events as an hledger journal, one transaction per
// event, the shape `earnlog export hledger` gives: it is the fallback when
// the earnlog under test has no such command. ledger-cli reads it too.
func (g *generated) writeJournal(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for i := range g.events {
		e := &g.events[i]
		p, name := e.Stream.Platform(), e.Stream.Name()
		account := "income:" + p + ":" + name
		if e.Kind == ledger.KindFee {
			account = "expenses:fees:" + p + ":" + name
		}
		desc := e.Kind.String()
		if e.Ref != "" {
			desc += " " + e.Ref
		}
		fmt.Fprintf(bw, "%s %s\n    %s  %s %s\n    assets:%s\n\n",
			e.Date, desc, account, e.Currency, ledger.FormatAmount(-e.Amount, e.Currency), p)
	}
	return bw.Flush()
}

// writeRates writes a plain rates CSV: EUR->USD on every working day of the
// generated span and a week before it, as the ECB publishes (weekends
// without a rate).
func writeRates(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("date,from,to,rate\n")
	for d, i := genFirst-7, 0; d <= genFirst+genDays; d, i = d+1, i+1 {
		if wd := (int(d) + 4) % 7; wd == 0 || wd == 6 { // 1970-01-01 was a Thursday
			continue
		}
		fmt.Fprintf(bw, "%s,EUR,USD,1.%04d\n", d, 500+(i*37)%1500)
	}
	return bw.Flush()
}
