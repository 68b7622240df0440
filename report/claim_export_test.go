package report

import "github.com/shopspring/decimal"

// ThresholdBarForTest lets the external tests draw one sweep bar.
func ThresholdBarForTest(style BarStyle, share, threshold string) string {
	return thresholdBar(style, decimal.RequireFromString(share), true, decimal.RequireFromString(threshold))
}
