package scope

// EligibilityOptions are the engine choices for which objects Macie can
// analyze. The zero EligibilityOptions is the default of every choice.
type EligibilityOptions struct {
	// QuotaMegabyte is bytes per "MB" in the file-size quotas: 1048576
	// (default, when 0) or 1000000. A "GB" is 1024 MB for the former and
	// 1000 MB for the latter.
	QuotaMegabyte int64
	// ExtraTextExtensions are lower-case extensions, without a dot, added
	// to the documented non-binary text formats (Macie's list ends in "and
	// others").
	ExtraTextExtensions []string
	// KMSKeysInaccessible makes SSE-KMS and DSSE-KMS objects unanalyzable,
	// modelling customer managed keys Macie may not use. Default false.
	KMSKeysInaccessible bool
}
