package store

import (
	"time"

	"github.com/earnlog/earnlog/ledger"
)

// emptyTx is a read-only view of a ledger that does not exist yet.
type emptyTx struct{}

var _ ledger.Tx = emptyTx{}

func errNoLedger() error {
	return ledger.Errorf(ledger.EINTERNAL, "the ledger was opened read-only and does not exist yet")
}

func (emptyTx) AddEvent(*ledger.Event) (bool, error)         { return false, errNoLedger() }
func (emptyTx) AddSession(*ledger.WorkSession) (bool, error) { return false, errNoLedger() }
func (emptyTx) HasKey(string) (bool, error)                  { return false, nil }
func (emptyTx) Event(id uint64) (*ledger.Event, error) {
	return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", id)
}
func (emptyTx) Session(id uint64) (*ledger.WorkSession, error) {
	return nil, ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", id)
}
func (emptyTx) EachEvent(func(*ledger.Event) error) error             { return nil }
func (emptyTx) EachSession(func(*ledger.WorkSession) error) error     { return nil }
func (emptyTx) EachEventLean(func(*ledger.Event) error) error         { return nil }
func (emptyTx) EachSessionLean(func(*ledger.WorkSession) error) error { return nil }
func (emptyTx) EachEventIn(ids []uint64, _ func(*ledger.Event) error) error {
	if len(ids) > 0 {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", ids[0])
	}
	return nil
}
func (emptyTx) EachSessionIn(ids []uint64, _ func(*ledger.WorkSession) error) error {
	if len(ids) > 0 {
		return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", ids[0])
	}
	return nil
}
func (emptyTx) VoidEvent(id uint64, _ string, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", id)
}
func (emptyTx) VoidSession(id uint64, _ string, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", id)
}
func (emptyTx) Streams() ([]ledger.StreamInfo, error)               { return nil, nil }
func (emptyTx) EnsureStream(ledger.Stream, time.Time) (bool, error) { return false, errNoLedger() }
func (emptyTx) PlatformClasses() (map[string]ledger.Class, error) {
	return map[string]ledger.Class{}, nil
}
func (emptyTx) SetPlatformClass(string, ledger.Class) error { return errNoLedger() }
func (emptyTx) ResetPlatformClass(string) (bool, error)     { return false, errNoLedger() }
func (emptyTx) Timer() (*ledger.Timer, error)               { return nil, nil }
func (emptyTx) SetTimer(*ledger.Timer) error                { return errNoLedger() }
func (emptyTx) Setting(string) (string, error)              { return "", nil }
func (emptyTx) SetSetting(string, string) error             { return errNoLedger() }

func (emptyTx) AmendEvent(id uint64, _ *ledger.Event, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", id)
}
func (emptyTx) AmendSession(id uint64, _ *ledger.WorkSession, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", id)
}
func (emptyTx) UnvoidEvent(id uint64, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no event %d: the ledger is empty", id)
}
func (emptyTx) UnvoidSession(id uint64, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no work session %d: the ledger is empty", id)
}
func (emptyTx) MergeStream(from, _ ledger.Stream, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: the ledger is empty", from)
}
func (emptyTx) ClearStreamClass(s ledger.Stream) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: the ledger is empty", s)
}
func (emptyTx) RenameStream(from, _ ledger.Stream, _ time.Time) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: the ledger is empty", from)
}
func (emptyTx) SetStreamClass(s ledger.Stream, _ ledger.Class) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: the ledger is empty", s)
}
func (emptyTx) ArchiveStream(s ledger.Stream, _ bool) error {
	return ledger.Errorf(ledger.ENOTFOUND, "there is no stream %s: the ledger is empty", s)
}
func (emptyTx) RecordImport(*ledger.ImportInfo) error { return errNoLedger() }
func (emptyTx) Imports() ([]ledger.ImportInfo, error) { return nil, nil }
func (emptyTx) LastChange() (*ledger.Change, error)   { return nil, nil }
func (emptyTx) MarkUndo(string)                       {}
func (emptyTx) ReleaseEventKey(uint64) error          { return errNoLedger() }
func (emptyTx) ReleaseSessionKey(uint64) error        { return errNoLedger() }
