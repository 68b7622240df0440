package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newPlatformCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "platform",
		Short: "Show or set platform classes (marketplace, storefront, direct, other)",
		Long: `Every platform is a marketplace (upwork, fiverr, freelancer, toptal,
peopleperhour), a storefront (shopify, etsy, gumroad, facebook, instagram,
payhip, lemonsqueezy, creativemarket, kofi), direct (work for clients
outside any marketplace) or other. paypal, stripe, wise and payoneer are
built in as payment accounts, class direct: money from several kinds of
work passes through them, so give a stream on them its own class with
'earnlog stream set-class' where it is not client work. Any other platform
is not known to earnlog and is other until you set its class.

Without a subcommand, lists the platforms of your streams and those you set
a class for, with the class and where it comes from. set-class overrides a
built-in class too (and says so); reset gives a platform its built-in class
back.`,
		Example: "  earnlog platform\n  earnlog platform set-class patreon storefront\n  earnlog platform reset etsy",
		Args:    groupArgs,
		RunE: func(c *cobra.Command, args []string) error {
			var rows [][]string
			err := a.view(func(tx ledger.Tx) error {
				infos, err := tx.Streams()
				if err != nil {
					return err
				}
				set, err := tx.PlatformClasses()
				if err != nil {
					return err
				}
				seen := map[string]bool{}
				for _, in := range infos {
					seen[in.Stream.Platform()] = true
				}
				for p := range set {
					if !strings.Contains(p, "/") { // a stream's own class (stream set-class)
						seen[p] = true
					}
				}
				for p := range seen {
					rows = append(rows, []string{p, ledger.Classes(set).Of(p).String(), classSource(p, set)})
				}
				return nil
			})
			if err != nil {
				return err
			}
			sort.Slice(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
			return writeTable(a.stdout, []string{"platform", "class", "source"}, rows)
		},
	}
	c.AddCommand(&cobra.Command{
		Use:     "set-class NAME marketplace|storefront|direct|other",
		Short:   "Set the class of a platform",
		Example: "  earnlog platform set-class patreon storefront",
		Args:    exactArgs(2, "NAME and a class (marketplace, storefront, direct or other)"),
		RunE: func(c *cobra.Command, args []string) error {
			platform, err := ledger.ParsePlatform(args[0])
			if err != nil {
				return err
			}
			class, err := ledger.ParseClass(args[1])
			if err != nil {
				return err
			}
			if err := a.update(func(tx ledger.Tx) error { return tx.SetPlatformClass(platform, class) }); err != nil {
				return err
			}
			if builtin := ledger.BuiltinClass(platform); ledger.IsBuiltin(platform) && builtin != class {
				fmt.Fprintf(a.stderr, "earnlog: %s is built in as %s; in this ledger it is now %s (undo with 'earnlog platform reset %s')\n", platform, article(builtin), article(class), platform)
			}
			_, err = fmt.Fprintf(a.stdout, "%s is %s\n", platform, article(class))
			return err
		},
	})
	c.AddCommand(&cobra.Command{
		Use:     "reset NAME",
		Short:   "Give a platform its built-in class back (other for one earnlog does not know)",
		Example: "  earnlog platform reset etsy",
		Args:    exactArgs(1, "NAME"),
		RunE: func(c *cobra.Command, args []string) error {
			platform, err := ledger.ParsePlatform(args[0])
			if err != nil {
				return err
			}
			var was bool
			if err := a.update(func(tx ledger.Tx) error {
				var err error
				was, err = tx.ResetPlatformClass(platform)
				return err
			}); err != nil {
				return err
			}
			what := "built in"
			if !ledger.IsBuiltin(platform) {
				what = "not known to earnlog"
			}
			if !was {
				_, err = fmt.Fprintf(a.stdout, "%s had no class set by you: it is %s (%s); nothing changed\n", platform, article(ledger.BuiltinClass(platform)), what)
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "%s is %s again (%s)\n", platform, article(ledger.BuiltinClass(platform)), what)
			return err
		},
	})
	return c
}

// classSource says where a platform's class comes from.
func classSource(p string, set map[string]ledger.Class) string {
	if c, ok := set[p]; ok {
		if b := ledger.BuiltinClass(p); ledger.IsBuiltin(p) && b != c {
			return "set by you (built in: " + b.String() + ")"
		}
		return "set by you"
	}
	switch {
	case ledger.IsPaymentAccount(p):
		return "built in: a payment account"
	case ledger.IsBuiltin(p):
		return "built in"
	}
	return "not known: set it with 'earnlog platform set-class'"
}

// article writes a class with its article: "a marketplace", "other", "direct".
func article(c ledger.Class) string {
	if c == ledger.ClassOther || c == ledger.ClassDirect {
		return "other"
	}
	return "a " + c.String()
}
