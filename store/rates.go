package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/earnlog/earnlog/ledger"
	"github.com/shopspring/decimal"
)

// Exchange rates live in their own bucket (schema version 4):
//
//	rates  FROM TO (three letters each) + 4-byte big-endian day (offset by
//	       2^31, so the keys sort by date) -> recordFormat, the rate as a
//	       varint coefficient and a varint exponent (1.0842 is 10842, -4),
//	       then the length and text of its source ("ecb:eurofxref-hist.csv")
//
// One rate per pair and day; keys sort by pair then date, so the whole
// history of a pair is one cursor range. The rate is exact, as the source
// wrote it (without trailing zeros), and decodes without parsing text: a
// report with --value reads ten years of daily rates in a millisecond.
var bucketRates = []byte("rates")

const rateKeyLen = 10

// lastRateDate is the last date a rate may have, as ledger.Rate.Validate.
var lastRateDate = ledger.NewDate(2999, 12, 31)

func rateKey(from, to string, d ledger.Date) []byte {
	k := make([]byte, rateKeyLen)
	copy(k, from)
	copy(k[3:], to)
	binary.BigEndian.PutUint32(k[6:], uint32(int64(d)+1<<31))
	return k
}

func parseRateKey(k []byte) (from, to string, d ledger.Date, ok bool) {
	if len(k) != rateKeyLen {
		return "", "", 0, false
	}
	from, to = string(k[:3]), string(k[3:6])
	d = ledger.Date(int64(binary.BigEndian.Uint32(k[6:])) - 1<<31)
	if _, ok := ledger.CurrencyExponent(from); !ok {
		return "", "", 0, false
	}
	if _, ok := ledger.CurrencyExponent(to); !ok {
		return "", "", 0, false
	}
	return from, to, d, from != to
}

// encodeRate writes a validated rate.
func encodeRate(r *ledger.Rate) []byte {
	v, _ := ledger.ParseRateValue(ledger.FormatRate(r.Value)) // without trailing zeros: at most 10 digits
	var enc encoder
	enc.byte(recordFormat)
	enc.varint(v.Coefficient().Int64())
	enc.varint(int64(v.Exponent()))
	enc.texts(r.Source)
	return enc.b
}

func decodeRate(k, v []byte) (ledger.Rate, error) {
	var r ledger.Rate
	from, to, d, ok := parseRateKey(k)
	if !ok {
		return r, fmt.Errorf("key %x is not a pair and a date", clip(k))
	}
	dec := newDecoder(v)
	if dec.byte() != recordFormat && dec.err == nil {
		return r, errFormat
	}
	coef, exp := dec.varint(), dec.varint()
	var source string
	dec.texts(nil, &source)
	if err := dec.end(); err != nil {
		return r, err
	}
	// The key gave two currencies; the value must be a rate and the date
	// one that a rate may have.
	if coef <= 0 || coef >= 1e10 || exp < -ledger.MaxRateScale || exp > 12 {
		return r, fmt.Errorf("value %de%d is not a rate", coef, exp)
	}
	val := decimal.New(coef, int32(exp))
	if len(source) > ledger.MaxSource || !utf8.ValidString(source) {
		return r, fmt.Errorf("source %q is not valid UTF-8 or too long", clip([]byte(source)))
	}
	r = ledger.Rate{Date: d, From: from, To: to, Value: val, Source: source}
	if d < 0 || d > lastRateDate {
		return r, fmt.Errorf("date %s is out of range", d)
	}
	return r, nil
}

// Rate implements ledger.Tx.
func (t *tx) Rate(from, to string, d ledger.Date) (*ledger.Rate, error) {
	defer t.enter()()
	k := rateKey(from, to, d)
	v := t.bucket(bucketRates).Get(k)
	if v == nil {
		return nil, nil
	}
	r, err := decodeRate(k, v)
	if err != nil {
		return nil, t.db.damaged(fmt.Errorf("rate %s on %s: %v", ledger.Pair(from, to), d, err))
	}
	return &r, nil
}

// SetRate implements ledger.Tx.
func (t *tx) SetRate(r *ledger.Rate) error {
	defer t.enter()()
	if err := r.Validate(); err != nil {
		return err
	}
	return t.bucket(bucketRates).Put(rateKey(r.From, r.To, r.Date), encodeRate(r))
}

// EachRate implements ledger.Tx: by pair (from, then to), then date.
func (t *tx) EachRate(fn func(*ledger.Rate) error) error {
	defer t.enter()()
	return eachRate(t.bucket(bucketRates), nil, func(r *ledger.Rate) error {
		t.inStore = false
		err := fn(r)
		t.inStore = true
		return err
	}, func(k []byte, err error) error {
		return t.db.damaged(fmt.Errorf("rate %x: %v", clip(k), err))
	})
}

// eachRate walks the rates whose key starts with prefix.
func eachRate(b *bolt.Bucket, prefix []byte, fn func(*ledger.Rate) error, bad func(k []byte, err error) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		r, err := decodeRate(k, v)
		if err != nil {
			if err := bad(k, err); err != nil {
				return err
			}
			continue
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// checkRates adds a problem for every rate that does not decode.
func checkRates(btx *bolt.Tx, c *checker) {
	_ = eachRate(btx.Bucket(bucketRates), nil, func(*ledger.Rate) error { return nil }, func(k []byte, err error) error {
		c.add("rate %x does not decode: %v", clip(k), err)
		return nil
	})
}

// migrateV3Rates is the part of migrateV3 that adds the rates bucket. Version 3 never wrote rates: a file that has some was written by
// something else, and is left as it was rather than mixed with. (An empty
// bucket is what the earlier migrations in the same transaction create.)
func migrateV3Rates(btx *bolt.Tx) error {
	b := btx.Bucket(bucketRates)
	if b == nil {
		_, err := btx.CreateBucket(bucketRates)
		return err
	}
	if k, _ := b.Cursor().First(); k != nil {
		return fmt.Errorf("version 3 ledger already has entries in a %q bucket (the first %x), which no earnlog of version 3 writes", bucketRates, clip(k))
	}
	return nil
}

func (emptyTx) Rate(string, string, ledger.Date) (*ledger.Rate, error) { return nil, nil }
func (emptyTx) SetRate(*ledger.Rate) error                             { return errNoLedger() }
func (emptyTx) EachRate(func(*ledger.Rate) error) error                { return nil }
