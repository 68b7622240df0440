package ledger

import (
	"io"
	"sort"
	"strings"
)

// ImportFunc reads one foreign file from r and hands every record to sink.
type ImportFunc func(r io.Reader, opts ImportOptions, sink Sink) error

// Format is one kind of file earnlog imports: a name to give on the command
// line, how to recognise its header, and the importer that reads it.
type Format struct {
	// Name is what `earnlog import NAME FILE` takes: lower case.
	Name string
	// Summary is one line for `earnlog formats`: the exports it reads.
	Summary string
	// Engine says how the format is read: "go" for an importer written in
	// Go, "mapping" for a mapping file that `earnlog formats show` prints.
	Engine string
	// Headers are the headers (or, for files that are not CSV, the shapes)
	// it recognises, as people should read them.
	Headers []string
	// Recognises reports whether a CSV header (trimmed, BOM stripped) is
	// one of this format's; nil for formats that are not recognised by a
	// header line.
	Recognises func(header []string) bool
	// Import reads a file of this format.
	Import ImportFunc
	// Mappings are the mapping files behind a format the mapping engine
	// reads, as their text, one per variant of the export; empty for Go.
	Mappings []string
}

// Registry is the set of import formats, looked up by name.
type Registry struct {
	formats map[string]Format
}

// NewRegistry returns a registry of formats; a second format of one name
// replaces the first.
func NewRegistry(formats ...Format) *Registry {
	r := &Registry{formats: make(map[string]Format, len(formats))}
	for _, f := range formats {
		r.formats[strings.ToLower(f.Name)] = f
	}
	return r
}

// Lookup returns the format named name (any case). An unknown name is an
// EINVALID error that lists the known ones.
func (r *Registry) Lookup(name string) (Format, error) {
	if f, ok := r.formats[strings.ToLower(strings.TrimSpace(name))]; ok {
		return f, nil
	}
	return Format{}, Errorf(EINVALID, "%q is not an import format: use %s", name, strings.Join(r.Names(), ", "))
}

// Names returns every format's name in alphabetical order.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.formats))
	for n := range r.formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// All returns every format in alphabetical order of name.
func (r *Registry) All() []Format {
	out := make([]Format, 0, len(r.formats))
	for _, n := range r.Names() {
		out = append(out, r.formats[n])
	}
	return out
}

// Recognise returns the names of the formats whose header detection accepts
// header, in alphabetical order.
func (r *Registry) Recognise(header []string) []string {
	var names []string
	for _, f := range r.All() {
		if f.Recognises != nil && f.Recognises(header) {
			names = append(names, f.Name)
		}
	}
	return names
}

// HasColumns reports whether header holds every one of names, compared as
// importers compare column names: case-insensitive and trimmed.
func HasColumns(header []string, names ...string) bool {
	for _, n := range names {
		found := false
		for _, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(n)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Run imports one file of format f into sink through Pipeline: the file is
// parsed on a goroutine of its own while sink stores what it reads.
func (f Format) Run(in io.Reader, opts ImportOptions, sink Sink) error {
	return Pipeline(func(s Sink) error { return f.Import(in, opts, s) }, sink)
}
