package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	stop, err := startProfile(getenv(profileEnv))
	if err != nil {
		return printError(stderr, err)
	}
	defer func() {
		if err := stop(); err != nil {
			fmt.Fprintf(stderr, "earnlog: warning: %s: %v\n", profileEnv, err)
		}
	}()
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
  earnlog import etsy etsy_statement.csv --stream etsy/pixelshop
  earnlog report monthly`,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help for any command: earnlog help report monthly.",
		RunE: func(c *cobra.Command, args []string) error {
			// cobra's own help prints "Unknown help topic" and exits 0.
			cmd, rest, err := c.Root().Find(args)
			switch {
			case err != nil || (cmd == c.Root() && len(args) > 0):
				return unknownSubcommand(c.Root(), args[0])
			case len(rest) > 0:
				return unknownSubcommand(cmd, rest[0])
			}
			return cmd.Help()
		},
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.dbPath, "db", "", "ledger file (default $EARNLOG_DB, else $XDG_DATA_HOME/earnlog/ledger.db)")
	pf.DurationVar(&a.lockTimeout, "lock-timeout", 3*time.Second, "how long a command waits for another earnlog process to finish (0: do not wait)")
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if c.Flags().Changed("db") && strings.TrimSpace(a.dbPath) == "" {
			return ledger.Errorf(ledger.EINVALID, "--db %q names no file: give the path of a ledger file, or leave --db out for the default", a.dbPath)
		}
		if a.lockTimeout < 0 {
			return ledger.Errorf(ledger.EINVALID, "--lock-timeout %s is negative: use a duration such as 3s, or 0 to not wait at all", a.lockTimeout)
		}
		return nil
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// The full path ("earnlog report monthly"), so that the help
		// pointed to exists.
		return ledger.Errorf(ledger.EINVALID, "%s (see '%s --help')", flagError(err), c.CommandPath())
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
	timeout := a.lockTimeout
	if timeout == 0 {
		timeout = time.Nanosecond // one try: the store takes 0 for its default
	}
	db, warnings, err := store.Open(p, store.Options{ReadOnly: readOnly, LockTimeout: timeout, Now: a.now, ImportChunk: a.importChunk()})
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
		fmt.Fprintf(a.stderr, "earnlog: new stream %s (%s)\n", s, ledger.Classes(classes).OfStream(s))
		if ledger.IsPaymentAccount(s.Platform()) {
			fmt.Fprintf(a.stderr, "earnlog: %s is a payment account, class direct unless you say otherwise: a stream of shop sales on it is 'earnlog stream set-class %s storefront'\n", s.Platform(), s)
		}
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

// negativeAmounts lets a person type "earnlog earn etsy/shop -2.50 --kind fee":
// a negative amount (with or without a currency symbol: -$5, -¥1000, -.5)
// is not a flag, so it is moved behind "--" where cobra
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
		flagValue := i > 0 && strings.HasPrefix(args[i-1], "-") && !strings.Contains(args[i-1], "=") && !ledger.LooksNegative(args[i-1])
		if ledger.LooksNegative(s) && !flagValue {
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

// flagError rewords pflag's message for a value of the wrong type, which
// quotes Go's parser ('invalid argument "1.5" for "--window" flag:
// strconv.ParseInt: parsing "1.5": invalid syntax'), as what is accepted.
func flagError(err error) string {
	msg := err.Error()
	head, detail, ok := strings.Cut(msg, " flag: strconv.")
	if !ok {
		return msg
	}
	want := "a valid value"
	switch {
	case strings.HasPrefix(detail, "ParseInt") || strings.HasPrefix(detail, "ParseUint"):
		want = "a whole number"
		if strings.HasSuffix(detail, "value out of range") {
			want = "a smaller whole number"
		}
	case strings.HasPrefix(detail, "ParseFloat"):
		want = "a number such as 0.25"
	case strings.HasPrefix(detail, "ParseBool"):
		want = "true or false"
	}
	return strings.Replace(head, "invalid argument", "invalid value", 1) + ": use " + want
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

// groupArgs is the Args of a command that only holds subcommands (report,
// config): cobra would print its help and exit 0 for an unknown one
// ("report montly"), so a typo passed unseen in scripts. It is refused,
// exit 2, with the closest subcommands.
func groupArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return unknownSubcommand(c, args[0])
}

// groupRun shows a group command's help when it is run alone.
func groupRun(c *cobra.Command, args []string) error { return c.Help() }

// unknownSubcommand is the error for a word that names no subcommand of c.
func unknownSubcommand(c *cobra.Command, word string) error {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	msg := fmt.Sprintf("%q is not a subcommand of %s", word, c.CommandPath())
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's own default, set only on the root
	}
	if s := c.SuggestionsFor(word); len(s) > 0 {
		msg += ": did you mean " + strings.Join(s, " or ") + "?"
	} else {
		msg += ": use " + strings.Join(names, ", ")
	}
	return ledger.Errorf(ledger.EINVALID, "%s (see '%s --help')", msg, c.CommandPath())
}
