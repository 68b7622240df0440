package main

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
	bolt "go.etcd.io/bbolt"
)

// Script commands for damaged and foreign ledgers:
//
//	corrupt PATH OFFSET LEN   flips every bit of LEN bytes at OFFSET
//	storefixture NAME PATH    copies store/testdata/NAME (a ledger written by
//	                          an older earnlog) to PATH
//	setschema PATH VERSION    stores another schema version in the ledger,
//	                          as a newer (or older) earnlog would have
func init() {
	scriptCmds["corrupt"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: corrupt PATH OFFSET LEN")
		}
		off, err := strconv.ParseInt(args[1], 0, 64)
		ts.Check(err)
		n, err := strconv.Atoi(args[2])
		ts.Check(err)
		f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_RDWR, 0)
		ts.Check(err)
		defer f.Close()
		b := make([]byte, n)
		got, err := f.ReadAt(b, off)
		if got != n {
			ts.Fatalf("corrupt: %s has no %d bytes at %d: %v", args[0], n, off, err)
		}
		for i := range b {
			b[i] ^= 0xff
		}
		_, err = f.WriteAt(b, off)
		ts.Check(err)
	}
	scriptCmds["storefixture"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: storefixture NAME PATH")
		}
		// Tests run in the package folder: the store's fixtures are two up.
		b, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", filepath.Base(args[0])))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), b, 0o600))
	}
	scriptCmds["setschema"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: setschema PATH VERSION")
		}
		db, err := bolt.Open(ts.MkAbs(args[0]), 0o600, nil)
		ts.Check(err)
		defer db.Close()
		ts.Check(db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte(args[1]))
		}))
	}
}
