package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/ledger/etsy"
	"github.com/earnlog/earnlog/ledger/gumroad"
	"github.com/earnlog/earnlog/ledger/shopify"
	"github.com/earnlog/earnlog/ledger/timeclock"
	"github.com/earnlog/earnlog/ledger/timewarrior"
	"github.com/earnlog/earnlog/ledger/toggl"
	"github.com/earnlog/earnlog/ledger/upwork"
)

// importer reads one foreign file into a sink.
type importer func(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error

var importers = map[string]importer{
	"upwork":      upwork.Import,
	"shopify":     shopify.Import,
	"etsy":        etsy.Import,
	"gumroad":     gumroad.Import,
	"timeclock":   timeclock.Import,
	"timewarrior": timewarrior.Import,
	"toggl":       toggl.Import,
	"csv":         earncsv.Import,
}

func importFormats() string {
	names := make([]string, 0, len(importers))
	for n := range importers {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

type importOptions struct {
	stream, currency, tag string
	dryRun                bool
}

func newImportCmd(a *app) *cobra.Command {
	var o importOptions
	c := &cobra.Command{
		Use:   "import FORMAT FILE",
		Short: "Import a platform's export (upwork, shopify, etsy, gumroad, timeclock, timewarrior, toggl, csv)",
		Long: `Import a file a platform gives you; FILE may be - for standard input.

Formats: upwork (transaction history, V1 and V2), shopify (orders, payouts),
etsy (monthly statement, sold order items, sold orders), gumroad (sales),
timeclock (hledger), timewarrior (timew export), toggl (detailed CSV), csv
(earnlog's own, as 'list -o csv' and 'export csv' write it).

Imports are idempotent: records are keyed on the platform's own IDs (or a
hash of the row where there is none), so importing a file again, or an
overlapping export, adds nothing. A bad row stops the import with file, line
and column, and nothing of the file is written. Storefront files do not name
the shop: give --stream (Gumroad aside, which uses the product name).`,
		Example: `  earnlog import upwork 2026-03-31_transaction_report.csv
  earnlog import etsy etsy_statement.csv --stream etsy/pixelshop
  earnlog import timeclock work.timeclock --dry-run
  timew export | earnlog import timewarrior - --tag client`,
		Args: exactArgs(2, "FORMAT ("+importFormats()+") and FILE (or - for stdin)"),
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return strings.Split(importFormats(), ", "), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(c *cobra.Command, args []string) error { return a.runImport(args[0], args[1], o) },
	}
	f := c.Flags()
	f.StringVar(&o.stream, "stream", "", "the stream of every record in the file (always wins)")
	f.StringVar(&o.currency, "currency", "", "currency where the file names none (default: 'earnlog config currency', else USD)")
	f.StringVar(&o.tag, "tag", "", "timewarrior: the tag prefix that names the stream (PREFIX:platform/name)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what would be written and write nothing")
	_ = c.RegisterFlagCompletionFunc("stream", a.completeStreams)
	return c
}

func (a *app) runImport(format, file string, o importOptions) error {
	if _, ok := importers[strings.ToLower(format)]; !ok {
		return ledger.Errorf(ledger.EINVALID, "%q is not an import format: use %s", format, importFormats())
	}
	if file == "-" {
		return a.importFrom(format, "stdin", a.stdin, 0, o)
	}
	fh, err := os.Open(file)
	if err != nil {
		return ledger.Errorf(ledger.EINVALID, "cannot read %s: %v", file, unwrapPathError(err))
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return runtimeError{err}
	}
	if st.IsDir() {
		return ledger.Errorf(ledger.EINVALID, "%s is a folder: give a file", file)
	}
	return a.importFrom(format, file, fh, st.Size(), o)
}

// importFrom imports one file, named name in messages, in one transaction.
func (a *app) importFrom(format, name string, in io.Reader, size int64, o importOptions) error {
	imp, ok := importers[strings.ToLower(format)]
	if !ok {
		return ledger.Errorf(ledger.EINVALID, "%q is not an import format: use %s", format, importFormats())
	}
	opts := ledger.ImportOptions{Name: name, Tag: o.tag}
	if o.stream != "" {
		s, err := ledger.ParseStream(o.stream)
		if err != nil {
			return err
		}
		opts.Stream = s
	}
	if isTerminal(a.stderr) && size > progressMinSize {
		p := newProgress(a.stderr, in, size, opts.Name)
		defer p.done()
		in = p
	}
	rec := &ledger.Recorder{DryRun: o.dryRun, Now: a.now()}
	var newStreams []ledger.Stream
	rec.NewStream = func(s ledger.Stream) { newStreams = append(newStreams, s) }
	var shown [][]string
	if o.dryRun {
		rec.Show = func(e *ledger.Event, w *ledger.WorkSession) {
			if e != nil {
				shown = append(shown, []string{"event", e.Date.String(), string(e.Stream), e.Kind.String(), ledger.FormatAmount(e.Amount, e.Currency) + " " + e.Currency, hoursIf(e.Billed), e.Note})
			} else {
				shown = append(shown, []string{"session", ledger.FormatCivil(w.Start, w.HasTime), string(w.Stream), "work", "", ledger.FormatHours(w.Seconds), w.Note})
			}
		}
	}
	body := func(tx ledger.Tx) error {
		rec.Tx = tx
		if opts.Currency == "" {
			cur, err := a.currency(tx, o.currency)
			if err != nil {
				return err
			}
			opts.Currency = cur
		}
		return ledger.Pipeline(func(sink ledger.Sink) error { return imp(in, opts, sink) }, rec)
	}
	var err error
	if o.dryRun {
		err = a.view(body)
	} else {
		err = a.update(body)
	}
	if err != nil {
		return err
	}
	for _, s := range newStreams {
		fmt.Fprintf(a.stderr, "earnlog: new stream %s\n", s)
	}
	if o.dryRun {
		if len(shown) > 0 {
			if err := writeTable(a.stdout, []string{"record", "date", "stream", "kind", "amount", "hours", "note"}, shown); err != nil {
				return err
			}
		}
		_, err = fmt.Fprintf(a.stdout, "dry run of %s: would add %s; nothing written\n", opts.Name, rec.Summary())
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "imported %s: %s\n", opts.Name, rec.Summary())
	return err
}

// unwrapPathError drops the "open FILE:" prefix that the message already
// carries.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func init() { extraCommands = append(extraCommands, newImportCmd) }
