package ledger

import (
	"strconv"
	"strings"
)

// durationForms is quoted in every duration error.
const durationForms = "2h30m, 1.5h, 90m, 45s or 1:30 (hours:minutes)"

// MaxDuration bounds one duration: a thousand hours is far beyond any real
// session or invoice, and keeps sums of seconds exact.
const MaxDuration = 1000 * 3600

// ParseDuration reads a duration and returns whole seconds. Accepted:
// "2h30m", "2h", "90m", "45s", "1.5h" (decimal hours, up to four decimals),
// "1:30" (hours:minutes) and "1:30:15" (hours:minutes:seconds).
// Zero, negative and ambiguous forms are refused.
func ParseDuration(s string) (int64, error) {
	secs, ok := parseDuration(strings.TrimSpace(strings.ToLower(s)))
	if !ok {
		return 0, Errorf(EINVALID, "%q is not a duration: use %s", s, durationForms)
	}
	if secs <= 0 {
		return 0, Errorf(EINVALID, "%q is not a positive duration: use %s", s, durationForms)
	}
	if secs > MaxDuration {
		return 0, Errorf(EINVALID, "%q is too long: one duration is at most 1000h", s)
	}
	return secs, nil
}

func parseDuration(t string) (int64, bool) {
	if t == "" {
		return 0, false
	}
	if strings.Contains(t, ":") {
		parts := strings.Split(t, ":")
		if len(parts) > 3 {
			return 0, false
		}
		var n [3]int64
		for i, p := range parts {
			v, ok := digits(p)
			if !ok || (i > 0 && (len(p) != 2 || v > 59)) {
				return 0, false
			}
			n[i] = v
		}
		if n[0] > MaxDuration/3600 {
			return 0, false
		}
		return n[0]*3600 + n[1]*60 + n[2], true
	}
	// Unit form: one or more number+unit pairs, units h, m, s in that order.
	var total int64
	last := 0 // rank of the last unit seen: h=1, m=2, s=3
	for t != "" {
		i := 0
		for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
			i++
		}
		num := t[:i]
		t = t[i:]
		if num == "" || t == "" {
			return 0, false
		}
		unit, rank, mult := t[0], 0, int64(0)
		switch unit {
		case 'h':
			rank, mult = 1, 3600
		case 'm':
			rank, mult = 2, 60
		case 's':
			rank, mult = 3, 1
		default:
			return 0, false
		}
		t = t[1:]
		if rank <= last {
			return 0, false
		}
		last = rank
		whole, frac, hasPoint := strings.Cut(num, ".")
		w, ok := digits(whole)
		if !ok || w > MaxDuration {
			return 0, false
		}
		secs := w * mult
		if hasPoint {
			if unit != 'h' || frac == "" || len(frac) > 4 {
				return 0, false
			}
			f, ok := digits(frac)
			if !ok {
				return 0, false
			}
			scale := int64(1)
			for range frac {
				scale *= 10
			}
			if (f*mult)%scale != 0 {
				// 1.3333h is not a whole number of seconds: round to the second.
				secs += (f*mult + scale/2) / scale
			} else {
				secs += f * mult / scale
			}
		}
		total += secs
		if total > MaxDuration {
			return total, true
		}
	}
	return total, true
}

func digits(s string) (int64, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// FormatHours writes seconds as hours with two decimals ("1.50"), rounding
// half away from zero, exactly (no floats).
func FormatHours(secs int64) string {
	neg := secs < 0
	if neg {
		secs = -secs
	}
	centi := (secs*100 + 1800) / 3600
	s := strconv.FormatInt(centi/100, 10) + "." + pad2(centi%100)
	if neg && centi != 0 {
		s = "-" + s
	}
	return s
}

func pad2(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

// FormatDuration writes seconds as a short duration: "2h30m", "45m", "1h".
func FormatDuration(secs int64) string {
	h, m, s := secs/3600, secs%3600/60, secs%60
	var b strings.Builder
	if h > 0 {
		b.WriteString(strconv.FormatInt(h, 10) + "h")
	}
	if m > 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "m")
	}
	if s > 0 || b.Len() == 0 {
		b.WriteString(strconv.FormatInt(s, 10) + "s")
	}
	return b.String()
}
