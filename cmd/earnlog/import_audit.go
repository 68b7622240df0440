package main

import (
	"io"
	"sort"

	"github.com/earnlog/earnlog/ledger"
)

// importAudit collects what every row of an imported file became, for
// `import -o json` (with or without --dry-run): a user can audit a file
// before it is written.
type importAudit struct {
	outcomes []ledger.Outcome
}

func (au *importAudit) add(o ledger.Outcome) { au.outcomes = append(au.outcomes, o) }

// auditRow is one outcome in the JSON listing. An event or session carries
// the objects of `export json`.
type auditRow struct {
	Line    int                `json:"line,omitempty"`
	Became  string             `json:"became"`
	Status  string             `json:"status,omitempty"`
	Reason  string             `json:"reason,omitempty"`
	Event   *exportEventJSON   `json:"event,omitempty"`
	Session *exportSessionJSON `json:"session,omitempty"`
}

type auditJSON struct {
	File            string         `json:"file"`
	DryRun          bool           `json:"dry_run"`
	New             int            `json:"new"`
	AlreadyPresent  int            `json:"already_present"`
	Skipped         int            `json:"skipped"`
	SkippedByReason map[string]int `json:"skipped_by_reason"`
	Rows            []auditRow     `json:"rows"`
}

// write writes the listing as JSON: the summary's counts, then one row per
// outcome in the order of the file's lines (outcomes of one line in the
// order the importer gave them).
func (au *importAudit) write(w io.Writer, name string, dryRun bool, rec *ledger.Recorder, classes ledger.Classes) error {
	out := auditJSON{File: name, DryRun: dryRun, New: rec.New, AlreadyPresent: rec.Present,
		SkippedByReason: map[string]int{}, Rows: make([]auditRow, 0, len(au.outcomes))}
	for reason, n := range rec.Skipped {
		out.Skipped += n
		out.SkippedByReason[reason] = n
	}
	sort.SliceStable(au.outcomes, func(i, j int) bool { return au.outcomes[i].Line < au.outcomes[j].Line })
	for i := range au.outcomes {
		o := &au.outcomes[i]
		row := auditRow{Line: o.Line, Became: o.What}
		switch o.What {
		case ledger.OutcomeSkipped:
			row.Reason = o.Reason
		case ledger.OutcomeEvent:
			e := exportEvent(&o.Event, classes)
			row.Event, row.Status = &e, status(o.Present, dryRun)
		case ledger.OutcomeSession:
			s := exportSession(&o.Session)
			row.Session, row.Status = &s, status(o.Present, dryRun)
		}
		out.Rows = append(out.Rows, row)
	}
	return writeJSON(w, out)
}

// status says whether a record is (or in a dry run would be) added.
func status(present, dryRun bool) string {
	switch {
	case present:
		return "already present"
	case dryRun:
		return "would be added"
	}
	return "added"
}

// importAuditFor starts an audit when -o json asks for one, hooking it to rec.
func importAuditFor(output string, rec *ledger.Recorder) *importAudit {
	if output != "json" {
		return nil
	}
	au := &importAudit{}
	rec.Trace = au.add
	return au
}

// platformClasses reads the platform classes the user set, for the audit's
// event objects.
func (a *app) platformClasses() (ledger.Classes, error) {
	var classes ledger.Classes
	err := a.view(func(tx ledger.Tx) error {
		set, err := tx.PlatformClasses()
		classes = ledger.Classes(set)
		return err
	})
	return classes, err
}
