package bench

import (
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/jobscope/jobscope/scope"
)

// The rule in the peers' languages. They mean what Macie's semantics give
// the rule, record for record (TestContendersAgree checks it on the whole
// corpus and on edge cases):
//
//   - OBJECT_KEY STARTS_WITH: startsWith, byte-wise and case-sensitive in
//     both languages, as Macie's.
//   - OBJECT_EXTENSION EQ csv, json, parquet: Macie's extension is the text
//     after the last "." of the key's last "/"-separated segment, none
//     without a dot, compared case-sensitively. For a value v with neither
//     "." nor "/", the extension is v exactly when the key ends with "."+v:
//     if it does, that "." is in the last segment and no "." follows it; if
//     the extension is v, the key ends with "."+v. So endsWith is the exact
//     test, and the cheapest one either language has.
//   - OBJECT_SIZE LT 10485760: size < 10485760.
//   - excludes the tag env=test: the object has the tag env and its value
//     is test. CEL reports an error for a missing map key, so the presence
//     test comes first; expr reads a missing key of a map[string]string as
//     "", which is not "test", so the comparison alone is exact.
//
// Conditions are written in the rule's order and short-circuit, as a user
// would write them. The expr rule binds the key once with let: each
// reference to a field of the environment is a reflective load that boxes
// the value, and one load instead of five makes the rule about a fifth
// faster. (cel.bind, CEL's counterpart, makes it slower, so the CEL rule
// names key each time.)
const (
	CELRule = `(key.startsWith("logs/") || key.startsWith("data/2024/")) &&
(key.endsWith(".csv") || key.endsWith(".json") || key.endsWith(".parquet")) &&
size < 10485760 &&
!("env" in tags && tags["env"] == "test")`

	ExprRule = `let k = Key;
(k startsWith "logs/" || k startsWith "data/2024/") &&
(k endsWith ".csv" || k endsWith ".json" || k endsWith ".parquet") &&
Size < 10485760 &&
Tags["env"] != "test"`
)

// CEL is the rule compiled by cel-go: an environment declaring key
// (string), size (int) and tags (map(string, string)), checked, and
// planned with cel.OptOptimize (constant folding, done once).
type CEL struct {
	prg cel.Program
}

// NewCEL compiles CELRule.
func NewCEL() (*CEL, error) {
	env, err := cel.NewEnv(
		cel.Variable("key", cel.StringType),
		cel.Variable("size", cel.IntType),
		cel.Variable("tags", cel.MapType(cel.StringType, cel.StringType)),
	)
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(CELRule)
	if iss.Err() != nil {
		return nil, iss.Err()
	}
	if ast.OutputType() != cel.BoolType {
		return nil, fmt.Errorf("cel rule has type %v, want bool", ast.OutputType())
	}
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, err
	}
	return &CEL{prg: prg}, nil
}

// MatchMap evaluates the rule the common way: a map[string]any of the
// record's fields, built for the record, as the activation.
func (c *CEL) MatchMap(o *scope.Object) bool {
	out, _, err := c.prg.Eval(map[string]any{"key": o.Key, "size": o.Size, "tags": o.Tags})
	if err != nil {
		panic(err)
	}
	return out == types.True
}

// Activation is a reusable interpreter.Activation over one record: it
// resolves key, size and tags from the record it points at, with no map
// per record. Set Object before each evaluation. It is not safe for
// concurrent use.
type Activation struct {
	Object *scope.Object
}

// ResolveName implements interpreter.Activation.
func (a *Activation) ResolveName(name string) (any, bool) {
	switch name {
	case "key":
		return types.String(a.Object.Key), true
	case "size":
		return types.Int(a.Object.Size), true
	case "tags":
		return types.NewStringStringMap(types.DefaultTypeAdapter, a.Object.Tags), true
	}
	return nil, false
}

// Parent implements interpreter.Activation: there is none.
func (a *Activation) Parent() interpreter.Activation { return nil }

var _ interpreter.Activation = (*Activation)(nil)

// MatchActivation evaluates the rule over a's record.
func (c *CEL) MatchActivation(a *Activation) bool {
	out, _, err := c.prg.Eval(a)
	if err != nil {
		panic(err)
	}
	return out == types.True
}

// Expr is the rule compiled by expr in its fastest documented setup: the
// program compiled once against the record's own struct type
// (expr.Env(scope.Object{}), so fields are resolved at compile time and
// the result is checked to be a bool), and run by one reused vm.VM with a
// pointer to the record as the environment. It is not safe for concurrent
// use (the VM is not).
type Expr struct {
	prg *vm.Program
	vm  vm.VM
}

// NewExpr compiles ExprRule.
func NewExpr() (*Expr, error) {
	prg, err := expr.Compile(ExprRule, expr.Env(scope.Object{}), expr.AsBool())
	if err != nil {
		return nil, err
	}
	return &Expr{prg: prg}, nil
}

// Match evaluates the rule over o.
func (e *Expr) Match(o *scope.Object) bool {
	out, err := e.vm.Run(e.prg, o)
	if err != nil {
		panic(err)
	}
	return out.(bool)
}
