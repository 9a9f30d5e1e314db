// Package names converts between the spellings of a name: Macie's and S3
// Inventory's camelCase or PascalCase, and the snake_case of Terraform
// attributes and Athena columns.
package names

import "strings"

// Snake returns s in snake_case: an underscore before each upper-case
// letter but the first, and every letter in lower case
// (LastModifiedDate → last_modified_date, simpleScopeTerm →
// simple_scope_term).
func Snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
