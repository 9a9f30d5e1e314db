package jsonschema

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// Every key of the rule and description maps names a type of the schema
// ("Type") or a member of one ("Type.member"): a key that names nothing —
// a typo, or a member renamed since — would silently apply no rule.
func TestRuleKeysNameMembers(t *testing.T) {
	root := CreateClassificationJob()
	types := map[string]Schema{"Job": root}
	for name, def := range root["$defs"].(Schema) {
		types[name] = def.(Schema)
	}
	names := func(s Schema) []string { // what a key may name in s
		props, _ := s["properties"].(Schema)
		return slices.Collect(maps.Keys(props))
	}
	for mapName, keys := range map[string][]string{
		"memberRules":        slices.Collect(maps.Keys(memberRules)),
		"memberDescriptions": slices.Collect(maps.Keys(memberDescriptions)),
		"typeRules":          slices.Collect(maps.Keys(typeRules)),
		"typeDescriptions":   slices.Collect(maps.Keys(typeDescriptions)),
	} {
		for _, key := range keys {
			typ, member, isMember := strings.Cut(key, ".")
			s, ok := types[typ]
			switch {
			case !ok:
				t.Errorf("%s[%q]: the schema has no type %s", mapName, key, typ)
			case isMember && !slices.Contains(names(s), member):
				t.Errorf("%s[%q]: %s has no member %s (members: %s)", mapName, key, typ, member, strings.Join(names(s), ", "))
			case !isMember && strings.HasPrefix(mapName, "member"):
				t.Errorf("%s[%q]: not a Type.member key", mapName, key)
			}
		}
	}
}
