// Package toggl imports Toggl Track's detailed report CSV:
//
//	User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
//
// Times are local wall times without a zone, kept as civil times. Duration
// (H:MM:SS, hours may pass 24) is the length of an entry; when the end is
// there too, the two must agree within a minute (an entry that ends before
// it starts, or whose Duration is not its start to end, perhaps from a
// rounded report, is refused rather than one of them believed). The Amount column is what the hours would
// bill, not money that arrived, so it is not read.
//
// Stream rule: --stream wins. Otherwise the Project, then the Client, when
// written "platform/name" or "platform:name", is the stream (the name is
// slugged); otherwise a Client that is a platform earnlog knows (Upwork,
// Fiverr, Etsy, ...) with a Project gives client/project ("Upwork" +
// "Acme Logo" is upwork/acme-logo). Anything else is an error asking for
// --stream.
//
// Tags (comma-separated, "maintain, market") become the session's work
// tags, slugged ("Client Work" is client-work).
package toggl

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/ledger/tabular"
)

// knownHeader is shown when a file is not a Toggl detailed report.
const knownHeader = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)"

// Import reads one Toggl Track detailed report from r and hands every time
// entry to sink as a work session. The first bad row is returned as a
// *ledger.RowError; a file that is not a detailed report, as an
// unknown-header error.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	t, err := tabular.Open(r, opts.Name, "stdin")
	if err != nil {
		return err
	}
	if !t.Has("Start date", "Start time") || !(t.Has("Duration") || t.Has("End date", "End time")) {
		return t.UnknownHeader("Toggl Track detailed report", knownHeader)
	}
	c := columns{
		user: t.Col("User", "Email"), client: t.Col("Client"), project: t.Col("Project"), desc: t.Col("Description"),
		startDate: t.Col("Start date"), startTime: t.Col("Start time"), endDate: t.Col("End date"), endTime: t.Col("End time"),
		duration: t.Col("Duration"), tags: t.Col("Tags"),
	}
	for row, err := range t.Rows() {
		if err != nil {
			return err
		}
		if err := entry(row, c, opts, sink); err != nil {
			return err
		}
	}
	return nil
}

type columns struct {
	user, client, project, desc, startDate, startTime, endDate, endTime, duration, tags int
}

func entry(row tabular.Row, c columns, opts ledger.ImportOptions, sink ledger.Sink) error {
	start, err := civil(row, c.startDate, c.startTime)
	if err != nil {
		return err
	}
	var secs int64
	if d := row.Get(c.duration); d != "" {
		if secs, err = duration(d); err != nil {
			return row.Errorf(c.duration, "%q is not a duration: use H:MM:SS, such as 1:30:00 (hours may pass 24)", d)
		}
	}
	if row.Get(c.endDate) != "" || row.Get(c.endTime) != "" || row.Get(c.duration) == "" {
		end, err := civil(row, c.endDate, c.endTime)
		if err != nil {
			return err
		}
		span := end - start
		switch {
		case span < 0:
			return row.Errorf(c.endTime, "the entry ends (%s %s) before it starts (%s %s)", row.Get(c.endDate), row.Get(c.endTime), row.Get(c.startDate), row.Get(c.startTime))
		case row.Get(c.duration) == "":
			secs = span
		case secs-span >= 60 || span-secs >= 60:
			// A minute's leeway: a report with times to the minute and
			// durations to the second disagrees by less.
			return row.Errorf(c.duration, "Duration %s disagrees with the start and end (%s %s to %s %s is %s): export the detailed report without rounding, or fix the entry", row.Get(c.duration), row.Get(c.startDate), row.Get(c.startTime), row.Get(c.endDate), row.Get(c.endTime), ledger.FormatDuration(span))
		}
	}
	if secs == 0 {
		sink.Skip(row.Line, "zero-length entry")
		return nil
	}
	if secs > ledger.MaxDuration {
		return row.Errorf(c.duration, "the entry lasts %s: one entry is at most 1000h", ledger.FormatDuration(secs))
	}
	stream := opts.Stream
	if stream == "" {
		var ok bool
		if stream, ok = streamOf(row.Get(c.project), row.Get(c.client)); !ok {
			return row.Errorf(c.project, "project %q (client %q) names no stream: name the project platform/name (upwork/acme-logo) or platform:name, set the client to the platform (Upwork), or give --stream", row.Get(c.project), row.Get(c.client))
		}
	}
	w := &ledger.WorkSession{
		Stream: stream, Start: start, HasTime: true, Seconds: secs, Note: row.Get(c.desc),
		Key:  "toggl:" + row.Get(c.user) + ":" + ledger.FormatCivil(start, true),
		Tags: ledger.ImportedTags(strings.Split(row.Get(c.tags), ",")),
	}
	return row.Session(sink, c.desc, w)
}

// streamOf applies the stream rule of the package comment.
func streamOf(project, client string) (ledger.Stream, bool) {
	for _, s := range []string{project, client} {
		if st, ok := named(s); ok {
			return st, true
		}
	}
	p := ledger.Slug(client)
	if ledger.BuiltinClass(p) != ledger.ClassOther {
		if st, err := ledger.MakeStream(p, project); err == nil {
			return st, true
		}
	}
	return "", false
}

// named reads "platform/name" or "platform:name".
func named(s string) (ledger.Stream, bool) {
	i := strings.IndexAny(s, "/:")
	if i <= 0 {
		return "", false
	}
	platform := strings.ToLower(strings.TrimSpace(s[:i]))
	if !ledger.ValidPlatform(platform) {
		return "", false
	}
	st, err := ledger.MakeStream(platform, s[i+1:])
	return st, err == nil
}

// civil reads a date (YYYY-MM-DD) and a time (HH:MM:SS or HH:MM) as civil
// seconds.
func civil(row tabular.Row, dateCol, timeCol int) (int64, error) {
	ds, ts := row.Get(dateCol), row.Get(timeCol)
	d, err := time.Parse("2006-01-02", ds)
	if err != nil || d.Year() < 1970 || d.Year() > 2999 {
		return 0, row.Errorf(dateCol, "%q is not a date: use YYYY-MM-DD", ds)
	}
	tm, err := time.Parse("15:04:05", ts)
	if err != nil {
		if tm, err = time.Parse("15:04", ts); err != nil {
			return 0, row.Errorf(timeCol, "%q is not a time: use HH:MM:SS", ts)
		}
	}
	return ledger.CivilSeconds(d) + int64(tm.Hour()*3600+tm.Minute()*60+tm.Second()), nil
}

// duration reads H:MM:SS with any number of hours.
func duration(s string) (int64, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || len(parts[0]) == 0 || len(parts[0]) > 6 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return 0, fmt.Errorf("bad duration")
	}
	var n [3]int64
	for i, p := range parts {
		for _, r := range p {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("bad duration")
			}
		}
		n[i], _ = strconv.ParseInt(p, 10, 64)
	}
	if n[1] > 59 || n[2] > 59 {
		return 0, fmt.Errorf("bad duration")
	}
	return n[0]*3600 + n[1]*60 + n[2], nil
}
