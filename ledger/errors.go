// Package ledger is earnlog's domain: streams, platform classes, income
// events, work sessions, the parsing of what people type (amounts, dates,
// durations) and the Store interface that the bbolt adapter implements.
//
// It imports only the standard library, shopspring/decimal and
// golang.org/x/text (normalisation and case folding of stream names).
package ledger

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one exit code in cmd/earnlog/exit.go.
const (
	EINVALID  = "invalid"  // bad input from a person or a file: exit 2
	ENOTFOUND = "notfound" // an ID or name that does not exist: exit 2
	ECONFLICT = "conflict" // input that clashes with the ledger: exit 2
	EBUSY     = "busy"     // the ledger is locked by another process: exit 1
	EINTERNAL = "internal" // anything else that went wrong at run time: exit 1
)

// Error is an error meant for a person: a code for the program and a message
// that names the bad value and what would be accepted.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// IsInputError reports whether err is the person's (or the file's) fault, not
// the machine's: such errors exit with code 2 and write nothing.
func IsInputError(err error) bool {
	switch ErrorCode(err) {
	case EINVALID, ENOTFOUND, ECONFLICT:
		return true
	}
	return false
}
