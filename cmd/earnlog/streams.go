package main

import (
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newStreamsCmd(a *app) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:     "streams",
		Short:   "List streams with platform, class and first and last activity",
		Example: "  earnlog streams\n  earnlog streams -o json",
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
			header := []string{"stream", "platform", "class", "first", "last", "events", "sessions"}
			rows := make([][]string, len(acts))
			type jsonStream struct {
				Stream   string `json:"stream"`
				Platform string `json:"platform"`
				Class    string `json:"class"`
				First    string `json:"first"`
				Last     string `json:"last"`
				Events   int    `json:"events"`
				Sessions int    `json:"sessions"`
			}
			js := make([]jsonStream, len(acts))
			for i, s := range acts {
				rows[i] = []string{string(s.Stream), s.Stream.Platform(), s.Class.String(), dateOrEmpty(s.First), dateOrEmpty(s.Last), strconv.Itoa(s.Events), strconv.Itoa(s.Sessions)}
				js[i] = jsonStream{string(s.Stream), s.Stream.Platform(), s.Class.String(), dateOrEmpty(s.First), dateOrEmpty(s.Last), s.Events, s.Sessions}
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
	return c
}
