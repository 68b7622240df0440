package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/earnlog/earnlog/ledger"
	"github.com/earnlog/earnlog/store"
)

func newBackupCmd(a *app) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the ledger to FILE, while it is in use",
		Long: `Write a consistent copy of the ledger to FILE. The ledger is opened
read-only, so a backup runs beside reports and other readers; a writer waits
for it (or the backup for the writer, up to --lock-timeout).

The copy is written to a temporary file beside FILE, synced, checked as a
ledger, and only then renamed to FILE: a failed backup never leaves a
half-written file. An existing FILE is replaced only with --force; a FILE that
is a symbolic link, or anything but a regular file, is refused even then, so
that a backup never writes through a link. The copy has mode 0600.`,
		Example: `  earnlog backup ~/backups/earnlog-2026-03-27.db
  earnlog backup /mnt/usb/earnlog.db --force`,
		Args: exactArgs(1, "the FILE to write the backup to"),
		RunE: func(c *cobra.Command, args []string) error { return a.runBackup(args[0], force) },
	}
	c.Flags().BoolVar(&force, "force", false, "replace FILE if it exists (never a symbolic link)")
	return c
}

func (a *app) runBackup(target string, force bool) error {
	if strings.TrimSpace(target) == "" {
		return ledger.Errorf(ledger.EINVALID, "backup FILE: %q names no file: give the path of the file to write the backup to", target)
	}
	db, err := a.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	// The read-only open holds a shared lock until Close: no writer can come
	// between the count and the copy, so the message describes the copy.
	var events, sessions int
	if err := db.View(func(tx ledger.Tx) error {
		if err := tx.EachEvent(func(*ledger.Event) error { events++; return nil }); err != nil {
			return err
		}
		return tx.EachSession(func(*ledger.WorkSession) error { sessions++; return nil })
	}); err != nil {
		return wrapRuntime(err)
	}
	if err := db.Backup(target, force); err != nil {
		return wrapRuntime(err)
	}
	_, err = fmt.Fprintf(a.stdout, "backed up %s and %s to %s\n", plural(events, "event"), plural(sessions, "session"), target)
	return err
}

func newRestoreCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the ledger by a backup; the current ledger is kept aside",
		Long: `Replace the ledger by a copy of the backup FILE. FILE is checked first
(earnlog check): a damaged file or one that is not a ledger is refused and
nothing changes. The current ledger is never deleted: it is renamed to
LEDGER.before-restore-YYYYMMDDTHHMMSS beside it, and the message says where.
A backup from an older earnlog is migrated the next time the ledger is opened.`,
		Example: `  earnlog restore ~/backups/earnlog-2026-03-27.db
  earnlog --db ~/ledgers/shop.db restore shop-backup.db`,
		Args: exactArgs(1, "the backup FILE to restore"),
		RunE: func(c *cobra.Command, args []string) error { return a.runRestore(args[0]) },
	}
	return c
}

func (a *app) runRestore(backup string) error {
	if strings.TrimSpace(backup) == "" {
		return ledger.Errorf(ledger.EINVALID, "restore FILE: %q names no file: give the path of a backup", backup)
	}
	path, err := a.path()
	if err != nil {
		return err
	}
	aside, err := store.Restore(path, backup, store.Options{LockTimeout: a.lockTimeout, Now: a.now})
	if err != nil {
		return wrapRuntime(err)
	}
	if aside == "" {
		_, err = fmt.Fprintf(a.stdout, "restored %s to %s; there was no ledger before\n", backup, path)
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "restored %s; the previous ledger is kept at %s\n", backup, aside)
	return err
}

func init() { extraCommands = append(extraCommands, newBackupCmd, newRestoreCmd) }
