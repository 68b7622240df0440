package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
)

func newCompletionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script (completes stream names too)",
		Long: `Print a completion script for your shell. Stream names are completed from
your ledger.

  bash:  earnlog completion bash > ~/.local/share/bash-completion/completions/earnlog
  zsh:   earnlog completion zsh > "${fpath[1]}/_earnlog"
  fish:  earnlog completion fish > ~/.config/fish/completions/earnlog.fish`,
		Example:   "  source <(earnlog completion bash)",
		ValidArgs: []string{"bash", "zsh", "fish"},
		Args:      exactArgs(1, "a shell: bash, zsh or fish"),
		RunE: func(c *cobra.Command, args []string) error {
			root := c.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(a.stdout, true)
			case "zsh":
				return root.GenZshCompletion(a.stdout)
			case "fish":
				return root.GenFishCompletion(a.stdout, true)
			}
			return ledger.Errorf(ledger.EINVALID, "%q is not a shell earnlog completes: use bash, zsh or fish", args[0])
		},
	}
}

// completeStreams offers the ledger's stream names for the first argument.
func (a *app) completeStreams(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	_ = a.view(func(tx ledger.Tx) error {
		infos, err := tx.Streams()
		for _, in := range infos {
			if !in.Archived && strings.HasPrefix(string(in.Stream), toComplete) {
				names = append(names, string(in.Stream))
			}
		}
		return err
	})
	return names, cobra.ShellCompDirectiveNoFileComp
}
