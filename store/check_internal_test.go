package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// TestCheckWarnsOfRecordsTheRulesNowRefuse: a record an earlier version
// stored (a sale with billed hours) that only the rules for new records
// refuse is a warning of check, not a problem, and none once it is voided.
func TestCheckWarnsOfRecordsTheRulesNowRefuse(t *testing.T) {
	db, _, err := Open(filepath.Join(t.TempDir(), "ledger.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := ledger.Event{Date: ledger.NewDate(2026, 3, 2), Stream: "etsy/shop", Kind: ledger.KindHourly, Amount: 100, Currency: "USD",
		Billed: 3600, PeriodStart: ledger.NewDate(2026, 2, 24), PeriodEnd: ledger.NewDate(2026, 3, 2)}
	if err := db.Update(func(lt ledger.Tx) error {
		if _, err := lt.AddEvent(&e); err != nil {
			return err
		}
		// Rewrite it as an earlier version could have stored it.
		t := lt.(*tx)
		old := e
		old.Kind = ledger.KindSale
		num, err := t.streamNum(old.Stream)
		if err != nil {
			return err
		}
		return t.records(refEvent).put(e.ID, idKey(e.ID), encodeEvent(&old, num))
	}); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check()
	if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0], WarningPrefix) || !strings.Contains(problems[0], "breaks a rule earnlog now enforces on new records (billed hours 1.00 go with an hourly payment, not a sale") {
		t.Fatalf("Check = %q, %v; want one warning about event 1", problems, err)
	}
	if err := db.Update(func(lt ledger.Tx) error { return lt.VoidEvent(e.ID, "sale with hours", time.Now()) }); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(); err != nil || len(problems) != 0 {
		t.Errorf("after the void, Check = %q, %v; want nothing", problems, err)
	}
}
