package mapping

import (
	"bufio"
	"embed"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/earnlog/earnlog/ledger"
)

//go:embed formats/*.toml
var builtinFiles embed.FS

// Builtin loads the embedded mapping files, by file name. They are checked
// by this package's tests, so a bad one is a bug: Builtin panics on it.
func Builtin() []*Mapping {
	entries, err := builtinFiles.ReadDir("formats")
	if err != nil {
		panic(err)
	}
	var out []*Mapping
	for _, e := range entries {
		text, err := builtinFiles.ReadFile(path.Join("formats", e.Name()))
		if err != nil {
			panic(err)
		}
		m, err := Load(e.Name(), text)
		if err != nil {
			panic("built-in mapping: " + err.Error())
		}
		out = append(out, m)
	}
	return out
}

// Formats returns the built-in mappings as import formats, one per format
// name: a format with variants (PayPal's activity report and statements)
// picks the variant whose header the file has.
func Formats() []ledger.Format {
	groups := map[string][]*Mapping{}
	for _, m := range Builtin() {
		groups[m.Format] = append(groups[m.Format], m)
	}
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]ledger.Format, 0, len(names))
	for _, n := range names {
		out = append(out, FormatOf(groups[n]...))
	}
	return out
}

// FormatOf makes an import format of one mapping, or of the variants of one
// format, tried in order.
func FormatOf(variants ...*Mapping) ledger.Format {
	f := ledger.Format{Name: variants[0].Format, Engine: "mapping"}
	var summaries []string
	for _, m := range variants {
		if m.Summary != "" {
			summaries = append(summaries, m.Summary)
		}
		f.Headers = append(f.Headers, m.KnownHeaders...)
		if len(m.KnownHeaders) == 0 && len(m.Header) > 0 {
			f.Headers = append(f.Headers, strings.Join(m.Header, ",")+",...")
		}
		f.Mappings = append(f.Mappings, m.Text)
	}
	f.Summary = strings.Join(summaries, "; ")
	f.Recognises = func(h []string) bool {
		for _, m := range variants {
			if m.Recognises(h) {
				return true
			}
		}
		return false
	}
	if len(variants) == 1 {
		f.Import = variants[0].Import
		return f
	}
	f.Import = func(r io.Reader, opts ledger.ImportOptions, sink ledger.Sink) error {
		name := opts.Name
		if name == "" {
			name = "stdin"
		}
		br := bufio.NewReaderSize(r, 64*1024)
		m, err := Select(br, name, variants)
		if err != nil {
			return err
		}
		return m.Import(br, opts, sink)
	}
	return f
}
