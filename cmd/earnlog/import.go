package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"sync"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/importers"
	"github.com/earnlog/earnlog/ledger/mapping"
)

// formats is every import format earnlog knows; `import` looks formats up
// in it and `formats` lists it. It is made on first use: making it reads
// the built-in mapping files, about a quarter of a command's start-up, which
// most commands never need.
var formats = sync.OnceValue(importers.Registry)

// formatNames are the names of formats, as the help of import gives them
// (a test holds them to formats().Names()): the help is built for every
// command, and naming the formats from formats would make it for each.
const formatNames = "csv, etsy, gumroad, kofi, paypal, shopify, stripe, timeclock, timewarrior, toggl, upwork, wise"

func importFormats() string { return formatNames }

type importOptions struct {
	stream, currency, tag, output string
	mapFile                       string
	dryRun, allowFuture           bool
}

func newImportCmd(a *app) *cobra.Command {
	var o importOptions
	c := &cobra.Command{
		Use:   "import FORMAT FILE | import FILE --map MAP.toml",
		Short: "Import a platform's export (" + importFormats() + ")",
		Long: `Import a file a platform gives you; FILE may be - for standard input.

Formats: ` + importFormats() + `; 'earnlog formats' lists them with the
headers each recognises. A CSV of any other platform is read with a mapping
file: 'earnlog import FILE --map MAP.toml' (see 'earnlog formats show
paypal' for a complete one). A bad mapping is refused with its line and key
before any row is read. With -o json, every row of the file is listed with
what it became (with --dry-run, before anything is written).

Imports are idempotent: records are keyed on the platform's own IDs (or a
hash of the row where there is none), so importing a file again, or an
overlapping export, adds nothing. A bad row stops the import with file, line
and column, and nothing of the file is written. A record dated more than a
year after today is refused as a typo unless --allow-future is given. Storefront files do not name
the shop: give --stream (Gumroad aside, which uses the product name).`,
		Example: `  earnlog import upwork 2026-03-31_transaction_report.csv
  earnlog import etsy etsy_statement.csv --stream etsy/pixelshop
  earnlog import paypal Download.CSV
  earnlog import payouts.csv --map tinkerpay.toml
  earnlog import timeclock work.timeclock --dry-run
  timew export | earnlog import timewarrior - --tag client`,
		Args: func(c *cobra.Command, args []string) error {
			if o.mapFile != "" {
				return exactArgs(1, "FILE (or - for stdin) with --map, and no FORMAT: the mapping is the format")(c, args)
			}
			return exactArgs(2, "FORMAT ("+importFormats()+") and FILE (or - for stdin), or FILE --map MAP.toml")(c, args)
		},
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 && o.mapFile == "" {
				return formats().Names(), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(c *cobra.Command, args []string) error {
			if o.mapFile != "" {
				return a.runMappedImport(args[0], o)
			}
			return a.runImport(args[0], args[1], o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.stream, "stream", "", "the stream of every record in the file (always wins)")
	f.StringVar(&o.currency, "currency", "", "currency where the file names none (default: 'earnlog config currency', else USD)")
	f.StringVar(&o.tag, "tag", "", "timewarrior: the tag prefix that names the stream (PREFIX:platform/name)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what would be written and write nothing")
	f.StringVarP(&o.output, "output", "o", "table", "table, or json: every row of the file with what it became (event, session, or skipped and why)")
	f.StringVar(&o.mapFile, "map", "", "read FILE with this mapping file (TOML) instead of a FORMAT")
	f.BoolVar(&o.allowFuture, "allow-future", false, "accept records dated more than a year after today (refused by default as typos)")
	_ = c.RegisterFlagCompletionFunc("stream", a.completeStreams)
	return c
}

func (a *app) runImport(format, file string, o importOptions) error {
	f, err := formats().Lookup(format)
	if err != nil {
		return err
	}
	return a.importFile(f, file, o)
}

// runMappedImport reads the mapping first: a bad one is refused with its
// line and key before the CSV is opened.
func (a *app) runMappedImport(file string, o importOptions) error {
	text, err := os.ReadFile(o.mapFile)
	if err != nil {
		return ledger.Errorf(ledger.EINVALID, "cannot read the mapping %s: %v", o.mapFile, unwrapPathError(err))
	}
	m, err := mapping.Load(o.mapFile, text)
	if err != nil {
		return err
	}
	return a.importFile(mapping.FormatOf(m), file, o)
}

func (a *app) importFile(format ledger.Format, file string, o importOptions) error {
	if err := outputFormat(o.output, "table", "json"); err != nil {
		return err
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

// importInto runs an import's fn on the ledger: all of it is written, or
// nothing, in transactions of a bounded size (store.DB.Import).
func (a *app) importInto(fn func(ledger.Tx) error) error {
	// The garbage collector lets the heap grow to twice what is live
	// before it runs; at the end of a two-million-row import, with the keys
	// of every chunk live, that put the process over 300 MB. A soft limit
	// makes it run sooner there, and costs nothing below it. GOMEMLIMIT,
	// when set, wins.
	if debug.SetMemoryLimit(-1) == math.MaxInt64 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	db, err := a.open(false)
	if err != nil {
		return err
	}
	err = wrapRuntime(db.Import(fn))
	if cerr := db.Close(); err == nil && cerr != nil {
		err = runtimeError{cerr}
	}
	return err
}

// importMemoryLimit is the Go memory an import aims to stay within.
const importMemoryLimit = 200 << 20

// importChunkEnv sets the records an import commits at a time (and the
// records removed at a time when an interrupted import is cleared): tests
// make it small, so that a small file is many chunks. Not for people: the
// default suits every size.
const importChunkEnv = "EARNLOG_IMPORT_CHUNK"

// importChunk is the chunk size importChunkEnv sets, 0 (the store's
// default) when unset or not a positive number.
func (a *app) importChunk() int {
	n, err := strconv.Atoi(a.getenv(importChunkEnv))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// importFrom imports one file, named name in messages, all or nothing.
func (a *app) importFrom(f ledger.Format, name string, in io.Reader, size int64, o importOptions) error {
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
	rec := &ledger.Recorder{DryRun: o.dryRun, Now: a.now(), AllowFuture: o.allowFuture}
	var newStreams []ledger.Stream
	rec.NewStream = func(s ledger.Stream) { newStreams = append(newStreams, s) }
	audit := importAuditFor(o.output, rec)
	shown := newTable("record", "date", "stream", "kind", "amount", "hours", "note")
	if o.dryRun && audit == nil {
		rec.Show = func(e *ledger.Event, w *ledger.WorkSession) {
			if e != nil {
				shown.add("event", e.Date.String(), string(e.Stream), e.Kind.String(), ledger.FormatAmount(e.Amount, e.Currency)+" "+e.Currency, hoursIf(e.Billed), e.Note)
			} else {
				shown.add("session", ledger.FormatCivil(w.Start, w.HasTime), string(w.Stream), "work", "", ledger.FormatHours(w.Seconds), w.Note)
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
		if err := f.Run(in, opts, rec); err != nil || o.dryRun {
			return err
		}
		return tx.RecordImport(rec.Import(opts.Name, f.Name))
	}
	var err error
	if o.dryRun {
		err = a.view(body)
	} else {
		err = a.importInto(body)
	}
	if err != nil {
		return err
	}
	for _, s := range newStreams {
		fmt.Fprintf(a.stderr, "earnlog: new stream %s\n", s)
	}
	if audit != nil {
		classes, err := a.platformClasses()
		if err != nil {
			return err
		}
		return audit.write(a.stdout, opts.Name, o.dryRun, rec, classes)
	}
	if o.dryRun {
		if shown.len() > 0 {
			if err := shown.write(a.stdout); err != nil {
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
