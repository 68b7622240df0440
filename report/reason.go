package report

import (
	"strconv"

	"github.com/earnlog/earnlog/ledger"
)

// ReasonText says in one short line why v judged e (of stream s) as it did:
// "billed 6.75 h (week 2025-02-10..2025-02-16)", "hourly invoice",
// "work on 2025-04-03 (session #5), 30 days before", "billing week
// 2025-04-07..2025-04-13 of #16 overlaps the window", "no work on
// etsy/pixel-press from 2025-04-03 to 2025-05-03", "refund of #25, which
// was passive", or "unlinked refund, judged on its own date: " and the
// rule's reason. Empty for events that are not judged (fees).
func ReasonText(e *ledger.Event, v Verdict) string {
	var s string
	switch v.Reason {
	case ReasonBilled:
		a, b := period(e)
		s = "billed " + ledger.FormatHours(e.Billed) + " h (" + periodWord(a, b) + " " + a.String() + ".." + b.String() + ")"
	case ReasonHourly:
		s = "hourly invoice"
	case ReasonWork:
		switch v.EvidenceKind {
		case EvidenceSession:
			d := min(v.EvidenceEnd, v.To)
			s = "work on " + d.String() + " (session #" + strconv.FormatUint(v.Evidence, 10) + "), " + daysBefore(v.To-d)
		case EvidenceBilling:
			s = "billing " + periodWord(v.EvidenceStart, v.EvidenceEnd) + " " + v.EvidenceStart.String() + ".." + v.EvidenceEnd.String() +
				" of #" + strconv.FormatUint(v.Evidence, 10) + " overlaps the window"
		default:
			s = "work on " + string(e.Stream) + " " + window(v.From, v.To)
		}
	case ReasonNoWork:
		s = "no work on " + string(e.Stream) + " " + window(v.From, v.To)
	case ReasonLinked:
		class := "active"
		if v.Passive {
			class = "passive"
		}
		s = e.Kind.String() + " of #" + strconv.FormatUint(v.Evidence, 10) + ", which was " + class
	}
	if v.Unlinked {
		s = "unlinked " + e.Kind.String() + ", judged on its own date: " + s
	}
	return s
}

// window writes the days a rule looked at: "from A to B", or "up to B" when
// any earlier work counts.
func window(from, to ledger.Date) string {
	if from == FirstDay {
		return "up to " + to.String()
	}
	return "from " + from.String() + " to " + to.String()
}

// periodWord is "week" for a seven-day billing period, "period" otherwise.
func periodWord(a, b ledger.Date) string {
	if b-a == 6 {
		return "week"
	}
	return "period"
}

func daysBefore(n ledger.Date) string {
	switch n {
	case 0:
		return "the same day"
	case 1:
		return "1 day before"
	}
	return strconv.Itoa(int(n)) + " days before"
}
