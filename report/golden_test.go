package report_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/earnlog/earnlog/report"
)

// renderer is what every report offers.
type renderer interface {
	WriteTable(w io.Writer, opt report.TableOptions) error
	WriteCSV(w io.Writer) error
	WriteJSON(w io.Writer) error
}

func TestGolden(t *testing.T) {
	events, sessions := sample()
	in := input(events, sessions)
	must := func(r renderer, err error) renderer {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	reports := []struct {
		name string
		r    renderer
		bars report.BarStyle
	}{
		{"monthly", must(report.Monthly(in, report.MonthlyOptions{})), report.BarsUnicode},
		{"monthly-by-stream", must(report.Monthly(in, report.MonthlyOptions{By: report.ByStream, Rule: report.Rule{Name: "since-last"}})), report.BarsASCII},
		{"streams", must(report.Streams(in, report.StreamsOptions{})), report.BarsNone},
		{"hours", must(report.Hours(in, report.HoursOptions{})), report.BarsNone},
		{"claim-sample", must(report.Claim(in, report.ClaimOptions{})), report.BarsUnicode},
		{"claim-sweep", must(report.Claim(claimLedger(12, oneIn3, never), report.ClaimOptions{Sweep: true, Rule: report.Rule{Name: "window", WindowDays: 7}})), report.BarsNone},
	}
	for _, rep := range reports {
		t.Run(rep.name, func(t *testing.T) {
			var table, csv, json bytes.Buffer
			if err := rep.r.WriteTable(&table, report.TableOptions{Bars: rep.bars}); err != nil {
				t.Fatal(err)
			}
			if err := rep.r.WriteCSV(&csv); err != nil {
				t.Fatal(err)
			}
			if err := rep.r.WriteJSON(&json); err != nil {
				t.Fatal(err)
			}
			golden(t, rep.name+".txt", table.Bytes())
			golden(t, rep.name+".csv", csv.Bytes())
			golden(t, rep.name+".json", json.Bytes())
		})
	}
}
