package ledger

import (
	"slices"
	"strings"
)

// Work tags say what kind of work a session was. Any tag is allowed; these
// are the ones earnlog suggests (and shell completion offers).
var SuggestedTags = []string{"build", "maintain", "market", "support", "admin"}

// Tag limits: a tag is a short word, a session has a few.
const (
	MaxTagLen = 32
	MaxTags   = 8
)

// validTag reports whether t is a tag as stored: lower-case letters, digits,
// '-' and '_', starting with a letter or digit, at most MaxTagLen bytes.
func validTag(t string) bool {
	if t == "" || len(t) > MaxTagLen || t[0] == '-' || t[0] == '_' {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// joinTags sorts and de-duplicates tags into the stored form: "a,b".
func joinTags(tags []string) string {
	slices.Sort(tags)
	return strings.Join(slices.Compact(tags), ",")
}

// ParseTags reads tags as a person types them: one or more --tag values,
// each possibly a comma-separated list ("build,market"); a leading '#' and
// upper case are accepted. It returns the stored form.
func ParseTags(values ...string) (string, error) {
	var tags []string
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#"))
			if t == "" {
				continue
			}
			if !validTag(t) {
				return "", Errorf(EINVALID, "%q is not a tag: use a short word of letters, digits, '-' or '_' (for example %s)", t, strings.Join(SuggestedTags, ", "))
			}
			tags = append(tags, t)
		}
	}
	s := joinTags(tags)
	if n := strings.Count(s, ",") + 1; s != "" && n > MaxTags {
		return "", Errorf(EINVALID, "%d tags on one session: at most %d", n, MaxTags)
	}
	return s, nil
}

// ImportedTags turns the tags of an imported file (Timewarrior or Toggl
// tags, #words of a timeclock description) into stored tags: lower case,
// spaces and other characters become '-', empty and overlong ones are
// dropped, and at most MaxTags are kept (the first in sorted order).
func ImportedTags(raw []string) string {
	var tags []string
	for _, r := range raw {
		var b strings.Builder
		for _, c := range strings.ToLower(strings.TrimSpace(r)) {
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
				b.WriteRune(c)
			default:
				if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
					b.WriteByte('-')
				}
			}
		}
		t := strings.TrimRight(b.String(), "-")
		if validTag(t) {
			tags = append(tags, t)
		}
	}
	s := joinTags(tags)
	if parts := strings.Split(s, ","); len(parts) > MaxTags {
		s = strings.Join(parts[:MaxTags], ",")
	}
	return s
}

// HashTags returns the #words of a free text (a timeclock description:
// "listing photos #maintain #shop"), without the '#'.
func HashTags(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		if len(f) > 1 && f[0] == '#' {
			out = append(out, strings.TrimRight(f[1:], ".,;:!?)"))
		}
	}
	return out
}

// TagList returns the session's tags; nil when it has none.
func (w *WorkSession) TagList() []string {
	if w.Tags == "" {
		return nil
	}
	return strings.Split(w.Tags, ",")
}

// checkTags checks that a stored tag list is in the stored form.
func checkTags(s string) error {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for _, t := range parts {
		if !validTag(t) {
			return Errorf(EINVALID, "%q is not a tag: use a short word of letters, digits, '-' or '_'", t)
		}
	}
	if len(parts) > MaxTags {
		return Errorf(EINVALID, "%d tags on one session: at most %d", len(parts), MaxTags)
	}
	if !slices.IsSorted(parts) || len(slices.Compact(slices.Clone(parts))) != len(parts) {
		return Errorf(EINVALID, "tags %q are not sorted and unique", s)
	}
	return nil
}

// TagSet is a set of tags, as a rule's --ignore-tags gives it.
type TagSet []string

// Covers reports whether every tag of the stored list tags is in the set:
// a session whose tags are all ignored does not count as work for the
// passive rule. An untagged session is never covered.
func (s TagSet) Covers(tags string) bool {
	if tags == "" || len(s) == 0 {
		return false
	}
	for len(tags) > 0 {
		t := tags
		if i := strings.IndexByte(tags, ','); i >= 0 {
			t, tags = tags[:i], tags[i+1:]
		} else {
			tags = ""
		}
		if !slices.Contains(s, t) {
			return false
		}
	}
	return true
}
