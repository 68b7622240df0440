package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/report"
)

// Direct income (a PayPal client) is reported beside the claim's classes
// and leaves the verdict as it was.
func TestClaimReportsDirect(t *testing.T) {
	base := claimLedger(8, always, never)
	before, err := report.Claim(base, report.ClaimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	events := []ledger.Event{
		ev(0, "2025-02-10", "paypal/acme-corp", ledger.KindFixed, 50000),  // worked that day: active
		ev(0, "2025-05-10", "paypal/acme-corp", ledger.KindFixed, 30000),  // no work: passive
		ev(0, "2025-05-12", "paypal/acme-corp", ledger.KindRefund, -5000), // unlinked, no work: passive
	}
	sessions := []ledger.WorkSession{sess(0, "2025-02-10", "paypal/acme-corp", 3600)}
	var all []ledger.Event
	if err := base.Events(func(e *ledger.Event) error { all = append(all, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	var allS []ledger.WorkSession
	if err := base.Sessions(func(w *ledger.WorkSession) error { allS = append(allS, *w); return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range all {
		all[i].ID = 0
	}
	rep, err := report.Claim(input(append(all, events...), append(allS, sessions...)), report.ClaimOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Direct
	// Income 500.00 + 300.00 - 50.00; passive 300.00 - 50.00.
	if d.Class != ledger.ClassDirect || d.Income != 75000 || d.Passive != 25000 || d.Events != 3 || d.Months != 2 || d.Share.String() != "0.3333" {
		t.Errorf("direct %+v", d)
	}
	if rep.Verdict != before.Verdict || !rep.Marketplace.Share.Equal(before.Marketplace.Share) || !rep.Storefront.Share.Equal(before.Storefront.Share) {
		t.Errorf("direct income changed the verdict or a share: %s vs %s", rep.Verdict, before.Verdict)
	}
	var tb, csv, js bytes.Buffer
	if err := rep.WriteTable(&tb, report.TableOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tb.String(), "\ndirect ") || !strings.Contains(tb.String(), "not part of the verdict") {
		t.Errorf("table has no direct line:\n%s", tb.String())
	}
	if !strings.Contains(csv.String(), "\ndirect,USD,750.00,250.00,0.00,0.3333,") {
		t.Errorf("csv has no direct line:\n%s", csv.String())
	}
	if !strings.Contains(js.String(), `"direct": {`) && !strings.Contains(js.String(), `"direct":{`) {
		t.Errorf("json has no direct class:\n%s", js.String())
	}
	// Without direct income, no direct line.
	var plain bytes.Buffer
	if err := before.WriteCSV(&plain); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "direct") {
		t.Errorf("a ledger without direct income shows it:\n%s", plain.String())
	}
}
