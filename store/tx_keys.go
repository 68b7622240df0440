package store

import (
	"github.com/earnlog/earnlog/ledger"
)

// maxKey bounds import keys: bbolt keys must be short, and a key is a format
// name and an ID or a hash.
const maxKey = 512

func (t *tx) putKey(key string, kind byte, id uint64) error {
	if key == "" {
		return nil
	}
	h := t.absentHash
	if key != t.absentKey {
		h = keyHash(key)
	}
	t.newKeys.add(key, h, keyRef{kind, id})
	t.absentKey = ""
	return nil
}

// flushKeys writes the keys this transaction added (see keyIndex.putAll).
// It runs once, after the caller's function returned without error and
// before bbolt commits.
func (t *tx) flushKeys() error {
	if t.newKeys.len() == 0 {
		return nil
	}
	keys := t.newKeys
	t.newKeys = keySet{}
	return t.keyIndex().putAll(&keys)
}

// HasKey implements ledger.Tx.
func (t *tx) HasKey(key string) (bool, error) {
	defer t.enter()()
	return t.hasKey(key)
}

func (t *tx) hasKey(key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	if len(key) > maxKey {
		return false, ledger.Errorf(ledger.EINVALID, "the import key is %d bytes long: at most %d", len(key), maxKey)
	}
	if key == t.absentKey {
		return false, nil
	}
	h := keyHash(key)
	if t.newKeys.has(key, h) || t.keyIndex().get(key, h) != nil {
		return true, nil
	}
	t.absentKey, t.absentHash = key, h
	return false, nil
}
