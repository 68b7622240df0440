package main

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newPlatformCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "platform",
		Short: "Show or set platform classes (marketplace, storefront, other)",
		Long: `Every platform is a marketplace (upwork, fiverr, freelancer, toptal,
peopleperhour), a storefront (shopify, etsy, gumroad, facebook, instagram,
payhip, lemonsqueezy, creativemarket) or other. Without a subcommand, lists
the platforms of your streams with their class.`,
		Example: "  earnlog platform\n  earnlog platform set-class kofi storefront",
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
					seen[p] = true
				}
				for p := range seen {
					source := "built in"
					if _, ok := set[p]; ok {
						source = "set by you"
					}
					rows = append(rows, []string{p, ledger.Classes(set).Of(p).String(), source})
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
		Use:     "set-class NAME marketplace|storefront|other",
		Short:   "Set the class of a platform",
		Example: "  earnlog platform set-class kofi storefront",
		Args:    exactArgs(2, "NAME and a class (marketplace, storefront or other)"),
		RunE: func(c *cobra.Command, args []string) error {
			if !ledger.ValidPlatform(args[0]) {
				return ledger.Errorf(ledger.EINVALID, "%q is not a platform name: use lower case letters, digits and '-' (for example kofi)", args[0])
			}
			class, err := ledger.ParseClass(args[1])
			if err != nil {
				return err
			}
			if err := a.update(func(tx ledger.Tx) error { return tx.SetPlatformClass(args[0], class) }); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "%s is a %s\n", args[0], class)
			return err
		},
	})
	return c
}
