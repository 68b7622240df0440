package upwork

// The three patterns every row of a history meets (hours, billing period,
// the Ref ID a fee names) matched by hand: a million-row file spent more
// time in the regexp package than in everything else it does. Each matcher
// gives what FindStringSubmatch of its pattern gives, the leftmost match
// and its groups (match_test.go holds them to that); text with bytes
// outside ASCII, where (?i) folds letters such as 'ſ' into 's', goes to the
// pattern itself.

// findHours is hoursPattern.FindStringSubmatch(s): "14:20 hrs".
func findHours(s string) []string {
	if !isASCII(s) {
		return hoursPattern.FindStringSubmatch(s)
	}
	for colon := 0; colon < len(s); colon++ {
		if s[colon] != ':' {
			continue
		}
		from := colon
		for from > 0 && isDigit(s[from-1]) {
			from--
		}
		to := colon + 1
		for to < len(s) && isDigit(s[to]) {
			to++
		}
		if from == colon || to == colon+1 {
			continue
		}
		i := skipSpace(s, to)
		if i+2 > len(s) || lower(s[i]) != 'h' || lower(s[i+1]) != 'r' {
			continue
		}
		end := i + 2
		if end < len(s) && lower(s[end]) == 's' && (end+1 == len(s) || !isWord(s[end+1])) {
			end++
		} else if end < len(s) && isWord(s[end]) {
			continue
		}
		return []string{s[from:end], s[from:colon], s[colon+1 : to]}
	}
	return nil
}

// findPeriod is periodPattern.FindStringSubmatch(s):
// "09/21/2026-09/27/2026", spaces allowed around the dash.
func findPeriod(s string) []string {
	if !isASCII(s) {
		return periodPattern.FindStringSubmatch(s)
	}
	for start := 0; start < len(s); start++ {
		if !isDigit(s[start]) {
			continue
		}
		first, ok := slashDate(s, start)
		if !ok {
			continue
		}
		i := skipSpace(s, first)
		if i >= len(s) || s[i] != '-' {
			continue
		}
		i = skipSpace(s, i+1)
		second, ok := slashDate(s, i)
		if !ok {
			continue
		}
		return []string{s[start:second], s[start:first], s[i:second]}
	}
	return nil
}

// slashDate matches \d{1,2}/\d{1,2}/\d{4} at i and returns where it ends.
// Each count has one way to match: a second digit rules out the '/' that
// one digit needs.
func slashDate(s string, i int) (int, bool) {
	for range 2 {
		n := digitsUpTo(s, i, 2)
		if n == 0 || i+n >= len(s) || s[i+n] != '/' {
			return 0, false
		}
		i += n + 1
	}
	if digitsUpTo(s, i, 4) != 4 {
		return 0, false
	}
	return i + 4, true
}

// findRefID is refIDPattern.FindStringSubmatch(s): "Ref ID 800001",
// "ref. id: 800001", "Ref ID#800001".
func findRefID(s string) []string {
	if !isASCII(s) {
		return refIDPattern.FindStringSubmatch(s)
	}
	for start := 0; start+3 <= len(s); start++ {
		if lower(s[start]) != 'r' || lower(s[start+1]) != 'e' || lower(s[start+2]) != 'f' || (start > 0 && isWord(s[start-1])) {
			continue
		}
		i := start + 3
		if i < len(s) && s[i] == '.' {
			i++
		}
		i = skipSpace(s, i)
		if i+2 > len(s) || lower(s[i]) != 'i' || lower(s[i+1]) != 'd' {
			continue
		}
		i = skipSpace(s, i+2)
		if i < len(s) && (s[i] == ':' || s[i] == '#') {
			i++
		}
		i = skipSpace(s, i)
		to := i
		for to < len(s) && isDigit(s[to]) {
			to++
		}
		if to == i {
			continue
		}
		return []string{s[start:to], s[i:to]}
	}
	return nil
}

func digitsUpTo(s string, i, n int) int {
	k := 0
	for k < n && i+k < len(s) && isDigit(s[i+k]) {
		k++
	}
	return k
}

// skipSpace skips what \s matches: tab, line feed, form feed, carriage
// return and space.
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWord is \w, the characters \b tells apart from the rest.
func isWord(c byte) bool { return isDigit(c) || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
