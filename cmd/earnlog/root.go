package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

// version is set at build time with -ldflags "-X main.version=..."; without
// it the module version from the build info is used.
var version = ""

// app is what every command shares: streams, environment, clock and the
// ledger's location. Tests build one with buffers.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time

	dbPath      string
	lockTimeout time.Duration
	// fiscal is a --fiscal-year-start given on the command line; 0 reads
	// the ledger's setting.
	fiscal time.Month
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now}
	if s := getenv("EARNLOG_NOW"); s != "" {
		// A fixed clock for tests and reproducible examples.
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return printError(stderr, ledger.Errorf(ledger.EINVALID, "EARNLOG_NOW=%q is not an RFC 3339 time such as 2026-03-27T09:00:00Z", s))
		}
		a.now = func() time.Time { return t }
	}
	root := newRootCmd(a)
	root.SetArgs(negativeAmounts(args))
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return printError(stderr, root.Execute())
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "earnlog",
		Short: "Track income streams and the hours behind them",
		Long: `earnlog records the money that actually arrived (UpWork invoices and
milestones, Etsy, Shopify and Gumroad sales) and the hours actually worked, in
one local file, and tells what share of the income arrived without logged
work: per month, per platform, per stream.`,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Example: `  earnlog earn upwork/acme-logo 250 --kind fixed
  earnlog work upwork/acme-logo 2h30m
  earnlog import etsy etsy_statement_2026_3.csv --stream etsy/pixelshop
  earnlog report monthly`,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", "", "ledger file (default $EARNLOG_DB, else $XDG_DATA_HOME/earnlog/ledger.db)")
	pf.DurationVar(&a.lockTimeout, "lock-timeout", 3*time.Second, "how long a writer waits for another earnlog process to finish")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return ledger.Errorf(ledger.EINVALID, "%v (see 'earnlog %s --help')", err, c.Name())
	})
	root.AddCommand(
		newEarnCmd(a), newWorkCmd(a), newStartCmd(a), newStopCmd(a), newStatusCmd(a),
		newStreamsCmd(a), newPlatformCmd(a), newListCmd(a), newVoidCmd(a), newConfigCmd(a),
		newCompletionCmd(a),
	)
	for _, c := range extraCommands {
		root.AddCommand(c(a))
	}
	return root
}

// extraCommands lets other files of this package register commands.
var extraCommands []func(*app) *cobra.Command

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "devel"
}

// path returns the ledger file: --db, then EARNLOG_DB, then the XDG default.
func (a *app) path() (string, error) {
	if a.dbPath != "" {
		return a.dbPath, nil
	}
	if p := a.getenv("EARNLOG_DB"); p != "" {
		return p, nil
	}
	data := a.getenv("XDG_DATA_HOME")
	if data == "" {
		home := a.getenv("HOME")
		if home == "" {
			return "", ledger.Errorf(ledger.EINVALID, "no ledger path: set --db, EARNLOG_DB, XDG_DATA_HOME or HOME")
		}
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "earnlog", "ledger.db"), nil
}

// open opens the ledger, read-only for commands that only read.
func (a *app) open(readOnly bool) (*store.DB, error) {
	p, err := a.path()
	if err != nil {
		return nil, err
	}
	db, warnings, err := store.Open(p, store.Options{ReadOnly: readOnly, LockTimeout: a.lockTimeout, Now: a.now})
	for _, w := range warnings {
		fmt.Fprintf(a.stderr, "earnlog: warning: %s\n", w)
	}
	if err != nil {
		return nil, runtimeError{err}
	}
	return db, nil
}

// view runs fn in one read-only transaction.
func (a *app) view(fn func(ledger.Tx) error) error {
	db, err := a.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	return wrapRuntime(db.View(fn))
}

// update runs fn in one read-write transaction: all of it is written, or
// nothing.
func (a *app) update(fn func(ledger.Tx) error) error {
	db, err := a.open(false)
	if err != nil {
		return err
	}
	err = wrapRuntime(db.Update(fn))
	if cerr := db.Close(); err == nil && cerr != nil {
		err = runtimeError{cerr}
	}
	return err
}

func wrapRuntime(err error) error {
	if err == nil || ledger.IsInputError(err) {
		return err
	}
	return runtimeError{err}
}

func (a *app) today() ledger.Date { return ledger.DateOf(a.now()) }

// ensureStream records a stream on first use and says so on stderr, so a
// typo is visible but never blocks.
func (a *app) ensureStream(tx ledger.Tx, s ledger.Stream) error {
	created, err := tx.EnsureStream(s, a.now())
	if err != nil {
		return err
	}
	if created {
		classes, err := tx.PlatformClasses()
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "earnlog: new stream %s (%s)\n", s, ledger.Classes(classes).Of(s.Platform()))
	}
	return nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// utf8Locale reports whether the environment asks for UTF-8 output.
func (a *app) utf8Locale() bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := a.getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}

var negativeNumber = regexp.MustCompile(`^-[$£€]?[0-9][0-9,]*(\.[0-9]+)?$`)

// negativeAmounts lets a person type "earnlog earn etsy/shop -2.50 --kind fee":
// a negative number is not a flag, so it is moved behind "--" where cobra
// reads it as an argument. Only the earn command takes one.
func negativeAmounts(args []string) []string {
	isEarn := false
	for i := 0; i < len(args); i++ {
		s := args[i]
		if s == "--" {
			return args
		}
		if s == "--db" || s == "--lock-timeout" {
			i++ // the global flag's value
			continue
		}
		if !strings.HasPrefix(s, "-") {
			isEarn = s == "earn"
			break
		}
	}
	if !isEarn {
		return args
	}
	var out, neg []string
	for i, s := range args {
		// "--note -5" is a note, not an amount: earn has no boolean flags
		// but --help, so a flag without "=" takes the next word.
		flagValue := i > 0 && strings.HasPrefix(args[i-1], "-") && !strings.Contains(args[i-1], "=") && !negativeNumber.MatchString(args[i-1])
		if negativeNumber.MatchString(s) && !flagValue {
			neg = append(neg, s)
			continue
		}
		out = append(out, s)
	}
	if len(neg) == 0 {
		return args
	}
	return append(append(out, "--"), neg...)
}

// exactArgs is cobra.ExactArgs with a message that names what is expected.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return ledger.Errorf(ledger.EINVALID, "%s takes %s; got %d argument(s): %s", c.CommandPath(), names, len(args), strings.Join(quoteAll(args), " "))
		}
		return nil
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
