package ratefile

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/earnlog/earnlog/ledger"
)

func parseCSV(r io.Reader, name, source string) (*File, error) {
	rows, lines, err := readCSV(r, name)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is empty: a rates CSV starts with the header date,from,to,rate", name)
	}
	head := rows[0]
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	col := map[string]int{"date": -1, "from": -1, "to": -1, "rate": -1, "source": -1}
	for i, h := range head {
		k := strings.ToLower(strings.TrimSpace(h))
		if j, ok := col[k]; ok {
			if j >= 0 {
				return nil, lineErrf(name, lines[0], h, "the column appears twice")
			}
			col[k] = i
		}
	}
	for _, k := range []string{"date", "from", "to", "rate"} {
		if col[k] < 0 {
			return nil, lineErrf(name, lines[0], "", "the header has no "+k+" column: want date,from,to,rate")
		}
	}
	get := func(row []string, k string) string {
		if i := col[k]; i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	f := &File{}
	for k := 1; k < len(rows); k++ {
		row, line := rows[k], lines[k]
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		d, ok := ledger.ParseISODate(get(row, "date"))
		if !ok {
			return nil, lineErrf(name, line, head[col["date"]], "\""+get(row, "date")+"\" is not a date: use YYYY-MM-DD from 1970 to 2999")
		}
		from, ok1 := currencyCode(get(row, "from"))
		if !ok1 {
			return nil, lineErrf(name, line, head[col["from"]], "\""+get(row, "from")+"\" is not an ISO 4217 currency code")
		}
		to, ok2 := currencyCode(get(row, "to"))
		if !ok2 {
			return nil, lineErrf(name, line, head[col["to"]], "\""+get(row, "to")+"\" is not an ISO 4217 currency code")
		}
		if from == to {
			return nil, lineErrf(name, line, "", "a rate from "+from+" to "+to+" converts a currency to itself")
		}
		v, err := ledger.ParseRateValue(get(row, "rate"))
		if err != nil {
			return nil, lineErr(name, line, head[col["rate"]], err)
		}
		src := source
		if col["source"] >= 0 {
			if s := get(row, "source"); s != "" {
				if len(s) > ledger.MaxSource || !utf8.ValidString(s) {
					return nil, lineErrf(name, line, head[col["source"]], "the source is not valid UTF-8 or longer than 200 bytes")
				}
				src = s
			}
		}
		f.Rates = append(f.Rates, ledger.Rate{Date: d, From: from, To: to, Value: v, Source: src})
	}
	return f, nil
}
