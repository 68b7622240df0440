package mapping

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// lineIndex finds the line of a key in a mapping file, so that an error
// about a value the TOML decoder accepted still names its line.
type lineIndex struct{ lines map[string]int }

// indexLines records the line of every table header and key. Keys of arrays
// of tables are recorded with their index ("skip[1].match") and without it
// (the first one), which is how the TOML decoder names undecoded keys.
func indexLines(text string) *lineIndex {
	ix := &lineIndex{lines: map[string]int{}}
	put := func(k string, n int) {
		if _, ok := ix.lines[k]; !ok {
			ix.lines[k] = n
		}
	}
	count := map[string]int{}
	prefix, bare := "", ""
	depth := 0
	for i, l := range strings.Split(text, "\n") {
		n := i + 1
		l = strings.TrimSpace(stripComment(l))
		if l == "" {
			continue
		}
		if depth > 0 {
			depth += bracketDepth(l)
			continue
		}
		switch {
		case strings.HasPrefix(l, "[["):
			name := normKey(strings.TrimSuffix(strings.TrimPrefix(l, "[["), "]]"))
			prefix = fmt.Sprintf("%s[%d]", name, count[name])
			count[name]++
			bare = name
			put(prefix, n)
			put(bare, n)
		case strings.HasPrefix(l, "["):
			name := normKey(strings.TrimSuffix(strings.TrimPrefix(l, "["), "]"))
			prefix, bare = name, name
			put(prefix, n)
		default:
			key, rest, ok := cutKey(l)
			if !ok {
				continue
			}
			join := func(p string) string {
				if p == "" {
					return key
				}
				return p + "." + key
			}
			put(join(prefix), n)
			put(join(bare), n)
			depth = bracketDepth(rest)
		}
	}
	return ix
}

// line returns the line of key, else of the nearest table around it, else 0.
func (ix *lineIndex) line(key string) int {
	for k := key; k != ""; {
		if n, ok := ix.lines[k]; ok {
			return n
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

// cutKey splits "key = value" (the key bare or quoted) into key and value.
func cutKey(l string) (key, rest string, ok bool) {
	if strings.HasPrefix(l, `"`) || strings.HasPrefix(l, `'`) {
		q := l[:1]
		end := strings.Index(l[1:], q)
		if end < 0 {
			return "", "", false
		}
		k := l[1 : end+1]
		after := strings.TrimSpace(l[end+2:])
		if !strings.HasPrefix(after, "=") {
			return "", "", false
		}
		return quoteKey(k), after[1:], true
	}
	k, v, ok := strings.Cut(l, "=")
	if !ok {
		return "", "", false
	}
	return normKey(k), v, true
}

func normKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"'`)
		parts[i] = quoteKey(p)
	}
	return strings.Join(parts, ".")
}

// stripComment drops a # comment that is not inside a string.
func stripComment(l string) string {
	end := len(l)
	eachUnquoted(l, func(i int) bool {
		if l[i] == '#' {
			end = i
			return false
		}
		return true
	})
	return l[:end]
}

// bracketDepth counts the [ ] of a value outside strings: above zero while
// a multi-line array is open.
func bracketDepth(l string) int {
	d := 0
	eachUnquoted(l, func(i int) bool {
		switch l[i] {
		case '[':
			d++
		case ']':
			d--
		}
		return true
	})
	return d
}

// eachUnquoted calls fn with the index of each byte of l outside a "basic"
// (with \ escapes) or 'literal' string, quotes left out, until fn returns
// false.
func eachUnquoted(l string, fn func(i int) bool) {
	var q byte
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		default:
			if !fn(i) {
				return
			}
		}
	}
}

// template is text with {Column} places, as stream names are written.
type template struct {
	parts []tplPart
}

type tplPart struct {
	text   string
	column string // set for a {Column} place
}

func parseTemplate(s string) (*template, error) {
	t := &template{}
	rest := s
	for rest != "" {
		open := strings.IndexByte(rest, '{')
		closeAt := strings.IndexByte(rest, '}')
		if open < 0 {
			if closeAt >= 0 {
				return nil, fmt.Errorf("%q has a } without its {: write {Column} for a column's value", s)
			}
			t.parts = append(t.parts, tplPart{text: rest})
			break
		}
		if closeAt >= 0 && closeAt < open {
			return nil, fmt.Errorf("%q has a } without its {: write {Column} for a column's value", s)
		}
		if open > 0 {
			t.parts = append(t.parts, tplPart{text: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("%q has a { without its }: write {Column} for a column's value", s)
		}
		col := strings.TrimSpace(rest[open+1 : open+end])
		if col == "" || strings.ContainsAny(col, "{") {
			return nil, fmt.Errorf("%q has an empty or nested {}: write {Column} for a column's value", s)
		}
		t.parts = append(t.parts, tplPart{column: col})
		rest = rest[open+end+1:]
	}
	return t, nil
}

// render writes the template with value(column) in each place. Text just
// before an empty place is dropped with it, and separators left at either
// end are trimmed: "{description}; available {available_on_utc}" gives
// "Invoice 12" when the second column is empty.
func (t *template) render(value func(column string) string) string {
	var b strings.Builder
	for i, p := range t.parts {
		if p.column != "" {
			b.WriteString(value(p.column))
			continue
		}
		if i+1 < len(t.parts) && t.parts[i+1].column != "" && value(t.parts[i+1].column) == "" {
			continue
		}
		b.WriteString(p.text)
	}
	return strings.Trim(b.String(), " ;,-:|/")
}

// dateLayout is a date format as a mapping writes it: YYYY, YY, MM, M, DD,
// D and MMM (a month name) between literal separators.
type dateLayout struct {
	source string
	items  []dateItem
}

type dateItem struct {
	token string // "YYYY", "YY", "MM", "DD", "MMM"; "" for a literal
	lit   byte
}

// dateSeparators are the literal characters a date format may hold.
const dateSeparators = " -/.,_"

func parseDateFormat(f string) (dateLayout, error) {
	l := dateLayout{source: f}
	hasY, hasM, hasD := false, false, false
	for i := 0; i < len(f); {
		rest := f[i:]
		switch {
		case strings.HasPrefix(rest, "YYYY"):
			l.items, hasY, i = append(l.items, dateItem{token: "YYYY"}), true, i+4
		case strings.HasPrefix(rest, "YY"):
			l.items, hasY, i = append(l.items, dateItem{token: "YY"}), true, i+2
		case strings.HasPrefix(rest, "MMM"):
			l.items, hasM, i = append(l.items, dateItem{token: "MMM"}), true, i+3
		case strings.HasPrefix(rest, "MM"), strings.HasPrefix(rest, "M"):
			n := 1
			if strings.HasPrefix(rest, "MM") {
				n = 2
			}
			l.items, hasM, i = append(l.items, dateItem{token: "MM"}), true, i+n
		case strings.HasPrefix(rest, "DD"), strings.HasPrefix(rest, "D"):
			n := 1
			if strings.HasPrefix(rest, "DD") {
				n = 2
			}
			l.items, hasD, i = append(l.items, dateItem{token: "DD"}), true, i+n
		case strings.IndexByte(dateSeparators, f[i]) >= 0:
			l.items, i = append(l.items, dateItem{lit: f[i]}), i+1
		default:
			return l, fmt.Errorf("%q is not a date format: use YYYY, YY, MM, M, DD, D and MMM (a month name) with the separators %q, as in \"DD.MM.YYYY\" or \"MM/DD/YYYY\"", f, dateSeparators)
		}
	}
	if !hasY || !hasM || !hasD {
		return l, fmt.Errorf("%q is not a date format: it needs a year (YYYY), a month (MM) and a day (DD)", f)
	}
	return l, nil
}

// parse reads a date at the start of s; what follows must be nothing, or a
// time after a space or a "T", which is ignored.
func (l dateLayout) parse(s string) (ledger.Date, bool) {
	y, m, d := -1, -1, -1
	i := 0
	for k, it := range l.items {
		if it.token == "" {
			if i >= len(s) || s[i] != it.lit {
				return 0, false
			}
			i++
			continue
		}
		if it.token == "MMM" {
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			mm, ok := monthName(s[i:j])
			if !ok {
				return 0, false
			}
			m, i = int(mm), j
			continue
		}
		want := map[string]int{"YYYY": 4, "YY": 2, "MM": 2, "DD": 2}[it.token]
		fixed := it.token == "YYYY" || it.token == "YY" || (k+1 < len(l.items) && l.items[k+1].token != "")
		j := i
		for j < len(s) && j-i < want && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || (fixed && j-i != want) {
			return 0, false
		}
		v, _ := strconv.Atoi(s[i:j])
		switch it.token {
		case "YYYY":
			y = v
		case "YY":
			y = 2000 + v
			if v >= 70 {
				y = 1900 + v
			}
		case "MM":
			m = v
		case "DD":
			d = v
		}
		i = j
	}
	if i < len(s) && s[i] != ' ' && s[i] != 'T' {
		return 0, false
	}
	if y < 1970 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return ledger.DateOf(t), true
}

// monthName reads an English month name, full or its first three letters.
func monthName(s string) (time.Month, bool) {
	l := strings.ToLower(s)
	if len(l) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		if l == full || l == full[:3] || (l == "sept" && m == time.September) {
			return m, true
		}
	}
	return 0, false
}
