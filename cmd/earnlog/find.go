package main

import (
	"strconv"

	"github.com/spf13/pflag"

	"github.com/earnlog/earnlog/ledger"
)

// findOptions are the flags that find records: list has them, and any
// listing of records can add them with addFindFlags.
type findOptions struct {
	ref, note, min, max, ids, imp string
}

func addFindFlags(f *pflag.FlagSet, o *findOptions) {
	f.StringVar(&o.ref, "ref", "", "only records with this platform reference")
	f.StringVar(&o.note, "note", "", "only records whose note contains this text (any case)")
	f.StringVar(&o.min, "min", "", "only amounts of at least this size, whatever their sign")
	f.StringVar(&o.max, "max", "", "only amounts of at most this size, whatever their sign")
	f.StringVar(&o.ids, "id", "", "only these IDs: 12, or 12,15-20")
	f.StringVar(&o.imp, "import", "", "only records of this import (earnlog imports lists them)")
}

// apply puts the find flags into f.
func (o *findOptions) apply(f *ledger.Filter) error {
	f.Ref = o.ref
	f.Note = ledger.NoteFilter(o.note)
	for _, b := range []struct {
		flag, v string
		to      **int64
	}{{"min", o.min, &f.Min}, {"max", o.max, &f.Max}} {
		if b.v == "" {
			continue
		}
		v, err := ledger.FilterAmount(b.v)
		if err != nil {
			return ledger.Errorf(ledger.EINVALID, "--%s: %v", b.flag, err)
		}
		*b.to = &v
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		return ledger.Errorf(ledger.EINVALID, "--min %s is more than --max %s: nothing could match", o.min, o.max)
	}
	if o.ids != "" {
		ids, err := ledger.ParseIDSet(o.ids)
		if err != nil {
			return err
		}
		f.IDs = ids
	}
	if o.imp != "" {
		id, err := strconv.ParseUint(o.imp, 10, 64)
		if err != nil || id == 0 {
			return ledger.Errorf(ledger.EINVALID, "--import %q is not an import ID: use a number from earnlog imports", o.imp)
		}
		f.Import = id
	}
	return nil
}

// worksOnSessions refuses the find flags that apply only to events.
func (o *findOptions) worksOnSessions() error {
	for _, p := range []struct{ flag, v string }{{"ref", o.ref}, {"min", o.min}, {"max", o.max}} {
		if p.v != "" {
			return ledger.Errorf(ledger.EINVALID, "--%s does not apply to work sessions (--work)", p.flag)
		}
	}
	return nil
}
