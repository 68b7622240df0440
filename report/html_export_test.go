package report

// NiceCeilForTest exposes the axis rounding of the HTML chart.
func NiceCeilForTest(v int64, currency string) int64 { return niceCeil(v, currency) }
