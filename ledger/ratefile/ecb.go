package ratefile

import (
	"io"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

func parseECB(r io.Reader, name, source string) (*File, error) {
	rows, lines, err := readCSV(r, name)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is empty: an ECB rates file starts with the header Date,USD,JPY,...", name)
	}
	head := rows[0]
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if len(head) < 2 || !strings.EqualFold(strings.TrimSpace(head[0]), "date") {
		return nil, lineErrf(name, lines[0], "", "the header is not an ECB rates header: want Date,USD,JPY,...")
	}
	f := &File{}
	cols := make([]string, len(head)) // "" for a column that is skipped
	var obsolete []string
	for i := 1; i < len(head); i++ {
		h := strings.TrimSpace(head[i])
		if h == "" {
			continue // the trailing comma
		}
		c, ok := currencyCode(h)
		switch {
		case ok && c == "EUR":
			return nil, lineErrf(name, lines[0], h, "an ECB rates file has no EUR column: its rates are per euro")
		case ok:
			for _, prev := range cols {
				if prev == c {
					return nil, lineErrf(name, lines[0], h, "the currency "+c+" has two columns")
				}
			}
			cols[i] = c
		case len(h) == 3 && strings.ToUpper(h) == h:
			obsolete = append(obsolete, h) // CYP, SIT, ...: currencies the euro replaced
		default:
			return nil, lineErrf(name, lines[0], h, "the column is not a currency code")
		}
	}
	if len(obsolete) > 0 {
		f.Skipped = append(f.Skipped, "columns of currencies that are not ISO 4217 codes any more: "+strings.Join(obsolete, ", "))
	}
	na := 0
	for k := 1; k < len(rows); k++ {
		row, line := rows[k], lines[k]
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		d, ok := ledger.ParseISODate(strings.TrimSpace(row[0]))
		if !ok {
			return nil, lineErrf(name, line, "Date", "\""+row[0]+"\" is not a date: use YYYY-MM-DD from 1970 to 2999")
		}
		if len(row) > len(head) && strings.TrimSpace(strings.Join(row[len(head):], "")) != "" {
			return nil, lineErrf(name, line, "", "the line has more cells than the header")
		}
		for i := 1; i < len(row) && i < len(cols); i++ {
			cell := strings.TrimSpace(row[i])
			if cols[i] == "" {
				continue
			}
			if cell == "" || strings.EqualFold(cell, "N/A") {
				na++
				continue
			}
			v, err := ledger.ParseRateValue(cell)
			if err != nil {
				return nil, lineErr(name, line, cols[i], err)
			}
			f.Rates = append(f.Rates, ledger.Rate{Date: d, From: "EUR", To: cols[i], Value: v, Source: source})
		}
	}
	if na > 0 {
		f.Skipped = append(f.Skipped, itoa(na)+" cells without a rate (N/A)")
	}
	return f, nil
}
