package scope

// CompileProgram lets the external tests rebuild a matcher from its
// Program.
var CompileProgram = compileProgram
