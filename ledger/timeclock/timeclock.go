// Package timeclock imports hledger's timeclock files:
//
//	i 2026/03/27 09:00:00 upwork:acme-logo  optional description ; comment
//	o 2026/03/27 17:00:34
//
// Work tags are the #words of the description ("listing photos #maintain"
// tags the session maintain); the description stays the note as written.
//
// The account names the stream: its first colon-separated part is the
// platform, the rest (slugged) the name, so upwork:acme-logo is the stream
// upwork/acme-logo. Times are wall-clock times where the work happened, kept
// as civil times; a session across a daylight-saving change is off by that
// hour, as in hledger.
//
// The syntax is what hledger (1.50) reads, with the same meaning:
//
//   - Dates YYYY/MM/DD, YYYY-MM-DD or YYYY.MM.DD (one separator throughout,
//     month and day with or without a leading zero); times HH:MM or
//     HH:MM:SS, optionally followed by a zone, +HHMM or -HHMM
//     ("22:15:00+0100"), which hledger accepts and ignores: the time stays
//     the wall-clock time written.
//   - ";" starts a comment anywhere, on clock-ins and clock-outs alike, with
//     or without a space before it; lines starting with "#", ";" or "*" are
//     comments; trailing spaces are ignored.
//   - A clock-in needs an account. Several sessions may be open at once (as
//     since hledger 1.43), but not two of the same account: a clock-out
//     naming an account closes that account's session, one without closes
//     the latest open one. Entries are read in file order.
//   - "O" (timeclock.el's final clock-out) closes like "o". The "b" (time
//     balance) and "h" (required hours) entries of timeclock.el, which
//     hledger parses and ignores, are skipped and counted.
//   - Where hledger would close a session still open at the end of the file
//     at the current time, earnlog skips it ("open session") rather than
//     invent work: import the file again once it is clocked out.
package timeclock

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// open is a clock-in waiting for its clock-out.
type open struct {
	line    int
	account string
	stream  ledger.Stream
	key     string // the stream as import keys name it (keyStream)
	start   int64
	note    string
}

// Import reads one timeclock file from r and hands every clocked session to
// sink. The first bad line is returned as a *ledger.RowError (EINVALID).
// Sessions still open at the end are skipped ("open session").
func Import(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
	name := opts.Name
	if name == "" {
		name = "stdin"
	}
	var opens []open // in clock-in order; an "o" without account closes the last
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		fail := func(format string, args ...any) error {
			return &ledger.RowError{File: name, Line: line, Err: fmt.Errorf(format, args...)}
		}
		if text == "" || strings.ContainsAny(text[:1], "#;*") {
			continue
		}
		code, rest, _ := cutSpace(text)
		if c, _, _ := strings.Cut(code, ";"); c == "b" || c == "h" {
			reason := "time balance entry"
			if c == "h" {
				reason = "required hours entry"
			}
			sink.Skip(line, reason)
			continue
		}
		if code != "i" && code != "o" && code != "O" {
			return fail("%q is not a timeclock entry: lines start with i (clock in), o or O (clock out), b or h (ignored), or #, ; or * (comments)", code)
		}
		rest, _, _ = strings.Cut(rest, ";")
		rest = strings.TrimLeft(rest, " \t")
		dateS, rest, _ := cutSpace(rest)
		timeS, rest, _ := cutSpace(rest)
		at, err := parseTime(dateS, timeS)
		if err != nil {
			return fail("%v", err)
		}
		account, note := splitAccount(rest)
		if code == "i" {
			if account == "" {
				return fail("the clock-in has no account: write i DATE TIME PLATFORM:NAME")
			}
			for _, o := range opens {
				if o.account == account {
					return fail("%q is already clocked in since line %d: clock it out first", account, o.line)
				}
			}
			stream := opts.Stream
			if stream == "" {
				if stream, err = accountStream(account); err != nil {
					return fail("%v", err)
				}
			}
			key := string(stream)
			if opts.Stream == "" {
				key = keyStream(account, stream)
			}
			opens = append(opens, open{line: line, account: account, stream: stream, key: key, start: at, note: note})
			continue
		}
		idx := len(opens) - 1
		if account != "" {
			for idx >= 0 && opens[idx].account != account {
				idx--
			}
		}
		if idx < 0 {
			if account != "" {
				return fail("clock-out of %q, which is not clocked in", account)
			}
			return fail("clock-out with nothing clocked in")
		}
		o := opens[idx]
		opens = append(opens[:idx], opens[idx+1:]...)
		secs := at - o.start
		switch {
		case secs < 0:
			return fail("the clock-out %s %s is before its clock-in on line %d", dateS, timeS, o.line)
		case secs == 0:
			sink.Skip(line, "zero-length session")
			continue
		case secs > ledger.MaxDuration:
			return fail("the session from line %d lasts %s: at most 1000h", o.line, ledger.FormatDuration(secs))
		}
		w := &ledger.WorkSession{
			Stream: o.stream, Start: o.start, HasTime: true, Seconds: secs, Note: o.note,
			Key:  "timeclock:" + o.key + ":" + ledger.FormatCivil(o.start, true),
			Tags: ledger.ImportedTags(ledger.HashTags(o.note)),
		}
		if err := w.Validate(); err != nil {
			return &ledger.RowError{File: name, Line: o.line, Err: err}
		}
		if err := ledger.SessionAt(sink, o.line, w); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return ledger.Errorf(ledger.EINVALID, "%s:%d: the line is longer than 1 MiB: this is not a timeclock file", name, line+1)
		}
		return ledger.Errorf(ledger.EINTERNAL, "%s: %v", name, err)
	}
	for _, o := range opens {
		sink.Skip(o.line, "open session")
	}
	return nil
}

// cutSpace splits off the first space-separated word.
func cutSpace(s string) (word, rest string, ok bool) {
	s = strings.TrimLeft(s, " \t")
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, "", s != ""
	}
	return s[:i], s[i:], true
}

// splitAccount splits "account name  description": an account may contain
// single spaces; two spaces or a tab end it.
func splitAccount(s string) (account, note string) {
	s = strings.TrimLeft(s, " \t")
	end := len(s)
	if i := strings.Index(s, "  "); i >= 0 {
		end = i
	}
	if i := strings.IndexByte(s, '\t'); i >= 0 && i < end {
		end = i
	}
	return strings.TrimSpace(s[:end]), strings.TrimSpace(s[end:])
}

// keyStream is the stream of an account as the import keys of earlier
// versions name it, so that a file imported before adds nothing again:
// they kept only a-z and 0-9 of a name ("upwork:Müller" was upwork/m-ller).
// An account they refused (no such letter at all) is keyed on its stream.
func keyStream(account string, stream ledger.Stream) string {
	platform, name, _ := strings.Cut(account, ":")
	p, n := ledger.LegacySlug(platform), ledger.LegacySlug(name)
	if p == "" || n == "" {
		return string(stream)
	}
	if len(n) > 100 {
		n = strings.TrimRight(n[:100], "-")
	}
	return p + "/" + n
}

// accountStream maps "upwork:acme-logo" to the stream upwork/acme-logo.
func accountStream(account string) (ledger.Stream, error) {
	platform, name, ok := strings.Cut(account, ":")
	p := ledger.Slug(platform)
	if !ok || p == "" || ledger.Slug(name) == "" {
		return "", fmt.Errorf("account %q names no stream: write PLATFORM:NAME (upwork:acme-logo is the stream upwork/acme-logo), or give --stream", account)
	}
	return ledger.MakeStream(p, name)
}

// parseTime reads DATE (YYYY/MM/DD, YYYY-MM-DD or YYYY.MM.DD) and TIME
// (HH:MM or HH:MM:SS, then an optional zone +HHMM or -HHMM, ignored as
// hledger ignores it) as civil seconds.
func parseTime(dateS, timeS string) (int64, error) {
	bad := func() (int64, error) {
		return 0, fmt.Errorf("%q is not a date and time: use YYYY/MM/DD, YYYY-MM-DD or YYYY.MM.DD, then HH:MM or HH:MM:SS (a zone such as +0100 may follow)", strings.TrimSpace(dateS+" "+timeS))
	}
	if n := len(timeS); n > 5 && (timeS[n-5] == '+' || timeS[n-5] == '-') {
		if _, err := strconv.ParseUint(timeS[n-4:], 10, 16); err != nil {
			return bad()
		}
		timeS = timeS[:n-5]
	}
	sep := "-"
	if i := strings.IndexAny(dateS, "/-."); i >= 0 {
		sep = dateS[i : i+1]
	}
	dp := strings.Split(dateS, sep)
	tp := strings.Split(timeS, ":")
	if len(dp) != 3 || len(tp) < 2 || len(tp) > 3 || len(dp[0]) != 4 {
		return bad()
	}
	n := make([]int, 0, 6)
	for i, s := range append(dp, tp...) {
		if s == "" || len(s) > 4 || (i > 0 && len(s) > 2) {
			return bad()
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || s[0] == '+' || s[0] == '-' {
			return bad()
		}
		n = append(n, v)
	}
	for len(n) < 6 {
		n = append(n, 0)
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.UTC)
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] || t.Hour() != n[3] || t.Minute() != n[4] || t.Second() != n[5] ||
		n[0] < 1970 || n[0] > 2999 {
		return bad()
	}
	return ledger.CivilSeconds(t), nil
}
