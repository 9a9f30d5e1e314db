// Package field locates problems: in a job definition, an option, or a row
// or file of an input.
//
// An [Error] is one problem at one place — a file with its line and column
// (or a Parquet file's row group and row), a [Path] or option name inside
// it — with a stable [Code], a message a person can act on, and the AWS
// exception Macie would answer with. An [ErrorList] collects every problem
// found in one pass; errors.As finds an *Error in it. Every package of
// jobscope reports its problems in these two types, so a caller treats
// them alike whichever phase found them.
//
// A Path names one node of a request the way Macie's documentation does:
// dotted member names from the request root with [i] array indices, for
// example
//
//	s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.comparator
//
// Paths are built by value as a validator descends, so building one costs
// nothing until a problem is reported.
package field

import (
	"strconv"
	"strings"
)

// Path is the location of a node in a JSON document. The zero Path is the
// document root. Paths are immutable values; Child and Index return new ones.
type Path struct {
	parent *Path
	name   string // member name; empty for an index step
	index  int    // array index when name == "" and parent != nil
}

// NewPath returns the path of the member name of the root object, followed by
// the given more member names.
func NewPath(name string, more ...string) Path {
	p := Path{}.Child(name)
	for _, m := range more {
		p = p.Child(m)
	}
	return p
}

// Child returns the path of member name of the object at p.
func (p Path) Child(name string) Path {
	if p.isRoot() {
		return Path{parent: &Path{}, name: name}
	}
	q := p
	return Path{parent: &q, name: name}
}

// Index returns the path of element i of the array at p.
func (p Path) Index(i int) Path {
	q := p
	return Path{parent: &q, index: i}
}

func (p Path) isRoot() bool { return p.parent == nil }

// String renders the path: dotted member names, [i] for array elements, and
// the empty string for the root.
func (p Path) String() string {
	if p.isRoot() {
		return ""
	}
	var steps []Path
	for q := p; !q.isRoot(); q = *q.parent {
		steps = append(steps, q)
	}
	var b strings.Builder
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.name == "" {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	}
	return b.String()
}

// Code classifies a problem. Codes are stable: tools may match on them.
type Code string

// The codes a validator reports.
const (
	// Required: a required member is missing or empty.
	Required Code = "required"
	// Forbidden: a member must not be present given the rest of the request.
	Forbidden Code = "forbidden"
	// InvalidValue: a value is not one the API accepts (an enum outside its
	// set, a malformed number or date, an out-of-range integer).
	InvalidValue Code = "invalid_value"
	// TooLong: a string exceeds its documented length in characters.
	TooLong Code = "too_long"
	// TooMany: a list or map has more elements than allowed.
	TooMany Code = "too_many"
	// TooFew: a list has fewer elements than required.
	TooFew Code = "too_few"
	// Conflict: members that exclude each other are both present, or
	// neither of two alternatives is.
	Conflict Code = "conflict"
	// Quota: a documented per-job quota is exceeded.
	Quota Code = "quota_exceeded"
	// Removed: a value that Macie's API once accepted and no longer does.
	Removed Code = "removed"
	// Syntax: the document is not well-formed JSON.
	Syntax Code = "syntax"
	// UnknownField: a member Macie's API does not define.
	UnknownField Code = "unknown_field"
	// WrongType: a JSON value of the wrong type (a string for a number, …).
	WrongType Code = "wrong_type"
	// DuplicateField: a member given twice in one object.
	DuplicateField Code = "duplicate_field"
	// Limit: a resource limit of jobscope itself (size, nesting) is exceeded.
	Limit Code = "limit_exceeded"
	// InvalidOption: an option of jobscope (Path names it, as its Go
	// field is spelled: "Buckets", "Table.Fields") does not fit the job
	// or the other options.
	InvalidOption Code = "invalid_option"
	// MissingColumn: the job needs a column the input or table does not
	// have; Path is the part of the job that needs it.
	MissingColumn Code = "missing_column"
	// InvalidRow: a row of an input cannot be read; it is rejected and
	// counted, and reading goes on.
	InvalidRow Code = "invalid_row"
	// Unreadable: an input cannot be read, or not to its end: missing,
	// truncated, corrupt, or not what its manifest says.
	Unreadable Code = "unreadable"

	// OneTimeScheduleFieldIgnored, a warning: a ONE_TIME job has
	// scheduleFrequency or initialRun, which apply only to recurring jobs;
	// Macie accepts the request and ignores the member (the specification's
	// ONE_TIME_SCHEDULE_FIELD_IGNORED).
	OneTimeScheduleFieldIgnored Code = "one_time_schedule_field_ignored"
)

// Severity says whether a problem makes a request invalid.
type Severity string

// The values of Severity. The zero Severity is SeverityError.
const (
	SeverityError   Severity = "error"   // Macie rejects the request
	SeverityWarning Severity = "warning" // Macie accepts the request, but it does not do what it seems to say (a member is ignored, or the documentation advises against it)
)

// Error is one problem at one place, in every phase: a member of a job
// definition, an option, a row or a whole file of an input.
type Error struct {
	// Path is what is at fault inside the place: the dotted JSON path of
	// a member (or of a missing member of an existing object), an
	// option's name (Code InvalidOption), or an input's column.
	Path string `json:"path"`
	// Code classifies the problem.
	Code Code `json:"code"`
	// Message says what is wrong and, where it can, what to do instead.
	Message string `json:"message"`
	// File is the input the problem is in; empty for a document read
	// from memory.
	File string `json:"file,omitempty"`
	// Line and Column locate the problem in File (1-based), when the
	// reader knows them; 0 otherwise.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// RowGroup and Row locate a row of a Parquet file: the 0-based row
	// group and the 1-based row within it. Row is 0 for other inputs.
	RowGroup int   `json:"rowGroup,omitempty"`
	Row      int64 `json:"row,omitempty"`
	// Exception is the AWS error code Macie would answer with, such as
	// "ValidationException" or "ServiceQuotaExceededException"; empty for
	// a warning and for a problem of jobscope's own inputs.
	Exception string `json:"exception,omitempty"`
	// Severity is SeverityWarning for a warning; the zero value is an
	// error.
	Severity Severity `json:"severity,omitempty"`
	// Err is the underlying error, when there is one (an I/O error, a
	// sentinel such as inventory.ErrChecksum, a context's error); Unwrap
	// returns it. Message, when empty, is Err's text.
	Err error `json:"-"`
}

// IsWarning reports whether e is a warning, which does not make a request
// invalid.
func (e *Error) IsWarning() bool { return e.Severity == SeverityWarning }

// Error renders "where: path: message". Where is file:line:column (or
// file:row-group:row for Parquet), any part of it unknown left out.
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "":
		b.WriteString(e.File)
		switch {
		case e.Row > 0:
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.RowGroup))
			b.WriteByte(':')
			b.WriteString(strconv.FormatInt(e.Row, 10))
		case e.Line > 0:
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(e.Column))
			}
		}
		b.WriteString(": ")
	case e.Line > 0:
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Column))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	switch {
	case e.Message == "" && e.Err != nil:
		b.WriteString(e.Err.Error())
	case e.Message != "" && e.Err != nil:
		b.WriteString(e.Message)
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	default:
		b.WriteString(e.Message)
	}
	return b.String()
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// ValidationException is the exception Macie answers with for a request it
// rejects; it is the default for Error.Exception.
const ValidationException = "ValidationException"

// ConflictException is the exception Macie answers with for a request that
// conflicts with the current state of a resource, such as an update to a
// job's status that the job's current status does not allow.
const ConflictException = "ConflictException"

// New returns an Error at p with code and message, answered by Macie with a
// ValidationException.
func New(p Path, code Code, message string) *Error {
	return &Error{Path: p.String(), Code: code, Message: message, Exception: ValidationException}
}

// NewWarning returns a warning at p with code and message.
func NewWarning(p Path, code Code, message string) *Error {
	return &Error{Path: p.String(), Code: code, Message: message, Severity: SeverityWarning}
}

// ErrorList is every problem found in one pass, in document order.
type ErrorList []*Error

// Error renders the problems one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems as a slice of errors, so errors.As finds a
// *Error in a list.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Alternatives renders values for a message: "A", "A or B", "A, B or C".
func Alternatives[T ~string](values []T) string {
	var b strings.Builder
	for i, v := range values {
		switch {
		case i == 0:
		case i == len(values)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
}
