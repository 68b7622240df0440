package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/ledger/hledger"
	"github.com/earnlog/earnlog/report"
)

type exportOptions struct {
	work, all, raw bool
	timeclock      string
	value          valueFlags
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	c := &cobra.Command{
		Use:   "export csv|json|hledger",
		Short: "Export every event (or work session) as CSV, JSON or an hledger journal",
		Long: `Export the ledger to standard output, oldest record first.

csv: events with the columns of 'list -o csv' and, after them, what an exact
round trip needs: link, period_start, period_end, billed_seconds, key,
void_reason (sessions with --work: id,stream,start,hours,note,voided,tag,seconds,
key,void_reason). 'earnlog export csv --all' imported with 'earnlog import csv'
into an empty ledger exports again byte for byte (platform classes are
settings, not records: set them again with 'earnlog platform').

Text cells that a spreadsheet would run as a formula (starting with =, +, -,
@, a tab, CR or LF) get a leading ' ; numbers never do. 'import csv' removes
exactly that quote. --raw turns the guard off for programs.

json: {"events": [...], "targets": [...]} (or {"sessions": [...]}), each
event with the names of the CSV columns, each target (earnlog target) with
name,kind,goal,max,currency,class,stream,per,by; JSON is never guarded, so
--raw changes nothing.

--value CODE (csv, json, events) adds value,value_currency,rate,rate_date:
each event valued in CODE at the latest rate on or before its date (the
rate to ten significant digits; 1 and no date for events already in CODE;
empty for voided events). An event with no rate within --max-rate-age days
stops the export before anything is written. Such a file is for
spreadsheets: import csv does not read it back.

Voided records are left out unless --all.

hledger: a journal, one transaction per event that is not voided: money in
assets:PLATFORM against income:PLATFORM:NAME (income, refunds, adjustments) or
expenses:fees:PLATFORM:NAME (fees), amounts as "USD 250.00". --timeclock FILE
also writes the sessions as an hledger timeclock file (i/o lines on the
account PLATFORM:NAME); a session logged with a date only starts at 00:00:00.
'hledger bal income' then shows earnlog's income with hledger's sign (negative).`,
		Example: `  earnlog export csv --all > ledger.csv
  earnlog export csv --work > sessions.csv
  earnlog export json | jq '.events[] | select(.kind == "fee")'
  earnlog export hledger --timeclock work.timeclock > earnlog.journal
  hledger -f earnlog.journal -f work.timeclock bal`,
		Args:      exactArgs(1, "a format: csv, json or hledger"),
		ValidArgs: []string{"csv", "json", "hledger"},
		RunE: func(c *cobra.Command, args []string) error {
			return a.runExport(o.value.args[0], o, c.Flags().Changed("raw"))
		},
	}
	o.value.add(c)
	f := c.Flags()
	f.BoolVar(&o.work, "work", false, "csv, json: export work sessions instead of events")
	f.BoolVar(&o.all, "all", false, "csv, json: include voided records (with voided and void_reason)")
	f.BoolVar(&o.raw, "raw", false, "csv: no spreadsheet formula guard (for programs)")
	f.StringVar(&o.timeclock, "timeclock", "", "hledger: also write the work sessions to this timeclock file")
	return c
}

func (a *app) runExport(format string, o exportOptions, rawSet bool) error {
	switch format {
	case "csv", "json":
		if o.timeclock != "" {
			return ledger.Errorf(ledger.EINVALID, "--timeclock %q applies to 'export hledger' only: csv and json take --work for sessions", o.timeclock)
		}
	case "hledger":
		if o.value.on() {
			return ledger.Errorf(ledger.EINVALID, "export hledger keeps every amount in its own currency (hledger values with -X CODE and the P directives of 'earnlog rates list'): --value is for csv and json")
		}
		if o.work || o.all || rawSet {
			return ledger.Errorf(ledger.EINVALID, "export hledger takes only --timeclock FILE: events go to standard output, sessions to FILE, voided records never (--work, --all and --raw are for csv and json)")
		}
	default:
		return ledger.Errorf(ledger.EINVALID, "%q is not an export format: use csv, json or hledger", format)
	}
	if err := o.value.check(); err != nil {
		return err
	}
	if o.value.on() && o.work {
		return ledger.Errorf(ledger.EINVALID, "--value values events; work sessions have no amounts: leave out --work or --value")
	}
	f := ledger.Filter{All: o.all}
	if format == "hledger" {
		return a.exportHledger(o.timeclock)
	}
	if o.value.on() {
		return a.exportValued(format, o, &f)
	}
	return a.view(func(tx ledger.Tx) error {
		cl, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		return writeRecords(a.stdout, tx, &f, format, o.work, true, o.raw, ledger.Classes(cl))
	})
}

// exportValued writes the events with their value. A first pass values
// every event, so that a missing rate stops the export before it writes.
func (a *app) exportValued(format string, o exportOptions, f *ledger.Filter) error {
	return a.view(func(tx ledger.Tx) error {
		cl, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		classes := ledger.Classes(cl)
		v, err := o.value.valuer(a, tx, 0, 0)
		if err != nil {
			return err
		}
		each := func(fn func(*ledger.Event) error) error {
			return tx.EachEvent(func(e *ledger.Event) error {
				if !f.Event(e) {
					return nil
				}
				return fn(e)
			})
		}
		if err := v.Input(report.Input{Events: each}).Events(func(*ledger.Event) error { return nil }); err != nil {
			return err
		}
		cells := func(e *ledger.Event) ([]string, error) {
			if e.Voided {
				return []string{"", "", "", ""}, nil
			}
			amount, q, err := v.Convert(e)
			if err != nil {
				return nil, err
			}
			if q == nil {
				return []string{ledger.FormatAmount(amount, v.Currency()), v.Currency(), "1", ""}, nil
			}
			return []string{ledger.FormatAmount(amount, v.Currency()), v.Currency(), ledger.FormatRate(q.Value()), q.Date.String()}, nil
		}
		if format == "csv" {
			cw := earncsv.NewValuedEventWriter(a.stdout, true, o.raw, classes, cells)
			if err := each(cw.Event); err != nil {
				return err
			}
			if err := cw.Flush(); err != nil {
				return err
			}
		} else {
			j := newJSONArray(a.stdout, "events")
			if err := each(func(e *ledger.Event) error {
				c, err := cells(e)
				if err != nil {
					return err
				}
				return j.add(valuedEventJSON{exportEvent(e, classes), c[0], c[1], c[2], c[3]})
			}); err != nil {
				return err
			}
			if err := j.close(); err != nil {
				return err
			}
		}
		a.printNotes(v.Summary().Lines())
		return nil
	})
}

// valuedEventJSON is an exported event with its value, as the CSV columns.
type valuedEventJSON struct {
	exportEventJSON
	Value         string `json:"value"`
	ValueCurrency string `json:"value_currency"`
	Rate          string `json:"rate"`
	RateDate      string `json:"rate_date"`
}

// exportHledger writes the journal to stdout and, with a file name, the
// sessions to a timeclock file, both from one read transaction.
func (a *app) exportHledger(timeclock string) (err error) {
	var tc *os.File
	if timeclock != "" {
		if timeclock == "-" {
			return ledger.Errorf(ledger.EINVALID, "--timeclock - would mix sessions into the journal on standard output: give a file name")
		}
		if st, serr := os.Stat(timeclock); serr == nil && !st.Mode().IsRegular() {
			return ledger.Errorf(ledger.EINVALID, "--timeclock %q is not a regular file: give the path of a file to write", timeclock)
		}
		tc, err = os.OpenFile(timeclock, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "cannot write --timeclock %s: %v", timeclock, unwrapPathError(err))
		}
		defer func() {
			if cerr := tc.Close(); err == nil && cerr != nil {
				err = runtimeError{fmt.Errorf("cannot write %s: %w", timeclock, cerr)}
			}
			if err != nil {
				// A half-written timeclock file would be read as the
				// truth by hledger: leave none.
				os.Remove(timeclock)
			}
		}()
	}
	sessions := 0
	err = a.view(func(tx ledger.Tx) error {
		j := hledger.NewJournal(a.stdout)
		if err := tx.EachEvent(j.Event); err != nil {
			return err
		}
		if err := j.Flush(); err != nil {
			return err
		}
		if tc == nil {
			return nil
		}
		t := hledger.NewTimeclock(tc)
		if err := tx.EachSession(func(s *ledger.WorkSession) error {
			if !s.Voided {
				sessions++
			}
			return t.Session(s)
		}); err != nil {
			return err
		}
		return t.Flush()
	})
	if err != nil || tc == nil {
		return err
	}
	if err := tc.Sync(); err != nil {
		return runtimeError{fmt.Errorf("cannot write %s: %w", timeclock, err)}
	}
	fmt.Fprintf(a.stderr, "earnlog: wrote %s to %s\n", plural(sessions, "work session"), timeclock)
	return nil
}

// The JSON export objects are list's objects followed by the rest of the
// CSV export columns, in that order.
type exportEventJSON struct {
	jsonEvent
	Link          string `json:"link"`
	PeriodStart   string `json:"period_start"`
	PeriodEnd     string `json:"period_end"`
	BilledSeconds int64  `json:"billed_seconds"`
	Key           string `json:"key"`
	VoidReason    string `json:"void_reason"`
}

type exportSessionJSON struct {
	jsonSession
	Seconds    int64  `json:"seconds"`
	Key        string `json:"key"`
	VoidReason string `json:"void_reason"`
}

func exportEvent(e *ledger.Event, classes ledger.Classes) exportEventJSON {
	return exportEventJSON{
		jsonEvent: newJSONEvent(e, classes), Link: e.Link,
		PeriodStart: dateOrEmpty(e.PeriodStart), PeriodEnd: dateOrEmpty(e.PeriodEnd), BilledSeconds: e.Billed,
		Key: e.Key, VoidReason: e.VoidReason,
	}
}

func exportSession(s *ledger.WorkSession) exportSessionJSON {
	return exportSessionJSON{jsonSession: newJSONSession(s), Seconds: s.Seconds, Key: s.Key, VoidReason: s.VoidReason}
}

// jsonArray streams {"NAME": [...]} one element at a time, in the layout
// writeJSON gives the same value, so that export never holds the ledger in
// memory.
type jsonArray struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONArray(w io.Writer, name string) *jsonArray {
	j := &jsonArray{w: w}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetIndent("    ", "  ")
	j.enc.SetEscapeHTML(false)
	j.buf.WriteString("{\n  " + strconv.Quote(name) + ": [")
	return j
}

func (j *jsonArray) add(v any) error {
	if j.n > 0 {
		j.buf.WriteByte(',')
	}
	j.n++
	j.buf.WriteString("\n    ")
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	j.buf.Truncate(j.buf.Len() - 1) // Encode's newline
	if j.buf.Len() < 64<<10 {
		return nil
	}
	_, err := j.w.Write(j.buf.Bytes())
	j.buf.Reset()
	return err
}

func (j *jsonArray) close() error {
	if j.n > 0 {
		j.buf.WriteString("\n  ")
	}
	j.buf.WriteString("]\n}\n")
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// closeWith ends the array and adds one more member, name: v.
func (j *jsonArray) closeWith(name string, v any) error {
	if j.n > 0 {
		j.buf.WriteString("\n  ")
	}
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return err
	}
	j.buf.WriteString("],\n  " + strconv.Quote(name) + ": ")
	j.buf.Write(b)
	j.buf.WriteString("\n}\n")
	_, err = j.w.Write(j.buf.Bytes())
	return err
}

// plural writes a count with its noun: "1 event", "2 events".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func init() { extraCommands = append(extraCommands, newExportCmd) }
