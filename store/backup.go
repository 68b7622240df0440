package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/earnlog/earnlog/ledger"
)

// Backup writes a consistent copy of the ledger to target while others may
// read it. The copy goes to a temporary file beside target, is synced,
// checked, and only then renamed over target, so that a failed backup never
// leaves a half-written file where a good one was. An existing target is
// replaced only when force is set; a target that is a symlink or anything but
// a regular file is refused even then.
func (db *DB) Backup(target string, force bool) error {
	if db.bolt == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "no ledger at %s: nothing to back up yet", db.path)
	}
	if err := checkTarget(target, force); err != nil {
		return err
	}
	if same(target, db.path) {
		return ledger.Errorf(ledger.EINVALID, "%s is the ledger itself: give another path for the backup", target)
	}
	return writeAtomically(target, func(f *os.File) error {
		return db.viewBolt(func(btx *bolt.Tx) error {
			_, err := btx.WriteTo(f)
			return err
		})
	})
}

// viewBolt runs fn on a raw read transaction, a panic in bbolt being damage.
func (db *DB) viewBolt(fn func(*bolt.Tx) error) (err error) {
	defer db.recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return db.bolt.View(fn)
}

func checkTarget(target string, force bool) error {
	fi, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return ledger.Errorf(ledger.EINTERNAL, "cannot write the backup: %v", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return ledger.Errorf(ledger.EINVALID, "%s is a symbolic link: earnlog writes backups only to regular files, so that it never overwrites what a link points to; give the path of a file", target)
	case !fi.Mode().IsRegular():
		return ledger.Errorf(ledger.EINVALID, "%s is not a regular file: give the path of a file for the backup", target)
	case !force:
		return ledger.Errorf(ledger.ECONFLICT, "%s exists: use --force to replace it", target)
	}
	return nil
}

func same(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// writeAtomically writes a ledger file to target through a temporary file in
// the same folder: fill, sync, close, check, rename, sync the folder.
func writeAtomically(target string, fill func(*os.File) error) (err error) {
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return ledger.Errorf(ledger.EINTERNAL, "cannot write %s: %v", target, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return ledger.Errorf(ledger.EINTERNAL, "cannot write %s: %v", target, err)
	}
	if err := fill(f); err != nil {
		var le *ledger.Error
		if errors.As(err, &le) {
			return err
		}
		return ledger.Errorf(ledger.EINTERNAL, "cannot write %s: %v", target, err)
	}
	if err := f.Sync(); err != nil {
		return ledger.Errorf(ledger.EINTERNAL, "cannot write %s: %v", target, err)
	}
	if err := f.Close(); err != nil {
		return ledger.Errorf(ledger.EINTERNAL, "cannot write %s: %v", target, err)
	}
	problems, err := CheckFile(tmp)
	if err != nil {
		return err
	}
	if hasErrors(problems) {
		return ledger.Errorf(ledger.EINTERNAL, "the copy written to %s does not check clean (%s); %s is unchanged", tmp, strings.Join(problems, "; "), target)
	}
	if err := os.Rename(tmp, target); err != nil {
		return ledger.Errorf(ledger.EINTERNAL, "cannot write %s: %v", target, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return ledger.Errorf(ledger.EINTERNAL, "cannot sync %s: %v", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return ledger.Errorf(ledger.EINTERNAL, "cannot sync %s: %v", dir, err)
	}
	return nil
}

// Restore replaces the ledger at ledgerPath by a copy of the backup at
// backupPath, after checking that the backup is a clean ledger. The current
// ledger is not deleted: it is moved aside to keptAside
// (ledgerPath.before-restore-YYYYMMDDTHHMMSS), "" when there was none.
// Restore holds the ledger's write lock while it works, so that no other
// earnlog writes to the file being replaced.
func Restore(ledgerPath, backupPath string, opts Options) (keptAside string, err error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	problems, err := CheckFile(backupPath)
	if err != nil {
		return "", err
	}
	if hasErrors(problems) {
		return "", ledger.Errorf(ledger.EINVALID, "%s is not a usable backup: %s", backupPath, strings.Join(problems, "; "))
	}
	if same(backupPath, ledgerPath) {
		return "", ledger.Errorf(ledger.EINVALID, "%s is the ledger itself: give the path of a backup", backupPath)
	}
	if err := os.MkdirAll(filepath.Dir(ledgerPath), 0o700); err != nil {
		return "", ledger.Errorf(ledger.EINTERNAL, "cannot create the folder of the ledger: %v", err)
	}

	fi, err := os.Lstat(ledgerPath)
	exists := err == nil
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", ledger.Errorf(ledger.EINTERNAL, "cannot restore: %v", err)
	case exists && !fi.Mode().IsRegular():
		return "", ledger.Errorf(ledger.EINVALID, "%s is not a regular file: restore replaces only a ledger file", ledgerPath)
	}
	if exists {
		// Hold the write lock on the current file. A ledger too damaged to
		// open is what a restore is for: go on without the lock then.
		lock, err := openBolt(ledgerPath, bolt.Options{Timeout: opts.LockTimeout})
		if err == nil {
			defer lock.Close()
		} else if errors.Is(err, bolterrors.ErrTimeout) {
			return "", ledger.Errorf(ledger.EBUSY, "the ledger is in use by another earnlog process (%s); try again when it finishes", ledgerPath)
		}
	}

	src, err := os.Open(backupPath)
	if err != nil {
		return "", ledger.Errorf(ledger.EINTERNAL, "cannot read %s: %v", backupPath, err)
	}
	defer src.Close()
	// Copy first, move aside second: the ledger path is without a file only
	// between two renames.
	staged := ledgerPath + ".restoring"
	if err := writeAtomically(staged, func(f *os.File) error {
		_, err := io.Copy(f, src)
		return err
	}); err != nil {
		return "", err
	}
	if exists {
		keptAside = asideName(ledgerPath, opts.Now())
		if err := os.Rename(ledgerPath, keptAside); err != nil {
			os.Remove(staged)
			return "", ledger.Errorf(ledger.EINTERNAL, "cannot move the current ledger aside: %v", err)
		}
	}
	if err := os.Rename(staged, ledgerPath); err != nil {
		return keptAside, ledger.Errorf(ledger.EINTERNAL, "cannot put the backup in place (the previous ledger is %s): %v", keptAside, err)
	}
	if err := syncDir(filepath.Dir(ledgerPath)); err != nil {
		return keptAside, err
	}
	return keptAside, nil
}

// asideName names the file a restore moves the current ledger to; a second
// restore within the same second gets a numbered name rather than replacing
// the first one's.
func asideName(ledgerPath string, now time.Time) string {
	base := ledgerPath + ".before-restore-" + now.Format("20060102T150405")
	name := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}
