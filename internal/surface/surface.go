// Package surface counts the exported behavioural identifiers of the
// module's public packages: exported functions, exported methods of exported
// types, and exported types. Constants and variables (Macie's enum values
// among them) are not counted. Test files, internal packages, commands and
// examples are not part of the surface.
package surface

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// Count is the surface of one package.
type Count struct {
	Package string   // directory relative to the module root
	Names   []string // "Func", "Type", "Type.Method", sorted
}

// Packages walks the module rooted at root and returns the surface of every
// public package, sorted by directory. Nested modules (a go.mod below root)
// are skipped.
func Packages(root string) ([]Count, error) {
	byDir := map[string]map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			base := d.Name()
			if strings.HasPrefix(base, ".") || base == "testdata" || base == "internal" || base == "cmd" || base == "examples" {
				return filepath.SkipDir
			}
			if _, err := fs.Stat(osDirFS(path), "go.mod"); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		names := byDir[dir]
		if names == nil {
			names = map[string]bool{}
			byDir[dir] = names
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if !decl.Name.IsExported() {
					continue
				}
				if decl.Recv == nil {
					names[decl.Name.Name] = true
					continue
				}
				recv := receiverName(decl.Recv.List[0].Type)
				if ast.IsExported(recv) {
					names[recv+"."+decl.Name.Name] = true
				}
			case *ast.GenDecl:
				if decl.Tok != token.TYPE {
					continue
				}
				for _, s := range decl.Specs {
					if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
						names[ts.Name.Name] = true
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []Count
	for dir, names := range byDir {
		c := Count{Package: dir}
		for n := range names {
			c.Names = append(c.Names, n)
		}
		sort.Strings(c.Names)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Package < out[j].Package })
	return out, nil
}

func receiverName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
