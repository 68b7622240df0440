package report

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

// The HTML report's small estimates section: the pooled residual curve of
// each class with its fit and 90% band, and the runway's total month by
// month with its 80% interval. Coordinates are written with one decimal,
// so the page is the same byte for byte run to run.

// WithEstimates adds the residual curves of d and the runway of w to the
// page WriteHTML writes (either may be nil).
func (r *MonthlyReport) WithEstimates(d *DecayReport, w *RunwayReport) {
	r.estimates = estimatesSVG(d, w)
}

const (
	estW, estH            = 640, 260
	estLeft, estRight     = 56, 620
	estTop, estBottom     = 28, 222
	estBand           int = 5 // percent each side of the fit's band
)

var classColour = map[ledger.Class]string{
	ledger.ClassMarketplace: "var(--active)",
	ledger.ClassStorefront:  "var(--passive)",
	ledger.ClassOther:       "var(--share)",
}

func f1(x float64) string { return fmt.Sprintf("%.1f", x) }

func estimatesSVG(d *DecayReport, w *RunwayReport) template.HTML {
	var b strings.Builder
	b.WriteString("<section class=\"estimates\">\n<h2>How long income outlives the work (estimates)</h2>\n")
	if d != nil {
		writeResidualSVG(&b, d)
	}
	if w != nil {
		writeRunwaySVG(&b, w)
	}
	b.WriteString("</section>\n")
	// Every text in it is escaped on the way in.
	return template.HTML(b.String()) //nolint:gosec
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func writeResidualSVG(b *strings.Builder, d *DecayReport) {
	var curves []*Curve
	for _, c := range d.Curves {
		if c.Pooled {
			curves = append(curves, c)
		}
	}
	if len(curves) == 0 {
		fmt.Fprintf(b, "<p class=\"note\">Residual after the last work: no stream's last work is %d days or more before %s.</p>\n", StoppedDays, d.LastDate)
		return
	}
	periods, top := 0, 1.2
	type band struct{ lo, hi []float64 }
	bands := make([]band, len(curves))
	for i, c := range curves {
		periods = max(periods, len(c.Periods))
		for _, p := range c.Periods {
			top = max(top, math.Min(p.Relative, 3))
		}
		if !c.HasFit {
			continue
		}
		for k := range c.Periods {
			t := float64(k*PeriodDays + firstMid)
			xs := make([]float64, 0, len(c.draws))
			for _, f := range c.draws {
				xs = append(xs, f.at(t))
			}
			slices.Sort(xs)
			bands[i].lo = append(bands[i].lo, percentile(xs, float64(estBand)/100))
			bands[i].hi = append(bands[i].hi, math.Min(percentile(xs, 1-float64(estBand)/100), 3))
		}
	}
	top = math.Ceil(top*5) / 5
	x := func(k int) float64 { // period k (0-based)
		if periods <= 1 {
			return (estLeft + estRight) / 2
		}
		return estLeft + float64(k)*(estRight-estLeft)/float64(periods-1)
	}
	y := func(v float64) float64 { return estBottom - math.Max(0, math.Min(v, top))/top*(estBottom-estTop) }
	fmt.Fprintf(b, "<figure>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Income per 30 days after the last work, relative to before, per class\">\n", estW, estH)
	for _, v := range []float64{0, 0.5, 1} {
		if v > top {
			continue
		}
		fmt.Fprintf(b, "<g class=\"grid\"><line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\"/></g><text class=\"tick\" x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n",
			estLeft, estRight, f1(y(v)), f1(y(v)), estLeft-6, f1(y(v)+4), fmtShareFloat(v))
	}
	for k := 0; k < periods; k++ {
		if periods > 12 && k%(periods/12+1) != 0 {
			continue
		}
		fmt.Fprintf(b, "<text class=\"month-label\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", f1(x(k)), estBottom+16, k+1)
	}
	fmt.Fprintf(b, "<text class=\"axis-title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">30-day periods after the last work</text>\n", (estLeft+estRight)/2, estH-4)
	for i, c := range curves {
		col := classColour[c.Class]
		if bd := bands[i]; len(bd.lo) > 0 {
			var pts []string
			for k := range bd.hi {
				pts = append(pts, f1(x(k))+","+f1(y(bd.hi[k])))
			}
			for k := len(bd.lo) - 1; k >= 0; k-- {
				pts = append(pts, f1(x(k))+","+f1(y(bd.lo[k])))
			}
			fmt.Fprintf(b, "<polygon points=\"%s\" fill=\"%s\" fill-opacity=\"0.18\"><title>%s: 90%% band of the %s fit</title></polygon>\n",
				strings.Join(pts, " "), col, esc(c.Group), esc(c.Better))
			var fit []string
			for k := range c.Periods {
				fit = append(fit, f1(x(k))+","+f1(y(c.best().at(float64(k*PeriodDays+firstMid)))))
			}
			fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n", strings.Join(fit, " "), col)
		}
		var obs []string
		for k, p := range c.Periods {
			obs = append(obs, f1(x(k))+","+f1(y(p.Relative)))
		}
		fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>\n", strings.Join(obs, " "), col)
		for k, p := range c.Periods {
			fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"><title>%s, period %d: %s of the level before (%s %s)</title></circle>\n",
				f1(x(k)), f1(y(p.Relative)), col, esc(c.Group), p.Index, fmtRatio(p.Relative), ledger.FormatAmount(p.Income, d.Currency), d.Currency)
		}
		hl := "no fit"
		if c.HasFit {
			hl = "half-life " + fmtDays(c.HalfLife(), true) + " days (90% " + fmtDays(c.HalfLifeLow, true) + "-" + fmtDays(c.HalfLifeHigh, true) + "), better fit " + c.Better
		}
		fmt.Fprintf(b, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s: %s</text>\n", estLeft+8, 14+16*i, col, esc(c.Group), esc(hl))
	}
	fmt.Fprintf(b, "</svg>\n<figcaption>Income per 30 days after the last work, relative to the 30-day average of the %d days before (1 = as before), pooled per class; dashed: the better fit, shaded: its 90%% band.</figcaption>\n</figure>\n", BeforeDays)
}

func fmtShareFloat(v float64) string { return fmt.Sprintf("%.1f", v) }

func writeRunwaySVG(b *strings.Builder, w *RunwayReport) {
	ms := w.Total.Months
	var top int64 = 1
	for _, m := range ms {
		top = max(top, m.High)
	}
	top = max(top, w.Total.Recent)
	slot := float64(estRight-estLeft) / float64(len(ms))
	y := func(v int64) float64 { return estBottom - float64(max(v, 0))/float64(top)*(estBottom-estTop) }
	cur := w.Currency
	fmt.Fprintf(b, "<figure>\n<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Expected income per 30 days if all work stopped\">\n", estW, estH)
	fmt.Fprintf(b, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n", estLeft, estRight, estBottom, estBottom)
	fmt.Fprintf(b, "<text class=\"tick\" x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", estLeft-6, f1(y(top)+4), ledger.FormatAmount(top, cur))
	for i, m := range ms {
		x0 := estLeft + float64(i)*slot
		fmt.Fprintf(b, "<g class=\"runway-month\"><rect fill=\"var(--passive)\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", f1(x0+slot*0.15), f1(y(m.Expected)), f1(slot*0.7), f1(estBottom-y(m.Expected)))
		fmt.Fprintf(b, "<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"var(--fg)\" stroke-width=\"1.5\"/>", f1(x0+slot/2), f1(x0+slot/2), f1(y(m.Low)), f1(y(m.High)))
		fmt.Fprintf(b, "<title>month %d (%s to %s): %s %s expected, 80%% interval %s-%s</title></g>\n", m.Index, m.From, m.To,
			ledger.FormatAmount(m.Expected, cur), cur, ledger.FormatAmount(m.Low, cur), ledger.FormatAmount(m.High, cur))
		fmt.Fprintf(b, "<text class=\"month-label\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", f1(x0+slot/2), estBottom+16, m.Index)
	}
	half := w.Total.Recent / 2
	fmt.Fprintf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"var(--share)\" stroke-dasharray=\"5 4\"><title>half of the recent %s %s per 30 days</title></line>\n",
		estLeft, estRight, f1(y(half)), f1(y(half)), ledger.FormatAmount(w.Total.Recent, cur), cur)
	fmt.Fprintf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>\n", estLeft-6, estBottom+4)
	fmt.Fprintf(b, "<text class=\"axis-title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">30-day periods from %s</text>\n", (estLeft+estRight)/2, estH-4, w.AsOf)
	fmt.Fprintf(b, "</svg>\n<figcaption>If all work stopped: expected income in %s of each 30-day period ahead, all streams, with its 80%% interval (report runway); dashed: half of the recent %s per 30 days. Estimates, never stored.</figcaption>\n</figure>\n",
		cur, ledger.FormatAmount(w.Total.Recent, cur))
}
