package main

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newStreamsCmd(a *app) *cobra.Command {
	var out string
	var all bool
	c := &cobra.Command{
		Use:   "streams",
		Short: "List streams with platform, class, first and last activity and aliases",
		Long: `List streams with platform, class, first and last activity, counts of
(non-voided) events and sessions, and aliases: former names of a renamed
stream and streams merged into it. Archived streams are left out unless
--all, which marks them.`,
		Example: "  earnlog streams\n  earnlog streams --all -o json",
		Args:    exactArgs(0, "no arguments"),
		RunE: func(c *cobra.Command, args []string) error {
			if err := outputFormat(out, "table", "csv", "json"); err != nil {
				return err
			}
			var acts []ledger.Activity
			if err := a.view(func(tx ledger.Tx) error {
				var err error
				acts, err = ledger.StreamActivities(tx)
				return err
			}); err != nil {
				return err
			}
			if !all {
				kept := acts[:0]
				for _, s := range acts {
					if !s.Archived {
						kept = append(kept, s)
					}
				}
				acts = kept
			}
			header := []string{"stream", "platform", "class", "first", "last", "events", "sessions", "aliases"}
			if all {
				header = append(header, "archived")
			}
			rows := make([][]string, len(acts))
			type jsonStream struct {
				Stream   string   `json:"stream"`
				Platform string   `json:"platform"`
				Class    string   `json:"class"`
				First    string   `json:"first"`
				Last     string   `json:"last"`
				Events   int      `json:"events"`
				Sessions int      `json:"sessions"`
				Aliases  []string `json:"aliases"`
				Archived bool     `json:"archived"`
			}
			js := make([]jsonStream, len(acts))
			for i, s := range acts {
				aliases := make([]string, len(s.Aliases))
				for j, al := range s.Aliases {
					aliases[j] = string(al)
				}
				rows[i] = []string{string(s.Stream), s.Stream.Platform(), s.Class.String(), dateOrEmpty(s.First), dateOrEmpty(s.Last), strconv.Itoa(s.Events), strconv.Itoa(s.Sessions), strings.Join(aliases, " ")}
				if all {
					rows[i] = append(rows[i], strconv.FormatBool(s.Archived))
				}
				js[i] = jsonStream{string(s.Stream), s.Stream.Platform(), s.Class.String(), dateOrEmpty(s.First), dateOrEmpty(s.Last), s.Events, s.Sessions, aliases, s.Archived}
			}
			switch out {
			case "json":
				return writeJSON(a.stdout, map[string]any{"streams": js})
			case "csv":
				w := csv.NewWriter(a.stdout)
				_ = w.Write(header)
				_ = w.WriteAll(rows)
				return w.Error()
			}
			if len(acts) == 0 {
				_, err := fmt.Fprintln(a.stdout, "no streams yet: record one with 'earnlog earn STREAM AMOUNT'")
				return err
			}
			return writeTable(a.stdout, header, rows)
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "table, csv or json")
	c.Flags().BoolVar(&all, "all", false, "include archived streams, marked")
	return c
}
