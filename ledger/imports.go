package ledger

import "fmt"

// Sink receives what an importer reads from a foreign file. The command
// behind it decides whether to store (in one transaction) or only show
// (--dry-run). An error returned by the sink stops the import.
type Sink interface {
	Event(e *Event) error
	Session(w *WorkSession) error
	// Skip counts a row that is not income or work, with the reason shown in
	// the summary ("withdrawal", "connects", "open interval").
	Skip(line int, reason string)
}

// ImportOptions are the choices a person makes on the command line.
type ImportOptions struct {
	// Name is the file name used in error messages ("-" is "stdin").
	Name string
	// Stream, when set, names the stream of every record (--stream wins).
	Stream Stream
	// Currency is the currency where the file names none (default USD).
	Currency string
	// Tag narrows the timewarrior tags that name a stream to one platform:
	// with Tag "client", only tags "client:NAME" (or "client/NAME") count,
	// and give the stream client/NAME. Empty: any "platform:name" tag.
	Tag string
}

// RowError is a bad row in a foreign file: it names file, line, column and
// the bad value, and nothing of the file is written.
type RowError struct {
	File   string
	Line   int
	Column string
	Err    error
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: column %q: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return &Error{Code: EINVALID, Message: e.Error()} }

// StreamOn refuses a --stream that is not on platform, the platform whose
// files an importer reads: the platform of a stream decides its class, and
// an Etsy file under --stream upwork/x would turn Etsy sales into
// marketplace income and flip the verdict on the claim. The name after the
// slash is free (a shop sold on Shopify under its own domain is still
// shopify/NAME). There is no override: what a platform's file holds came
// from that platform.
func (o ImportOptions) StreamOn(platform string) error {
	if o.Stream == "" || o.Stream.Platform() == platform {
		return nil
	}
	return Errorf(EINVALID, "--stream %s is on %s, but 'import %s' reads %s's own files, whose income is %s income (the platform decides the class): use --stream %s/%s", o.Stream, o.Stream.Platform(), platform, platform, platform, platform, o.Stream.Name())
}
