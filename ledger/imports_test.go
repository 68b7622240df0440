package ledger_test

import (
	"testing"

	"github.com/earnlog/earnlog/ledger"
)

func TestStreamOn(t *testing.T) {
	for _, s := range []ledger.Stream{"", "etsy/pixelshop", "etsy/über-laden"} {
		if err := (ledger.ImportOptions{Stream: s}).StreamOn("etsy"); err != nil {
			t.Errorf("--stream %q on an Etsy file: %v", s, err)
		}
	}
	err := (ledger.ImportOptions{Stream: "upwork/x"}).StreamOn("etsy")
	want := "--stream upwork/x is on upwork, but 'import etsy' reads etsy's own files, whose income is etsy income (the platform decides the class): use --stream etsy/x"
	if err == nil || ledger.ErrorCode(err) != ledger.EINVALID || err.Error() != want {
		t.Errorf("--stream upwork/x on an Etsy file: %v; want EINVALID like %q", err, want)
	}
}
