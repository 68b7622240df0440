// Package timewarrior imports `timew export`: a JSON array of intervals
//
//	{"id":2,"start":"20231001T090000Z","end":"20231001T100000Z","tags":["upwork:acme"],"annotation":"..."}
//
// Times are UTC; a session starts at the local wall time of this machine
// (time.Local), which is where the person who logged it works.
//
// Stream rule: --stream wins. Otherwise a tag of the form "platform:name" or
// "platform/name" names the stream (the name is slugged: "upwork:Acme Logo"
// is upwork/acme-logo). With --tag P, only tags whose platform part is P
// count, so --tag upwork picks "upwork:acme" over "client:acme". An interval
// must have exactly one such stream; none or several is an error naming the
// interval and the flags.
//
// Work tags: every other tag (one without ':' or '/', such as "maintain")
// becomes a tag of the session, slugged ("Client Work" is client-work).
package timewarrior

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// basic is timewarrior's UTC ISO basic time.
const basic = "20060102T150405Z"

type interval struct {
	Start      string   `json:"start"`
	End        string   `json:"end"`
	Tags       []string `json:"tags"`
	Annotation string   `json:"annotation"`
}

// Import reads one `timew export` from r, one interval at a time, and hands
// every closed interval to sink as a work session. A bad interval is
// returned as a *ledger.RowError whose Line is the interval's position in
// the array (1 for the first); the running interval is skipped.
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	name := opts.Name
	if name == "" {
		name = "stdin"
	}
	dec := json.NewDecoder(r)
	dec.UseNumber() // a huge number where the array should be is bad input, not a float overflow
	tok, err := dec.Token()
	if err == io.EOF {
		return ledger.Errorf(ledger.EINVALID, "%s: the file is empty: expected the JSON array that timew export writes", name)
	}
	if err != nil {
		return jsonError(name, dec, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return ledger.Errorf(ledger.EINVALID, "%s: not a timewarrior export: expected a JSON array of intervals, found %v", name, tok)
	}
	for n := 1; dec.More(); n++ {
		var iv interval
		if err := dec.Decode(&iv); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return &ledger.RowError{File: name, Line: n, Column: te.Field,
					Err: fmt.Errorf("interval %d is not an interval: %q must be %s", n, te.Field, kindOf(te.Field))}
			}
			return jsonError(name, dec, err)
		}
		if err := one(n, iv, name, opts, sink); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return jsonError(name, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return ledger.Errorf(ledger.EINVALID, "%s: something follows the array of intervals at byte %d: a timewarrior export is one JSON array", name, dec.InputOffset())
	}
	return nil
}

func kindOf(field string) string {
	if field == "tags" {
		return "an array of strings"
	}
	return "a string"
}

func jsonError(name string, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return ledger.Errorf(ledger.EINVALID, "%s: not a timewarrior export at byte %d: %v", name, dec.InputOffset(), err)
	}
	if errors.As(err, &se) {
		return ledger.Errorf(ledger.EINVALID, "%s: not valid JSON at byte %d: %v: expected the array that timew export writes", name, se.Offset, se)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		return ledger.Errorf(ledger.EINVALID, "%s: the JSON ends early at byte %d: the export is cut off", name, dec.InputOffset())
	}
	return ledger.Errorf(ledger.EINTERNAL, "%s: %v", name, err)
}

func one(n int, iv interval, name string, opts ledger.ImportOptions, sink ledger.Sink) error {
	fail := func(col, format string, args ...any) error {
		return &ledger.RowError{File: name, Line: n, Column: col,
			Err: fmt.Errorf("interval %d (start %q): %s", n, iv.Start, fmt.Sprintf(format, args...))}
	}
	start, err := time.Parse(basic, iv.Start)
	if err != nil {
		return fail("start", "%q is not a time: use UTC ISO basic form, such as 20231001T090000Z", iv.Start)
	}
	if iv.End == "" {
		sink.Skip(n, "open interval")
		return nil
	}
	end, err := time.Parse(basic, iv.End)
	if err != nil {
		return fail("end", "%q is not a time: use UTC ISO basic form, such as 20231001T100000Z", iv.End)
	}
	secs := int64(end.Sub(start) / time.Second)
	switch {
	case secs < 0:
		return fail("end", "it ends (%s) before it starts", iv.End)
	case secs == 0:
		sink.Skip(n, "zero-length interval")
		return nil
	case secs > ledger.MaxDuration:
		return fail("end", "it lasts %s: at most 1000h", ledger.FormatDuration(secs))
	}
	stream := opts.Stream
	if stream == "" {
		if stream, err = tagStream(iv.Tags, opts.Tag); err != nil {
			return fail("tags", "%v", err)
		}
	}
	local := start.In(time.Local)
	if local.Year() < 1970 || local.Year() > 2999 {
		return fail("start", "%q is out of range: years 1970 to 2999", iv.Start)
	}
	w := &ledger.WorkSession{
		Stream: stream, Start: ledger.CivilSeconds(local), HasTime: true, Seconds: secs,
		Note: iv.Annotation, Key: "timewarrior:" + start.UTC().Format(basic),
		Tags: workTags(iv.Tags),
	}
	if err := w.Validate(); err != nil {
		return fail("", "%v", err)
	}
	return sink.Session(w)
}

// workTags are the tags that name no stream: what kind of work it was.
func workTags(tags []string) string {
	var out []string
	for _, t := range tags {
		if !strings.ContainsAny(t, ":/") {
			out = append(out, t)
		}
	}
	return ledger.ImportedTags(out)
}

// tagStream applies the stream rule of the package comment to one
// interval's tags.
func tagStream(tags []string, prefix string) (ledger.Stream, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	found := map[ledger.Stream]bool{}
	for _, tag := range tags {
		i := strings.IndexAny(tag, ":/")
		if i <= 0 {
			continue
		}
		platform := strings.ToLower(strings.TrimSpace(tag[:i]))
		if !ledger.ValidPlatform(platform) || (prefix != "" && platform != prefix) {
			continue
		}
		s, err := ledger.MakeStream(platform, tag[i+1:])
		if err != nil {
			continue
		}
		found[s] = true
	}
	switch len(found) {
	case 1:
		for s := range found {
			return s, nil
		}
	case 0:
		if prefix != "" {
			return "", fmt.Errorf("no tag %s:NAME among %q: tag the interval, or give --stream", prefix, tags)
		}
		return "", fmt.Errorf("no tag of the form platform:name among %q: tag the interval (timew tag @N upwork:acme), or give --stream or --tag", tags)
	}
	names := make([]string, 0, len(found))
	for s := range found {
		names = append(names, string(s))
	}
	sort.Strings(names)
	return "", fmt.Errorf("the tags name several streams (%s): pick the platform with --tag, or give --stream", strings.Join(names, ", "))
}
