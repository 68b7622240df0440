package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/earnlog/earnlog/store"
)

// scriptCmds are the testscript commands earnlog's scripts add:
//
//	mode PATH 0600        the file or folder has exactly this permission
//	lock [-shared] PATH   this test process opens the ledger and holds its
//	                      file lock (exclusive, or shared like a reader)
//	unlock                closes it again
//	sales FILE N [BAD]    writes an earnlog CSV of N sales on etsy/a and
//	                      etsy/b (refs o1 to oN), and a last row whose
//	                      amount is BAD when given
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"mode": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: mode PATH 0600")
		}
		want, err := strconv.ParseUint(args[1], 8, 32)
		ts.Check(err)
		st, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		got := st.Mode().Perm()
		if (got == os.FileMode(want)) == neg {
			ts.Fatalf("%s has mode %#o; want %s%#o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	},
	"lock": func(ts *testscript.TestScript, neg bool, args []string) {
		shared := len(args) == 2 && args[0] == "-shared"
		if shared {
			args = args[1:]
		}
		if len(args) != 1 {
			ts.Fatalf("usage: lock [-shared] PATH")
		}
		db, _, err := store.Open(ts.MkAbs(args[0]), store.Options{ReadOnly: shared, LockTimeout: time.Second})
		ts.Check(err)
		heldLocks.Store(ts, db)
		ts.Defer(func() { db.Close() })
	},
	"sales": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 2 || len(args) > 3 {
			ts.Fatalf("usage: sales FILE N [BAD]")
		}
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		var b strings.Builder
		b.WriteString("date,stream,kind,amount,currency,ref\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "2026-03-%02d,etsy/%c,sale,%d.00,USD,o%d\n", i%28+1, 'a'+byte(i%2), 10+i, i)
		}
		if len(args) == 3 {
			fmt.Fprintf(&b, "2026-03-01,etsy/c,sale,%s,USD,o%d\n", args[2], n+1)
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o600))
	},
	"unlock": func(ts *testscript.TestScript, neg bool, args []string) {
		db, ok := heldLocks.LoadAndDelete(ts)
		if !ok {
			ts.Fatalf("unlock without lock")
		}
		ts.Check(db.(*store.DB).Close())
	},
}

// heldLocks maps a running script to the ledger its lock command holds.
var heldLocks sync.Map
