package ledger_test

import (
	"strings"
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

// A fee given back (Etsy's "Credit for Offsite Ads fee") is a positive fee:
// it lowers the fees. Refunds must stay negative and income positive.
func TestValidateSigns(t *testing.T) {
	for _, c := range []struct {
		kind   ledger.Kind
		amount int64
		ok     bool
	}{
		{ledger.KindFee, -250, true},
		{ledger.KindFee, 384, true},
		{ledger.KindRefund, -250, true},
		{ledger.KindRefund, 250, false},
		{ledger.KindSale, -250, false},
		{ledger.KindAdjustment, 250, true},
		{ledger.KindAdjustment, -250, true},
	} {
		e := ledger.Event{Stream: "etsy/shop", Kind: c.kind, Amount: c.amount, Currency: "USD"}
		err := e.Validate()
		if (err == nil) != c.ok {
			t.Errorf("%s of %d: Validate = %v, want ok %v", c.kind, c.amount, err, c.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "wrong sign") {
			t.Errorf("%s of %d: error %q does not say the sign is wrong", c.kind, c.amount, err)
		}
	}
}
