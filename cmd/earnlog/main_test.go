package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"earnlog": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)) },
	})
}

// TestScripts runs every cmd/earnlog/testdata/script/*.txtar: the real
// binary on a real ledger file in a temporary folder, with a fixed clock.
func TestScripts(t *testing.T) {
	// Scripts read the importers' fixtures and the store's old-schema
	// ledger from the repository as $REPO/ledger/... and $REPO/store/...
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		// UPDATE_SCRIPTS=1 rewrites the golden files inside the scripts.
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EARNLOG_DB", env.WorkDir+"/ledger.db")
			env.Setenv("EARNLOG_NOW", "2026-03-27T17:00:00Z")
			env.Setenv("TZ", "UTC")
			env.Setenv("NO_COLOR", "")
			env.Setenv("HOME", env.WorkDir+"/home")
			env.Setenv("XDG_DATA_HOME", "")
			env.Setenv("REPO", repo)
			// Under -race the binary is the race-instrumented test binary,
			// which by default sleeps a second at exit.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			return nil
		},
		Cmds: scriptCmds,
	})
}
