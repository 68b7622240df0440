package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/earncsv"
	"github.com/earnlog/earnlog/report"
)

// outputFormat checks -o against the formats a command offers.
func outputFormat(value string, offered ...string) error {
	for _, o := range offered {
		if value == o {
			return nil
		}
	}
	return ledger.Errorf(ledger.EINVALID, "-o %q is not an output format here: use %s", value, strings.Join(offered, ", "))
}

// writeTable writes rows as aligned columns under a header, with no
// trailing blanks. Every cell goes through report.TableText: a note, ref or
// buyer name with a line break or a terminal escape in it is shown escaped
// ("\n", "\x1b"), never printed raw to the terminal.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	cells := make([]string, 0, len(header))
	for _, r := range rows {
		cells = cells[:0]
		for _, c := range r {
			cells = append(cells, report.TableText(c))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n")
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func dateOrEmpty(d ledger.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

// hoursIf writes billed hours, or nothing for an event that billed none (the
// same in table, CSV and JSON).
func hoursIf(secs int64) string {
	if secs == 0 {
		return ""
	}
	return ledger.FormatHours(secs)
}

// writeRecords writes the events (or, with work, the sessions) that pass f
// as CSV or JSON: list's columns, or with export also those an exact round
// trip needs. It streams: nothing is held per record.
func writeRecords(w io.Writer, tx ledger.Tx, f *ledger.Filter, format string, work, export, raw bool, classes ledger.Classes) error {
	if format == "csv" {
		cw := earncsv.NewEventWriter(w, export, raw, classes)
		if work {
			cw = earncsv.NewSessionWriter(w, export, raw)
		}
		if err := eachRecord(tx, f, work, cw.Event, cw.Session); err != nil {
			return err
		}
		return cw.Flush()
	}
	name := "events"
	if work {
		name = "sessions"
	}
	j := newJSONArray(w, name)
	err := eachRecord(tx, f, work,
		func(e *ledger.Event) error {
			if export {
				return j.add(exportEvent(e, classes))
			}
			return j.add(newJSONEvent(e, classes))
		},
		func(s *ledger.WorkSession) error {
			if export {
				return j.add(exportSession(s))
			}
			return j.add(newJSONSession(s))
		})
	if err != nil {
		return err
	}
	if export && !work {
		// Targets are settings, not records, but the ledger's own: they go
		// with the events.
		ts, err := exportTargets(tx)
		if err != nil {
			return err
		}
		return j.closeWith("targets", ts)
	}
	return j.close()
}

// eachRecord calls onEvent for every event that passes f, or with work
// onSession for every such session, in f's order.
func eachRecord(tx ledger.Tx, f *ledger.Filter, work bool, onEvent func(*ledger.Event) error, onSession func(*ledger.WorkSession) error) error {
	if work {
		var kept []ledger.WorkSession
		err := tx.EachSession(func(s *ledger.WorkSession) error {
			switch {
			case !f.Session(s):
				return nil
			case f.Order == ledger.OrderDate:
				kept = append(kept, *s)
				return nil
			}
			return onSession(s)
		})
		if err != nil || f.Order != ledger.OrderDate {
			return err
		}
		ledger.SortSessions(kept)
		for i := range kept {
			if err := onSession(&kept[i]); err != nil {
				return err
			}
		}
		return nil
	}
	var kept []ledger.Event
	err := tx.EachEvent(func(e *ledger.Event) error {
		switch {
		case !f.Event(e):
			return nil
		case f.Order == ledger.OrderDate:
			kept = append(kept, *e)
			return nil
		}
		return onEvent(e)
	})
	if err != nil || f.Order != ledger.OrderDate {
		return err
	}
	ledger.SortEvents(kept)
	for i := range kept {
		if err := onEvent(&kept[i]); err != nil {
			return err
		}
	}
	return nil
}
