package names_test

import (
	"fmt"

	"github.com/jobscope/jobscope/internal/names"
)

func ExampleSnake() {
	fmt.Println(names.Snake("LastModifiedDate"), names.Snake("ETag"), names.Snake("simpleScopeTerm"), names.Snake("name"))
	// Output: last_modified_date e_tag simple_scope_term name
}
