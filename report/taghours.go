package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// Untagged names the row of sessions without tags in `report hours --by tag`.
const Untagged = "(untagged)"

// TagHoursOptions are the choices of `report hours --by tag`.
type TagHoursOptions struct {
	From, To ledger.Date // sessions starting within; 0 = open
}

// TagHoursRow is the logged work of one tag on one stream.
type TagHoursRow struct {
	Tag      string // a tag, or Untagged
	Stream   ledger.Stream
	Sessions int
	Seconds  int64
}

// TagHoursReport is the result of TagHours: rows by tag and stream, then the
// total per tag. A session with several tags counts under each of them, so
// the tags' hours can add up to more than Seconds, the hours logged.
type TagHoursReport struct {
	Rows     []TagHoursRow
	Tags     []TagHoursRow // per tag, all streams (Stream empty)
	Sessions int
	Seconds  int64
}

// TagHours breaks the logged hours (sessions, not billed hours) down by
// work tag and stream.
func TagHours(in Input, opt TagHoursOptions) (*TagHoursReport, error) {
	type key struct {
		tag    string
		stream ledger.Stream
	}
	acc := map[key]*TagHoursRow{}
	r := &TagHoursReport{}
	if in.Sessions != nil {
		err := in.Sessions(func(w *ledger.WorkSession) error {
			if w.Voided || !inRange(w.StartDate(), opt.From, opt.To) {
				return nil
			}
			r.Sessions++
			r.Seconds += w.Seconds
			tags := w.TagList()
			if len(tags) == 0 {
				tags = []string{Untagged}
			}
			for _, t := range tags {
				k := key{t, w.Stream}
				x := acc[k]
				if x == nil {
					// The store may hand out strings backed by its buffers.
					x = &TagHoursRow{Tag: strings.Clone(t), Stream: ledger.Stream(strings.Clone(string(w.Stream)))}
					acc[key{x.Tag, x.Stream}] = x
				}
				x.Sessions++
				x.Seconds += w.Seconds
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, x := range acc {
		r.Rows = append(r.Rows, *x)
	}
	// Untagged sorts last.
	order := func(t string) string {
		if t == Untagged {
			return "\xff"
		}
		return t
	}
	slices.SortFunc(r.Rows, func(a, b TagHoursRow) int {
		return cmp.Or(cmp.Compare(order(a.Tag), order(b.Tag)), cmp.Compare(a.Stream, b.Stream))
	})
	for _, x := range r.Rows {
		if n := len(r.Tags); n == 0 || r.Tags[n-1].Tag != x.Tag {
			r.Tags = append(r.Tags, TagHoursRow{Tag: x.Tag})
		}
		t := &r.Tags[len(r.Tags)-1]
		t.Sessions += x.Sessions
		t.Seconds += x.Seconds
	}
	return r, nil
}

// WriteCSV writes tag,stream,sessions,hours, one line per tag and stream.
func (r *TagHoursReport) WriteCSV(w io.Writer) error {
	rows := make([][]string, 0, len(r.Rows))
	for _, x := range r.Rows {
		rows = append(rows, []string{x.Tag, string(x.Stream), strconv.Itoa(x.Sessions), ledger.FormatHours(x.Seconds)})
	}
	return writeCSV(w, []string{"tag", "stream", "sessions", "hours"}, rows)
}

type tagHoursJSONRow struct {
	Tag      string  `json:"tag"`
	Stream   *string `json:"stream,omitempty"`
	Sessions int     `json:"sessions"`
	Hours    string  `json:"hours"`
}

// WriteJSON writes {"by":"tag","rows":[{"tag","stream","sessions","hours"}],
// "tags":[{"tag","sessions","hours"}],"sessions","hours"}; the untagged
// sessions have the tag "(untagged)".
func (r *TagHoursReport) WriteJSON(w io.Writer) error {
	out := struct {
		By       string            `json:"by"`
		Rows     []tagHoursJSONRow `json:"rows"`
		Tags     []tagHoursJSONRow `json:"tags"`
		Sessions int               `json:"sessions"`
		Hours    string            `json:"hours"`
	}{By: "tag", Rows: []tagHoursJSONRow{}, Tags: []tagHoursJSONRow{}, Sessions: r.Sessions, Hours: ledger.FormatHours(r.Seconds)}
	for _, x := range r.Rows {
		s := string(x.Stream)
		out.Rows = append(out.Rows, tagHoursJSONRow{x.Tag, &s, x.Sessions, ledger.FormatHours(x.Seconds)})
	}
	for _, x := range r.Tags {
		out.Tags = append(out.Tags, tagHoursJSONRow{x.Tag, nil, x.Sessions, ledger.FormatHours(x.Seconds)})
	}
	return writeJSON(w, out)
}

// WriteTable writes one line per tag and stream, a line per tag with its
// total over streams, and the hours logged in all.
func (r *TagHoursReport) WriteTable(w io.Writer, _ TableOptions) error {
	bw := bufio.NewWriter(w)
	if len(r.Rows) == 0 {
		bw.WriteString("no work sessions in this period\n")
		return bw.Flush()
	}
	t := &table{head: []string{"tag", "stream", "sessions", "hours", "share"}, right: []bool{false, false, true, true, true}}
	ti := 0
	for i, x := range r.Rows {
		t.add(x.Tag, string(x.Stream), strconv.Itoa(x.Sessions), ledger.FormatHours(x.Seconds), hoursShare(x.Seconds, r.Seconds))
		if i+1 == len(r.Rows) || r.Rows[i+1].Tag != x.Tag {
			tot := r.Tags[ti]
			ti++
			t.add("", "all streams", strconv.Itoa(tot.Sessions), ledger.FormatHours(tot.Seconds), hoursShare(tot.Seconds, r.Seconds))
		}
	}
	t.add("total", "", strconv.Itoa(r.Sessions), ledger.FormatHours(r.Seconds), "")
	t.write(bw)
	fmt.Fprintf(bw, "\nshare: of the %s hours logged; a session with several tags counts under each\n", ledger.FormatHours(r.Seconds))
	return bw.Flush()
}

func hoursShare(secs, total int64) string {
	s, _ := ShareString(secs, total)
	return s
}
