package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"
)

// table lays out aligned columns: text left, numbers right, two spaces apart.
type table struct {
	head  []string
	right []bool
	rows  [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w *bufio.Writer) {
	width := make([]int, len(t.head))
	all := append([][]string{t.head}, t.rows...)
	for _, r := range all {
		for i, c := range r {
			if n := utf8.RuneCountInString(c); n > width[i] {
				width[i] = n
			}
		}
	}
	for _, r := range all {
		var line strings.Builder
		for i, c := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if t.right[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		w.WriteString(strings.TrimRight(line.String(), " "))
		w.WriteByte('\n')
	}
}

// barWidth is the number of cells a share bar takes.
const barWidth = 10

var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar draws a share (0..1, as passive/income) in barWidth cells; a row
// without a share (see HasShare) has no bar.
func bar(style BarStyle, passive, income int64) string {
	if style == BarsNone || !HasShare(passive, income) {
		return ""
	}
	// Eighths of a cell, rounded to nearest, computed in integers.
	total := int64(barWidth * 8)
	var n int64
	switch {
	case passive <= 0 && income > 0, passive >= 0 && income < 0:
		n = 0
	default:
		p, i := passive, income
		if p < 0 {
			p, i = -p, -i
		}
		if p >= i {
			n = total
		} else {
			// p < i here, so p*total fits when p < MaxInt64/80; fall back to
			// dividing first for huge sums.
			if p < (1<<63-1)/total {
				n = (p*total + i/2) / i
			} else {
				n = p / (i / total)
			}
		}
	}
	if style == BarsASCII {
		full := int((n + 4) / 8)
		return strings.Repeat("#", full) + strings.Repeat(".", barWidth-full)
	}
	full, part := int(n/8), int(n%8)
	s := strings.Repeat("█", full) + eighths[part]
	cells := full
	if part > 0 {
		cells++
	}
	return s + strings.Repeat(" ", barWidth-cells)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeCSV(w io.Writer, head []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(head); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
