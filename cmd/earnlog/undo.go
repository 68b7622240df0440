package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newUndoCmd(a *app) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "undo",
		Short: "Take back the last change: void what it added, or lift the void it made",
		Long: `Take back the last change to the records, after showing what will change
and asking (--yes does not ask). The ledger stays append-only: the records
of the last earn, work, timer stop or import are voided with the reason
"undone: ...", and the last void is lifted. Amendments, unvoids, stream
changes and undo itself are not undone: use amend, void or unvoid.

earnlog records the last change from this version on; changes made before
it, imports included, cannot be undone (void them instead).`,
		Example: "  earnlog undo\n  earnlog undo --yes",
		Args:    exactArgs(0, "no arguments"),
		RunE:    func(c *cobra.Command, args []string) error { return a.runUndo(yes) },
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask")
	return c
}

func (a *app) runUndo(yes bool) error {
	var plan *ledger.UndoPlan
	if err := a.view(func(tx ledger.Tx) error {
		var err error
		plan, err = ledger.PlanUndo(tx)
		return err
	}); err != nil {
		return err
	}
	what := plan.Change.Describe()
	fmt.Fprintf(a.stdout, "the last change (%s): %s\n", plan.Change.At.UTC().Format(time.RFC3339), what)
	switch {
	case plan.Unvoid != nil:
		fmt.Fprintf(a.stdout, "undo makes event #%d count again\n", plan.Unvoid.ID)
	case plan.UnvoidW != nil:
		fmt.Fprintf(a.stdout, "undo makes work session #%d count again\n", plan.UnvoidW.ID)
	default:
		if err := showUndo(a, plan); err != nil {
			return err
		}
	}
	if !yes {
		fmt.Fprint(a.stdout, "undo it? [y/N] ")
		line, _ := bufio.NewReader(a.stdin).ReadString('\n')
		if ans := strings.ToLower(strings.TrimSpace(line)); ans != "y" && ans != "yes" {
			_, err := fmt.Fprintln(a.stdout, "nothing changed")
			return err
		}
	}
	if err := a.update(func(tx ledger.Tx) error { return plan.Apply(tx, a.now()) }); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.stdout, "undone: %s\n", what)
	return err
}

func showUndo(a *app, plan *ledger.UndoPlan) error {
	fmt.Fprintf(a.stdout, "undo voids %s:\n", describeCount(len(plan.Events), len(plan.Sessions)))
	const most = 20 // a long import is summed up, not printed whole
	var rows [][]string
	for i, e := range plan.Events {
		if i == most {
			rows = append(rows, []string{"...", "", fmt.Sprintf("and %d more events", len(plan.Events)-most), "", "", ""})
			break
		}
		rows = append(rows, []string{"#" + strconv.FormatUint(e.ID, 10), e.Date.String(), string(e.Stream), e.Kind.String(),
			ledger.FormatAmount(e.Amount, e.Currency) + " " + e.Currency, e.Note})
	}
	for i, w := range plan.Sessions {
		if i == most {
			rows = append(rows, []string{"...", "", fmt.Sprintf("and %d more sessions", len(plan.Sessions)-most), "", "", ""})
			break
		}
		rows = append(rows, []string{"#" + strconv.FormatUint(w.ID, 10), ledger.FormatCivil(w.Start, w.HasTime), string(w.Stream), "work",
			ledger.FormatDuration(w.Seconds), w.Note})
	}
	return writeTable(a.stdout, []string{"id", "date", "stream", "kind", "amount", "note"}, rows)
}

func describeCount(events, sessions int) string {
	switch {
	case events > 0 && sessions > 0:
		return plural(events, "event") + " and " + plural(sessions, "work session")
	case sessions > 0:
		return plural(sessions, "work session")
	}
	return plural(events, "event")
}

func newImportsCmd(a *app) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "imports",
		Short: "List past imports: file, format, time, counts",
		Long: `List past imports, oldest first, with the ID that 'earnlog list --import ID'
takes. Imports made before this version of earnlog were not recorded.`,
		Example: "  earnlog imports\n  earnlog list --import 3 --all",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := outputFormat(out, "table", "json"); err != nil {
				return err
			}
			var ins []ledger.ImportInfo
			if err := a.view(func(tx ledger.Tx) error {
				var err error
				ins, err = tx.Imports()
				return err
			}); err != nil {
				return err
			}
			if out == "json" {
				type jsonImport struct {
					ID       uint64 `json:"id"`
					At       string `json:"at"`
					File     string `json:"file"`
					Format   string `json:"format"`
					New      int    `json:"new"`
					Present  int    `json:"present"`
					Skipped  int    `json:"skipped"`
					Events   string `json:"events"`
					Sessions string `json:"sessions"`
				}
				js := make([]jsonImport, len(ins))
				for i, in := range ins {
					js[i] = jsonImport{in.ID, in.At.UTC().Format(time.RFC3339), in.File, in.Format, in.New, in.Present, in.Skipped, idRange(in.Events), idRange(in.Sessions)}
				}
				return writeJSON(a.stdout, map[string]any{"imports": js})
			}
			if len(ins) == 0 {
				_, err := fmt.Fprintln(a.stdout, "no imports recorded: earnlog records imports from this version on")
				return err
			}
			rows := make([][]string, len(ins))
			for i, in := range ins {
				rows[i] = []string{strconv.FormatUint(in.ID, 10), in.At.UTC().Format(time.RFC3339), in.Format, in.File,
					strconv.Itoa(in.New), strconv.Itoa(in.Present), strconv.Itoa(in.Skipped), idRange(in.Events), idRange(in.Sessions)}
			}
			return writeTable(a.stdout, []string{"id", "at", "format", "file", "new", "present", "skipped", "events", "sessions"}, rows)
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "table or json")
	return c
}

// idRange writes "12-40", "12", or "" for no IDs.
func idRange(r ledger.IDRange) string {
	switch {
	case r.First == 0:
		return ""
	case r.First == r.Last:
		return strconv.FormatUint(r.First, 10)
	}
	return fmt.Sprintf("%d-%d", r.First, r.Last)
}

func init() { extraCommands = append(extraCommands, newUndoCmd, newImportsCmd) }
