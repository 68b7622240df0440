package store

import (
	"fmt"
	"unicode/utf8"

	"github.com/earnlog/earnlog/ledger"
)

// PlatformClasses implements ledger.Tx.
func (t *tx) PlatformClasses() (map[string]ledger.Class, error) {
	defer t.enter()()
	out := map[string]ledger.Class{}
	err := t.bucket(bucketClasses).ForEach(func(k, v []byte) error {
		if len(v) != 1 || v[0] > byte(ledger.MaxClass) {
			return t.db.damaged(fmt.Errorf("class of platform %q: value %x is not a class", k, clip(v)))
		}
		out[string(k)] = ledger.Class(v[0])
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, t.streamClasses(out)
}

// SetPlatformClass implements ledger.Tx.
func (t *tx) SetPlatformClass(platform string, c ledger.Class) error {
	defer t.enter()()
	if !ledger.ValidPlatform(platform) || len(platform) > 64 {
		return ledger.Errorf(ledger.EINVALID, "%q is not a platform name: use lower case letters, digits and '-'", platform)
	}
	if c > ledger.MaxClass {
		return ledger.Errorf(ledger.EINVALID, "class %d is not a platform class: use marketplace, storefront, direct or other", c)
	}
	return t.bucket(bucketClasses).Put([]byte(platform), []byte{byte(c)})
}

// ResetPlatformClass implements ledger.Tx.
func (t *tx) ResetPlatformClass(platform string) (bool, error) {
	defer t.enter()()
	b := t.bucket(bucketClasses)
	if b.Get([]byte(platform)) == nil {
		return false, nil
	}
	return true, b.Delete([]byte(platform))
}

// Timer implements ledger.Tx.
func (t *tx) Timer() (*ledger.Timer, error) {
	defer t.enter()()
	v := t.bucket(bucketMeta).Get(metaTimer)
	if v == nil {
		return nil, nil
	}
	tm, err := decodeTimer(v)
	if err != nil {
		return nil, t.db.damaged(fmt.Errorf("timer: %v", err))
	}
	return tm, nil
}

// SetTimer implements ledger.Tx.
func (t *tx) SetTimer(tm *ledger.Timer) error {
	defer t.enter()()
	b := t.bucket(bucketMeta)
	if tm == nil {
		return b.Delete(metaTimer)
	}
	if err := checkText("note", tm.Note, ledger.MaxNote); err != nil {
		return err
	}
	if err := (&ledger.WorkSession{Stream: tm.Stream, Seconds: 1, Tags: tm.Tags}).Validate(); err != nil {
		return err
	}
	return b.Put(metaTimer, encodeTimer(tm))
}

// Setting implements ledger.Tx.
func (t *tx) Setting(name string) (string, error) {
	defer t.enter()()
	if err := checkSettingName(name); err != nil {
		return "", err
	}
	return string(t.bucket(bucketMeta).Get([]byte(settingPrefix + name))), nil
}

// SetSetting implements ledger.Tx; an empty value removes the setting.
func (t *tx) SetSetting(name, value string) error {
	defer t.enter()()
	if err := checkSettingName(name); err != nil {
		return err
	}
	if err := checkText("value of "+name, value, ledger.MaxNote); err != nil {
		return err
	}
	b := t.bucket(bucketMeta)
	if value == "" {
		return b.Delete([]byte(settingPrefix + name))
	}
	return b.Put([]byte(settingPrefix+name), []byte(value))
}

func checkSettingName(name string) error {
	if name == "" || len(name) > 64 || !utf8.ValidString(name) {
		return ledger.Errorf(ledger.EINVALID, "%q is not a setting name: use a short name such as currency", name)
	}
	return nil
}
